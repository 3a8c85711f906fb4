"""Reader findings mended by polish40 (chapter 5's tables and warnings, Appendix A's
inburgering Monte Carlo sentence, chapter 6's parameter exercise)."""
import re
from pathlib import Path

from mia_helpers import claims

NB = Path(__file__).resolve().parent.parent / "notebooks"


def _text(name: str) -> str:
    return " ".join((NB / name).read_text().split())


def test_ipcw_warnings_sentence_reads_on_its_own():
    """Chapter 5: "The IPCW warnings among them" followed a sentence on the propensity logits'
    warnings, so "them" could be those; the sentence names the warnings it speaks of."""
    s = claims.ipcw_warnings_sentence(
        ["IPCW logit: term 'dutch_level[none]' has no later starts where it is 1"],
        "now_vs_later")
    assert s.startswith("The warnings on the \"IPCW logit\" concern the censoring logit"), s
    assert "among them" not in s


def test_appendix_a_inburgering_monte_carlo_sentence_has_verbs():
    """Appendix A: "We test it the same way: 400 synthetic data sets ..., chapter 5's
    estimator ..., and every estimate ..." listed nouns with no verb; the count stays glued."""
    t = _text("A_matching_method.md")
    m = re.search(r"We test it the same way: (.*?)\(`mia_helpers\.montecarlo_newcomers", t)
    assert m, "the sentence is gone"
    body = m.group(1)
    assert body.startswith("we generate {glue:text}`mcnc_replications` synthetic data sets")
    assert "run chapter 5's estimator" in body and "compare every estimate with" in body
    assert not re.search(r"(?<![\w`{])\d{2,}(?![\w`])", body), body


def test_chapter_6_parameter_exercise_says_export_check_refuses_its_runs():
    """Chapter 6's exercise runs at `-p stable_quarters 8` and `-p caliper 0.05`, which
    export-check refuses beside the other chapters' default runs on the same extract
    (book/disclosure.md, shared parameters); the exercise says so and what to do."""
    t = _text("06_conclusions.md")
    ex = t[t.index(":label: ex-ch6-parameters"):t.index("{solution-start} ex-ch6-parameters")]
    assert "export-check refuses" in ex
    assert "keep the exercise's runs out of the export" in ex
    assert "run every chapter at the same values" in ex
    assert "{doc}`../book/disclosure`" in ex


def test_effect_table_names_the_quarter_as_the_comparison_table_does():
    """Chapter 5: the steps' effects summary headed its column "Quarter" and the comparison of
    measures "Quarter since start" for the same quarter since the start; one concept, one name
    (labels.LABELS["quarter_since_start"], which the comparison table prints)."""
    import pandas as pd

    from mia_helpers import labels

    summary = pd.DataFrame({"measure": ["workplace_learning_ibo"], "quarter_since_start": [4],
                            "matched_pp": [9.3], "ci_low": [7.0], "ci_high": [11.6],
                            "matched_rel_pct": [25.0], "naive_pp": [17.8],
                            "n_treated": [2599]})
    cols = list(labels.effect_table(summary).columns)
    assert cols[1] == labels.LABELS["quarter_since_start"] == "Quarter since start", cols
    assert "Quarter" not in cols


def test_feeder_table_says_which_newcomers_it_counts():
    """Chapter 5: the feeder table showed fewer persons of a ground (e.g. 955 of the work
    ground) than the steps table (1,035), and nothing said why: the logit follows only the
    newcomers with a quarter since arrival without work before their first measure start
    (newcomers.feeder_periods). A sentence right after the table says so and points to the
    steps table, with no typed number."""
    t = _text("05_newcomer_integration.md")
    start = t.index("```{glue:md} tbl-newcomers-feeder")
    after = t[start:t.index("```{code-cell}", start)]
    assert "without work" in after and "first measure start" in after, after
    assert "{numref}`tbl-newcomers-steps`" in after
    assert not re.search(r"(?<![\w`{])\d+(?![\w`])", after.replace("```", "")), after
