"""newuser40: a new reader built the book from a fresh clone (`make book`, seed 2005) and read
chapter 5, chapter 6, Appendix A and the disclosure page's export-check rules as rendered
text. Each test builds its input directly (no notebook run); the quoted texts are from that
build."""
from __future__ import annotations

import json
import re
from pathlib import Path

from mia_helpers import claims, conclusions, labels
from mia_helpers.chapters import FIXED_SETTINGS
from mia_helpers.export_check import EXTRACT_PARAMETERS, SHARED_PARAMETERS

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
CH5 = NOTEBOOKS / "05_newcomer_integration.md"
CH6 = NOTEBOOKS / "06_conclusions.md"
DISCLOSURE = ROOT / "book" / "disclosure.md"


def test_ch6_recovery_glue_ends_its_sentence():
    # chapter 6 read "... and here the interval holds the generator's value for all 3 other
    # findings that have one; IBO effect, newcomers (4 quarters) is not read against the
    # generator's value: matching dropped 11.3 per cent ...; it shows nothing about
    # Flanders": after the glued clauses "it" no longer found its subject (the agreement)
    text = CH6.read_text(encoding="utf-8")
    uses = [m.end() for m in re.finditer(r"\{glue:text\}`ch6_recovery`", text)]
    assert uses, "chapter 6 no longer glues ch6_recovery: update this test"
    for end in uses:
        assert text[end] == ".", text[end - 80:end + 40]


def test_ch6_exercise_points_to_the_run_that_names_both_stable_definitions(tmp_path):
    # Exercise 13's solution said "the monitoring paragraph above says which definition each
    # part uses", but at the book's default (4 and the panel's 4) that paragraph names one
    # definition only; it names both in the run at -p stable_quarters 8 the exercise asks for
    (tmp_path / "panel_meta.json").write_text(json.dumps({"spec": {"stable_quarters": 4}}))
    default = conclusions.stable_job_phrase(tmp_path, 4)
    stricter = conclusions.stable_job_phrase(tmp_path, 8)
    assert "school leavers" not in default and "chapters 4 and 5" not in default, default
    assert "8 consecutive employed quarters in the school leavers' findings" in stricter
    assert "4 in the effects of chapters 4 and 5" in stricter, stricter
    text = " ".join(CH6.read_text(encoding="utf-8").split())
    assert "the monitoring paragraph above says which definition each part uses" not in text
    assert ("in the run at `-p stable_quarters 8` the monitoring paragraph above names both "
            "definitions") in text


def test_ipcw_sentence_fits_the_steps_of_chapter_5():
    # chapter 5 (its treatments are integration steps, not measures) read "the censoring
    # logit of "now versus never" (a twin's chance of starting the measure later; ...)"
    s = claims.ipcw_warnings_sentence(
        ["IPCW logit: term 'quarter[4]' has one group only where it is 1 (direction "
         "withheld); the ridge keeps the scores finite"], "now_vs_later")
    assert s, "the IPCW warning was not explained"
    assert "measure" not in s, s
    assert "a twin's own chance of a later start" in s
    assert "claims.ipcw_warnings_sentence(fit_warnings, estimand)" in CH5.read_text(
        encoding="utf-8")


def test_ch5_explains_the_relative_column_of_its_effects_table():
    # Table 36 (the steps' effects) has a column "Relative (%)" that chapter 5 never
    # explained (chapter 4 does, as "relative to the counterfactual"; chapter 6 as over the
    # matched controls' mean)
    column = labels.LABELS["att_rel_pct"]
    text = " ".join(CH5.read_text(encoding="utf-8").split())
    lead = text[text.index("{numref}`tbl-newcomers-summary` gives the effects"):][:400]
    # quoted as the table prints it ({samp}: the book writes "per cent" in prose, reader34)
    assert f"{{samp}}`{column}`" in lead, lead
    # since the switch the counterfactual is the twins' mean adjusted by the regression
    assert "in per cent of the counterfactual entry" in lead, lead
    assert "{term}`bias-corrected matching`" in lead, lead


def _shared_table(text: str) -> dict[str, str]:
    """The disclosure page's table of shared parameters: parameter name -> its row."""
    start = text.index("| parameter | compared between |")
    rows = {}
    for line in text[start:].splitlines()[2:]:
        if not line.startswith("|"):
            break
        first = line.split("|")[1]
        for name in re.findall(r"`([a-z_]+)`", first):
            rows[name] = line
    return rows


def test_disclosure_page_tables_every_parameter_export_check_compares():
    # an analyst had to collect the parameters that must agree across the chapters of one
    # export from two long list items (window and min_cell; then stable_quarters, caliper,
    # k, max_quarter, estimand, max_age, arrival_quarters, residence_grounds, measures)
    rows = _shared_table(DISCLOSURE.read_text(encoding="utf-8"))
    assert set(rows) == set(SHARED_PARAMETERS) | set(EXTRACT_PARAMETERS), sorted(rows)
    names = {"matching_method": "Appendix A", "conclusions": "chapter 6"}
    for chapter, settings in FIXED_SETTINGS.items():
        for name, value in settings.items():
            if name in rows:  # a chapter's fixed value is compared: the row names it
                shown = "none" if value is None else str(value)
                cell = rows[name].split("|")[2]  # "compared between"
                fixed = cell[cell.index(names[chapter]):]  # "Appendix A at 0.2 and 3"
                assert " at " in fixed and shown in fixed, (name, chapter, cell)


def test_disclosure_page_names_every_chapter_that_runs_on_an_extract():
    # the page said "Only the register chapters (1 to 5) run on real extracts and go into the
    # export", beside rules that compare chapter 6's and Appendix A's runs on one extract
    text = " ".join(DISCLOSURE.read_text(encoding="utf-8").split())
    assert "(1 to 5)" not in text
    with_data = sorted(p.name for p in NOTEBOOKS.glob("*.md")
                       if re.search(r"^data_dir = ", p.read_text(encoding="utf-8"), re.M))
    chapters = [int(n[:2]) for n in with_data if n[:2].isdigit()]
    appendices = [n[0] for n in with_data if not n[:2].isdigit()]
    assert chapters == list(range(1, max(chapters) + 1)), with_data
    expected = (f"chapters 1 to {max(chapters)} and Appendices "
                f"{', '.join(appendices[:-1])} and {appendices[-1]}")
    assert f"runs unchanged on a real extract and goes into the export: {expected}" in text


def test_ch6_lists_every_finding_of_its_construction_table():
    # chapter 6 listed, beside its table of how the generator holds each finding, four
    # "by construction" parameters and two "emerges" quantities: the table has five and
    # four (the women's extra gap, zero by default, and the first-job gap were left out)
    words = {"nonEU_gap_job": "the first-job gap",
             "nonEU_gap_stable": "the shorter jobs of non-EU origins",
             "nonEU_women_job": "the extra term of non-EU women, zero by default",
             "explained_intermediate": "the explained shares",
             "explained_second": "the explained shares",
             "ibo_lowlink_rrr": "the low-link allocation term",
             "ibo_residents_q5": "IBO's gain",
             "ibo_newcomers_q4": "the newcomers' relative IBO effect",
             "feeder_or": "the feeder terms"}
    assert set(words) == {f.key for f in conclusions.STUDY_FINDINGS}
    text = " ".join(CH6.read_text(encoding="utf-8").split())
    start = text.index("*by construction* where one generator parameter")
    built, emerges = text[start:].split("*emerges* where", 1)
    emerges = emerges[:emerges.index(")")]
    for f in conclusions.STUDY_FINDINGS:
        part = built if f.synthetic == "by construction" else emerges
        assert words[f.key] in part, (f.key, f.synthetic)


def test_disclosure_page_says_which_run_a_tie_keeps(tmp_path):
    # the page said "the value most runs share is kept" and, for the window and threshold,
    # "of two equally common, the higher min_cell", but not which shared-parameter value a
    # tie keeps: the run whose folder sorts first (chapter 4 at caliper 0.1 in "a", chapter 5
    # at 0.3 in "b": "b" is refused)
    from test_xcheck39 import CH4, CH5, _found, _run

    text = " ".join(DISCLOSURE.read_text(encoding="utf-8").split())
    assert ("of two values equally common the value of the run whose folder comes first in "
            "sorted order") in text
    _run(tmp_path / "b", CH5, caliper=0.3)
    _run(tmp_path / "a", CH4, caliper=0.1)
    (found,) = _found(tmp_path)
    assert found.file == str(Path("b") / "manifest.json"), found.file
    assert "-p caliper 0.1" in found.detail


def test_systematic_gap_is_not_placed_in_the_first_quarter():
    # chapter 5 (seed 2005): "NT2 (Dutch course) lies above the truth at every one of those
    # quarters, and outside its band at some: were that gap systematic rather than chance, it
    # would mean that the twins enter stable regular jobs a little less often in the very
    # first quarter than the starters would have without the step", while the figure shows
    # NT2's gap building up from quarter 2 to 5: a gap in cumulative entry at quarters 4 to 8
    # says only that it arose in the quarters before them
    import pandas as pd

    curves = pd.DataFrame({"measure": ["nt2"] * 3, "quarter": [4, 5, 8],
                           "att_pp": [1.7, 2.3, 2.3], "ci_low": [0.7, 1.2, 1.0],
                           "ci_high": [2.6, 3.3, 3.7], "true_att_pp": [1.0, 1.3, 1.6]})
    s = claims.systematic_gap_sentence(pd.Series({"nt2": 0.9}), None, curves)
    assert "above the truth at every one of those quarters" in s, s
    assert "first quarter" not in s, s
    assert "enter stable regular jobs less often in the quarters after the start" in s, s
    assert "first quarter" not in claims.systematic_gap_sentence(pd.Series({"nt2": 0.9}), None)
