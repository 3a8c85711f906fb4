"""Chapter 2's KHB table by sex: a sex's zero in a small cell is not told apart from a small
count (dpo37). On sex36's panel (seed-free, hand-made: one Eastern EU intermediate school
leaver, a man; the pooled risk-set table shows the cell as ``<10``) the women's rows left the
cell out while the men's row showed ``<10``: the women had none, so the cell's few persons
were all men. A hidden zero printed ``x`` (the book's marker for a hidden count that is not
small) beside a ``<10`` of a cell known to be small says the same, since ``x`` can then only
be 0. The zero of a small group is now printed ``<10``, as a small count, and is audited in
``[0, min_cell - 1]``; the women's row is shown."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

from mia_helpers import disclosure
from mia_helpers import subgroups as sg

sys.path.insert(0, str(Path(__file__).parent))
from test_sex36_small_cell_sex import SMALL, small_cell_fit  # noqa: E402

MIN_CELL = 10


@pytest.fixture(scope="module")
def khb():
    _, by_sex = small_cell_fit()
    disclosure.reset_record()
    shown = sg.khb_display(sg.khb_table(by_sex, min_cell=MIN_CELL))
    return shown, disclosure.checking_record().set_index("output")


def test_both_sexes_of_a_small_cell_read_alike(khb):
    shown, rec = khb
    small = shown[shown["group"] == SMALL]
    assert len(small), shown
    for ev, rows in small.groupby("event"):
        assert set(rows["sex"]) == {"female", "male"}, (ev, rows)
        assert set(rows["n_persons"]) == {f"<{MIN_CELL}"}, (ev, rows)
    entry = rec.loc["KHB decomposition by sex"]
    assert entry["narrowed"] == [] and entry["status"] != "fail"


def test_a_hidden_zero_prints_as_a_small_count_and_is_audited_so():
    """Women and men of two cells of an origin of known total 34: cell A 0 women (a zero of
    a small group, A's 7 persons) and 7 men, cell B 12 and 15. The zero reads as the 7 does;
    the reader's interval of the zero, with the markers, reaches [0, 9] and no further."""
    t = pd.DataFrame({"cell": ["A", "A", "B", "B"], "n_persons": [0, 7, 12, 15]})
    z = disclosure.zeros_of_small_groups(t, ["n_persons"], [7.0, 7.0, 27.0, 27.0], MIN_CELL)
    p = disclosure.suppress(t, ["n_persons"], MIN_CELL, zeros=z, groups={"n_persons": []},
                            name="zero beside small")
    assert p.render()["n_persons"].tolist()[:2] == [f"<{MIN_CELL}"] * 2
    iv = disclosure.feasible_intervals(p, groups={"n_persons": []}, table=t)
    zero = iv[iv["value"] == 0].iloc[0]
    assert (zero["low"], zero["high"]) == (0, MIN_CELL - 1) and zero["protected"]


def test_the_feeder_tables_zero_starts_of_a_small_term_print_as_small_counts():
    """Chapter 5's feeder table (dpo36's stand-in model): a term of fewer than 10 persons
    with 0 first starts showed ``x`` beside its ``<10`` persons, which could only be 0; the
    linked steps kept the zero's mark, the re-built tables lost it."""
    from test_dpo36_feeder_zeros import _chapter_path
    from test_dpo36_feeder_zeros import _periods as feeder_periods

    steps = pd.DataFrame({"residence_ground": ["work", "family", "eu"],
                          "n_persons": [30, 120, 200]})
    out = _chapter_path(feeder_periods(), steps).render().set_index("term")
    for term in ("nt2_before", "origin[tiny]", "residence_ground[work]"):
        assert out.loc[term, "n_events"] == f"<{MIN_CELL}", (term, out.loc[term].to_dict())
