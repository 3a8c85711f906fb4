"""Chapter 3's table of relative risk ratios by origin x generation cell against the
composition table (DPO review 18).

The composition table publishes, per measure, the share of its first inflows (spells) of each
origin, and the counts table the measure's spells: their product is the origin's spells, at
least its persons. The RRR table publishes the persons of each origin x generation cell, so
an origin's spells less its published cells bound the sum of its hidden cells from above.
Run before the fix (seed 7, 2,000 residents, 1,000 newcomers, min_cell 20): Sub-Saharan
origin held 10.4 % of vocational training's 309 spells, 32; its first generation showed 20
persons, so its intermediate and second generations, both "<20", held at most 12 persons
together (at least 2).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mia_helpers import codes
from mia_helpers import competing as cr
from mia_helpers.disclosure import suppress

MIN_CELL = 20
ROOT = Path(__file__).resolve().parents[1]


def _table(counts: dict[str, int], default: int = 30) -> pd.DataFrame:
    """A :func:`mia_helpers.competing.cell_rrr_table` of one outcome: ``counts`` persons of
    the named cells, ``default`` of every other foreign origin x generation cell."""
    rows = [{cr.KEY: f"{o}:{g}", "outcome": "training_vocational", "estimate": 0.1, "se": 0.2,
             "exp_estimate": 1.1, "exp_ci_low": 0.8, "exp_ci_high": 1.5, "identified": True,
             "n_persons": counts.get(f"{o}:{g}", default), "df_resid": 5000}
            for o in codes.ORIGINS if o != "belgian"
            for g in ("first", "intermediate", "second")]
    return pd.DataFrame(rows)


def _reader_bounds(table: pd.DataFrame, shown: pd.Series, min_cell: int) -> list[tuple]:
    """The reader of the composition table: per origin, its persons (at most its spells; the
    best case for the reader, spells = persons) less its published cells bound the sum of its
    hidden cells. An origin with fewer than ``min_cell`` persons is left out: the composition
    table hides its share (and spells, at least persons, were the reader's total).
    Returns (origin, upper bound) where that bound is below ``min_cell``."""
    origin = table[cr.KEY].str.split(":").str[0]
    out = []
    for o, idx in table.groupby(origin).groups.items():
        total = int(table.loc[idx, "n_persons"].sum())
        pub = pd.to_numeric(shown.loc[idx], errors="coerce")
        if total >= min_cell and pub.isna().any() and total - int(pub.fillna(0).sum()) < min_cell:
            out.append((o, total - int(pub.fillna(0).sum())))
    return out


def test_the_leak_before_the_fix():
    """The old per-cell suppression leaves Sub-Saharan's two hidden cells at most 9 together."""
    t = _table({"subsaharan:first": 20, "subsaharan:intermediate": 5, "subsaharan:second": 4})
    old = suppress(t, count_cols=["n_persons"], dof="df_resid",
                   value_cols=["exp_estimate", "exp_ci_low", "exp_ci_high", "estimate", "se"], min_cell=MIN_CELL,
                   record=False)
    assert _reader_bounds(t, old.render()["n_persons"], MIN_CELL) == [("subsaharan", 9)]


@pytest.mark.filterwarnings("ignore:table .inflow cell rrr.:UserWarning")  # the audit's own verdict
@pytest.mark.parametrize("seed", range(40))
def test_no_origin_bounds_its_hidden_cells_below_min_cell(seed):
    """Random tables: after :func:`suppress_cell_rrr`, no origin's known total less its
    published cells is below ``min_cell`` where a cell of it is hidden."""
    rng = np.random.default_rng(seed)
    t = _table({})
    t["n_persons"] = rng.choice([0, 1, 3, 8, 15, 19, 20, 25, 40], size=len(t))
    prot = cr.suppress_cell_rrr(t, MIN_CELL)
    shown = prot.render()["n_persons"]
    assert _reader_bounds(t, shown, MIN_CELL) == []
    assert list(prot.data.columns) == list(t.columns)  # no helper column left over
    small = (t["n_persons"] > 0) & (t["n_persons"] < MIN_CELL)
    assert not pd.to_numeric(shown[small], errors="coerce").notna().any()


def test_chapter_3_uses_it():
    """The chapter's table and heatmap come from :func:`suppress_cell_rrr`."""
    text = (ROOT / "notebooks" / "03_activation_inflow.md").read_text()
    assert "rrr = cr.suppress_cell_rrr(cr.cell_rrr_table(" in text


def _composition(table: pd.DataFrame, hidden_origins: set[str]):
    """A protected :func:`mia_helpers.competing.profile_table` stand-in: the origin shares of
    the table's outcome, hidden for ``hidden_origins``."""
    from mia_helpers.disclosure import Protected

    origins = sorted(set(table[cr.KEY].str.split(":").str[0]))
    data = pd.DataFrame({"outcome": "training_vocational", "variable": "origin",
                         "value": origins, "share": 10.0})
    reason = pd.DataFrame("", index=data.index, columns=data.columns)
    reason.loc[data["value"].isin(hidden_origins), "share"] = "complement"
    return Protected(data, reason, [], MIN_CELL, "composition")


def test_an_origin_the_composition_hides_is_no_group():
    """Where the composition table hides the origin's share (seed 7, 800 residents, 400
    newcomers, min_cell 10: application assignment's Sub-Saharan origin, its cells 10, 0 and
    1 persons) the reader knows no total, and the cells are protected one by one (declared
    known, 10 hidden beside 1 with a total of 11 failed the audit)."""
    t = _table({"subsaharan:first": 25, "subsaharan:intermediate": 0, "subsaharan:second": 1})
    hidden = cr.suppress_cell_rrr(t, MIN_CELL, _composition(t, {"subsaharan"})).render()
    known = cr.suppress_cell_rrr(t, MIN_CELL, _composition(t, set())).render()
    first = t[cr.KEY] == "subsaharan:first"
    assert hidden.loc[first, "n_persons"].item() == 25  # no known total: shown
    assert known.loc[first, "n_persons"].item() == "x"  # known total 26: hidden
