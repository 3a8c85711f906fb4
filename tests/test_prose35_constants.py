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
