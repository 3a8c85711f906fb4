"""seed38: the chapters re-run on a data set the project had not used (seed 9292, 5,000
residents, 600 newcomers, window 2007Q1-2014Q4, min_cell 12) and their glued prose read
against their own tables. Each test builds the failing input directly (no notebook run)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from IPython.display import Markdown

from mia_helpers import claims, labels

ROOT = Path(__file__).resolve().parents[1]


# -- measure and step names inside a sentence ------------------------------------------------


def test_in_prose_lowers_common_noun_names_inside_a_sentence_only():
    # seed 9292, chapter 4: "the share of starters without a statistical twin is largest for
    # Basic training", "(its interval overlaps Sanction transmission's). Sanction transmission
    # follows; Basic training returns least", "for Non-EU starters"
    text = ("At 5 quarters IBO returns the most, by its point estimate (its interval overlaps "
            "Sanction transmission's). Sanction transmission follows; Basic training returns "
            "least. For Non-EU starters and Vacancy referral (automatic) it is hidden.")
    assert labels.in_prose(text) == (
        "At 5 quarters IBO returns the most, by its point estimate (its interval overlaps "
        "sanction transmission's). Sanction transmission follows; basic training returns "
        "least. For non-EU starters and vacancy referral (automatic) it is hidden.")
    # chapter 3: "(Vocational training, Sub-Saharan (second generation))"
    assert labels.in_prose("0.37 points (Vocational training, Sub-Saharan (second "
                           "generation))") == ("0.37 points (vocational training, Sub-Saharan "
                                               "(second generation))")
    # chapter 5: the steps; abbreviations and proper nouns keep their form
    assert labels.in_prose("those of Inburgering contract, MO (social orientation) and NT2 "
                           "(Dutch course)") == ("those of inburgering contract, MO (social "
                                                 "orientation) and NT2 (Dutch course)")
    for kept in ("Basic training returns least", "- Basic training", "| Basic training |",
                 "x. Other workplace learning", "from Other non-EU and Southern EU", "IBO"):
        assert labels.in_prose(kept) == kept


def test_in_prose_leaves_table_cells_and_lowers_a_caption():
    table = Markdown(":::{table} Matching dropped 11.0 per cent of Other workplace learning's "
                     "starters.\n:name: t\n:align: center\n\n| Measure | x |\n|:---|---:|\n"
                     "| Other workplace learning | 1 |\n| Basic training | 2 |\n:::\n")
    out = labels.in_prose(table.data)
    assert "of other workplace learning's starters" in out
    assert "| Other workplace learning | 1 |" in out and "| Basic training | 2 |" in out


def test_glue_passes_texts_and_tables_through_in_prose(monkeypatch):
    import myst_nb

    got = {}
    monkeypatch.setattr(myst_nb, "glue", lambda name, value, display=True: got.update(
        {name: (value, display)}))
    labels.glue("s", "largest for Basic training")
    labels.glue("t", Markdown(":::{table} of Basic training\n| Basic training |\n:::"))
    labels.glue("n", 12)
    assert got["s"] == ("largest for basic training", False)
    assert got["t"][0].data == ":::{table} of basic training\n| Basic training |\n:::"
    assert got["n"] == (12, False)


@pytest.mark.parametrize("page", ["03_activation_inflow", "04_activation_effects",
                                  "05_newcomer_integration", "06_conclusions"])
def test_chapters_with_measure_names_glue_through_the_label_layer(page):
    text = (ROOT / "notebooks" / f"{page}.md").read_text(encoding="utf-8")
    assert "from myst_nb import glue" not in text
    assert "from mia_helpers.labels import glue" in text


def test_texts_glued_after_the_chapters_own_words_name_measures_in_prose_form():
    # seed 9292: "Just after the start, Basic training and vocational training lock ...",
    # "for Basic training and IBO (the two measures ...)", "in this run: Inburgering
    # contract, MO (social orientation) and NT2 (Dutch course)": the first name of a text
    # glued after the chapter's words, which the glue layer cannot tell from a sentence start
    basic, voc, ibo = "training_basic", "training_vocational", "workplace_learning_ibo"
    lock = claims.lockin_sentence([basic, voc], [basic, voc, ibo])
    assert lock.startswith("basic training and vocational training lock participants in"), lock
    assert claims.love_sentence([basic, ibo]).startswith("basic training and IBO (the two")
    steps = claims.newcomer_step_claims(["inburgering", "mo", "nt2"])["nc_steps_names"]
    assert steps == "inburgering contract, MO (social orientation) and NT2 (Dutch course)"
    source = (ROOT / "notebooks" / "04_activation_effects.md").read_text(encoding="utf-8")
    assert re.search(r"Just after the start, \{glue:text\}`eff_lockin_sentence`", source)
    assert re.search(r"for \{glue:text\}`eff_love_measures`", source)


# -- chapter 4's ranking when the runner-up prints as the top ---------------------------------


def test_ranking_says_when_the_second_prints_as_the_top():
    # seed 9292, chapter 4 at 5 quarters: "IBO returns the most: 6.4 percentage points ...
    # Sanction transmission follows" beside a summary table printing 6.4 for both
    import pandas as pd

    rank = pd.DataFrame({"measure": ["workplace_learning_ibo", "sanction_transmission",
                                     "training_basic"],
                         "estimate": [6.43, 6.38, -1.0], "relative_pct": [16.9, 30.0, -4.0],
                         claims.LOW: [0.3, -3.5, -7.3], claims.HIGH: [12.5, 16.3, 5.3]})
    text, summary = claims.ranking_sentences(rank, 5, list(rank["measure"]), False)
    assert "Sanction transmission follows (6.4 points, the same as IBO's at the table's one " \
           "decimal); Basic training returns least (-1.0 points)." in text, text
    assert summary.endswith("Sanction transmission next (6.4 points, the same as IBO's at the "
                            "table's one decimal)"), summary
    text, _ = claims.ranking_sentences(rank.iloc[:2], 5, list(rank["measure"].iloc[:2]), False)
    assert text.endswith("Sanction transmission returns less (6.4 points, the same as IBO's at "
                         "the table's one decimal)."), text
    apart = rank.assign(estimate=[6.43, 6.2, -1.0])
    text, summary = claims.ranking_sentences(apart, 5, list(apart["measure"]), False)
    assert "Sanction transmission follows; Basic" in text and "decimal" not in text + summary


def test_chapter_5_summary_names_the_effect_it_does_not_decompose():
    # seed 9292, chapter 5's summary: "- Averaged over quarters 4 to 8, for NT2 (Dutch
    # course), ... - How much of that effect runs through later VDAB participation is not
    # estimated": "that effect" pointed at whichever step the glued bullet before it read
    # (here NT2), while the mediation it speaks of is inburgering's
    text = (ROOT / "notebooks" / "05_newcomer_integration.md").read_text(encoding="utf-8")
    summary = text[text.index("## Summary"):text.index("## Exercises")]
    assert "How much of that effect" not in summary
    assert "How much of the effect of inburgering runs through later VDAB" in summary


def test_chapter_1_indicator_table_header_says_per_cent_as_the_book_does():
    # seed 9292, chapter 1: the indicator table's value column read "Percent" (one word, the
    # book's other tables write "(%)" and its prose "per cent")
    import pandas as pd

    from mia_helpers import describe

    panel = pd.DataFrame({"person_id": range(40)})
    for c in describe.INDICATORS:
        panel[c] = [i % 2 == 0 for i in range(40)]
    md = labels.table_markdown(describe.indicator_means(panel, min_cell=2), "Flags.", "t",
                               decimals={"percent": 2}, codes=[]).data
    header = md.splitlines()[4]
    assert "Percent" not in header and header.endswith("| Person-quarters (%) |"), header


def test_feeder_curves_sentence_names_grounds_in_prose_case():
    # seed 9292, chapter 5: "lies above the one without at every quarter for every ground
    # drawn (Asylum, EU citizen, Family, Study and Work)", beside the chapter's own "the
    # contract counts of asylum and family"
    import pandas as pd

    def feeder(ground):
        return pd.DataFrame({"residence_ground": ground, "u": [0, 1, 2, 0, 1, 2],
                             "integration": ["contract + NT2"] * 3 + ["none"] * 3,
                             "cum_incidence": [0.0, 0.2, 0.4, 0.0, 0.1, 0.3]})

    curves = pd.concat([feeder(g) for g in ("asylum", "eu_citizen", "family")])
    s = claims.feeder_curves_sentence(curves)
    assert s.endswith("for every ground drawn (asylum, EU citizen and family)."), s


def test_chapter_1_says_which_compared_definition_chapter_2_uses():
    # chapter 1 typed "Chapter 2 uses the shorter definition by default" beside whatever its
    # parameter stable_quarters compared: false for [8, 12] (chapter 2 uses 4 quarters)
    assert claims.chapter2_definition_sentence([4, 8], 4) == (
        "Chapter 2 uses the shorter definition by default")
    assert claims.chapter2_definition_sentence([4, 8, 12], 4).startswith(
        "Chapter 2 uses the shortest")
    assert claims.chapter2_definition_sentence([2, 4], 4) == (
        "Chapter 2 uses the 4-quarter definition by default")
    assert claims.chapter2_definition_sentence([8, 12], 4) == (
        "Chapter 2 uses a 4-quarter definition by default, which this chapter does not compare")
    assert claims.chapter2_definition_sentence([8, 12]).startswith("Chapter 2 uses a 4-quarter")
    with pytest.raises(ValueError, match="no definition compared"):
        claims.chapter2_definition_sentence([], 4)
    text = (ROOT / "notebooks" / "01_panel_construction.md").read_text(encoding="utf-8")
    assert "uses the shorter definition" not in text
    assert "{glue:text}`panel_ch2_definition`" in text


def test_sex_difference_sentence_does_not_average_one_cell():
    # seed 9292 at min_cell 25, chapter 2: "for a first stable job, averaged over 1 published
    # non-EU cell, women's gap differs from men's by -0.01"
    import pandas as pd

    from mia_helpers.subgroups import sex_difference_sentence

    diffs = pd.DataFrame({"event": ["stable", "stable", "job", "job"],
                          "model": ["M0", "M3", "M0", "M3"], "mean": [-0.01, -0.04, 0.24, 0.21],
                          "ci_low": [-0.54, -0.63, -0.04, -0.10],
                          "ci_high": [0.52, 0.55, 0.53, 0.52], "n_cells": [1, 1, 3, 3]})
    s = sex_difference_sentence(diffs, 0.95, "M3")
    assert "averaged over 1 " not in s, s
    assert s.startswith("for a first stable job, in the one published non-EU cell, women's gap "
                        "differs from men's by -0.01"), s
    assert "for any first job, averaged over 3 published non-EU cells, women's" in s, s


def test_rrr_sentences_without_any_interval_give_the_reason_once():
    # seed 9292 at min_cell 25, chapter 3: "no interval is shown (disclosure control hides
    # cells on few persons, ...): the seed study's cell-by-cell statements rest on few
    # participants; here no interval is published (disclosure control hides cells on few
    # persons, ...)"
    import numpy as np
    import pandas as pd

    rrr = pd.DataFrame({"outcome": ["workplace_learning_ibo"], "origin_generation":
                        ["maghreb:first"], "exp_estimate": [np.nan], "exp_ci_low": [np.nan],
                        "exp_ci_high": [np.nan], "n_persons": [np.nan]})
    true = pd.DataFrame({"outcome": ["workplace_learning_ibo"],
                         "origin_generation": ["maghreb:first"], "exp_estimate": [0.55]})
    _, shown, cover = claims.rrr_cover_sentence(rrr, true)
    text = cover + claims.rrr_width_clause(shown, rrr)
    assert shown == 0 and text.count(claims.INFLOW_HIDDEN_WHY) == 1, text
    assert text.startswith("no interval is shown: the seed study's cell-by-cell statements "
                           "rest on few participants, and here disclosure control"), text
    assert "no interval is published" not in text


def test_ibo_gap_bullet_gives_a_shared_reason_once():
    # seed 9292 at min_cell 25, chapter 3: "For IBO the first generation has no published gap
    # (disclosure control hides ...); the second generation has no published gap (disclosure
    # control hides ...)"
    import numpy as np
    import pandas as pd

    none = pd.DataFrame({"raw": [np.nan], "adj": [np.nan]})
    first = claims.gap_range_sentence(none, "first")
    second = claims.gap_range_sentence(none, "second")
    s = claims.generations_range_sentence(first, second)
    assert s == f"neither the first nor the second generation has a published gap " \
                f"({claims.INFLOW_HIDDEN_WHY})", s
    some = claims.gap_range_sentence(pd.DataFrame({"raw": [-2.8, -1.7], "adj": [-2.2, -1.2]}),
                                     "second")
    assert claims.generations_range_sentence(first, some) == f"{first}; {some}"
    text = (ROOT / "notebooks" / "03_activation_inflow.md").read_text(encoding="utf-8")
    assert "- For IBO {glue:text}`inflow_gap_ibo_ranges`." in text


def test_chapter_6_does_not_cite_two_hidden_ibo_rows_as_evidence():
    # seed 9292 at min_cell 25, chapter 6: "The book's evidence is the IBO rows above (not
    # shown for residents, not shown for newcomers)"
    import numpy as np

    from mia_helpers import conclusions as cc

    def rows(estimate):
        return {f.key: {"estimate": estimate, "ci_low": 33.0, "ci_high": 86.0,
                        "n_persons": 100, "truth": 50.0} for f in cc.STUDY_FINDINGS}

    hidden = cc.glue_texts(cc.findings_table(rows(np.nan), synthetic=True))
    assert hidden["ibo_evidence"] == "neither shown in this run", hidden["ibo_evidence"]
    shown = cc.glue_texts(cc.findings_table(rows(60.0), synthetic=True))
    assert shown["ibo_evidence"] == ("60 per cent (33 per cent to 86 per cent) for residents, "
                                     "60 per cent (33 per cent to 86 per cent) for newcomers")
    text = (ROOT / "notebooks" / "06_conclusions.md").read_text(encoding="utf-8")
    assert "IBO rows above ({glue:text}`ch6_ibo_evidence`)" in text
