"""The quarterly microsimulation behind the synthetic MIA registers.

Each person carries one state per quarter - absent (not yet arrived, or past 65), in school,
inactive, jobseeker (registered at VDAB) or employed - and moves between states by logit hazards
of covariates, elapsed time and active treatment terms (:class:`~.config.GeneratorConfig`). Every
random draw is keyed by (seed, transition, quarter, person_id) (:mod:`.draws`), so a
counterfactual world that switches off one treatment start reuses exactly the same draws: the
person's history is identical up to the intervention and differs afterwards only through it.

Draws are keyed by the quarter's position in the window (not its calendar index), so the same
seed over a shifted window gives the same histories shifted in time.

The loop runs over quarters; everything inside is vectorised over persons.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from mia_helpers import codes
from mia_helpers.quarters import BASE_YEAR, Window, year_of
from mia_helpers.synthetic import draws
from mia_helpers.synthetic.config import IDEAL_TYPES, GeneratorConfig
from mia_helpers.synthetic.population import Population

ABSENT, SCHOOL, INACTIVE, JOBSEEKER, EMPLOYED = 0, 1, 2, 3, 4
STATE_NAMES = ("absent", "in_school", "inactive", "jobseeker", "employed")
NEVER = np.int16(-9999)

#: intervention kinds: 0..8 the measures (codes.MEASURES order), then the newcomer treatments
TREATMENT_KINDS = (*codes.MEASURES, *codes.NEWCOMER_TREATMENTS)
KIND_INBURGERING = len(codes.MEASURES)
KIND_MO = KIND_INBURGERING + 1
KIND_NT2 = KIND_INBURGERING + 2

# random streams of the quarterly transitions
ST_JOB, ST_DEREG, ST_REG, ST_MEASURE, ST_JOBLEN = 101, 102, 103, 104, 105
ST_FTE, ST_WAGE, ST_REGULAR, ST_SELF, ST_UNKNOWN = 106, 107, 108, 109, 110
ST_AFTERJOB, ST_SCHOOLREG, ST_ABB, ST_CONTRACT, ST_MO = 111, 112, 113, 114, 115
ST_NT2, ST_NT2LEVEL, ST_INITIAL, ST_INITREG = 116, 117, 118, 119

FTE_VALUES = np.array([0.5, 0.8, 1.0])


@dataclass
class Interventions:
    """Per-row switches: treatment ``kind`` cannot start in quarters ``start..end`` (inclusive).

    ``redraw`` (VDAB measures only): a blocked draw of measure m is replaced by a draw from the
    allocation multinomial logit given "not m" (the other measures and no start, with
    probabilities ``p_j / (1 - p_m)``), using the same uniform rescaled within m's interval
    (common random numbers). This is the world of Sianesi's "not m now" comparison, in which
    the person may start another measure; without ``redraw`` a blocked draw starts nothing.
    """

    kind: np.ndarray  # int8, -1 = no intervention
    start: np.ndarray  # int16
    end: np.ndarray  # int16
    redraw: bool = False

    def blocked_rows(self, rows: np.ndarray, kinds: np.ndarray | int, t: int) -> np.ndarray:
        """Whether treatment ``kinds`` is switched off for ``rows`` at quarter ``t``."""
        return (self.kind[rows] == kinds) & (self.start[rows] <= t) & (t <= self.end[rows])


@dataclass
class History:
    """What the simulation records: person x quarter arrays (columns = window quarters)."""

    window: Window
    state: np.ndarray  # int8 (n, T)
    job_len: np.ndarray  # int16 (n, T): drawn length of a job starting that quarter, else 0
    job_regular: np.ndarray  # bool (n, T): the job starting that quarter is regular
    measure_start: np.ndarray  # int8 (n, T): measure code index started that quarter, else -1
    position: np.ndarray | None = None  # int8 (n, T): codes.POSITIONS index, -1 = no row
    fte: np.ndarray | None = None  # int8 (n, T): FTE_VALUES index, -1 = not employed
    wage: np.ndarray | None = None  # int8 (n, T): codes.WAGE_CLASSES index, -1
    regular: np.ndarray | None = None  # int8 (n, T): 1/0 regular job, -1 not employed
    measure_duration: dict[str, int] = field(default_factory=dict)
    abb: dict[str, np.ndarray] = field(default_factory=dict)  # step -> quarter (-9999 none)
    #: one entry per registration spell (its first quarter): row, quarter, the true
    #: self-reliance index s and self-direction d the consultant allocates on
    spells: dict[str, np.ndarray] = field(default_factory=dict)


def _lookup(mapping: dict[str, float], keys: tuple[str, ...]) -> np.ndarray:
    return np.array([float(mapping[k]) for k in keys])


def _logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


class _Static:
    """Per-person terms that do not change over time."""

    def __init__(self, pop: Population, cfg: GeneratorConfig) -> None:
        jc = cfg.job
        og = np.zeros((len(codes.ORIGINS), len(codes.GENERATIONS)))
        for key, val in jc.origin_generation.items():
            o, g = key.split(":")
            og[codes.ORIGINS.index(o), codes.GENERATIONS.index(g)] = val
        fog = np.zeros_like(og)
        for key, val in jc.female_origin_generation.items():
            o, g = key.split(":")
            fog[codes.ORIGINS.index(o), codes.GENERATIONS.index(g)] = val
        ground_term = np.where(
            pop.ground >= 0,
            _lookup(jc.residence_ground, codes.RESIDENCE_GROUNDS)[np.maximum(pop.ground, 0)],
            0.0,
        )
        self.job = (
            jc.base
            + _lookup(jc.education, codes.EDUCATIONS)[pop.education]
            + _lookup(jc.dutch, codes.DUTCH_LEVELS)[pop.dutch]
            + jc.female * pop.female
            + jc.female_children * (pop.female & (pop.children > 0))
            + jc.couple * pop.couple
            + jc.parent_employed * pop.parent_employed
            + _lookup(jc.parent_education, codes.PARENT_EDUCATIONS)[pop.parent_education]
            + og[pop.origin, pop.generation]
            + fog[pop.origin, pop.generation] * pop.female
            + ground_term
            + cfg.sensitivity.unobserved_job * pop.unobserved
        )
        non_eu = pop.non_eu
        self.job_end = (
            jc.end_base
            + _lookup(jc.end_education, codes.EDUCATIONS)[pop.education]
            + jc.end_non_eu * non_eu
        )
        self.regular_p = np.clip(
            _lookup(jc.regular, codes.EDUCATIONS)[pop.education]
            - jc.regular_newcomer_penalty * pop.newcomer,
            0.0,
            1.0,
        )
        sr = cfg.self_reliance
        self.sr_static = (
            _lookup(sr.dutch, codes.DUTCH_LEVELS)[pop.dutch]
            + _lookup(sr.education, codes.EDUCATIONS)[pop.education]
            + sr.digital * pop.digital
            + sr.motivation * pop.motivation
        )
        south = pop.origin == codes.ORIGINS.index("southern_eu")
        second = pop.generation == codes.GENERATIONS.index("second")
        self.low_link = (non_eu | (south & ~second)).astype(float)
        ms = [cfg.measures[m] for m in codes.MEASURES]
        self.m_base = np.array([m.base for m in ms])
        self.m_sr = np.array([m.self_reliance for m in ms])
        self.m_low = np.array([m.low_link for m in ms])
        self.m_dur = np.array([m.duration for m in ms])
        self.m_sd = np.array([m.self_direction for m in ms])
        self.m_D = np.array([m.duration_quarters for m in ms], dtype=np.int16)
        self.m_lock = np.array([m.lockin for m in ms])
        self.m_gain = np.array([m.gain for m in ms])
        self.m_G = np.array([m.gain_quarters for m in ms], dtype=np.int16)
        self.unobs_meas = cfg.sensitivity.unobserved_selection * pop.unobserved


class _Run:
    """One run of the microsimulation: the per-person state carried from quarter to quarter,
    and one method per named step of a quarter (called in this order by :meth:`quarter`):

    1. :meth:`appear` - arrivals of newcomers, school leavers entering the data, adults
       present at the window start (employed, registered or inactive);
    2. :meth:`leave_school` - school leavers register as jobseekers or become inactive;
    3. :meth:`end_jobs` - jobs that run out; the person registers or becomes inactive;
    4. :meth:`search` - the non-employed: job entry (with measure and newcomer-treatment
       effects), deregistration of jobseekers, registration of the inactive;
    5. :meth:`start_initial_jobs` - jobs of arriving labour migrants and employed adults;
    6. :meth:`allocate_measures` - registration spells and the measure allocation;
    7. :meth:`inburgering` - the newcomers' integration steps (ABB, contract, MO, NT2);
    8. :meth:`record` - experience and the register detail of the quarter.
    """

    def __init__(self, pop: Population, cfg: GeneratorConfig, seed: int, window: Window,
                 interventions: Interventions | None, full: bool) -> None:
        n, T = len(pop), window.n_quarters
        self.pop, self.cfg, self.seed, self.window = pop, cfg, seed, window
        self.iv, self.full = interventions, full
        self.S = _Static(pop, cfg)
        self.ids = pop.person_id
        self.M = len(codes.MEASURES)
        self.n = n
        hist = History(
            window=window,
            state=np.zeros((n, T), np.int8),
            job_len=np.zeros((n, T), np.int16),
            job_regular=np.zeros((n, T), bool),
            measure_start=np.full((n, T), -1, np.int8),
            measure_duration={m: int(d) for m, d in zip(codes.MEASURES, self.S.m_D, strict=True)},
        )
        if full:
            hist.position = np.full((n, T), -1, np.int8)
            hist.fte = np.full((n, T), -1, np.int8)
            hist.wage = np.full((n, T), -1, np.int8)
            hist.regular = np.full((n, T), -1, np.int8)
        self.hist = hist
        self.state = np.full(n, ABSENT, np.int8)
        self.job_left = np.zeros(n, np.int16)
        self.job_self = np.zeros(n, bool)
        self.job_fte = np.zeros(n, np.int8)
        self.job_wage = np.zeros(n, np.int8)
        self.job_reg = np.zeros(n, bool)
        self.exper = np.zeros(n, np.int16)
        self.nonemp = np.zeros(n, np.int16)
        self.reg_start = np.full(n, NEVER, np.int16)
        self.last_start = np.full((n, self.M), NEVER, np.int16)
        self.meas_until = np.full((n, self.M), NEVER, np.int16)
        self.abb_q = np.full(n, NEVER, np.int16)
        self.contract_q = np.full(n, NEVER, np.int16)
        self.mo_q = np.full(n, NEVER, np.int16)
        self.nt2_q = np.full(n, NEVER, np.int16)
        self.nt2_level_q = np.full(n, NEVER, np.int16)
        self.spell_log: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self.leaver = pop.school_leaving_quarter >= 0
        self.adult = ~self.leaver & ~pop.newcomer
        self.ground_work = pop.ground == codes.RESIDENCE_GROUNDS.index("work")
        jc = cfg.job
        self.wage_by_edu = np.array([jc.wage_by_education[e] for e in codes.EDUCATIONS],
                                    dtype=float)
        self.fte_shares = np.asarray(jc.fte_shares, dtype=float)

    def u(self, stream: int, t: int, rows: np.ndarray | None = None) -> np.ndarray:
        """The uniform draws of ``stream`` in quarter ``t`` for ``rows`` (all persons: None)."""
        ids = self.ids if rows is None else self.ids[rows]
        return draws.uniform(self.seed, stream, t - self.window.start, ids)

    def us(self, streams: tuple[int, ...], t: int, rows: np.ndarray) -> np.ndarray:
        """The draws of several ``streams`` in quarter ``t`` for ``rows``: (rows, streams),
        column j equal to ``self.u(streams[j], t, rows)`` (:func:`.draws.uniforms`)."""
        return draws.uniforms(self.seed, streams, t - self.window.start, self.ids[rows])

    # --- step helpers ----------------------------------------------------------------------
    def start_jobs(self, idx: np.ndarray, t: int, age: np.ndarray) -> None:
        """Draw length and attributes of jobs starting at t for rows idx."""
        jc, pop, S = self.cfg.job, self.pop, self.S
        e = _logistic(S.job_end[idx] + jc.end_young * (age[idx] < 25))
        U = self.us((ST_JOBLEN, ST_REGULAR, ST_SELF, ST_FTE, ST_WAGE), t, idx)
        length = 1 + np.floor(np.log(U[:, 0]) / np.log1p(-e))
        # a job cannot outlast the quarter before retirement (age 65)
        retire_q = (pop.birth_year[idx].astype(np.int64) + 65 - BASE_YEAR) * 4
        length = np.minimum(np.minimum(length, 2000), retire_q - t).astype(np.int16)
        self.job_left[idx] = length
        self.job_reg[idx] = U[:, 1] < S.regular_p[idx]
        self.job_self[idx] = U[:, 2] < jc.self_employed_share
        q = t - self.window.start
        self.job_fte[idx] = draws.categorical_from_uniform(U[:, 3], self.fte_shares)
        self.job_wage[idx] = draws.categorical_from_uniform(
            U[:, 4], self.wage_by_edu[pop.education[idx]]
        )
        self.hist.job_len[idx, q] = length
        self.hist.job_regular[idx, q] = self.job_reg[idx]
        self.nonemp[idx] = 0

    # --- the steps of a quarter ------------------------------------------------------------
    def appear(self, t: int, present: np.ndarray, entering: np.ndarray, new: np.ndarray) -> None:
        """Step 1: arrivals, school leavers entering the data, adults at the window start."""
        pop, jc, rc = self.pop, self.cfg.job, self.cfg.registration
        arr = entering & pop.newcomer
        new[arr] = np.where(self.ground_work[arr], EMPLOYED, INACTIVE)
        new[entering & self.leaver] = SCHOOL
        init = np.flatnonzero(entering & self.adult)
        if init.size:
            p_emp = _logistic(self.S.job[init] + jc.initial_employment_shift)
            U = self.us((ST_INITIAL, ST_INITREG), t, init)
            emp = U[:, 0] < p_emp
            js = U[:, 1] < rc.initial_jobseeker_share
            new[init] = np.where(emp, EMPLOYED, np.where(js, JOBSEEKER, INACTIVE))
            self.exper[init] = np.where(emp, jc.initial_experience_employed,
                                        jc.initial_experience_nonemployed)
            self.nonemp[init] = np.where(emp, 0, jc.initial_nonemployment_quarters)

    def leave_school(self, t: int, present: np.ndarray, new: np.ndarray) -> None:
        """Step 2: school leavers register as jobseekers or become inactive."""
        leaving = present & self.leaver & (self.pop.school_leaving_quarter == t)
        if leaving.any():
            u = self.u(ST_SCHOOLREG, t, leaving)
            reg = self.cfg.registration.school_leaver_registers
            new[leaving] = np.where(u < reg, JOBSEEKER, INACTIVE)
            self.nonemp[leaving] = 0

    def end_jobs(self, t: int, cont: np.ndarray, prev: np.ndarray, new: np.ndarray) -> None:
        """Step 3: jobs that run out; the person registers or becomes inactive."""
        emp_prev = cont & (prev == EMPLOYED)
        self.job_left[emp_prev] -= 1
        ends = emp_prev & (self.job_left <= 0)
        if ends.any():
            u = self.u(ST_AFTERJOB, t, ends)
            reg = self.cfg.registration.after_job_registers
            new[ends] = np.where(u < reg, JOBSEEKER, INACTIVE)
            self.nonemp[ends] = 0

    def search(self, t: int, cont: np.ndarray, prev: np.ndarray, new: np.ndarray,
               age: np.ndarray) -> None:
        """Step 4: job entry of the non-employed, (de)registration of those who stay so."""
        i = np.flatnonzero(cont & ((prev == INACTIVE) | (prev == JOBSEEKER)))
        if not i.size:
            return
        S, jc, rc, nc = self.S, self.cfg.job, self.cfg.registration, self.cfg.newcomer
        eta = (
            S.job[i]
            + jc.jobseeker * (prev[i] == JOBSEEKER)
            + jc.experience * np.minimum(self.exper[i], 20) / 4.0
            + jc.duration * np.minimum(self.nonemp[i], 12)
            + jc.age_50_plus * (age[i] >= 50)
        )
        # measures: lock-in while running, gain after
        j = t - self.last_start[i].astype(np.int32)
        running = self.meas_until[i] >= t
        lock = (j >= 1) & (j <= S.m_D - 1) & running
        gain = (j >= S.m_D) & (j <= S.m_D + S.m_G - 1)
        eta = eta + (lock * S.m_lock).sum(axis=1) + (gain * S.m_gain).sum(axis=1)
        # newcomer treatments
        jc_ = t - self.contract_q[i].astype(np.int32)
        eta = eta + nc.inburgering_lockin * (jc_ == 1)
        eta = eta + nc.inburgering_gain * ((jc_ >= 2) & (jc_ <= 1 + nc.gain_quarters))
        jm = t - self.mo_q[i].astype(np.int32)
        eta = eta + nc.mo_gain * ((jm >= 2) & (jm <= 1 + nc.gain_quarters))
        jn = t - self.nt2_q[i].astype(np.int32)
        Dn = nc.nt2_duration_quarters
        eta = eta + nc.nt2_lockin * ((jn >= 1) & (jn <= Dn - 1))
        eta = eta + nc.nt2_gain * ((jn >= Dn) & (jn <= Dn + nc.gain_quarters - 1))
        p_job = _logistic(eta) * (t >= self.pop.access_quarter[i])
        U = self.us((ST_JOB, ST_DEREG, ST_REG), t, i)
        got = U[:, 0] < p_job
        new[i[got]] = EMPLOYED
        self.start_jobs(i[got], t, age)
        not_got = np.flatnonzero(~got)  # positions in i
        rest = i[not_got]
        self.nonemp[rest] += 1
        pos_js = not_got[prev[rest] == JOBSEEKER]
        js = i[pos_js]
        dereg = U[pos_js, 1] < _logistic(np.full(js.size, rc.deregister))
        new[js[dereg]] = INACTIVE
        pos_ina = not_got[prev[rest] == INACTIVE]
        ina = i[pos_ina]
        cq = self.contract_q[ina]
        feeder = nc.feeder_registration * ((cq >= 0) & (cq < t))
        reg = U[pos_ina, 2] < _logistic(rc.inactive_registers + feeder)
        new[ina[reg]] = JOBSEEKER

    def start_initial_jobs(self, t: int, entering: np.ndarray, new: np.ndarray,
                           age: np.ndarray) -> None:
        """Step 5: jobs of arriving labour migrants and initially employed adults."""
        fresh = np.flatnonzero(entering & (new == EMPLOYED))
        if fresh.size:
            self.start_jobs(fresh, t, age)
            if t == self.window.start:
                self.hist.job_len[fresh, 0] = 0  # a job already running at the window start

    def allocate_measures(self, t: int, prev: np.ndarray, new: np.ndarray) -> None:
        """Step 6: registration spells and the multinomial measure allocation."""
        S, cfg, nc, M = self.S, self.cfg, self.cfg.newcomer, self.M
        left_reg = (prev == JOBSEEKER) & (new != JOBSEEKER)
        if left_reg.any():
            self.meas_until[left_reg] = np.minimum(self.meas_until[left_reg], t - 1)
        new_spell = (new == JOBSEEKER) & (prev != JOBSEEKER)
        self.reg_start[new_spell] = t
        i = np.flatnonzero(new == JOBSEEKER)
        if not i.size:
            return
        u_el = np.minimum(t - self.reg_start[i], 8)
        s = S.sr_static[i] + cfg.self_reliance.experience * np.minimum(self.exper[i], 20) / 4.0
        first = np.flatnonzero(u_el == 0)
        self.spell_log.append((i[first], np.full(first.size, t, np.int16), s[first]))
        cq = self.contract_q[i]
        feeder = nc.feeder_measures * ((cq >= 0) & (cq < t))
        eta = (
            S.m_base
            + S.m_sr * s[:, None]
            + S.m_sd * self.pop.self_direction[i, None]
            + S.m_low * S.low_link[i, None]
            + S.m_dur * u_el[:, None] / 4.0
            + feeder[:, None]
            + np.sign(S.m_sr) * S.unobs_meas[i, None]
        )
        # multinomial logit over {no start, measure 1..M}; the probabilities do not depend on
        # the person's own measure history, so switching one start off changes nothing else
        w = np.exp(eta)
        p = w / (1.0 + w.sum(axis=1, keepdims=True))
        cum = np.cumsum(p, axis=1)
        u = self.u(ST_MEASURE, t, i)
        pick = (u[:, None] >= cum).sum(axis=1)  # M means no start
        if self.iv is not None:
            pk = np.minimum(pick, M - 1)
            blocked = self.iv.blocked_rows(i, pk, t) & (pick < M)
            if self.iv.redraw and blocked.any():
                pick = _redraw_given_not(pick, blocked, p, cum, u)
            else:
                pick = np.where(blocked, M, pick)
        # a draw of a measure that is still running is no new start
        running_pick = np.zeros(i.size, bool)
        ok = pick < M
        running_pick[ok] = self.meas_until[i[ok], pick[ok]] >= t
        st = ok & ~running_pick
        r, m = i[st], pick[st]
        self.last_start[r, m] = t
        self.meas_until[r, m] = t + S.m_D[m] - 1
        self.hist.measure_start[r, t - self.window.start] = m

    def inburgering(self, t: int, present: np.ndarray) -> None:
        """Step 7: ABB registration, integration contract, MO and NT2 of present newcomers."""
        pop, cfg, nc, iv = self.pop, self.cfg, self.cfg.newcomer, self.iv
        i = np.flatnonzero(present & pop.newcomer)
        if not i.size:
            return
        U = self.us((ST_ABB, ST_CONTRACT, ST_MO, ST_NT2, ST_NT2LEVEL), t, i)
        cand = self.abb_q[i] == NEVER
        p = _logistic(nc.abb_register + nc.abb_register_obligated * pop.obligated[i])
        hit = cand & (U[:, 0] < p)
        self.abb_q[i[hit]] = t
        cand = (self.abb_q[i] != NEVER) & (self.abb_q[i] < t) & (self.contract_q[i] == NEVER)
        p = _logistic(
            nc.contract + nc.contract_obligated * pop.obligated[i]
            - cfg.sensitivity.unobserved_selection * pop.unobserved[i]
        )
        hit = cand & (U[:, 1] < p)
        hit &= ~_blocked(iv, i, KIND_INBURGERING, t)
        self.contract_q[i[hit]] = t
        cand = (self.contract_q[i] != NEVER) & (self.mo_q[i] == NEVER)
        hit = cand & (U[:, 2] < _logistic(nc.mo_start))
        hit &= ~_blocked(iv, i, KIND_MO, t)
        self.mo_q[i[hit]] = t
        cand = self.nt2_q[i] == NEVER
        eta = (
            nc.nt2_start
            + nc.nt2_after_contract * (self.contract_q[i] != NEVER)
            + _lookup(nc.nt2_dutch, codes.DUTCH_LEVELS)[pop.dutch[i]]
        )
        hit = cand & (U[:, 3] < _logistic(eta))
        hit &= ~_blocked(iv, i, KIND_NT2, t)
        self.nt2_q[i[hit]] = t
        lvl = hit & (U[:, 4] < nc.nt2_level_share)
        self.nt2_level_q[i[lvl]] = t + nc.nt2_duration_quarters

    def record(self, t: int) -> None:
        """Step 8: experience, the state and (``full``) the register detail of quarter t."""
        col, hist, state = t - self.window.start, self.hist, self.state
        employed = state == EMPLOYED
        self.exper[employed] += 1
        hist.state[:, col] = state
        if not self.full:
            return
        rc = self.cfg.registration
        pos = np.full(self.n, -1, np.int8)
        P = codes.POSITIONS.index
        pos[state == SCHOOL] = P("student")
        ina = np.flatnonzero(state == INACTIVE)
        unknown = ina[self.u(ST_UNKNOWN, t, ina) < rc.unknown_position_share]  # inactive only
        pos[ina] = P("inactive")
        pos[unknown] = P("unknown")
        jsk = state == JOBSEEKER
        benefit = self.exper >= rc.benefit_experience
        pos[jsk & benefit] = P("unemployed_benefit")
        pos[jsk & ~benefit] = P("jobseeker_no_benefit")
        pos[employed] = np.where(self.job_self[employed], P("self_employed"), P("salaried"))
        hist.position[:, col] = pos
        hist.fte[employed, col] = self.job_fte[employed]
        hist.wage[employed, col] = self.job_wage[employed]
        hist.regular[employed, col] = self.job_reg[employed]

    def quarter(self, t: int) -> None:
        """One quarter: the steps 1-8 in order."""
        pop = self.pop
        prev = self.state.copy()
        age = year_of(t) - pop.birth_year
        present = np.where(
            pop.newcomer,
            t >= pop.arrival_quarter,
            np.where(self.leaver, t >= pop.school_leaving_quarter - 8, True),
        ) & ~(age >= 65)
        new = self.state.copy()
        new[~present] = ABSENT
        entering = present & (prev == ABSENT)
        cont = present & ~entering
        self.appear(t, present, entering, new)
        self.leave_school(t, present, new)
        self.end_jobs(t, cont, prev, new)
        self.search(t, cont, prev, new, age)
        self.start_initial_jobs(t, entering, new, age)
        self.allocate_measures(t, prev, new)
        self.inburgering(t, present)
        self.state = new
        self.record(t)

    def finish(self) -> History:
        """The integration dates and the registration-spell log, after the last quarter."""
        hist, end = self.hist, self.window.end
        lvl_ok = self.nt2_level_q <= end
        mo = self.mo_q
        abb = {
            "registration": self.abb_q,
            "contract_signed": self.contract_q,
            "mo_start": mo,
            "mo_done": np.where((mo != NEVER) & (mo + 1 <= end), mo + 1, NEVER),
            "nt2_start": self.nt2_q,
            "nt2_level": np.where(lvl_ok, self.nt2_level_q, NEVER),
        }
        hist.abb = {k: np.asarray(v, dtype=np.int16) for k, v in abb.items()}
        log = self.spell_log
        rows = np.concatenate([r for r, _, _ in log] or [np.zeros(0, np.int64)])
        hist.spells = {
            "row": rows,
            "quarter": np.concatenate([q for _, q, _ in log] or [np.zeros(0, np.int16)]),
            "self_reliance": np.concatenate([v for _, _, v in log] or [np.zeros(0)]),
            "self_direction": self.pop.self_direction[rows],
        }
        return hist


def simulate(
    pop: Population,
    cfg: GeneratorConfig,
    seed: int,
    window: Window,
    interventions: Interventions | None = None,
    full: bool = True,
    progress: bool = False,
) -> History:
    """Run the microsimulation over ``window`` for ``pop``.

    Each quarter runs the named steps of :class:`_Run` in order (arrivals, leaving school, job
    ends, search, initial jobs, measure allocation, inburgering, recording).

    Parameters
    ----------
    pop : persons to simulate (clones of a person share its draws through ``person_id``).
    cfg : the generator parameters.
    seed : the seed of every draw (:mod:`.draws`).
    window : the quarters simulated.
    interventions : treatment starts to switch off, per row (counterfactual worlds).
    full : also record the register detail (positions, FTE, wage class); truth runs skip it.
    progress : show a progress bar over quarters (tqdm).

    Returns
    -------
    History of the n persons over the window's T quarters.
    """
    run = _Run(pop, cfg, seed, window, interventions, full)
    iterator = range(window.start, window.end + 1)
    if progress:
        from tqdm.auto import tqdm

        iterator = tqdm(iterator, desc="simulating quarters", unit="q")
    for t in iterator:
        run.quarter(t)
    return run.finish()


def _redraw_given_not(pick: np.ndarray, blocked: np.ndarray, p: np.ndarray, cum: np.ndarray,
                      u: np.ndarray) -> np.ndarray:
    """Replace the blocked picks by a draw given "not the picked measure" (see Interventions).

    ``u`` lies in the picked measure's interval ``[cum_m - p_m, cum_m)``; rescaled to that
    interval it is a fresh uniform, independent of the factual pick, which selects among the
    other outcomes (measures and, last, no start) with probabilities ``p_j / (1 - p_m)``.
    """
    b = np.flatnonzero(blocked)
    m = pick[b]
    r = np.arange(b.size)
    pm = p[b, m]
    v = np.clip((u[b] - (cum[b, m] - pm)) / pm, 0.0, np.nextafter(1.0, 0.0))
    q = p[b].copy()
    q[r, m] = 0.0
    cq = np.cumsum(q, axis=1) / (1.0 - pm)[:, None]
    out = pick.copy()
    out[b] = (v[:, None] >= cq).sum(axis=1)  # == number of measures: no start
    return out


def _blocked(iv: Interventions | None, rows: np.ndarray, kind: int, t: int) -> np.ndarray:
    if iv is None:
        return np.zeros(rows.size, bool)
    return iv.blocked_rows(rows, kind, t)



def ideal_types(self_reliance: np.ndarray, self_direction: np.ndarray, cut: float) -> np.ndarray:
    """Index into :data:`~.config.IDEAL_TYPES` of the consultants' ideal type.

    Parameters
    ----------
    self_reliance, self_direction : float arrays of equal shape (n,): the index s and trait d.
    cut : the cut on s between self-reliant and less self-reliant (``self_reliance.type_cut``).

    Returns
    -------
    int8 array (n,): 0 autonomous (s >= cut, d >= 0), 1 needs_direction (s >= cut, d < 0),
    2 needs_competences (s < cut, d >= 0), 3 needs_both (s < cut, d < 0).

    Raises
    ------
    ValueError
        If ``self_reliance`` and ``self_direction`` differ in shape.
    """
    s = np.asarray(self_reliance, dtype=float)
    d = np.asarray(self_direction, dtype=float)
    if s.shape != d.shape:
        raise ValueError(f"self_reliance {s.shape} and self_direction {d.shape} differ in shape")
    return (2 * (s < cut) + (d < 0)).astype(np.int8)


def spell_type_table(pop: Population, hist: History, cfg: GeneratorConfig) -> pd.DataFrame:
    """The true ideal type of every registration spell (``truth/spell_types.parquet``).

    One row per spell: ``person_id`` (int64), ``spell`` (int16, the calendar quarter index of
    the spell's first quarter, as the panel's ``registration_start``), ``self_reliance`` and
    ``self_direction`` (float, the index s and the trait d at that quarter), ``ideal_type``
    (categorical over :data:`~.config.IDEAL_TYPES`).
    """
    sp = hist.spells
    idx = ideal_types(sp["self_reliance"], sp["self_direction"], cfg.self_reliance.type_cut)
    df = pd.DataFrame({
        "person_id": pop.person_id[sp["row"]].astype(np.int64),
        "spell": sp["quarter"].astype(np.int16),
        "self_reliance": sp["self_reliance"].astype(float),
        "self_direction": sp["self_direction"].astype(float),
        "ideal_type": pd.Categorical.from_codes(idx, categories=list(IDEAL_TYPES)),
    })
    return df.sort_values(["person_id", "spell"], kind="stable").reset_index(drop=True)
