"""rev48: the words of a link (odds or hazard ratio; log-odds or log-hazard scale) have one
home, :func:`mia_helpers.hazard.link_words`. fresh48 typed them in
:data:`mia_helpers.conclusions.LINK_WORDS`, while chapter 2 (``ratio_name = "odds ratio" if
link == "logit" else "hazard ratio"`` and a caption scale cut from it) and
:func:`mia_helpers.subgroups.sex_difference_sentence` (``"log-odds" if link == "logit" else
"log-hazard"``, so any other link read as log-hazard) each had a conditional of their own."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from mia_helpers import conclusions as cc
from mia_helpers import hazard as hz
from mia_helpers import subgroups as sg

ROOT = Path(__file__).resolve().parents[1]


def test_one_home():
    assert cc.LINK_WORDS is hz.LINK_WORDS
    for link in ("logit", "cloglog"):
        assert cc.link_words(link) == hz.link_words(link)
    assert hz.link_words("cloglog") == {"gap_ratio": "hazard ratio", "gap_scale": "log-hazard"}


def test_no_conditional_of_its_own():
    chapter = (ROOT / "notebooks" / "02_school_leaver_entry.md").read_text(encoding="utf-8")
    assert 'if link == "logit" else "hazard ratio"' not in chapter
    assert "hz.link_words(link)" in chapter
    source = (ROOT / "mia_helpers" / "subgroups.py").read_text(encoding="utf-8")
    assert '"log-odds" if link == "logit"' not in source


def test_the_sentence_refuses_another_link_naming_it():
    diffs = pd.DataFrame({"event": ["job"], "model": ["M0"], "mean": [-0.2], "ci_low": [-0.4],
                          "ci_high": [0.0], "n_cells": [3]})
    assert "log-hazard" in sg.sex_difference_sentence(diffs, 0.95, "M0", "cloglog")
    with pytest.raises(ValueError, match="link"):
        sg.sex_difference_sentence(diffs, 0.95, "M0", "probit")
