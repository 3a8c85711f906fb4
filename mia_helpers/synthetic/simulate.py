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

from mia_helpers import codes
from mia_helpers.quarters import BASE_YEAR, Window, year_of
from mia_helpers.synthetic import draws
from mia_helpers.synthetic.config import GeneratorConfig
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
        )
        south = pop.origin == codes.ORIGINS.index("southern_eu")
        second = pop.generation == codes.GENERATIONS.index("second")
        self.low_link = (non_eu | (south & ~second)).astype(float)
        ms = [cfg.measures[m] for m in codes.MEASURES]
        self.m_base = np.array([m.base for m in ms])
        self.m_sr = np.array([m.self_reliance for m in ms])
        self.m_low = np.array([m.low_link for m in ms])
        self.m_dur = np.array([m.duration for m in ms])
        self.m_D = np.array([m.duration_quarters for m in ms], dtype=np.int16)
        self.m_lock = np.array([m.lockin for m in ms])
        self.m_gain = np.array([m.gain for m in ms])
        self.m_G = np.array([m.gain_quarters for m in ms], dtype=np.int16)
        self.unobs_meas = cfg.sensitivity.unobserved_selection * pop.unobserved


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

    Parameters
    ----------
    pop : persons to simulate (clones of a person share its draws through ``person_id``).
    interventions : treatment starts to switch off, per row (counterfactual worlds).
    full : also record the register detail (positions, FTE, wage class); truth runs skip it.
    """
    n, T = len(pop), window.n_quarters
    S = _Static(pop, cfg)
    jc, rc, nc = cfg.job, cfg.registration, cfg.newcomer
    ids = pop.person_id
    M = len(codes.MEASURES)

    hist = History(
        window=window,
        state=np.zeros((n, T), np.int8),
        job_len=np.zeros((n, T), np.int16),
        job_regular=np.zeros((n, T), bool),
        measure_start=np.full((n, T), -1, np.int8),
        measure_duration={m: int(d) for m, d in zip(codes.MEASURES, S.m_D, strict=True)},
    )
    if full:
        hist.position = np.full((n, T), -1, np.int8)
        hist.fte = np.full((n, T), -1, np.int8)
        hist.wage = np.full((n, T), -1, np.int8)
        hist.regular = np.full((n, T), -1, np.int8)

    state = np.full(n, ABSENT, np.int8)
    job_left = np.zeros(n, np.int16)
    job_self = np.zeros(n, bool)
    job_fte = np.zeros(n, np.int8)
    job_wage = np.zeros(n, np.int8)
    job_reg = np.zeros(n, bool)
    exper = np.zeros(n, np.int16)
    nonemp = np.zeros(n, np.int16)
    reg_start = np.full(n, NEVER, np.int16)
    last_start = np.full((n, M), NEVER, np.int16)
    meas_until = np.full((n, M), NEVER, np.int16)
    abb_q = np.full(n, NEVER, np.int16)
    contract_q = np.full(n, NEVER, np.int16)
    mo_q = np.full(n, NEVER, np.int16)
    nt2_q = np.full(n, NEVER, np.int16)
    nt2_level_q = np.full(n, NEVER, np.int16)
    leaver = pop.school_leaving_quarter >= 0
    adult = ~leaver & ~pop.newcomer
    ground_work = pop.ground == codes.RESIDENCE_GROUNDS.index("work")
    wage_by_edu = np.array([[0.6, 0.35, 0.05], [0.3, 0.55, 0.15], [0.1, 0.45, 0.45]])

    def start_jobs(idx: np.ndarray, t: int, age: np.ndarray) -> None:
        """Draw length and attributes of jobs starting at t for rows idx."""
        pid = ids[idx]
        e = _logistic(S.job_end[idx] + jc.end_young * (age[idx] < 25))
        u = draws.uniform(seed, ST_JOBLEN, t - window.start, pid)
        length = 1 + np.floor(np.log(u) / np.log1p(-e))
        # a job cannot outlast the quarter before retirement (age 65)
        retire_q = (pop.birth_year[idx].astype(np.int64) + 65 - BASE_YEAR) * 4
        length = np.minimum(np.minimum(length, 2000), retire_q - t).astype(np.int16)
        job_left[idx] = length
        job_reg[idx] = draws.uniform(seed, ST_REGULAR, t - window.start, pid) < S.regular_p[idx]
        job_self[idx] = draws.uniform(seed, ST_SELF, t - window.start, pid) < jc.self_employed_share
        job_fte[idx] = draws.categorical(seed, ST_FTE, t - window.start, pid, np.array([0.15, 0.25, 0.60]))
        job_wage[idx] = draws.categorical(
            seed, ST_WAGE, t - window.start, pid, wage_by_edu[pop.education[idx]]
        )
        col = t - window.start
        hist.job_len[idx, col] = length
        hist.job_regular[idx, col] = job_reg[idx]
        nonemp[idx] = 0

    iterator = range(window.start, window.end + 1)
    if progress:
        from tqdm.auto import tqdm

        iterator = tqdm(iterator, desc="simulating quarters", unit="q")
    for t in iterator:
        col = t - window.start
        prev = state.copy()
        age = year_of(t) - pop.birth_year
        retired = age >= 65
        present = np.where(
            pop.newcomer,
            t >= pop.arrival_quarter,
            np.where(leaver, t >= pop.school_leaving_quarter - 8, True),
        ) & ~retired

        new = state.copy()
        new[~present] = ABSENT
        # --- arrivals and first appearance -------------------------------------------------
        entering = present & (prev == ABSENT)
        arr = entering & pop.newcomer
        new[arr] = np.where(ground_work[arr], EMPLOYED, INACTIVE)
        new[entering & leaver] = SCHOOL
        init = np.flatnonzero(entering & adult)
        if init.size:
            p_emp = _logistic(S.job[init] + jc.initial_employment_shift)
            emp = draws.uniform(seed, ST_INITIAL, t - window.start, ids[init]) < p_emp
            js = draws.uniform(seed, ST_INITREG, t - window.start, ids[init]) < 0.35
            new[init] = np.where(emp, EMPLOYED, np.where(js, JOBSEEKER, INACTIVE))
            exper[init] = np.where(emp, 20, 8)
            nonemp[init] = np.where(emp, 0, 4)
        # --- leaving school ---------------------------------------------------------------------
        leaving = present & leaver & (pop.school_leaving_quarter == t)
        if leaving.any():
            u = draws.uniform(seed, ST_SCHOOLREG, t - window.start, ids[leaving])
            new[leaving] = np.where(u < rc.school_leaver_registers, JOBSEEKER, INACTIVE)
            nonemp[leaving] = 0
        # --- employed: job runs out -------------------------------------------------------------
        cont = present & ~entering
        emp_prev = cont & (prev == EMPLOYED)
        job_left[emp_prev] -= 1
        ends = emp_prev & (job_left <= 0)
        if ends.any():
            u = draws.uniform(seed, ST_AFTERJOB, t - window.start, ids[ends])
            new[ends] = np.where(u < rc.after_job_registers, JOBSEEKER, INACTIVE)
            nonemp[ends] = 0
        # --- non-employed: job entry, (de)registration -------------------------------------------
        nonemp_idx = np.flatnonzero(cont & ((prev == INACTIVE) | (prev == JOBSEEKER)))
        if nonemp_idx.size:
            i = nonemp_idx
            eta = (
                S.job[i]
                + jc.jobseeker * (prev[i] == JOBSEEKER)
                + jc.experience * np.minimum(exper[i], 20) / 4.0
                + jc.duration * np.minimum(nonemp[i], 12)
                + jc.age_50_plus * (age[i] >= 50)
            )
            # measures: lock-in while running, gain after
            j = t - last_start[i].astype(np.int32)
            running = meas_until[i] >= t
            lock = (j >= 1) & (j <= S.m_D - 1) & running
            gain = (j >= S.m_D) & (j <= S.m_D + S.m_G - 1)
            eta = eta + (lock * S.m_lock).sum(axis=1) + (gain * S.m_gain).sum(axis=1)
            # newcomer treatments
            jc_ = t - contract_q[i].astype(np.int32)
            eta = eta + nc.inburgering_lockin * (jc_ == 1)
            eta = eta + nc.inburgering_gain * ((jc_ >= 2) & (jc_ <= 1 + nc.gain_quarters))
            jm = t - mo_q[i].astype(np.int32)
            eta = eta + nc.mo_gain * ((jm >= 2) & (jm <= 1 + nc.gain_quarters))
            jn = t - nt2_q[i].astype(np.int32)
            Dn = nc.nt2_duration_quarters
            eta = eta + nc.nt2_lockin * ((jn >= 1) & (jn <= Dn - 1))
            eta = eta + nc.nt2_gain * ((jn >= Dn) & (jn <= Dn + nc.gain_quarters - 1))
            p_job = _logistic(eta) * (t >= pop.access_quarter[i])
            got = draws.uniform(seed, ST_JOB, t - window.start, ids[i]) < p_job
            new[i[got]] = EMPLOYED
            start_jobs(i[got], t, age)
            rest = i[~got]
            nonemp[rest] += 1
            js = rest[prev[rest] == JOBSEEKER]
            dereg = draws.uniform(seed, ST_DEREG, t - window.start, ids[js]) < _logistic(
                np.full(js.size, rc.deregister)
            )
            new[js[dereg]] = INACTIVE
            ina = rest[prev[rest] == INACTIVE]
            feeder = nc.feeder_registration * ((contract_q[ina] >= 0) & (contract_q[ina] < t))
            reg = draws.uniform(seed, ST_REG, t - window.start, ids[ina]) < _logistic(
                rc.inactive_registers + feeder
            )
            new[ina[reg]] = JOBSEEKER
        # jobs of arriving labour migrants and initially employed adults
        fresh = np.flatnonzero(entering & (new == EMPLOYED))
        if fresh.size:
            start_jobs(fresh, t, age)
            if t == window.start:
                hist.job_len[fresh, col] = 0  # a job already running at the window start
        # --- registration spells and measures ------------------------------------------------
        left_reg = (prev == JOBSEEKER) & (new != JOBSEEKER)
        if left_reg.any():
            meas_until[left_reg] = np.minimum(meas_until[left_reg], t - 1)
        new_spell = (new == JOBSEEKER) & (prev != JOBSEEKER)
        reg_start[new_spell] = t
        js_idx = np.flatnonzero(new == JOBSEEKER)
        if js_idx.size:
            i = js_idx
            u_el = np.minimum(t - reg_start[i], 8)
            s = S.sr_static[i] + cfg.self_reliance.experience * np.minimum(exper[i], 20) / 4.0
            feeder = nc.feeder_measures * ((contract_q[i] >= 0) & (contract_q[i] < t))
            eta = (
                S.m_base
                + S.m_sr * s[:, None]
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
            u = draws.uniform(seed, ST_MEASURE, t - window.start, ids[i])
            pick = (u[:, None] >= cum).sum(axis=1)  # M means no start
            if interventions is not None:
                pk = np.minimum(pick, M - 1)
                blocked = interventions.blocked_rows(i, pk, t) & (pick < M)
                if interventions.redraw and blocked.any():
                    pick = _redraw_given_not(pick, blocked, p, cum, u)
                else:
                    pick = np.where(blocked, M, pick)
            # a draw of a measure that is still running is no new start
            running_pick = np.zeros(i.size, bool)
            ok = pick < M
            running_pick[ok] = meas_until[i[ok], pick[ok]] >= t
            st = ok & ~running_pick
            r, m = i[st], pick[st]
            last_start[r, m] = t
            meas_until[r, m] = t + S.m_D[m] - 1
            hist.measure_start[r, col] = m
        # --- inburgering (newcomers present) ------------------------------------------------------
        ncp = np.flatnonzero(present & pop.newcomer)
        if ncp.size:
            i = ncp
            pid = ids[i]
            cand = abb_q[i] == NEVER
            p = _logistic(nc.abb_register + nc.abb_register_obligated * pop.obligated[i])
            hit = cand & (draws.uniform(seed, ST_ABB, t - window.start, pid) < p)
            abb_q[i[hit]] = t
            cand = (abb_q[i] != NEVER) & (abb_q[i] < t) & (contract_q[i] == NEVER)
            p = _logistic(
                nc.contract + nc.contract_obligated * pop.obligated[i]
                - cfg.sensitivity.unobserved_selection * pop.unobserved[i]
            )
            hit = cand & (draws.uniform(seed, ST_CONTRACT, t - window.start, pid) < p)
            hit &= ~_blocked(interventions, i, KIND_INBURGERING, t)
            contract_q[i[hit]] = t
            cand = (contract_q[i] != NEVER) & (mo_q[i] == NEVER)
            hit = cand & (draws.uniform(seed, ST_MO, t - window.start, pid) < _logistic(nc.mo_start))
            hit &= ~_blocked(interventions, i, KIND_MO, t)
            mo_q[i[hit]] = t
            cand = nt2_q[i] == NEVER
            eta = (
                nc.nt2_start
                + nc.nt2_after_contract * (contract_q[i] != NEVER)
                + _lookup(nc.nt2_dutch, codes.DUTCH_LEVELS)[pop.dutch[i]]
            )
            hit = cand & (draws.uniform(seed, ST_NT2, t - window.start, pid) < _logistic(eta))
            hit &= ~_blocked(interventions, i, KIND_NT2, t)
            nt2_q[i[hit]] = t
            lvl = hit & (draws.uniform(seed, ST_NT2LEVEL, t - window.start, pid) < nc.nt2_level_share)
            nt2_level_q[i[lvl]] = t + nc.nt2_duration_quarters
        # --- bookkeeping ----------------------------------------------------------------------
        state = new
        employed = state == EMPLOYED
        exper[employed] += 1
        hist.state[:, col] = state
        if full:
            pos = np.full(n, -1, np.int8)
            P = codes.POSITIONS.index
            pos[state == SCHOOL] = P("student")
            ina = state == INACTIVE
            unknown = ina & (draws.uniform(seed, ST_UNKNOWN, t - window.start, ids) < rc.unknown_position_share)
            pos[ina] = P("inactive")
            pos[unknown] = P("unknown")
            jsk = state == JOBSEEKER
            benefit = exper >= rc.benefit_experience
            pos[jsk & benefit] = P("unemployed_benefit")
            pos[jsk & ~benefit] = P("jobseeker_no_benefit")
            pos[employed] = np.where(job_self[employed], P("self_employed"), P("salaried"))
            hist.position[:, col] = pos
            hist.fte[employed, col] = job_fte[employed]
            hist.wage[employed, col] = job_wage[employed]
            hist.regular[employed, col] = job_reg[employed]

    lvl_ok = nt2_level_q <= window.end
    hist.abb = {
        "registration": abb_q,
        "contract_signed": contract_q,
        "mo_start": mo_q,
        "mo_done": np.where((mo_q != NEVER) & (mo_q + 1 <= window.end), mo_q + 1, NEVER),
        "nt2_start": nt2_q,
        "nt2_level": np.where(lvl_ok, nt2_level_q, NEVER),
    }
    hist.abb = {k: np.asarray(v, dtype=np.int16) for k, v in hist.abb.items()}
    return hist


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

