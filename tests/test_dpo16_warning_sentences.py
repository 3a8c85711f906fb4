"""Chapter 5's comparison of VDAB measures and its obligated-grounds exercise print
``NotIdentifiedWarning`` lines on propensity logits (seed 2005, 3,000 residents, 1,500
newcomers, min_cell 20: IBO, vocational training and other workplace learning, for newcomers
and residents; the exercise's inburgering logits and its pooled logit) that no sentence
explained (DPO review 16). ``claims.support_warnings_sentence`` words them from the support
frames that ``stepwise.measure_comparison_skipping`` and ``stepwise.obligated_exercise_effects``
now hand back (``support=``), as chapter 4's and 5's effects cells do with
``claims.unidentified_logits_sentence``.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pandas as pd
import pytest

from mia_helpers import claims

LEAK = re.compile(r"\b(nan|NaN|None|none|inf)\b")
MEASURES = ["workplace_learning_ibo", "training_vocational", "workplace_learning_other"]


def _support(measure: str, hits: int, total: int, pooled: int = 0) -> pd.DataFrame:
    """A support frame of ``total`` own logits (``hits`` with a term not identified, the
    warning's text with row counts) and ``pooled`` risk sets scored by the pooled logit."""
    text = ["term 'dutch_level[none]' has no treated where it is 1 (0 treated in 59 rows)"] * hits
    return pd.DataFrame({
        "measure": measure, "risk_set": range(total + pooled),
        "not_identified": text + [None] * (total - hits) + [None] * pooled,
        "score_model": ["risk set"] * total + ["pooled"] * pooled})


def test_two_populations_are_counted_and_named():
    supports = {"newcomers": pd.concat([_support(MEASURES[0], 1, 13), _support(MEASURES[1], 5, 13)]),
                "residents": _support(MEASURES[2], 4, 13)}
    s = claims.support_warnings_sentence(supports, "the comparison cell above",
                                         "comparison_support")
    assert s.startswith("The warnings printed under the comparison cell above concern "
                        "propensity logits (one per measure, population and duration): 6 of the "
                        "26 for newcomers (IBO and "), s
    assert "and 4 of the 13 for residents (Other workplace learning). In each, some level" in s
    assert "listed in the not_identified column of comparison_support;" in s
    assert "estimates shown rest on them" in s
    assert not re.search(r"\b59\b", s)  # the column's row counts are not published
    assert not LEAK.search(s), s


def test_pooled_risk_sets_are_not_counted_as_logits_of_their_own():
    s = claims.support_warnings_sentence({"": _support("inburgering", 3, 9, pooled=3)},
                                         "the cell above", "ob_support",
                                         "quarter since arrival", "step")
    assert "concern 3 of the 9 propensity logits (one per step and quarter since arrival)" in s
    assert "Three risk sets with too few starters for a logit of their own were scored by one " \
        "pooled logit" in s
    # chapters 4 and 5's effects sentence words pooled risk sets alike
    t = claims.unidentified_logits_sentence(_support("mo", 0, 5, pooled=1), "quarter since "
                                            "arrival", "the estimation cell above", "step", "eff")
    assert t.startswith("Every propensity logit of a single risk set (one per step and quarter "
                        "since arrival) has "
                        "starters and controls at every level of its terms. One risk set with "
                        "too few starters for a logit of its own was scored"), t
    assert claims.support_warnings_sentence({}, "the cell above", "ob_support") == ""
    with pytest.raises(ValueError, match="not_identified"):
        claims.support_warnings_sentence({"x": pd.DataFrame({"measure": ["a"]})}, "c", "l")


def test_measure_comparison_hands_back_each_populations_support(monkeypatch):
    from mia_helpers import effects, newcomers  # noqa: F401  (bound before the patch)
    from mia_helpers.stepwise import measure_comparison_skipping

    def engine(data, specs, caliper=0.2, **kwargs):
        rows = [dict(measure=m, estimator="matched", estimand="now_vs_later",
                     quarter_since_start=q, att_pp=2.0, att_rel=0.1, ci_low=0.0, ci_high=4.0,
                     n_treated=60) for m in specs for q in (4, 5, 8)]
        matches = {m: SimpleNamespace(support=_support(m, 1, 4).drop(columns="measure").assign(
            n_matched=80)) for m in specs}
        return effects.EffectsResult(pd.DataFrame(rows), matches, {})

    monkeypatch.setattr(effects, "activation_effects", engine)
    support: dict = {}
    measure_comparison_skipping("newcomer", "resident", MEASURES, None, (4, 5, 8),
                                "now_vs_later", 10, support=support)
    assert list(support) == ["newcomers", "residents"]
    assert set(support["residents"]["measure"]) == set(MEASURES)
    s = claims.support_warnings_sentence(support, "the comparison cell above",
                                         "comparison_support")
    assert "3 of the 12 for newcomers" in s and "3 of the 12 for residents" in s


def test_obligated_exercise_hands_back_its_support(monkeypatch):
    from mia_helpers import newcomers as nc
    from mia_helpers import stepwise

    monkeypatch.setattr(nc, "newcomer_panel", lambda panel, quarters, grounds: "sub")
    res = SimpleNamespace(tidy=pd.DataFrame({"x": [1]}),
                          support=lambda: _support("inburgering", 2, 7))
    monkeypatch.setattr(stepwise, "effects_skipping", lambda *a, **k: (res, {}))
    support: dict = {}
    sub, full, grounds, why = stepwise.obligated_exercise_effects(
        "panel", "full", ["inburgering"], None, None, support=support, k=1)
    assert why == "" and list(support) == [""]
    assert "concern 2 of the 7 propensity logits" in claims.support_warnings_sentence(
        support, "the cell above", "ob_support", "quarter since arrival", "step")


def test_chapter_five_glues_the_sentences_where_the_warnings_appear():
    from pathlib import Path

    src = (Path(__file__).parents[1] / "notebooks" / "05_newcomer_integration.md").read_text()
    for name, call in (("nc_measures_unidentified_sentence", "support=comparison_support"),
                       ("ex-ob-warnings", "support=ob_support")):
        assert call in src and f"{{glue:text}}`{name}`" in src, name


def test_ipcw_warnings_are_explained_by_the_estimand_drawn():
    """Chapter 5's effects cell also prints warnings on the "IPCW logit" (seed 2005, 3,000
    residents, 1,500 newcomers: quarter and Dutch-level terms without later starts), which the
    propensity-logit sentence did not cover."""
    printed = ["IPCW logit: term 'quarter[3]' has no later starts where it is 1"]
    later = claims.ipcw_warnings_sentence(printed, "now_vs_later")
    assert "only that estimand uses it" in later
    assert "drawn here are \"now versus later\", which uses neither these weights" in later
    assert claims.ipcw_warnings_sentence(printed, "now_vs_never").endswith(
        "the curves and tables drawn here use those weights.")
    # no IPCW warning printed (e.g. "now versus never" not estimated): nothing to explain
    assert claims.ipcw_warnings_sentence(["'x' propensity logits: ..."], "now_vs_later") == ""
    with pytest.raises(ValueError, match="estimand must be one of"):
        claims.ipcw_warnings_sentence(printed, "now_vs_ever")
    for t in (later, claims.ipcw_warnings_sentence(printed, "now_vs_never")):
        assert not LEAK.search(t), t
    from pathlib import Path

    src = (Path(__file__).parents[1] / "notebooks" / "05_newcomer_integration.md").read_text()
    assert "{glue:text}`nc_ipcw_sentence`" in src and "ipcw_warnings_sentence(" in src
