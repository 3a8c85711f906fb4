"""seed40: chapters 5, 6 and Appendix A read on a second data set (seed 4711, 4,000
residents, 800 newcomers, min_cell 15; Appendix A with 20 replications of each Monte Carlo
study, 1,500 residents and 200 newcomers per measure data set, 1,500 newcomers per
inburgering data set, no bootstrap). The sentences that read wrong there, rebuilt from small
hand-made inputs with the claim functions that wrote them."""

from __future__ import annotations

import numpy as np
import pandas as pd
from frames import one_point_estimate_rows
from scipy import stats

from mia_helpers import claims
from mia_helpers import montecarlo_confirmation as mcc


def _rows(bias: float, R: int = 400, quarters=range(4, 9)) -> pd.DataFrame:
    """R data sets per quarter whose errors are ``bias`` plus the R normal scores (mean
    exactly ``bias``, SD about 1), intervals estimate +- 1.96 (coverage about 0.95)."""
    scores = stats.norm.ppf((np.arange(R) + 0.5) / R)
    out = []
    for q in quarters:
        est = 2.0 + bias + scores
        out.append(pd.DataFrame(dict(
            estimand="now_vs_later", estimator="matched", quarter_since_start=q, att_pp=est,
            true_att_pp=2.0, ci_low=est - 1.96, ci_high=est + 1.96, unsupported_share=0.0,
            replication=np.arange(R))))
    return pd.concat(out, ignore_index=True)


def _chance_case() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """A first study whose bias fails at quarter 6 (0.12 SD: 2.4 Monte Carlo SE at 400 data
    sets) and a calibrated confirmation: read "Monte Carlo chance" (as
    tests/test_montecarlo_confirmation.py's case)."""
    first = _rows(0.0)
    at = first["quarter_since_start"] == 6
    first.loc[at, ["att_pp", "ci_low", "ci_high"]] += 0.12
    conf = _rows(0.0)
    verdicts = mcc.confirmation_verdicts(first, conf)
    assert (verdicts.set_index("criterion").loc["bias", "reading"]) == "chance"
    return verdicts, first, conf


def test_a_first_study_on_other_seeds_is_not_called_shipped():
    # seed 4711 (Appendix A computed its own first study): "(shipped seeds: 0.900 to
    # 0.950). The "now versus later" bias fails on the shipped seeds only (quarters 4 and
    # 5)" and the table's "Shipped seeds: fails at (quarters)" | "Fails on the shipped study
    # only: Monte Carlo chance", of data sets no shipped result holds
    verdicts, first, conf = _chance_case()
    other = (4711, mcc.CONFIRMATION_STUDY["base_seed"])
    c = claims.confirmation_claims(verdicts, first, conf, other)
    assert "shipped seeds" not in c["a_conf_sentence"], c["a_conf_sentence"]
    assert "fails on the first study's seeds only (quarter 6)" in c["a_conf_sentence"], c
    table = claims.confirmation_table(verdicts, claims.first_study_seeds(other[0]))
    assert "First study's seeds: fails at (quarters)" in table.columns, table.columns
    assert not any("shipped" in str(x).lower() for x in table.columns), table.columns
    assert not table["Reading"].str.contains("shipped").any(), table["Reading"].tolist()
    assert "Fails on the first study only: Monte Carlo chance" in table["Reading"].tolist()
    # the book's own seeds keep their name: its first study is the shipped one (since the
    # switch, the kept record of base 2005 that the confirmation study confirms, not the
    # book's own inburgering study of base 2029)
    shipped = (mcc.CONFIRMED_STUDY["base_seed"], mcc.CONFIRMATION_STUDY["base_seed"])
    c = claims.confirmation_claims(verdicts, first, conf, shipped)
    assert "fails on the shipped seeds only (quarter 6)" in c["a_conf_sentence"], c
    assert claims.first_study_seeds(shipped[0]) == "shipped seeds"
    assert "Shipped seeds: fails at (quarters)" in claims.confirmation_table(verdicts).columns


def test_seeds_clause_does_not_set_the_run_s_own_base_seed_apart():
    # seed 4711 with the default confirmation seed 2007: "run again on 20 data sets of base
    # seed 2007, seeds other than the first study's (the seeds no choice of the estimator or
    # of this book had seen are those of the shipped confirmation, base seed 2007)", which
    # reads as if this run's base seed 2007 were another
    verdicts, first, conf = _chance_case()
    base = mcc.CONFIRMATION_STUDY["base_seed"]
    clause = claims.confirmation_claims(verdicts, first, conf, (4711, base))[
        "a_conf_seeds_clause"]
    assert clause.startswith("seeds other than the first study's"), clause
    assert "are those of the shipped confirmation" not in clause, clause
    assert f"base seed {base} is the shipped confirmation's" in clause, clause
    # another confirmation seed: the shipped confirmation's seeds are named as other ones
    clause = claims.confirmation_claims(verdicts, first, conf, (4711, 99))["a_conf_seeds_clause"]
    assert f"are those of the shipped confirmation, base seed {base}" in clause, clause


def test_bias_not_judged_reads_one_bracket():
    # seed 4711, 20 inburgering replications, "now versus never": 19 of 20 data sets bounds
    # at quarter 4 and all at 5-8; the appendix read "the bias cannot be judged where it is a
    # point estimate (quarter 4, in 1 of 20 data sets) (too few replications for a Monte
    # Carlo SE)", two brackets in a row
    from mia_helpers.montecarlo import summarise

    rows = one_point_estimate_rows()
    s = claims.inburgering_claims(summarise(rows), estimand="now_vs_never", prefix="mcnn",
                                  results=rows)["mcnn_sentence"]
    assert ") (" not in s, s
    assert s.startswith("the bias cannot be judged where it is a point estimate (quarter 4, in "
                        "1 of 20 data sets: too few replications for a Monte Carlo SE)"), s


def test_no_sentence_opens_with_a_lower_case_name():
    # seed 4711, chapter 5: "... rest on them all the same. eff.support() lists every case in
    # its not_identified column; ..." and "comparison_support lists every case ...",
    # Appendix A "result.support() lists ...": since prose39 these names are plain text
    # (no code span), so a sentence opened in lower case
    import re

    support = pd.DataFrame({
        "measure": ["inburgering"] * 2 + ["nt2"] * 2, "risk_set": [0, 1, 0, 1],
        "score_model": ["risk set", "pooled", "risk set", "risk set"],
        "not_identified": ["term 'x' has only treated where it is 1", None, None, ""]})
    texts = [claims.unidentified_logits_sentence(support, "quarter since arrival",
                                                 "the estimation cell above", "step", "eff"),
             claims.unidentified_logits_sentence(support.assign(
                 measure=["workplace_learning_ibo"] * 4)),
             claims.support_warnings_sentence(
                 {"newcomers": support, "residents": support}, "the comparison cell above",
                 "comparison_support")]
    for s in texts:
        assert s[:1].isupper(), s
        assert not re.search(r"[.;:] (eff|result|comparison_support)\b", s), s
        assert not re.search(r"\. [a-z]", s), s
    assert "the not_identified column of eff.support();" in texts[0], texts[0]
    assert "the not_identified column of comparison_support;" in texts[2], texts[2]


def test_few_kept_reference_says_where_the_shares_are_given():
    # seed 4711, chapter 5: "for NT2 (Dutch course), the matched curve speaks for fewer of its
    # starters than the naive one (the share of its starters without a statistical twin, and
    # the rule that judges it, follow with the truth)": the shares are given in the next
    # paragraph, beside the truth, not derived from it; the clause says so
    scope = claims.ScopeShares({"nt2": 37.9})
    one = claims.few_kept_naive_clause(scope, published=scope, form="shares_follow")
    assert "follow with the truth" not in one, one
    assert ("(the share of its starters without a statistical twin, and the rule that judges "
            "it, are given below, with the truth)") in one, one
    two = claims.few_kept_naive_clause(claims.ScopeShares({"inburgering": 84.5, "mo": 92.8}),
                                       form="shares_follow")
    assert ("(the shares of their starters without a statistical twin, and the rule that "
            "judges them, are given below, with the truth)") in two, two


def test_all_estimated_sentences_name_the_parameter_plainly():
    # seed 4711, chapter 5: "Every step of the parameter treatments was estimated." and "Every
    # measure of the parameter measures was estimated ...": since prose39 the parameter's
    # name is plain text, and "measure of the parameter measures" read as a measure of a
    # measure
    measures = ["workplace_learning_ibo", "training_vocational"]
    s = claims.measure_skipped_sentence(measures, {"newcomer": {}, "resident": {}}, 0.2)
    assert s.startswith("Every measure named in the parameter measures was estimated"), s
    support = pd.DataFrame({"measure": ["inburgering", "nt2"], "n_treated": [100, 100],
                            "n_pool": [90, 700], "n_matched": [80, 90], "n_dropped": [20, 10],
                            "dropped_pct": [20.0, 10.0]})
    c = claims.newcomer_step_claims(["inburgering", "nt2"], {}, 0.2, support)
    assert c["nc_skipped_sentence"] == "Every step named in the parameter treatments was estimated."
