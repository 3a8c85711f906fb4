"""Test helpers on frames: a faster ``pandas.testing.assert_frame_equal`` for the panel's
categorical columns, :func:`kept_measures` (the measure spells a panel build keeps) and
:func:`leaver_persons` (a ``persons`` frame of origin-by-generation cells of school leavers),
:func:`ibo_inflows` (first inflows into one measure by origin-by-generation cell),
:func:`one_point_estimate_rows` (Monte Carlo rows of "now versus never" with a single point
estimate: the small-study case of Appendix A's sentences).

pandas 3 compares a categorical column whose categories are strings element by element, boxing
every value (about 1.5 s per column of 160,000 rows; a panel has ten such columns). Where both
columns have the same categorical dtype (the same categories in the same order, the same
``ordered`` flag), equal codes are exactly equal values, so the codes are compared instead; any
other column, and every frame whose categorical dtypes differ, goes to pandas unchanged (and its
message). The assertion is the same as pandas' with its default ``check_categorical=True`` and
``check_category_order=True``.
"""

from __future__ import annotations

import pandas as pd


def _as_codes(frame: pd.DataFrame, columns: list) -> pd.DataFrame:
    out = frame.copy(deep=False)
    for c in columns:
        out[c] = frame[c].cat.codes
    return out


def assert_frame_equal(left: pd.DataFrame, right: pd.DataFrame, **kwargs) -> None:
    """``pd.testing.assert_frame_equal(left, right, **kwargs)``, categorical columns by codes."""
    if (isinstance(left, pd.DataFrame) and isinstance(right, pd.DataFrame)
            and left.columns.is_unique and right.columns.is_unique):
        same = [c for c in left.columns
                if c in right.columns and isinstance(left[c].dtype, pd.CategoricalDtype)
                and left[c].dtype == right[c].dtype
                and list(left[c].dtype.categories) == list(right[c].dtype.categories)]
        if same:
            try:
                pd.testing.assert_frame_equal(_as_codes(left, same), _as_codes(right, same),
                                              **kwargs)
                return
            except AssertionError:
                pass  # pandas on the values below, for its message (slow, only on failure)
    pd.testing.assert_frame_equal(left, right, **kwargs)


def kept_measures(regs) -> pd.DataFrame:
    """The clean measure table ``meas`` of the registers in folder ``regs`` (the spells the
    panel build keeps: :func:`mia_helpers.panel.clean_registers` on the default window)."""
    import duckdb

    from mia_helpers.panel import PanelSpec, clean_registers

    con = duckdb.connect()
    try:
        clean_registers(con, regs, PanelSpec().window, exclusions=False)
        return con.execute("SELECT * FROM meas").df()
    finally:
        con.close()


def leaver_persons(cells: dict, birth_from: int, birth_span: int) -> pd.DataFrame:
    """A ``persons`` frame of residents: for each ``(origin, generation): (persons, leavers)``
    of ``cells``, ``persons`` rows of which the first ``leavers`` left school in quarter 40,
    sex, education and Dutch level alternating, birth years ``birth_from`` to
    ``birth_from + birth_span - 1`` in turn, ``person_id`` 0, 1, ... (the profile tests of
    prof24 and dpo27)."""
    import numpy as np

    rows, pid = [], 0
    for (origin, gen), (n, leavers) in cells.items():
        for i in range(n):
            rows.append(("resident", origin, gen, ["female", "male"][i % 2],
                         ["high", "low"][i % 3 == 0], ["good", "basic"][i % 4 == 0],
                         40.0 if i < leavers else np.nan, birth_from + i % birth_span, pid))
            pid += 1
    return pd.DataFrame(rows, columns=["sample", "origin", "generation", "sex", "education",
                                       "dutch_level", "school_leaving_quarter", "birth_year",
                                       "person_id"])


def ibo_inflows(cells: dict) -> pd.DataFrame:
    """First inflows into IBO, one per person, ``cells[origin:generation]`` persons each: the
    frame of :mod:`mia_helpers.competing`'s profile and composition tables (columns its cell
    key, person_id, outcome 1, outcome_label "ibo", u 0, origin, generation; attrs
    ``outcomes`` ["none", "ibo"])."""
    import numpy as np

    from mia_helpers import competing as cr

    key = np.repeat(list(cells), list(cells.values()))
    d = pd.DataFrame({cr.KEY: key, "person_id": np.arange(len(key)), "outcome": 1,
                      "outcome_label": "ibo", "u": 0})
    d["origin"] = d[cr.KEY].str.split(":").str[0]
    d["generation"] = d[cr.KEY].str.split(":").str[1]
    d.attrs["outcomes"] = ["none", "ibo"]
    return d


def one_point_estimate_rows(R: int = 20, share: float = 0.2, points: int = 1) -> pd.DataFrame:
    """R matched "now versus never" Monte Carlo rows per quarter 4-8 (as
    ``mia_helpers.montecarlo_newcomers`` writes them): every data set flagged (unsupported share
    ``share``, bounds) except ``points`` point estimates at quarter 4 (0: none); errors evenly
    spread over [-1, 1], intervals +-30 pp (every interval holds the truth). Appendix A at 20
    inburgering replications read the one-point case wrongly twice (seed 7707: "there"
    pointing at nothing; seed 4711: two brackets in a row), and at 8 with none (seed 7272)."""
    import numpy as np

    out = []
    for q in range(4, 9):
        err = np.linspace(-1, 1, R)
        sh = np.full(R, share)
        if q == 4:
            sh[:points] = 0.0  # the point estimates
        out.append(pd.DataFrame({
            "estimand": "now_vs_never", "estimator": "matched", "quarter_since_start": q,
            "replication": np.arange(R), "true_att_pp": 2.0, "att_pp": 2.0 + err,
            "ci_low": 2.0 + err - 30, "ci_high": 2.0 + err + 30, "unsupported_share": sh,
            "n_starters": 100, "n_matched": 50}))
    return pd.concat(out, ignore_index=True)
