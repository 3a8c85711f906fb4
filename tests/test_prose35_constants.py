"""prose35: constants the prose states are glued from the package, not typed."""

from __future__ import annotations

import re
from pathlib import Path

from mia_helpers.heart import DAYS_PER_MONTH

ROOT = Path(__file__).resolve().parent.parent


def test_days_per_month_is_a_julian_year_over_twelve():
    # source: the Julian year of 365.25 days (IAU), as the heart data's year of acceptance uses
    assert DAYS_PER_MONTH == 365.25 / 12
    assert f"{DAYS_PER_MONTH:.2f}" == "30.44"


def test_appendix_c_states_the_month_from_the_constant():
    text = (ROOT / "notebooks" / "C_heart_transplant.md").read_text()
    assert "{glue:text}`days_per_month:.2f`" in text
    assert not re.search(r"30\.4\d*", text)


def test_proxy_table_keeps_its_label_on_a_real_extract():
    # chapter 3 references tbl-inflow-proxy in its prose: the reference must resolve also when
    # there are no true types (recovery None), and the crosstab shows its counts
    import pandas as pd

    from mia_helpers.typology import recovery_table_markdown

    real = recovery_table_markdown(None, min_cell=10).data
    assert ":name: tbl-inflow-proxy" in real and "no true ideal types" in real
    ct = pd.DataFrame({"self_reliant": [120.0, float("nan")], "less_self_reliant": [30.0, 45.0]},
                      index=["autonomous", "needs_both"])
    md = recovery_table_markdown({"crosstab": ct}, min_cell=10).data
    assert ":name: tbl-inflow-proxy" in md and "120" in md and "fewer than 10 spells" in md


def test_chapter_3_references_the_proxy_table():
    text = (ROOT / "notebooks" / "03_activation_inflow.md").read_text()
    assert "{numref}`tbl-inflow-proxy`" in text
