"""Static person covariates of the two synthetic samples (residents and newcomers).

Every draw is keyed by (seed, stream, person_id) through :mod:`.draws`, so a person's covariates
do not depend on the sample size. Categorical covariates are held as small integer codes indexing
the tuples of :mod:`mia_helpers.codes`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mia_helpers import codes
from mia_helpers.quarters import Window, year_of
from mia_helpers.synthetic import draws
from mia_helpers.synthetic.config import GeneratorConfig

# population streams (quarter argument -1 marks "static")
_S = dict(
    sex=1, origin=2, generation=3, school=4, slq=5, age=6, education=7, field=8, dutch=9,
    household=10, children=11, parent_emp=12, parent_edu=13, arrival=14, ground=15,
    unobserved=16, asylum_wait=17, digital=18, motivation=19, self_direction=20,
)
STATIC = -1


@dataclass
class Population:
    """Arrays of static covariates, one entry per person (codes index
    :mod:`mia_helpers.codes` tuples)."""

    person_id: np.ndarray  # int64
    newcomer: np.ndarray  # bool
    female: np.ndarray  # bool
    birth_year: np.ndarray  # int16
    origin: np.ndarray  # int8 into codes.ORIGINS
    generation: np.ndarray  # int8 into codes.GENERATIONS
    education: np.ndarray  # int8 into codes.EDUCATIONS
    study_field: np.ndarray  # int8 into codes.STUDY_FIELDS
    dutch: np.ndarray  # int8 into codes.DUTCH_LEVELS
    couple: np.ndarray  # bool
    children: np.ndarray  # int8
    parent_employed: np.ndarray  # bool
    parent_education: np.ndarray  # int8 into codes.PARENT_EDUCATIONS
    school_leaving_quarter: np.ndarray  # int16, -1 = left school before the window
    arrival_quarter: np.ndarray  # int16, -1 for residents
    ground: np.ndarray  # int8 into codes.RESIDENCE_GROUNDS, -1 for residents
    obligated: np.ndarray  # bool
    access_quarter: np.ndarray  # int16: first quarter with labour-market access
    permit_c_quarter: np.ndarray  # int16, -1 if none
    permit_a_quarter: np.ndarray  # int16, -1 if none
    permit_b_quarter: np.ndarray  # int16, -1 if none
    unobserved: np.ndarray  # float: trait v ~ N(0,1), used only in the sensitivity scenario
    #: allocation-typology traits ~ N(0,1), not in any register (config.SelfRelianceConfig)
    digital: np.ndarray  # float: digital skills
    motivation: np.ndarray  # float
    self_direction: np.ndarray  # float: zelfsturing

    def __len__(self) -> int:
        return len(self.person_id)

    def take(self, idx: np.ndarray) -> Population:
        """Rows ``idx`` (clones keep their person_id, hence their random draws)."""
        return Population(**{k: v[idx] for k, v in self.__dict__.items()})

    @property
    def non_eu(self) -> np.ndarray:
        """(n,) bool: persons of a non-EU origin (:data:`mia_helpers.codes.NON_EU_ORIGINS`)."""
        return np.isin(self.origin, [codes.ORIGINS.index(o) for o in codes.NON_EU_ORIGINS])


def _cat(seed: int, stream: str, ids: np.ndarray, probs) -> np.ndarray:
    return draws.categorical(seed, _S[stream], STATIC, ids, probs).astype(np.int8)


def _u(seed: int, stream: str, ids: np.ndarray) -> np.ndarray:
    return draws.uniform(seed, _S[stream], STATIC, ids)


def _shares(mapping: dict[str, float], keys: tuple[str, ...]) -> np.ndarray:
    unknown = set(mapping) - set(keys)
    if unknown:
        raise ValueError(f"unknown codes {sorted(unknown)} in population shares")
    return np.array([mapping.get(k, 0.0) for k in keys], dtype=float)


def _table(mapping: dict[str, tuple[float, ...]], keys: tuple[str, ...]) -> np.ndarray:
    """Rows of a config table in the order of ``keys`` (a missing key raises, naming it)."""
    missing = [k for k in keys if k not in mapping]
    if missing:
        raise ValueError(f"population config table lacks rows {missing} (needs {list(keys)})")
    rows = [np.asarray(mapping[k], dtype=float) for k in keys]
    if len({r.size for r in rows}) != 1:
        raise ValueError(f"population config table rows differ in length: {mapping}")
    return np.vstack(rows)


def make_population(
    cfg: GeneratorConfig, seed: int, residents: int, newcomers: int, window: Window
) -> Population:
    """Draw the static covariates of ``residents + newcomers`` persons.

    Person ids run 1..residents for residents and then on for newcomers.
    """
    pc = cfg.population
    n = residents + newcomers
    ids = np.arange(1, n + 1, dtype=np.int64)
    newcomer = ids > residents
    female = _u(seed, "sex", ids) < pc.female_share

    origin = np.where(
        newcomer,
        _cat(seed, "origin", ids, _shares(pc.newcomer_origin, codes.ORIGINS)),
        _cat(seed, "origin", ids, _shares(pc.resident_origin, codes.ORIGINS)),
    ).astype(np.int8)
    belgian = origin == codes.ORIGINS.index("belgian")
    g = codes.GENERATIONS.index
    second = _u(seed, "generation", ids) < pc.second_generation_share
    generation = np.select(
        [newcomer, belgian, second],
        [g("first"), g("native"), g("second")],
        g("intermediate"),
    ).astype(np.int8)
    intermediate = generation == g("intermediate")
    non_eu = np.isin(origin, [codes.ORIGINS.index(o) for o in codes.NON_EU_ORIGINS])

    # parents: lower education and employment for migrant parents
    group = np.where(belgian, 0, np.where(non_eu, 2, 1))  # native, eu_foreign, non_eu
    groups = ("native", "eu_foreign", "non_eu")
    p_edu = np.array([pc.parent_education[k] for k in groups], dtype=float)[group]
    parent_education = _cat(seed, "parent_edu", ids, p_edu)
    p_emp = np.array([pc.parent_employed[k] for k in groups], dtype=float)[group]
    parent_employed = _u(seed, "parent_emp", ids) < p_emp

    # education: follows parents; intermediate generation lower (interrupted schooling)
    base_edu = _table(pc.education_by_parent, codes.PARENT_EDUCATIONS)
    e_probs = base_edu[parent_education]
    factor = np.asarray(pc.intermediate_education_factor, dtype=float)[None, :]
    e_probs = np.where(intermediate[:, None], e_probs * factor, e_probs)
    e_probs = np.where(newcomer[:, None], np.asarray(pc.newcomer_education, float)[None, :],
                       e_probs)
    education = _cat(seed, "education", ids, e_probs)
    sf = _table(pc.study_field, ("female", "male"))
    field_probs = np.where(female[:, None], sf[:1], sf[1:])
    study_field = _cat(seed, "field", ids, field_probs)

    # Dutch: native for natives; mostly for the second generation; weaker for the others
    d_table = _table(pc.dutch_by_generation, codes.GENERATIONS)
    d_probs = d_table[generation]
    dutch = _cat(seed, "dutch", ids, d_probs)

    # school leavers and adults (residents); newcomers arrive inside the window
    leaver = (~newcomer) & (_u(seed, "school", ids) < pc.school_leaver_share)
    span = min(pc.school_leaving_span, window.n_quarters - 1)
    slq = np.where(leaver, window.start + np.floor(_u(seed, "slq", ids) * span), -1).astype(np.int16)
    ages = np.array([pc.leaving_age[e] for e in codes.EDUCATIONS])
    leaving_age = ages[education] + pc.intermediate_extra_leaving_years * (
        intermediate & leaver).astype(int)
    u_age = _u(seed, "age", ids)
    a0, a_span = pc.adult_age
    adult_birth = year_of(window.start) - (a0 + np.floor(u_age * a_span)).astype(int)
    arr_span = min(pc.arrival_span, window.n_quarters - 1)
    arrival = np.where(
        newcomer, window.start + np.floor(_u(seed, "arrival", ids) * arr_span), -1
    ).astype(np.int16)
    arrival_age = pc.arrival_age[0] + np.floor(u_age * pc.arrival_age[1]).astype(int)
    birth_year = np.select(
        [leaver, newcomer],
        [year_of(np.maximum(slq, 0)) - leaving_age, year_of(np.maximum(arrival, 0)) - arrival_age],
        adult_birth,
    ).astype(np.int16)

    couple_p = np.where(leaver, pc.couple_share["school_leaver"], pc.couple_share["other"])
    couple = _u(seed, "household", ids) < couple_p
    kids = _table(pc.children, ("couple", "single"))
    kids_p = np.where(couple[:, None], kids[:1], kids[1:])
    children = _cat(seed, "children", ids, kids_p)

    # residence ground and obligation (newcomers)
    r = codes.RESIDENCE_GROUNDS.index
    nonEU_ground = draws.categorical(
        seed, _S["ground"], STATIC, ids,
        _shares(pc.non_eu_ground, codes.RESIDENCE_GROUNDS),
    )
    ground = np.where(newcomer, np.where(non_eu, nonEU_ground, r("eu_citizen")), -1).astype(np.int8)
    obligated = newcomer & np.isin(ground, [r(x) for x in pc.obligated_grounds])

    # work permits (WSE) = labour-market access of non-EU newcomers
    lo, hi = cfg.newcomer.asylum_wait_quarters
    wait = lo + np.floor(_u(seed, "asylum_wait", ids) * (hi - lo + 1)).astype(int)
    asylum = ground == r("asylum")
    nc_non_eu = newcomer & non_eu
    permit_c = np.select(
        [nc_non_eu & asylum, nc_non_eu & (ground == r("study"))], [arrival + wait, arrival], -1
    ).astype(np.int16)
    permit_a = np.select(
        [nc_non_eu & (ground == r("family")), permit_c >= 0],
        [arrival, arrival + cfg.newcomer.permit_a_after],
        -1,
    ).astype(np.int16)
    permit_b = np.where(nc_non_eu & (ground == r("work")), arrival, -1).astype(np.int16)
    access = np.where(nc_non_eu & asylum, arrival + wait, np.where(newcomer, arrival, -1))

    return Population(
        person_id=ids,
        newcomer=newcomer,
        female=female,
        birth_year=birth_year,
        origin=origin,
        generation=generation,
        education=education,
        study_field=study_field,
        dutch=dutch,
        couple=couple,
        children=children,
        parent_employed=parent_employed,
        parent_education=parent_education,
        school_leaving_quarter=slq,
        arrival_quarter=arrival,
        ground=ground,
        obligated=obligated,
        access_quarter=access.astype(np.int16),
        permit_c_quarter=permit_c,
        permit_a_quarter=permit_a,
        permit_b_quarter=permit_b,
        unobserved=draws.normal(seed, _S["unobserved"], STATIC, ids),
        digital=draws.normal(seed, _S["digital"], STATIC, ids),
        motivation=draws.normal(seed, _S["motivation"], STATIC, ids),
        self_direction=draws.normal(seed, _S["self_direction"], STATIC, ids),
    )
