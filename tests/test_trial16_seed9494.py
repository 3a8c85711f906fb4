"""What a new user met on a second seed (``-p seed 9494``, every other parameter at its
default; chapters 2, 3 and 5 also with ``-p window_start 2006Q1 -p window_end 2014Q4``): each
test holds the published numbers that showed a sentence false, or a printed warning that no
sentence explained."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd

from mia_helpers import claims
from mia_helpers import competing as cr

LEAK = re.compile(r"\b(nan|NaN|None|none|inf)\b|-0\.0\b")


def test_gap_range_prints_no_negative_zero():
    """Seed 9494, chapter 3: "its adjusted gaps run from -0.0 to 3.3" (Eastern EU first
    generation, basic training: adjusted gap -0.02 pp; the table prints -0.02)."""
    gaps = pd.DataFrame({"raw": [8.67, 7.26, 9.32, 10.95], "adj": [1.24, -0.02, 1.50, 3.30]})
    s = claims.gap_range_sentence(gaps, "first")
    # the table prints 10.95, which a reader rounds to 11.0 (trial 23: the text reads the
    # table's printed value, claims.gap_range_sentence)
    assert s == ("the first generation's raw gaps run from 7.3 to 11.0 points and its adjusted "
                 "gaps run from 0.0 to 3.3"), s
    one = claims.gap_range_sentence(gaps.iloc[[1]], "first")
    assert one.endswith("raw gap is 7.3 points and its adjusted gap 0.0"), one
    # a negative value that prints as one keeps its sign
    assert claims.gap_range_sentence(gaps.assign(adj=[-0.06, 0.1, 0.2, 0.3]), "first").endswith(
        "adjusted gaps run from -0.1 to 0.3")
    assert claims.fixed(-0.04) == "0.0" and claims.fixed(-0.05, 2) == "-0.05"
    assert claims.fixed(-0.004, 2) == "0.00" and claims.fixed(0.0) == "0.0"
    for t in (s, one):
        assert not LEAK.search(t), t


def _ibo_tidy(high5: float, truth5: float) -> pd.DataFrame:
    """Chapter 4's matched IBO and Basic training rows at quarters 4 and 5 (seed 9494)."""
    rows = [("training_basic", 4, 1.931, -0.121, 3.984, -0.223),
            ("training_basic", 5, 1.363, -0.785, 3.510, 0.277),
            ("workplace_learning_ibo", 4, 6.770, 4.716, 8.824, 8.354),
            ("workplace_learning_ibo", 5, 7.465, 5.353, high5, truth5)]
    return pd.DataFrame(rows, columns=["measure", "quarter_since_start", "att_pp", "ci_low",
                                       "ci_high", "true_att_pp"])


def test_band_miss_hidden_by_the_tables_rounding_is_said():
    """Seed 9494, chapter 4: "the truth lies outside the matched band in 2 of 45
    measure-horizons from 4 to 8 quarters (Basic training and IBO)", while the summary table
    printed IBO at 5 quarters as "7.5 [5.4, 9.6]" beside a truth of "9.6" (upper bound 9.576,
    truth 9.594): the reader could not find IBO's miss."""
    d = _ibo_tidy(9.575648, 9.594096)
    miss = claims.truth_outside_band(d.assign(estimand="now_vs_later", estimator="matched"),
                                     "now_vs_later", [4, 5])
    assert list(miss["measure"]) == ["training_basic", "workplace_learning_ibo"]
    s = claims.hidden_misses_clause(miss)
    assert s == ("; rounded to the one decimal the tables print, truth and bound look equal "
                 "for IBO at 5 quarters (truth 9.59, upper bound 9.58)"), s
    # a miss that shows at one decimal needs no clause; a closer one takes more decimals
    assert claims.hidden_misses_clause(miss.iloc[[0]]) == ""
    close = claims.hidden_misses_clause(pd.DataFrame(
        [("training_basic", 8, 1.0, 1.5034, 3.0, 1.5031)], columns=miss.columns))
    assert close.endswith("Basic training at 8 quarters (truth 1.5031, lower bound 1.5034)"), close
    assert claims.hidden_misses_clause(miss.iloc[0:0]) == ""
    assert not LEAK.search(s), s


def test_band_sentence_of_effects_claims_carries_the_hidden_miss():
    """The clause reaches chapter 4's glued sentence: IBO's truth at quarter 6 lies 0.02 above
    its band's upper bound, both printing as 5.0."""
    rows = []
    for q in range(1, 9):
        high = 4.98 if q == 6 else 5.0
        for est, value in (("naive", 12.0), ("matched", 2.0)):
            rows.append({"measure": "workplace_learning_ibo", "estimand": "now_vs_later",
                         "estimator": est, "quarter_since_start": q, "att_pp": value,
                         "att_rel": 0.1, "ci_low": -1.0, "ci_high": high,
                         "true_att_pp": 5.0 if q == 6 else 2.0, "n_treated": 300})
    support = pd.DataFrame({"measure": ["workplace_learning_ibo"], "n_treated": [320],
                            "n_dropped": [20], "dropped_pct": [6.2]})
    balance = pd.DataFrame({"risk_set": "pooled", "measure": ["workplace_learning_ibo"],
                            "smd_after": [0.02]})
    c = claims.effects_claims(pd.DataFrame(rows), support, balance, {}, "now_vs_later")
    s = c["eff_band_sentence"]
    assert s == ("the truth lies outside the matched band in 1 of 5 horizons from 4 to 8 "
                 "quarters (IBO); rounded to the one decimal the tables print, truth and bound "
                 "look equal for IBO at 6 quarters (truth 5.00, upper bound 4.98)"), s


def _design_data() -> pd.DataFrame:
    rng = np.random.default_rng(9494)
    cells = ["belgian:native", "maghreb:second", "turkish:first", "southern_eu:intermediate"]
    n = 400
    return pd.DataFrame({cr.KEY: rng.choice(cells, n), "u": rng.integers(0, 10, n)})


def test_inflow_design_has_no_dummy_for_a_cell_nobody_can_be_in():
    """Seed 9494 (any seed), chapter 3: the inflow model printed a NotIdentifiedWarning for
    nine origin x generation cells that cannot exist (Belgian first, intermediate and second
    generation; natives of every foreign origin), twice per model, with no sentence to explain
    them: the design held a dummy for every origin x every generation."""
    d = _design_data()
    X = cr.design_matrix(d, ("duration", "origin"))
    og = [c for c in X.columns if c.startswith(f"{cr.KEY}[")]
    assert len(og) == 18, og  # six foreign origins x three generations
    for impossible in ("belgian:first", "belgian:second", "turkish:native", "maghreb:native"):
        assert f"{cr.KEY}[{impossible}]" not in X.columns
    # a cell the extract does hold keeps its dummy (a real extract may code one)
    odd = pd.concat([d, pd.DataFrame({cr.KEY: ["turkish:native"] * 3, "u": [0, 1, 2]})],
                    ignore_index=True)
    Xo = cr.design_matrix(odd, ("duration", "origin"))
    assert f"{cr.KEY}[turkish:native]" in Xo.columns
    assert Xo[f"{cr.KEY}[turkish:native]"].sum() == 3


def test_inflow_fit_warns_of_no_impossible_cell(small_data):
    """The fit on synthetic data names no origin x generation term as dropped."""
    from mia_helpers.panel import load_panel

    cd = cr.competing_data(load_panel(small_data), grouping="types")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fit = cr.fit_inflow(cd, ("duration", "origin"))
    said = [str(w.message) for w in caught if "origin_generation[" in str(w.message)]
    assert not [m for m in said if ":native]" in m or "belgian:" in m], said
    assert not [t for t in fit.dropped if ":native]" in t or "[belgian:" in t], fit.dropped


def test_appendix_c_explains_the_fewer_controls_warning():
    """Appendix C (any seed; seen with ``-p seed 9494``): dynamic_match warned "k=3, but 12 of
    62 matched treated rows got fewer than 3 controls ..." under the matching cell and no
    sentence said what it meant."""
    pairs = pd.DataFrame({"treated": [0, 0, 0, 1, 1, 2, 3, 3, 3]})
    s = claims.short_matches_sentence(pairs, 3, min_cell=1, who="matched transplanted patients",
                                      pool="patients still waiting")
    assert s == ("The warning under the cell says that 2 of the 4 matched transplanted patients "
                 "got fewer controls than asked for (k = 3): in their risk set too few "
                 "patients still "
                 "waiting lay within the caliper. Their controls share the weight, so each of "
                 "them still counts once in the effects, against fewer controls."), s
    assert "fewer than 10 of the 4" in claims.short_matches_sentence(pairs, 3)
    full = claims.short_matches_sentence(pairs, 1)
    assert full == ("Every one of the 4 matched treated got as many controls as asked for "
                    "(k = 1)."), full
    import pytest

    with pytest.raises(ValueError, match="treated"):
        claims.short_matches_sentence(pairs.rename(columns={"treated": "t"}), 3)
    with pytest.raises(ValueError, match="k must be"):
        claims.short_matches_sentence(pairs, 0)
    # the appendix glues it under the matching cell
    from pathlib import Path

    src = (Path(__file__).resolve().parent.parent / "notebooks" / "C_heart_transplant.md")
    text = src.read_text()
    assert "{glue:text}`c_short_matches`" in text and "short_matches_sentence(" in text
    for t in (s, full):
        assert not LEAK.search(t), t


def test_rrr_cover_count_names_a_miss_the_table_rounds_away():
    """Seed 9494, chapter 3: "In Table 4, 42 of the 54 intervals shown cover the true RRR",
    while the table showed 11 misses: Sub-Saharan (second generation), other workplace
    learning printed "0.79 | 0.61 | 1.03" beside a true RRR of "0.61" (the generator's
    exp(-0.5) = 0.6065; the lower bound 0.6078). The window 2006Q1-2014Q4 did the same with an
    upper bound under 1.00 beside a true RRR of exactly one."""
    key = cr.KEY
    rrr = pd.DataFrame({"outcome": ["workplace_learning_other", "workplace_learning_ibo",
                                    "training_vocational"],
                        key: ["subsaharan:second", "maghreb:second", "eastern_eu:first"],
                        "exp_estimate": [0.79, 0.54, 0.70], "exp_ci_low": [0.6078, 0.45, 0.49],
                        "exp_ci_high": [1.03, 0.65, 0.9981]})
    true = pd.DataFrame({"outcome": ["workplace_learning_other", "workplace_learning_ibo",
                                     "training_vocational"],
                         key: ["subsaharan:second", "maghreb:second", "eastern_eu:first"],
                         "exp_estimate": [float(np.exp(-0.5)), 0.55, 1.0]})
    covered, shown, s = claims.rrr_cover_sentence(rrr, true)
    assert (covered, shown) == (1, 3)
    assert s == ("1 of the 3 intervals shown covers the true RRR (rounded to the table's two "
                 "decimals, a missed truth looks equal to the bound for Sub-Saharan (second "
                 "generation) and other workplace learning (truth 0.607, lower bound 0.608) "
                 "and Eastern EU (first generation) and vocational training (truth 1.000, "
                 "upper bound 0.998))"), s
    # misses the table shows need no clause; a real extract has no truth
    _, _, plain = claims.rrr_cover_sentence(rrr.iloc[[1]], true)
    assert plain == "the one interval shown covers the true RRR"
    assert claims.rrr_cover_sentence(rrr, None)[2].startswith("the intervals cannot be checked")
    assert claims.rrr_cover_sentence(rrr.assign(exp_ci_low=np.nan), true)[2].startswith(
        "no interval is shown")
    import pytest

    with pytest.raises(ValueError, match="exp_ci_high"):
        claims.rrr_cover_sentence(rrr.drop(columns="exp_ci_high"), true)
    assert not LEAK.search(s), s


def test_appendix_a_says_why_its_monte_carlo_cells_print_warnings(tmp_path, monkeypatch):
    """``-p seed 9494`` (any seed but the shipped one): Appendix A computes its seven Monte
    Carlo studies, and the cells that run them printed the warnings of every replication's
    model fits with no sentence to say what they are; at the defaults (shipped results) they
    print none. The sentence is computed before the first study runs."""
    import pytest

    from mia_helpers import chapters
    from mia_helpers.montecarlo import shipped_status
    from mia_helpers.montecarlo_newcomers import shipped_status as nc_shipped_status

    monkeypatch.setenv("MIA_DATA_ROOT", str(tmp_path / "cache"))  # an empty cache
    short, source = chapters.resolve_chapter("A")
    params = chapters.read_parameters(source)
    defaults = {n: p.default for n, p in params.items() if p.literal}
    values = {n: defaults[n] for n in chapters.MONTECARLO_PARAMETERS}
    # eight studies since the thirty-seventh session, ten since the forty-sixth: the
    # inburgering confirmation and replication studies' seeds (nc_confirmation_seed,
    # nc_replication_seed and the second replication's) do not follow seed, so at their
    # defaults they are read, not computed
    assert chapters.montecarlo_study_counts(dict(values, seed=9494)) == (7, 10)
    s = claims.montecarlo_warnings_sentence(7, 7)
    assert s.startswith("All 7 Monte Carlo studies of this run are computed here rather than "
                        "read"), s
    # since the seventeenth session the replications record their warnings (not printed);
    # what they mean is said by montecarlo_recorded_warnings_sentence (test_mc_recorded_warnings)
    r = claims.montecarlo_recorded_warnings_sentence((40, 40, 170))
    assert "propensity or censoring logit" in r and "not point-identified" in r
    assert claims.montecarlo_warnings_sentence(1, 7).startswith(
        "1 of the 7 Monte Carlo studies of this run is computed here")
    assert "is read from the shipped results" in claims.montecarlo_warnings_sentence(0, 7)
    assert claims.montecarlo_warnings_sentence(1, 1).startswith(
        "The one Monte Carlo study of this run is computed here")
    with pytest.raises(ValueError, match="n_computed"):
        claims.montecarlo_warnings_sentence(8, 7)
    if shipped_status()["fresh"].all() and nc_shipped_status()["fresh"].all():
        assert chapters.montecarlo_study_counts(values) == (0, 10)
    text = source.read_text()
    assert "{glue:text}`a_mc_warnings`" in text and "{glue:text}`a_unidentified_sentence`" in text
    # the count comes before the first study runs: the glue precedes the first run_montecarlo
    assert text.index('glue("a_mc_warnings"') < text.index("run_montecarlo(replications")
    assert not LEAK.search(s), s


def test_chapter_6_explains_the_warnings_of_its_refits():
    """Seed 9494 (any seed): chapter 6's first cell refits the models of chapters 2 to 5 and
    printed their warnings (terms dropped as collinear, propensity logits with unidentified
    terms, the feeder model's 'origin[turkish]') with no sentence to explain them."""
    from mia_helpers.core.guards import NotIdentifiedWarning

    with warnings.catch_warnings(record=True) as shown:  # what the notebook would print
        warnings.simplefilter("always")
        with claims.shown_warnings() as caught:
            warnings.warn("hazard model M1: term 'age_at_leaving' dropped: collinear with "
                          "earlier terms.", NotIdentifiedWarning, stacklevel=1)
            warnings.warn("'workplace_learning_ibo' propensity logits: 8 risk set(s) have "
                          "terms without treated or without controls", NotIdentifiedWarning,
                          stacklevel=1)
    assert len(caught) == 2
    assert [str(w.message)[:14] for w in shown] == ["hazard model M", "'workplace_lea"]
    s = claims.refit_warnings_sentence(caught)
    assert s == ("The warnings printed under the cell above come from refitting the models of "
                 "chapters 2 to 5 on these data: terms of a hazard or feeder model dropped as "
                 "constant or collinear with earlier terms; propensity logits with a term "
                 "that has no starters or no controls in some risk set, its coefficient held "
                 "finite by the ridge. The chapter that fits each model explains them where "
                 "they arise."), s
    assert claims.refit_warnings_sentence([]) == "The fits of the cell above print no warning."
    odd = claims.refit_warnings_sentence(["something else"])
    assert "other warnings" in odd
    from pathlib import Path

    nb = (Path(__file__).resolve().parent.parent / "notebooks" / "06_conclusions.md").read_text()
    assert "{glue:text}`ch6_refit_warnings`" in nb and "claims.shown_warnings()" in nb
    assert not LEAK.search(s), s


def test_chapter_5_explains_the_warnings_of_its_measure_comparison():
    """Seed 9494 (any seed): chapter 5's comparison of the measures between newcomers and
    residents printed the propensity logits' warnings of both populations with no sentence;
    a measure left out for a population is a kind of its own (named in the text). The
    chapter explains them from the comparison's support frames
    (:func:`claims.support_warnings_sentence`, merged from dpo16); the kinds sentence serves
    chapter 6's refits."""
    s = claims.refit_warnings_sentence(
        ["'training_vocational' propensity logits: 9 risk set(s) have terms without treated",
         "'workplace_learning_ibo' is not estimated for newcomers: no starter matched"],
        "matching each measure's starters among newcomers and among residents", closing="")
    assert s == ("The warnings printed under the cell above come from matching each measure's "
                 "starters among newcomers and among residents: propensity logits with a term "
                 "that has no starters or no controls in some risk set, its coefficient held "
                 "finite by the ridge; a measure or step left out for a population, named "
                 "in the text."), s
    from pathlib import Path

    nb = (Path(__file__).resolve().parent.parent / "notebooks" /
          "05_newcomer_integration.md").read_text()
    assert "{glue:text}`nc_measures_unidentified_sentence`" in nb
    assert "support=comparison_support" in nb


def test_chapter_4_explains_the_ipcw_warnings_beside_the_propensity_ones():
    """Seed 9494, chapter 4: under the expensive cell an "IPCW logit: term 'dutch_level[none]'
    has no later starts where it is 1" warning was printed, and the text explained the
    propensity logits' warnings only."""
    s = claims.ipcw_warnings_sentence(
        ["'workplace_learning_ibo' propensity logits: 8 risk set(s) ...",
         "IPCW logit: term 'dutch_level[none]' has no later starts where it is 1 (0 later "
         "starts in 22.3333 rows); the ridge keeps the scores finite"])
    assert s == ("The warnings on the \"IPCW logit\" concern the censoring logit of \"now versus "
                 "never\" (a twin's own chance of a later start; only that estimand "
                 "uses it: its twins are followed until they start themselves and reweighted "
                 "by the inverse probability of not having started yet): a term with no "
                 "later starts, or only later starts, where it is 1, whose coefficient the "
                 "ridge keeps finite."), s
    assert claims.ipcw_warnings_sentence(["'x' propensity logits: ..."]) == ""
    assert claims.ipcw_warnings_sentence([]) == ""
    from pathlib import Path

    nb = (Path(__file__).resolve().parent.parent / "notebooks" /
          "04_activation_effects.md").read_text()
    assert "{glue:text}`eff_ipcw_sentence`" in nb
    assert "claims.ipcw_warnings_sentence(fit_warnings, estimand)" in nb


def test_the_kinds_name_the_pooled_logit_and_horizons_without_an_interval():
    """The pooled propensity logit's warning ("pooled propensity logit: term ... has no treated
    where it is 1") and the "no interval where ..." warning, printed by the effects refits
    (chapter 6) and chapter 4's exercises, read as "other warnings"."""
    s = claims.refit_warnings_sentence(
        ["pooled propensity logit: term 'dutch_level[none]' has no treated where it is 1",
         "'workplace_learning_ibo' propensity logits: 9 risk set(s) have terms without treated",
         "effects: no interval where the treated or the controls show no variation"])
    assert "other warnings" not in s
    assert "the pooled propensity logit of the risk sets too small" in s
    assert "horizons without an interval" in s
