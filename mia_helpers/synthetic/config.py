"""The one configuration object of the synthetic MIA microsimulation.

Every behavioural parameter of the generator lives here, typed and documented. Hazards are
quarterly logits: a parameter is a log-odds shift of the named transition per quarter, unless
its doc says otherwise. Treatment effects are log-odds shifts on the quarterly hazard of job
entry (so, approximately, hazard multipliers on entry into stable employment) by quarter since
the treatment start.

Override from the command line (``--set job.base=-2.0``, repeatable) or from a YAML/JSON file
(``--config FILE``) holding a nested mapping of the fields to change.
"""

from __future__ import annotations

import copy
import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mia_helpers.codes import MEASURES


def _d(**kw: Any) -> Any:
    return field(default_factory=lambda: dict(kw))


@dataclass
class PopulationConfig:
    """Who is in the two samples (shares are probabilities; they are normalised)."""

    #: origin shares among residents (Belgian origin = native generation)
    resident_origin: dict[str, float] = _d(
        belgian=0.55, southern_eu=0.08, eastern_eu=0.05, maghreb=0.13, turkish=0.08,
        subsaharan=0.06, other_non_eu=0.05,
    )
    #: origin shares among newcomers (all first generation)
    newcomer_origin: dict[str, float] = _d(
        southern_eu=0.12, eastern_eu=0.20, maghreb=0.20, turkish=0.10, subsaharan=0.20,
        other_non_eu=0.18,
    )
    #: share of second (vs intermediate) generation among residents of foreign origin
    second_generation_share: float = 0.6
    #: share of residents who leave school inside the window (the rest are adults at its start)
    school_leaver_share: float = 0.5
    #: school leavers leave school in the first `school_leaving_span` quarters of the window
    school_leaving_span: int = 40
    #: newcomers arrive in the first `arrival_span` quarters of the window
    arrival_span: int = 44
    #: residence-ground shares of non-EU newcomers (EU newcomers are `eu_citizen`)
    non_eu_ground: dict[str, float] = _d(family=0.40, asylum=0.30, work=0.15, study=0.15)
    #: residence grounds that make a newcomer obligated to follow inburgering
    obligated_grounds: tuple[str, ...] = ("family", "asylum")
    female_share: float = 0.5
    #: parents' education shares (low, mid, high) by the person's origin group: natives,
    #: foreign EU origins, non-EU origins (normalised)
    parent_education: dict[str, tuple[float, float, float]] = _d(
        native=(0.25, 0.45, 0.30), eu_foreign=(0.40, 0.40, 0.20), non_eu=(0.55, 0.33, 0.12)
    )
    #: probability that a parent was employed, by the same origin groups
    parent_employed: dict[str, float] = _d(native=0.85, eu_foreign=0.72, non_eu=0.6)
    #: residents' education shares (low, mid, high) by parents' education (normalised)
    education_by_parent: dict[str, tuple[float, float, float]] = _d(
        low=(0.35, 0.45, 0.20), mid=(0.20, 0.50, 0.30), high=(0.10, 0.40, 0.50)
    )
    #: factors on those shares for the intermediate generation (interrupted schooling)
    intermediate_education_factor: tuple[float, float, float] = (1.8, 1.0, 0.5)
    #: newcomers' education shares (low, mid, high)
    newcomer_education: tuple[float, float, float] = (0.40, 0.35, 0.25)
    #: study-field shares by sex, in codes.STUDY_FIELDS order (general, technical, care, stem,
    #: business; normalised)
    study_field: dict[str, tuple[float, ...]] = _d(
        female=(0.25, 0.10, 0.30, 0.10, 0.25), male=(0.25, 0.30, 0.05, 0.20, 0.20)
    )
    #: command-of-Dutch shares (none, basic, good, native) by generation (normalised)
    dutch_by_generation: dict[str, tuple[float, float, float, float]] = _d(
        native=(0.00, 0.00, 0.05, 0.95), first=(0.40, 0.40, 0.18, 0.02),
        intermediate=(0.05, 0.35, 0.50, 0.10), second=(0.00, 0.02, 0.28, 0.70),
    )
    #: age at leaving school by education; the intermediate generation leaves this much later
    leaving_age: dict[str, int] = _d(low=18, mid=20, high=23)
    intermediate_extra_leaving_years: int = 1
    #: adults present at the window start are aged adult_age[0] .. adult_age[0]+adult_age[1]-1
    adult_age: tuple[int, int] = (25, 35)
    #: newcomers arrive aged arrival_age[0] .. arrival_age[0]+arrival_age[1]-1
    arrival_age: tuple[int, int] = (18, 30)
    #: probability of living as a couple: school leavers, others
    couple_share: dict[str, float] = _d(school_leaver=0.1, other=0.6)
    #: shares of 0, 1, 2, 3+ children for couples and for singles (normalised)
    children: dict[str, tuple[float, float, float, float]] = _d(
        couple=(0.35, 0.25, 0.25, 0.15), single=(0.8, 0.12, 0.06, 0.02)
    )


@dataclass
class JobConfig:
    """Quarterly log-odds of entering a job from non-employment, and of the job's end."""

    base: float = -2.3
    jobseeker: float = 0.5  #: registered jobseekers search more intensively than inactive
    education: dict[str, float] = _d(low=-0.45, mid=0.0, high=0.45)
    dutch: dict[str, float] = _d(none=-0.8, basic=-0.4, good=0.0, native=0.15)
    #: per 4 quarters of cumulative employment experience, capped at 20 quarters
    experience: float = 0.12
    female: float = -0.10
    female_children: float = -0.35
    couple: float = 0.10
    parent_employed: float = 0.15
    parent_education: dict[str, float] = _d(low=-0.10, mid=0.0, high=0.10)
    #: per quarter of non-employment duration, capped at 12 quarters (negative duration dependence)
    duration: float = -0.06
    age_50_plus: float = -0.6
    #: direct (unexplained) origin x generation terms, keyed "origin:generation"
    origin_generation: dict[str, float] = _d(**{
        "belgian:native": 0.0,
        "southern_eu:intermediate": -0.15, "southern_eu:second": -0.05, "southern_eu:first": -0.10,
        "eastern_eu:intermediate": -0.15, "eastern_eu:second": -0.10, "eastern_eu:first": 0.05,
        "maghreb:intermediate": -0.25, "maghreb:second": -0.45, "maghreb:first": -0.30,
        "turkish:intermediate": -0.20, "turkish:second": -0.40, "turkish:first": -0.25,
        "subsaharan:intermediate": -0.30, "subsaharan:second": -0.45, "subsaharan:first": -0.35,
        "other_non_eu:intermediate": -0.20, "other_non_eu:second": -0.30,
        "other_non_eu:first": -0.25,
    })
    #: extra direct origin x generation terms for women only, keyed as origin_generation
    #: (all zero by default: the default generator has no sex-specific origin gap; set e.g.
    #: ``--set job.female_origin_generation.maghreb:second=-0.3`` to give one)
    female_origin_generation: dict[str, float] = _d(**{
        f"{o}:{g}": 0.0
        for o, g in (
            ("belgian", "native"),
            *((o, g) for o in ("southern_eu", "eastern_eu", "maghreb", "turkish", "subsaharan",
                               "other_non_eu") for g in ("intermediate", "second", "first")),
        )
    })
    #: newcomers by residence ground
    residence_ground: dict[str, float] = _d(
        family=-0.30, work=0.60, asylum=-0.40, study=-0.20, eu_citizen=0.30
    )
    #: quarterly log-odds of the job ending (a job's length is drawn at entry from this)
    end_base: float = -2.1
    end_education: dict[str, float] = _d(low=0.35, mid=0.0, high=-0.35)
    #: extra job-end log-odds for non-EU origins (makes the stable-job gap wider)
    end_non_eu: float = 0.40
    end_young: float = 0.25  #: under 25
    #: probability that a job is regular (not social economy / subsidised), by education
    regular: dict[str, float] = _d(low=0.80, mid=0.92, high=0.97)
    regular_newcomer_penalty: float = 0.08
    self_employed_share: float = 0.04
    #: share of adults employed at the window start is driven by this shift of the job index
    initial_employment_shift: float = 3.0
    #: pre-window employment experience (quarters) of adults present at the window start, if
    #: employed then / if not; and the non-employment duration (quarters) of the latter
    initial_experience_employed: int = 20
    initial_experience_nonemployed: int = 8
    initial_nonemployment_quarters: int = 4
    #: shares of the part-time fractions 0.5, 0.8 and 1.0 FTE of a new job (normalised)
    fte_shares: tuple[float, float, float] = (0.15, 0.25, 0.60)
    #: shares of the wage classes (codes.WAGE_CLASSES: low, mid, high) of a new job, by the
    #: person's education (normalised)
    wage_by_education: dict[str, tuple[float, float, float]] = _d(
        low=(0.6, 0.35, 0.05), mid=(0.3, 0.55, 0.15), high=(0.1, 0.45, 0.45)
    )


@dataclass
class RegistrationConfig:
    """VDAB registration: entry into and exit from jobseeker status (quarterly log-odds)."""

    school_leaver_registers: float = 0.55  #: probability of registering on leaving school
    after_job_registers: float = 0.70  #: probability of registering when a job ends
    inactive_registers: float = -2.6  #: log-odds for an inactive person
    deregister: float = -3.0  #: log-odds for a jobseeker to leave to inactivity
    benefit_experience: int = 4  #: quarters of experience that open unemployment benefit
    unknown_position_share: float = 0.03  #: inactive quarters recorded as "unknown" by KSZ
    #: probability that a non-employed adult present at the window start is a registered
    #: jobseeker (else inactive)
    initial_jobseeker_share: float = 0.35


@dataclass
class MeasureConfig:
    """One VDAB measure: its allocation hazard and its effect on job entry.

    Allocation: quarterly log-odds among registered jobseekers not running this measure,
    ``base + self_reliance * s + low_link * L + duration * min(u, 8) / 4`` (plus the newcomer
    feeder term) with ``s`` the self-reliance index, ``L`` = 1 for southern-EU (but not
    second-generation southern-EU) and non-EU jobseekers and ``u`` the elapsed registration
    duration in quarters. The nine measures and "no start" form one multinomial logit per
    jobseeker-quarter; a draw of a measure that is still running starts nothing.

    The self-reliance index ``s`` and the self-direction trait ``d`` (see
    :class:`SelfRelianceConfig`) are the two axes of the consultants' allocation typology:
    ``self_reliance`` < 0 sends the less self-reliant to a measure (competence building: basic
    training), ``self_direction`` < 0 sends those who steer their own search less to it
    (guidance, enforcement) and ``self_direction`` > 0 leaves the self-directed to light-touch
    automatic referrals. ``self_direction * d`` is added to the allocation log-odds.

    Effect: while the measure runs (quarters 1..duration-1 after the start) the job-entry log-odds
    shift by ``lockin``; in the ``gain_quarters`` quarters after it ends, by ``gain``.
    """

    base: float
    self_reliance: float
    low_link: float
    duration_quarters: int
    lockin: float
    gain: float
    gain_quarters: int = 8
    duration: float = 0.15
    self_direction: float = 0.0


def _measures() -> dict[str, MeasureConfig]:
    return {
        "training_basic": MeasureConfig(-4.0, -0.70, 0.0, 2, -0.40, 0.15),
        "training_vocational": MeasureConfig(-4.1, 0.30, -0.45, 2, -0.45, 0.35),
        "workplace_learning_ibo": MeasureConfig(-4.5, 0.80, -0.60, 2, -0.30, 0.60),
        "workplace_learning_other": MeasureConfig(-4.4, 0.30, -0.50, 2, -0.25, 0.45),
        "mediation_guidance": MeasureConfig(-3.4, -0.20, 0.0, 1, 0.0, 0.12, self_direction=-0.30),
        "vacancy_referral_manual": MeasureConfig(-3.6, 0.20, 0.0, 1, 0.0, 0.10),
        "vacancy_referral_automatic": MeasureConfig(
            -3.3, 0.30, 0.0, 1, 0.0, 0.0, self_direction=0.30
        ),
        "application_assignment": MeasureConfig(
            -4.2, -0.10, 0.0, 1, 0.0, 0.10, self_direction=-0.20
        ),
        "sanction_transmission": MeasureConfig(-4.8, -0.40, 0.0, 1, 0.0, 0.20, self_direction=-0.20),
    }


#: the consultants' four ideal types: (self-reliant?, self-directed?) -> name
IDEAL_TYPES = ("autonomous", "needs_direction", "needs_competences", "needs_both")


@dataclass
class SelfRelianceConfig:
    """The consultants' allocation typology (VIONA interviews with VDAB consultants).

    At intake a consultant judges a jobseeker's self-reliance (zelfredzaamheid) and
    self-direction (zelfsturing). The self-reliance index is ``s = dutch[level] +
    education[level] + experience * min(exper, 20) / 4 + digital * g + motivation * m``
    with ``g`` (digital skills) and ``m`` (motivation) independent N(0, 1) traits the
    registers do not hold; self-direction ``d`` is a third N(0, 1) trait. The ideal type of a
    registration spell is fixed at its first quarter: self-reliant if ``s >= type_cut``,
    self-directed if ``d >= 0`` (:data:`IDEAL_TYPES`: autonomous = both, needs_direction =
    self-reliant only, needs_competences = self-directed only, needs_both = neither).
    ``s`` and ``d`` enter every measure's allocation log-odds (:class:`MeasureConfig`); the
    three traits have no effect on job entry, so they do not confound the effect estimates.
    """

    dutch: dict[str, float] = _d(none=-1.0, basic=-0.4, good=0.3, native=0.6)
    education: dict[str, float] = _d(low=-0.6, mid=0.0, high=0.6)
    #: per 4 quarters of experience, capped at 20 quarters
    experience: float = 0.10
    #: loadings of the unregistered digital-skills and motivation traits on s
    digital: float = 0.20
    motivation: float = 0.20
    #: cut on s between the self-reliant and the less self-reliant ideal types
    type_cut: float = 0.5


@dataclass
class NewcomerConfig:
    """Civic integration (inburgering), MO and NT2 for newcomers (quarterly log-odds)."""

    abb_register: float = -2.2
    abb_register_obligated: float = 2.6
    contract: float = -0.6
    contract_obligated: float = 1.4
    mo_start: float = 1.5  #: MO starts soon after the contract
    nt2_start: float = -4.0  #: NT2 outside an inburgering trajectory
    nt2_after_contract: float = 3.0
    nt2_dutch: dict[str, float] = _d(none=0.5, basic=0.3, good=-0.8, native=-3.0)
    nt2_duration_quarters: int = 2
    nt2_level_share: float = 0.7
    #: effect of inburgering (contract) on job entry: lock-in in the first quarter, then gain
    inburgering_lockin: float = -0.20
    inburgering_gain: float = 0.15
    #: feeder role: shifts of VDAB registration and measure allocation after the contract
    feeder_registration: float = 1.0
    feeder_measures: float = 0.7
    mo_gain: float = 0.05
    nt2_lockin: float = -0.25
    nt2_gain: float = 0.30
    gain_quarters: int = 12
    #: asylum seekers wait this many quarters for labour-market access (WSE permit c)
    asylum_wait_quarters: tuple[int, int] = (2, 4)
    #: quarters after arrival when a permit-c holder gets an unlimited permit a
    permit_a_after: int = 16


@dataclass
class SensitivityConfig:
    """Departures from selection on observables (Appendix A's sensitivity scenario)."""

    #: loading of an unobserved trait v ~ N(0,1) on measure allocation (times the measure's
    #: self-reliance coefficient sign) and on inburgering contract signing (negative)
    unobserved_selection: float = 0.0
    #: loading of the same trait on job entry
    unobserved_job: float = 0.0


@dataclass
class TruthConfig:
    """How the true effects are computed."""

    max_horizon: int = 12
    stable_quarters: int = 4
    #: treated starts re-simulated per measure (a deterministic subsample beyond this)
    max_treated: int = 200_000


@dataclass
class GeneratorConfig:
    """All behavioural parameters of the synthetic MIA panel."""

    population: PopulationConfig = field(default_factory=PopulationConfig)
    job: JobConfig = field(default_factory=JobConfig)
    registration: RegistrationConfig = field(default_factory=RegistrationConfig)
    self_reliance: SelfRelianceConfig = field(default_factory=SelfRelianceConfig)
    measures: dict[str, MeasureConfig] = field(default_factory=_measures)
    newcomer: NewcomerConfig = field(default_factory=NewcomerConfig)
    sensitivity: SensitivityConfig = field(default_factory=SensitivityConfig)
    truth: TruthConfig = field(default_factory=TruthConfig)

    def to_dict(self) -> dict[str, Any]:
        """The parameters as nested dicts (section -> parameter -> value)."""
        return dataclasses.asdict(self)

    def to_json(self) -> str:
        """The parameters as JSON text (keys sorted), as written beside generated data."""
        return json.dumps(self.to_dict(), indent=2, sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GeneratorConfig:
        """The default parameters with those of ``data`` (nested or dotted keys) applied; unknown keys raise as in :func:`apply_overrides`."""
        return apply_overrides(cls(), data)


def _set_path(obj: Any, path: list[str], value: Any, full: str) -> None:
    head, rest = path[0], path[1:]
    if isinstance(obj, dict):
        if head not in obj:
            raise KeyError(f"unknown generator parameter {full!r}: {head!r} not in {sorted(obj)}")
        if rest:
            _set_path(obj[head], rest, value, full)
        else:
            obj[head] = _coerce(obj[head], value, full)
        return
    names = {f.name for f in dataclasses.fields(obj)}
    if head not in names:
        raise KeyError(f"unknown generator parameter {full!r}: {head!r} not in {sorted(names)}")
    if rest:
        _set_path(getattr(obj, head), rest, value, full)
    else:
        setattr(obj, head, _coerce(getattr(obj, head), value, full))


def _coerce(old: Any, value: Any, full: str) -> Any:
    if isinstance(value, str) and not isinstance(old, str):
        value = yaml.safe_load(value)
    if dataclasses.is_dataclass(old) and isinstance(value, dict):
        new = copy.deepcopy(old)
        for k, v in value.items():
            _set_path(new, [k], v, f"{full}.{k}")
        return new
    if isinstance(old, dict) and isinstance(value, dict):
        new = dict(old)
        for k, v in value.items():
            if k not in new:
                raise KeyError(f"unknown generator parameter {full}.{k}")
            new[k] = _coerce(new[k], v, f"{full}.{k}")
        return new
    if isinstance(old, bool):
        if not isinstance(value, bool):
            raise TypeError(f"{full} must be true/false, got {value!r}")
        return value
    if isinstance(old, (int, float)) and not isinstance(value, (int, float)):
        raise TypeError(f"{full} must be a number, got {value!r}")
    if isinstance(old, int) and not isinstance(old, bool) and isinstance(value, float):
        if not value.is_integer():
            raise TypeError(f"{full} must be an integer, got {value!r}")
        value = int(value)
    if isinstance(old, float) and isinstance(value, int):
        value = float(value)
    if isinstance(old, tuple):
        value = tuple(value)
    return value


def apply_overrides(cfg: GeneratorConfig, overrides: dict[str, Any]) -> GeneratorConfig:
    """Return a copy of ``cfg`` with a nested mapping of overrides applied (unknown keys raise)."""
    new = copy.deepcopy(cfg)
    for key, value in overrides.items():
        _set_path(new, key.split("."), value, key)
    return new


def parse_set(items: list[str]) -> dict[str, Any]:
    """Parse ``key.sub=value`` strings (values read as YAML scalars/lists/maps).

    Raises
    ------
    ValueError
        If an item has no ``=``.
    yaml.YAMLError
        If a value is not valid YAML.
    """
    out: dict[str, Any] = {}
    for item in items:
        if "=" not in item:
            raise ValueError(f"--set expects key=value, got {item!r}")
        k, v = item.split("=", 1)
        out[k.strip()] = yaml.safe_load(v)
    return out


def load_config(path: str | Path | None = None, sets: list[str] | None = None) -> GeneratorConfig:
    """Defaults, then a YAML/JSON file, then ``--set`` overrides.

    Raises
    ------
    ValueError
        If the file does not hold a mapping, if a ``--set`` item has no ``=``
        (:func:`parse_set`), or if the resulting configuration lacks a measure of
        :data:`MEASURES`.
    KeyError
        If the file or a ``--set`` names an unknown generator parameter
        (:func:`apply_overrides`).
    TypeError
        If a value has the wrong type for its parameter (:func:`apply_overrides`).
    OSError
        If ``path`` cannot be read.
    yaml.YAMLError
        If the file or a ``--set`` value is not valid YAML.
    """
    cfg = GeneratorConfig()
    if path is not None:
        data = yaml.safe_load(Path(path).read_text())
        if not isinstance(data, dict):
            raise ValueError(f"{path}: expected a mapping of generator parameters")
        cfg = apply_overrides(cfg, data)
    if sets:
        cfg = apply_overrides(cfg, parse_set(sets))
    missing = set(MEASURES) - set(cfg.measures)
    if missing:
        raise ValueError(f"generator config lacks measures {sorted(missing)}")
    return cfg
