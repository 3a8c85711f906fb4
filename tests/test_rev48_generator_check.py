"""rev48: chapter 3's generator check (the spells of school leavers and newcomers, fitted
with the generator's own covariates) is one package function,
:func:`mia_helpers.competing.fit_generator_check`; the chapter selected and fitted these
spells in two cells of its own (the check and the types exercise's other grouping)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from mia_helpers import competing as C
from mia_helpers.data import ensure_data
from mia_helpers.panel import load_panel

CHAPTER = Path(__file__).resolve().parents[1] / "notebooks" / "03_activation_inflow.md"


@pytest.fixture(scope="module")
def cd():
    return C.competing_data(load_panel(ensure_data(seed=2005, residents=3000,
                                                   newcomers=1500)))


def test_the_check_is_the_chapters_selection_and_fit(cd):
    fresh, fit = C.fit_generator_check(cd)
    keep = (cd["school_leaving_quarter"].notna() | (cd["sample"] == "newcomer")).to_numpy()
    assert len(fresh) == int(keep.sum()) and len(fresh) < len(cd)
    assert fresh.attrs == cd.attrs
    sub = cd[keep]
    sub.attrs = cd.attrs
    ref = C.fit_inflow(sub, ("duration", "low_link", "self_reliance", "newcomer")).tidy()
    got = fit.tidy()
    assert list(got["term"]) == list(ref["term"])
    np.testing.assert_allclose(got["estimate"], ref["estimate"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(got["se"], ref["se"], rtol=0, atol=1e-12)


@pytest.mark.parametrize("column", ["school_leaving_quarter", "sample"])
def test_a_missing_column_is_named(cd, column):
    with pytest.raises(ValueError, match=column):
        C.fit_generator_check(cd.drop(columns=column))


def test_the_chapter_selects_the_spells_once_through_the_package():
    text = CHAPTER.read_text(encoding="utf-8")
    assert 'school_leaving_quarter"].notna()' not in text
    assert text.count("cr.fit_generator_check(") == 2
