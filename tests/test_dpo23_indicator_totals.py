"""dpo23 (seed 2468, 2,500 residents, 400 newcomers, min_cell 11): chapter 1's indicator table
publishes the percentage of person-quarters with a stable-job start (3.10 %) and the register
overview the KSZ rows (111,353), so a reader knows the stable-definition table's stable starts
summed over the origins under the panel's definition within about +-6; a single hidden origin's
stable starts were that total less the published origins'. The stable-definition table now
hides more cells of that definition until the total narrows no hidden one
(:func:`mia_helpers.describe.known_total_hidden`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers import describe
from mia_helpers.disclosure import hide_more, suppress

MIN_CELL = 11


def _reader_interval(values, lo, hi, hidden, i):
    """The reader's bounds on hidden cell ``i`` from the column total and the other hidden
    cells' bounds (written apart from the package: total less published less the others)."""
    v, lo, hi, hidden = map(np.asarray, (values, lo, hi, hidden))
    rest = v.sum() - v[~hidden].sum()
    others = hidden.copy()
    others[i] = False
    return rest - hi[others].sum(), rest - lo[others].sum()


def test_a_hidden_cell_alone_is_the_total_less_the_others_and_gets_company():
    starts = np.array([2034.0, 254, 222, 30])
    persons = np.array([1118.0, 155, 143, 25])  # origin 3: 5 repeated starts, hidden
    jobs = np.array([3170.0, 399, 363, 60])
    hidden = np.array([False, False, False, True])
    lo = persons + hidden
    hi = np.where(hidden, persons + MIN_CELL - 1, jobs)
    # before: alone, the total gives it exactly
    assert _reader_interval(starts, lo, hi, hidden, 3) == (30, 30)
    out = describe.known_total_hidden(starts, lo, hi, hidden, MIN_CELL)
    assert out[3] and out.sum() >= 2
    low, high = _reader_interval(starts, lo, hi, out, 3)
    assert low <= persons[3] + 1 and high >= persons[3] + MIN_CELL - 1
    # every hidden cell keeps min_cell - 1 on each side (or its own bound)
    for i in np.flatnonzero(out):
        low, high = _reader_interval(starts, lo, hi, out, i)
        assert high >= min(hi[i], starts[i] + MIN_CELL - 1)
        assert low <= max(lo[i], starts[i] - MIN_CELL + 1)


def test_nothing_hidden_nothing_added():
    v = np.array([5.0, 50, 500])
    out = describe.known_total_hidden(v, v * 0, v * 2, np.zeros(3, bool), MIN_CELL)
    assert not out.any()


def test_stable_table_hides_a_second_origin_of_the_panel_definition_only():
    out = pd.DataFrame({
        "origin": ["a", "b", "c", "a", "b", "c"],
        "stable_quarters": [4, 4, 4, 8, 8, 8],
        "persons": [1371, 237, 194] * 2,
        "persons_with_stable_start": [1118, 155, 143, 855, 118, 94],
        "persons_changed": [0, 0, 0, 300, 40, 50],
        "stable_starts": [2034, 254, 148, 1141, 151, 113],
        "job_starts": [3170, 399, 363] * 2,
    })
    out["stable_share_of_job_starts_pct"] = (100 * out["stable_starts"] / out["job_starts"]).round(1)
    prot = suppress(out, count_cols=["persons", "persons_with_stable_start", "persons_changed"],
                    min_cell=MIN_CELL, name="test stable", record=False)
    few = ((out["stable_starts"] - out["persons_with_stable_start"]).between(1, MIN_CELL - 1)
           ).to_numpy()
    assert few.tolist() == [False, False, True, False, False, False]
    cols = ["stable_starts", "stable_share_of_job_starts_pct"]
    prot = hide_more(prot, dict.fromkeys(cols, few), "complement", "test repeats", MIN_CELL)
    res = describe._hide_against_indicator_totals(prot, out, few, "origin", {4}, MIN_CELL)
    first = res.data["stable_quarters"].eq(4).to_numpy()
    hidden = res.data["stable_starts"].isna().to_numpy()
    assert hidden[first].sum() >= 2  # the small one has company under definition 4
    assert not hidden[~first].any()  # definition 8's total is not published
    assert res.data.loc[hidden, "stable_share_of_job_starts_pct"].isna().all()
    assert (res.reason.loc[hidden & ~few, "stable_starts"] == "complement").all()
