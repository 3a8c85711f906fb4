"""The docs of the rule on few effective twins against its behaviour (user43): below 10
effective twins the package keeps ``att_pp`` (the treated share minus the twins'
Kaplan-Meier) beside ``point_identified`` False, and the threshold is the fixed
``effects.MIN_CONTROL_PERSONS``. book/api.md said "below 10 there is no point estimate" and
the glossary and Appendix D "below 10 (the default ``min_cell``)", which a reader took for
an empty ``att_pp`` and a threshold that follows ``min_cell``."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def test_att_is_kept_where_too_few_effective_twins():
    from drawn_designs import risk_set_design

    from mia_helpers.effects import MIN_CONTROL_PERSONS, effect_curves

    ea, oa = risk_set_design(np.random.default_rng(0), 200, 4, start_periods=2,
                             start_intercept=-1.5, reg_until=3, with_pairs=True)
    c = effect_curves(ea, oa, ("now_vs_never",), interval="linearized",
                      min_persons=1e9)[("now_vs_never", "matched")]  # every horizon
    few = np.isfinite(c["unsupported"]) & ~(c["unsupported"] > 0)
    assert few.any() and not c["point_identified"][few].any()
    assert np.isfinite(c["att"][few]).all()  # kept: the docs must say so
    assert MIN_CONTROL_PERSONS == 10


def _passage(page: str, anchor: str, chars: int = 1200) -> str:
    text = (ROOT / "book" / page).read_text(encoding="utf-8")
    at = text.index(anchor)
    return re.sub(r"\s+", " ", text[at:at + chars])


def test_docs_say_att_is_kept_and_the_threshold_is_fixed():
    for page, anchor in (("api.md", "the table also gives `effective_controls`"),
                         ("glossary.md", "\neffective twins\n"),
                         ("design.md", "Nor is a point estimate given")):
        s = _passage(page, anchor)
        assert "`att_pp`" in s, (page, s)
        assert "MIN_CONTROL_PERSONS" in s, (page, s)
        assert re.search(r"not follow(ing)? (a chapter's|that parameter)", s), (page, s)
    assert "`min_persons`" in _passage("api.md", "the table also gives `effective_controls`")
