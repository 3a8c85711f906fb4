"""seed34: chapter 1's stable-definition table rebuilt its panels over the default window
(2005Q1-2016Q4) whatever window the chapter ran with, so on a window from 2007Q1 it counted
the job starts of other quarters than the panel the chapter reads. The reference here is
that panel itself: with the shorter definition the table's job starts and stable starts per
origin are the panel's own sums (both are counts of the same person-quarter flags)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from mia_helpers import describe
from mia_helpers.quarters import Window

SHIFTED = Window.from_labels("2007Q1", "2018Q4")


@pytest.fixture(scope="module")
def shifted_data(tmp_path_factory) -> Path:
    """Registers of seed 34 (1,500 residents, 750 newcomers) over 2007Q1-2018Q4, and their
    panel over that window with stable_quarters 4."""
    from mia_helpers.panel import PanelSpec, build_panel
    from mia_helpers.synthetic import generate

    out = tmp_path_factory.mktemp("seed34") / "data"
    generate(out, seed=34, residents=1500, newcomers=750, window=SHIFTED, truth=False)
    build_panel(out, PanelSpec(stable_quarters=4, window=SHIFTED))
    return out


def _panel_sums(data: Path) -> pd.DataFrame:
    from mia_helpers.panel import load_panel

    p = load_panel(data)
    assert p["quarter"].min() >= SHIFTED.start and p["quarter"].max() > Window().end
    return (p.groupby(p["origin"].astype(str), observed=True)[["job_start", "stable_job_start"]]
            .sum().astype(int))


@pytest.mark.parametrize("window", [("2007Q1", "2018Q4"), SHIFTED, None])
def test_stable_definitions_are_counted_over_the_chapters_window(shifted_data, window):
    expected = _panel_sums(shifted_data)
    kw = {} if window is None else {"window": window}  # None: the panel's own window
    table = describe.stable_definition_comparison(shifted_data, (4, 8), min_cell=1, **kw).data
    short = table[table["stable_quarters"] == 4].set_index("origin")
    got = short[["job_starts", "stable_starts"]].astype(int).reindex(expected.index)
    assert got["job_starts"].tolist() == expected["job_start"].tolist()
    assert got["stable_starts"].tolist() == expected["stable_job_start"].tolist()


def test_a_window_of_another_kind_is_refused_with_its_remedy(shifted_data):
    with pytest.raises(ValueError, match="pair of quarter labels"):
        describe.stable_definition_comparison(shifted_data, (4, 8), window="2007Q1")


def test_chapter_1_passes_its_window():
    text = (Path(__file__).resolve().parents[1] / "notebooks"
            / "01_panel_construction.md").read_text()
    call = text.split("describe.stable_definition_comparison(data,", 1)[1].split("glue(", 1)[0]
    assert "window=(window_start, window_end)" in call
