"""Project one simulated history onto the six source registers (book/design.md section 2).

Every register is a view of the same state history, so registers agree with each other by
construction: a VDAB registration spell is a run of jobseeker quarters, a KSZ position is the
state of that quarter, and so on.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from mia_helpers import codes
from mia_helpers.synthetic.population import Population
from mia_helpers.synthetic.simulate import FTE_VALUES, JOBSEEKER, NEVER, History


@functools.lru_cache(maxsize=64)
def _dtype(categories: tuple[str, ...]) -> pd.CategoricalDtype:
    """The categorical dtype of a code list, made once (building its index of text categories
    costs more than the codes of a Monte Carlo replication's register)."""
    return pd.CategoricalDtype(list(categories))


def _cat(values: np.ndarray, categories: tuple[str, ...]) -> pd.Categorical:
    """Integer codes (-1 = missing) -> categorical with the full code list."""
    return pd.Categorical.from_codes(np.asarray(values, dtype=np.int64),
                                     dtype=_dtype(tuple(categories)))


def _nullable_int16(values: np.ndarray, missing: np.ndarray) -> pd.arrays.IntegerArray:
    """int16 values with ``missing`` rows set to null (Parquet int16 with nulls)."""
    return pd.arrays.IntegerArray(
        np.where(missing, 0, values).astype(np.int16), np.asarray(missing, dtype=bool)
    )


def persons_table(pop: Population) -> pd.DataFrame:
    """One row per person: static covariates."""
    slq = pop.school_leaving_quarter
    arr = pop.arrival_quarter
    return pd.DataFrame(
        {
            "person_id": pop.person_id.astype(np.int64),
            "sample": _cat(pop.newcomer.astype(int), codes.SAMPLES),
            "sex": _cat(pop.female.astype(int), codes.SEXES),
            "birth_year": pop.birth_year.astype(np.int16),
            "origin": _cat(pop.origin, codes.ORIGINS),
            "generation": _cat(pop.generation, codes.GENERATIONS),
            "education": _cat(pop.education, codes.EDUCATIONS),
            "study_field": _cat(pop.study_field, codes.STUDY_FIELDS),
            "dutch_level": _cat(pop.dutch, codes.DUTCH_LEVELS),
            "household": _cat(pop.couple.astype(int), codes.HOUSEHOLDS),
            "children": pop.children.astype(np.int8),
            "parent_employed": pop.parent_employed.astype(bool),
            "parent_education": _cat(pop.parent_education, codes.PARENT_EDUCATIONS),
            "school_leaving_quarter": _nullable_int16(slq, slq < 0),
            "arrival_quarter": _nullable_int16(arr, arr < 0),
            "residence_ground": _cat(pop.ground, codes.RESIDENCE_GROUNDS),
        }
    )


def ksz_positions_table(pop: Population, hist: History) -> pd.DataFrame:
    """One row per person-quarter with a KSZ position (absent quarters have no row)."""
    # positions in the flattened (person, quarter) arrays, in the order of np.nonzero
    T = hist.position.shape[1]
    flat = np.flatnonzero(hist.position.ravel() >= 0)
    rows, cols = np.divmod(flat, T)
    fte = hist.fte.ravel()[flat]
    wage = hist.wage.ravel()[flat]
    reg = hist.regular.ravel()[flat]
    employed = fte >= 0
    regular = pd.arrays.BooleanArray(reg == 1, ~employed)  # null when not employed
    return pd.DataFrame(
        {
            "person_id": pop.person_id[rows].astype(np.int64),
            "quarter": (cols + hist.window.start).astype(np.int16),
            "position": _cat(hist.position.ravel()[flat], codes.POSITIONS),
            "fte_fraction": np.where(employed, FTE_VALUES[np.maximum(fte, 0)], 0.0),
            "wage_class": _cat(wage, codes.WAGE_CLASSES),
            "regular": regular,
        }
    )


def _runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Runs of True per row: (row, start column, end column), sorted by row then start."""
    n = mask.shape[0]
    pad = np.zeros((n, 1), bool)
    before = np.hstack([pad, mask[:, :-1]])
    after = np.hstack([mask[:, 1:], pad])
    r0, c0 = np.nonzero(mask & ~before)
    r1, c1 = np.nonzero(mask & ~after)
    return r0, c0, c1


def vdab_registrations_table(pop: Population, hist: History) -> pd.DataFrame:
    """One row per VDAB registration spell (a run of jobseeker quarters)."""
    w = hist.window
    rows, c0, c1 = _runs(hist.state == JOBSEEKER)
    T = hist.state.shape[1]
    censored = c1 == T - 1
    nxt = hist.state[rows, np.minimum(c1 + 1, T - 1)]
    reason = np.where(censored, -1, np.where(nxt == 4, 0, 1))
    return pd.DataFrame(
        {
            "person_id": pop.person_id[rows].astype(np.int64),
            "start_quarter": (c0 + w.start).astype(np.int16),
            "end_quarter": _nullable_int16(c1 + w.start, censored),
            "end_reason": _cat(reason, codes.END_REASONS),
        }
    )


def vdab_measures_table(pop: Population, hist: History) -> pd.DataFrame:
    """One row per measure spell; it ends at its planned duration or when registration ends."""
    w = hist.window
    T = hist.state.shape[1]
    rows, cols = np.nonzero(hist.measure_start >= 0)
    m = hist.measure_start[rows, cols].astype(np.int64)
    dur = np.array([hist.measure_duration[x] for x in codes.MEASURES])[m]
    r_rows, _, r_end = _runs(hist.state == JOBSEEKER)
    key_end = r_rows.astype(np.int64) * T + r_end
    pos = np.searchsorted(key_end, rows.astype(np.int64) * T + cols)
    reg_end = r_end[pos]
    planned_end = cols + dur - 1
    end = np.minimum(planned_end, reg_end)
    # still running at the window end: registration continues and the plan reaches past it
    open_ = (planned_end > reg_end) & (reg_end == T - 1)
    return pd.DataFrame(
        {
            "person_id": pop.person_id[rows].astype(np.int64),
            "measure": _cat(m, codes.MEASURES),
            "start_quarter": (cols + w.start).astype(np.int16),
            "end_quarter": _nullable_int16(end + w.start, open_),
        }
    )


def abb_inburgering_table(pop: Population, hist: History) -> pd.DataFrame:
    """One row per inburgering step taken by a newcomer inside the window."""
    idx, step = [], []
    quarter = []
    for s, name in enumerate(codes.INBURGERING_STEPS):
        q = hist.abb[name]
        i = np.flatnonzero((q != NEVER) & (q >= hist.window.start) & (q <= hist.window.end))
        idx.append(i)
        step.append(np.full(i.size, s))
        quarter.append(q[i].astype(np.int16))
    return _sorted_events(pop, np.concatenate(idx), "step", np.concatenate(step),
                          np.concatenate(quarter), codes.INBURGERING_STEPS,
                          obligated=True)


def _sorted_events(pop: Population, idx: np.ndarray, kind: str, kinds: np.ndarray,
                   quarter: np.ndarray, categories: tuple[str, ...], obligated: bool = False
                   ) -> pd.DataFrame:
    """Event rows of persons ``idx`` (``kind`` codes ``kinds``, int16 ``quarter``) sorted by
    person id, quarter and kind (a unique key: each kind once per person), as one frame
    (numpy's sort instead of a frame per kind, a concatenation and a sort of frames)."""
    pid = pop.person_id[idx].astype(np.int64)
    order = np.lexsort((kinds, quarter, pid))
    cols = {"person_id": pid[order], kind: _cat(kinds[order], categories),
            "quarter": quarter[order]}
    if obligated:
        cols["obligated"] = pop.obligated[idx].astype(bool)[order]
    return pd.DataFrame(cols)


def wse_permits_table(pop: Population, hist: History) -> pd.DataFrame:
    """One row per work permit granted to a non-EU newcomer inside the window."""
    idx, ptypes, quarter = [], [], []
    for ptype, q in (
        ("a", pop.permit_a_quarter),
        ("b", pop.permit_b_quarter),
        ("c", pop.permit_c_quarter),
    ):
        i = np.flatnonzero((q >= hist.window.start) & (q <= hist.window.end))
        idx.append(i)
        ptypes.append(np.full(i.size, codes.PERMIT_TYPES.index(ptype)))
        quarter.append(q[i].astype(np.int16))
    return _sorted_events(pop, np.concatenate(idx), "permit_type", np.concatenate(ptypes),
                          np.concatenate(quarter), codes.PERMIT_TYPES)


def all_registers(pop: Population, hist: History) -> dict[str, pd.DataFrame]:
    """The six registers, keyed by file stem."""
    return {
        "persons": persons_table(pop),
        "ksz_positions": ksz_positions_table(pop, hist),
        "vdab_registrations": vdab_registrations_table(pop, hist),
        "vdab_measures": vdab_measures_table(pop, hist),
        "abb_inburgering": abb_inburgering_table(pop, hist),
        "wse_permits": wse_permits_table(pop, hist),
    }
