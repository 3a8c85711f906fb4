"""dpo53: text leaks that book/disclosure.md listed as left to the output checker (dpo52),
closed where the book's own outputs give no false finding.

(1) A difference of persons in words: "3 more starters than in Ghent", "three fewer
    newcomers" ("more" and "fewer" are no label of persons, so no count phrase read them).
(2) A whole and its part in two clauses or sentences: "Of the 40 starters, 37 found a job",
    "There were 40 starters; 37 found a job", "40 starters, of whom 37 signed": the rest of
    the whole, 3, is a small count, as "37 of the 40 starters" (dpo52) is.
(3) A count without a noun in a list under a lead line of persons: "Persons by origin" over
    "- Maghreb: 3".
(4) ``redact_small_counts`` (and so ``protect_warnings``) kept dpo52's "37 of the 40
    starters", which export-check refuses: it now reads "all but <10 of the 40 starters".

Each leak is a count of 3 at ``min_cell`` 10 that passed before; the harmless texts beside
them (quarters, years, table numbers, seeds, percentages of large groups, differences of
periods or points, large parts) pass, and the book's chapter runs checked with this version
(Appendix C at seed 4250, chapters 1 and 4 at seeds 4251 and 4250) gain no finding."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mia_helpers.disclosure import redact_small_counts, small_counts_in_text
from mia_helpers.export_check import complements_in_text, scan

LEAKS = [
    "Antwerp had 3 more starters than Ghent.",
    "Ghent counted three fewer newcomers than Antwerp.",
    "The contract brought 2 additional patients into work.",
    "Of the 40 starters, 37 found a job.",
    "There were 40 starters; 37 found a job.",
    "There were 40 starters. Of them, 37 entered within a year.",
    "The 40 starters, of whom 37 signed, were followed.",
    "Of the 40 starters, 3 entered.",
    "Persons by origin\n\n- Maghreb: 3\n- Turkish: 45\n",
    "## Number of starters per region\n\nAntwerp: 45\nGhent: 4\n",
]

HARMLESS = [
    "Quarter 3 of 2008 had 40 starters; 37 per cent of them found a job.",
    "Of the 4,000 starters, 37.5 per cent found a job.",
    "In 2008 there were 400 starters; in 2009, 450 entered.",
    "Table 3 starters, 2 entered",
    "The run used seed 4250; 3 models were fitted.",
    "Starters needed 3 more quarters than the controls.",
    "The effect is 5 more percentage points.",
    "Antwerp had 12 more starters than Ghent.",
    "Of the 40 starters, 20 found a job.",
    "Parameters\n\nk: 3\ncaliper: 0.2\nseed: 4250\n",
    "Starters by region\n\n- Quarter: 3\n- Horizon: 4\n",
    "Settings:\n\n- Maghreb: 3\n",
    "Maghreb: 3",
]


@pytest.mark.parametrize("text", LEAKS)
def test_a_text_leak_is_read(text):
    assert small_counts_in_text(text, 10) or complements_in_text(text, 10), text


@pytest.mark.parametrize("text", LEAKS)
def test_a_text_leak_is_redacted_as_the_marker_says(text):
    out = redact_small_counts(text, 10)
    assert out != text and "<10" in out, out
    assert small_counts_in_text(out, 10) == [] and complements_in_text(out, 10) == [], out


@pytest.mark.parametrize("text", HARMLESS)
def test_harmless_text_passes(text):
    assert small_counts_in_text(text, 10) == [] and complements_in_text(text, 10) == [], text
    assert redact_small_counts(text, 10) == text


def test_redaction_reads_as_the_marker_states_it():
    assert redact_small_counts("37 of the 40 starters found a job", 10) == \
        "all but <10 of the 40 starters found a job"
    assert redact_small_counts("Of the 40 starters, 37 found a job.", 10) == \
        "Of the 40 starters, all but <10 found a job."
    assert redact_small_counts("Antwerp had three more starters than Ghent.", 10) == \
        "Antwerp had <10 more starters than Ghent."
    assert redact_small_counts("40 starters, of whom 3 signed", 10) == \
        "40 starters, of whom <10 signed"  # two rules read the 3: rewritten once


def test_protect_warnings_rewrites_the_whole_minus_the_count():
    """In a child process, as tests/test_dpo25_separation.py does: protect_warnings sets the
    process's warning hook and environment."""
    code = ("import warnings\nfrom mia_helpers.disclosure import protect_warnings\n"
            "protect_warnings(10)\nwarnings.warn('37 of the 40 starters have no twin')\n")
    said = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stderr
    assert "all but <10 of the 40 starters" in said and "37" not in said, said


def test_export_check_refuses_the_leaks_in_markdown(tmp_path: Path):
    for i, text in enumerate(LEAKS):
        (tmp_path / f"leak{i}.md").write_text(text + "\n")
    found = {f.file for f in scan(tmp_path, min_cell=10).findings if f.rule == "small_count"}
    assert found == {f"leak{i}.md" for i in range(len(LEAKS))}, found


def test_export_check_passes_the_harmless_texts(tmp_path: Path):
    for i, text in enumerate(HARMLESS):
        (tmp_path / f"ok{i}.md").write_text(text + "\n")
    assert [f for f in scan(tmp_path, min_cell=10).findings if f.rule == "small_count"] == []


def test_export_check_reads_a_list_of_a_rendered_page(tmp_path: Path):
    """A Markdown list as a notebook's HTML renders it, one item a line."""
    page = ("<html><body><h2>Persons by origin</h2>\n<ul>\n<li>Maghreb: 3</li>\n"
            "<li>Turkish: 45</li>\n</ul>\n</body></html>\n")
    (tmp_path / "page.html").write_text(page)
    found = [f for f in scan(tmp_path, min_cell=10).findings if f.rule == "small_count"]
    assert len(found) == 1 and "Maghreb: 3" in found[0].detail, found
    (tmp_path / "page.html").write_text(page.replace("Maghreb: 3", "Maghreb: 30"))
    assert [f for f in scan(tmp_path, min_cell=10).findings if f.rule == "small_count"] == []
