"""Wording at ``min_cell`` 1 (mend45): the disclosure bound's noun follows the number
("1 person", "1 more death", "fewer than 1 row"), built by the one helper
:func:`mia_helpers.labels.min_cell_count` (and :func:`~mia_helpers.labels.fewer_than` on it);
a caption's rule on counts below the bound is said only where it can apply
(:func:`~mia_helpers.labels.min_cell_rule`: nothing at 1); chapter 4's fixed sentences on
its measures read in the singular for a run of one measure (``claims.measures_phrases``)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from mia_helpers import claims, exercise_answers, labels

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


@pytest.mark.parametrize("n, noun, plural, want", [
    (1, "person", None, "1 person"), (2, "person", None, "2 persons"),
    (1, "more death", None, "1 more death"), (2, "more death", None, "2 more deaths"),
    (1, "more entry", "more entries", "1 more entry"),
    (2, "more entry", "more entries", "2 more entries")])
def test_min_cell_count(n, noun, plural, want):
    assert labels.min_cell_count(n, noun, plural) == want
    assert labels.fewer_than(n, noun, plural) == f"fewer than {want}"


@pytest.mark.parametrize("bad", [0, 1.5, True, -2])
def test_min_cell_count_refuses_a_bound_that_is_no_count(bad):
    with pytest.raises(ValueError, match="min_cell must be a whole number >= 1"):
        labels.min_cell_count(bad, "person")
    with pytest.raises(ValueError, match="min_cell must be a whole number >= 1"):
        labels.min_cell_rule(bad, "a rule.")


@pytest.mark.parametrize("min_cell", [1, 2])
def test_glued_phrases_singular_at_one_plural_at_two(min_cell):
    p = labels.min_cell_phrases(min_cell)
    counted = {k: v for k, v in p.items() if not k.startswith("par_rule_")}
    assert all(v.endswith("s") == (min_cell > 1) for v in counted.values()), counted
    assert p["par_min_cell_more_deaths"] == ("1 more death" if min_cell == 1 else "2 more deaths")
    captions = ("bins_merged", "small_means", "death_steps", "few_points", "few_starters",
                "few_matched", "inflow_steps")  # the prose's rules: test_cell45_min_cell_prose
    rules = [p[f"par_rule_{k}"] for k in captions]
    assert len(rules) == 7
    if min_cell == 1:  # a bound no count lies below: the caption says nothing of it
        assert rules == [""] * 7
    else:
        assert all(r.startswith(" ") and r.endswith(".") and "2 " in r for r in rules), rules
        assert "at least 2 persons" in p["par_rule_bins_merged"]


@pytest.mark.parametrize("min_cell", [1, 2])
def test_package_sentences_singular_at_one(min_cell):
    """The call sites mend45 moved to the helper, at 1 and at 2."""
    one, nan = min_cell == 1, float("nan")
    s = claims.estimate_phrase(nan, 0.0, 1.0, min_cell, "points")
    # val46: at 1 no bound is said ("fewer than 1 transplanted patient behind it" before)
    assert (s == "an estimate hidden by disclosure control" if one else
            s.endswith("(fewer than 2 transplanted patients behind it)")), s
    s = claims.pool_shift_clause(pd.Series(dtype=float), pd.Series(dtype=float), min_cell)
    assert ("at least 1 matched starter in both" if one else
            "at least 2 matched starters in both") in s, s
    s = claims.km_gap_sentence(nan, nan, 0, nan, min_cell, 0, [], ["maghreb:second"],
                               undrawn=["turkish:intermediate"])
    assert ("with 1 person at risk and 1 event so far" if one else
            "with 2 persons at risk and 2 events so far") in s, s
    assert ("until 1 more entry has accumulated" if one else
            "until 2 more entries have accumulated") in s, s
    assert ("until 1 more event has accumulated" if one else
            "until 2 more events have accumulated") in s, s
    s = exercise_answers.experience_attenuation_sentence(None, None, None, 0, min_cell)
    # rev45: at 1 only none start, and the sentence says so rather than "fewer than 1 adult"
    assert s.startswith("No adult starts" if one else "Fewer than 2 adults start"), s
    assert ("no coefficient to estimate" if one else "their coefficient is withheld") in s, s
    periods = pd.DataFrame({"origin_generation": [], "person_id": [], "event": []})
    s = exercise_answers.link_comparison_sentence(periods, pd.Series(dtype=float),
                                                  pd.Series(dtype=float), min_cell)
    assert ("no group with at least 1 person entering" if one else
            "no group with at least 2 persons entering") in s, s
    assert not re.search(r"\b1 (persons|events|entries|adults|matched starters)\b", s)


def test_notebooks_type_no_plural_after_the_bare_bound():
    """No "{glue:text}`par_min_cell` more ..." (or a plural noun) left in the notebooks: the
    noun would stay plural at 1; ``par_min_cell_*`` / ``par_fewer_*`` carry it."""
    pat = re.compile(r"\{glue:text\}`par_min_cell`\s+(more\b|\w+s\b)")
    hits = [(p.name, m.group(0)) for p in sorted(NOTEBOOKS.glob("*.md"))
            for m in pat.finditer(p.read_text())]
    assert not hits, hits
    glued = {g for p in NOTEBOOKS.glob("*.md")
             for g in re.findall(r"\{glue:text\}`(par_(?:min_cell_|rule_|fewer_)\w+)`",
                                 p.read_text())}
    assert {"par_min_cell_more_deaths", "par_rule_death_steps", "par_rule_bins_merged",
            "par_rule_small_means", "par_rule_few_points", "par_rule_few_starters",
            "par_rule_inflow_steps", "par_rule_few_matched"} <= glued <= set(labels.min_cell_phrases(10))


@pytest.mark.parametrize("measures, want", [
    (["training_basic"], ("for basic training", "For basic training,", "How far apart")),
    (["training_basic", "workplace_learning_ibo"],
     ("for every measure", "For each measure", "For which measures"))])
def test_measures_phrases_one_and_several(measures, want):
    p = claims.measures_phrases(measures)
    assert (p["eff_every_measure"], p["eff_each_measure"]) == want[:2]
    assert p["ex-never-question"].startswith(want[2]) and p["ex-never-question"].endswith(
        ("why?", "several.)"))
    if len(measures) == 1:
        assert "measures do" not in p["ex-never-question"]
    text = (NOTEBOOKS / "04_activation_effects.md").read_text()
    assert all(f"{{glue:text}}`{k}`" in text for k in p)
    assert "For which measures do the two" not in text


def test_measures_phrases_refuses_no_measure():
    with pytest.raises(ValueError, match="measures is empty"):
        claims.measures_phrases([])


#: claims.RISK_TABLE_HIDDEN and risk_table_hidden as they were before mend45 (str.replace on
#: the template's words), to show the parameterised template reads the same
_OLD_TEMPLATE = ("x: hidden where fewer than {min_cell} persons have or lack the event, or "
                 "where a count, set against another published count (the first-job risk "
                 "set holds the stable-job one, a first stable job is a first job, the "
                 "groups add up to the risk set's total, chapter 1 counts the school "
                 "leavers), would give fewer than {min_cell} persons away by difference")


def _old_risk_table_hidden(min_cell: int) -> str:
    text = _OLD_TEMPLATE.replace("fewer than {min_cell} persons",
                                 labels.fewer_than(min_cell, "person"))
    return text.replace("person have or lack", "person has or lacks")


@pytest.mark.parametrize("min_cell", [1, 2, 10, 12, 200])
def test_risk_table_hidden_reads_as_before(min_cell):
    """The cases the tests use (1, 10: test_fix44_fewer_than; 12: test_trial29b_prose) and
    2 and 200: the template with fields gives the old text word for word."""
    # cell45: after "; ", and nothing at 1, where the table hides no count
    want = "" if min_cell == 1 else "; " + _old_risk_table_hidden(min_cell)
    assert claims.risk_table_hidden(min_cell) == want
    assert "{" not in claims.risk_table_hidden(min_cell)


def test_risk_table_hidden_refuses_a_bound_that_is_no_count():
    with pytest.raises(ValueError, match="min_cell must be a whole number >= 1"):
        claims.risk_table_hidden(0)


@pytest.mark.parametrize("book", [None, 2000, 6000])
def test_appendix_a_square_root_is_the_theory_not_a_measurement(book):
    """Appendix A said the intervals "shrink roughly with the square root" as if the run had
    measured it; its Monte Carlo has one size, so the clause says it is theory's expectation
    and the prose cites it (mend45)."""
    s = claims.book_size_clause(book, 3000)
    assert "if large-sample theory holds" in s and "does not measure it" in s, s
    text = (NOTEBOOKS / "A_matching_method.md").read_text()
    assert "{glue:text}`a_book_size_clause`\n{cite:p}`abadie_imbens_2016`." in text
    bib = (NOTEBOOKS.parent / "book" / "references.bib").read_text()
    assert "@article{abadie_imbens_2016," in bib


def test_chapter_4_captions_state_min_cell_rules_only_where_they_apply():
    """Every bound chapter 4's code writes into a caption sits inside
    ``labels.min_cell_rule`` (said from min_cell 2 on, nothing at 1): "cells of fewer than 1
    person ... suppressed" described a rule that can never apply (mend45)."""
    lines = (NOTEBOOKS / "04_activation_effects.md").read_text().splitlines()
    bare = [i for i, line in enumerate(lines, 1) if "fewer_than(min_cell" in line
            and "min_cell_rule(" not in line and "min_cell_rule(" not in lines[i - 2]]
    assert not bare, bare
    text = " ".join(line.strip() for line in lines)  # a call may wrap after its "("
    assert len(re.findall(r"labels\.min_cell_rule\(\s*min_cell", text)) == 6
    assert labels.min_cell_rule(1, " (cells of fewer than 1 person suppressed)") == ""
    assert labels.min_cell_rule(2, " x") == " x" and labels.min_cell_rule(1, " x", "y") == "y"


def test_rule_sentences_hold_no_word_the_glue_check_reads_as_missing():
    """tests/nbrun.leaked_glue reads "none" in a glued text as a missing quantity ("none
    rests on" in chapter 3's first wording)."""
    from nbrun import LEAK_WORDS

    texts = labels.min_cell_phrases(10)
    assert not {k: v for k, v in texts.items() if LEAK_WORDS.search(v)}
