"""tidy48: chapter 5's naive sentence said a step hidden by the summary table's "starts by few
persons" rule (:func:`mia_helpers.effect_tables.few_persons`) was hidden by "the summary
table ... (disclosure control)", although :func:`mia_helpers.claims.hidden_step_reasons`
detects that rule; the sentence now names it, in the words of ``claims._hidden_words``.
A step the summary hides by another rule (no reason the reasons know) keeps the general
clause. Hand-made effect rows (app47's pattern); exact wording, no tolerance."""

from __future__ import annotations

import numpy as np
import pandas as pd
from newcomer_claims_inputs import newcomer_inputs

from mia_helpers import claims

QUARTERS = [4, 5, 8]


def _tidy() -> pd.DataFrame:
    """Inburgering, MO and NT2 on 900 starters each; MO's 900 starts at 5 quarters are made
    by 12 distinct persons."""
    rows = []
    for step, naive, matched in (("inburgering", -1.1, 2.0), ("mo", 0.5, 1.0),
                                 ("nt2", -3.3, 1.1)):
        for q in QUARTERS:
            persons = 12 if (step, q) == ("mo", 5) else 800
            for est, v in (("naive", naive), ("matched", matched)):
                rows.append(dict(measure=step, estimand="now_vs_later", estimator=est,
                                 quarter_since_start=q, att_pp=v, ci_low=v - 9, ci_high=v + 9,
                                 se=2.0, n_treated=900, treated_persons=persons,
                                 treated_outcome=0.3, control_outcome=0.3, true_att_pp=2.0,
                                 point_identified=True))
    return pd.DataFrame(rows)


def _summary(hidden: list[tuple[str, int]]) -> pd.DataFrame:
    s = pd.DataFrame([dict(measure=m, estimand="now_vs_later", quarter_since_start=q,
                           matched_pp=1.0, ci_low=-8.0, ci_high=10.0, matched_rel_pct=np.nan)
                      for m in ("inburgering", "mo", "nt2") for q in QUARTERS])
    for m, q in hidden:
        s.loc[(s["measure"] == m) & (s["quarter_since_start"] == q),
              ["matched_pp", "ci_low", "ci_high"]] = np.nan
    return s


def test_reason_of_the_persons_rule_is_detected():
    why = claims.hidden_step_reasons(_tidy(), "now_vs_later", QUARTERS, ["mo"], 20)
    assert why == {"mo": (("persons",), ())}


def test_naive_sentence_names_the_persons_rule():
    steps, feeder, comp = newcomer_inputs()
    c = claims.newcomer_claims(_tidy(), steps, feeder, comp, "now_vs_later", min_cell=20,
                               summary=_summary([("mo", 5)]))
    s = c["nc_naive_sentence"]
    assert ("; MO (social orientation) rests at some of those quarters on starts by fewer "
            "than 20 persons and is not described") in s, s
    assert "disclosure control" not in s, s


def test_another_rule_of_the_summary_keeps_the_general_clause():
    """NT2 hidden at 8 quarters by the summary for no reason the counts of its rows show."""
    steps, feeder, comp = newcomer_inputs()
    c = claims.newcomer_claims(_tidy(), steps, feeder, comp, "now_vs_later", min_cell=20,
                               summary=_summary([("mo", 5), ("nt2", 8)]))
    s = c["nc_naive_sentence"]
    assert "starts by fewer than 20 persons" in s, s
    assert ("NT2 (Dutch course) has an effect that the summary table hides at "
            "one of those quarters (disclosure control)") in s, s
