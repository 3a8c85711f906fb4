"""Appendix A's words on automatic vacancy referral come from the generator's parameters.

teach31: the appendix said "automatic vacancy referral, whose own effect on job entry is zero
in the generator" as static text, whatever ``measures.vacancy_referral_automatic.gain`` (the
``config`` of ``truth/parameters.json``) the generator was given.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mia_helpers import claims
from mia_helpers.synthetic.config import GeneratorConfig

REF = "vacancy_referral_automatic"


def test_default_generator_gives_no_own_effect():
    cfg = GeneratorConfig().to_dict()
    assert cfg["measures"][REF]["gain"] == 0 and cfg["measures"][REF]["lockin"] == 0
    s = claims.montecarlo_referral_clause()
    assert s.startswith(", whose own effect on job entry is zero in the generator;"), s
    assert s == claims.montecarlo_referral_clause(cfg)


def test_a_generator_with_a_gain_is_said_so():
    cfg = GeneratorConfig().to_dict()
    cfg["measures"][REF]["gain"] = 0.3
    s = claims.montecarlo_referral_clause(cfg)
    assert "zero" not in s, s
    assert "by +0.30 in the 8 quarters after it ends" in s, s


def test_a_missing_parameter_is_named():
    cfg = GeneratorConfig().to_dict()
    del cfg["measures"][REF]["gain"]
    with pytest.raises(ValueError, match="measures.vacancy_referral_automatic.gain"):
        claims.montecarlo_referral_clause(cfg)


def test_appendix_glues_it():
    text = (Path(__file__).parents[1] / "notebooks" / "A_matching_method.md").read_text()
    assert "zero in the generator" not in text
    assert "referral{glue:text}`a_referral_own_effect`)" in text
    assert '"a_referral_own_effect": claims.montecarlo_referral_clause()' in text
