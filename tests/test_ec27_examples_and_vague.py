"""ec27: the rules page's own examples, and vague counts without a noun.

2. ``book/disclosure.md`` quotes what export-check refuses ("3 treated", "a few persons") and
   incidents of synthetic runs ("10 starts without an entry by 9 persons"): exported with the
   built book, the page was refused. Each such example is now marked with the ``{samp}`` role
   (``<code class="samp ...">`` in Sphinx's HTML), which the check does not read as a count
   but lists for the output checker (status ``review``); generic wording was reworded.
3. "a handful entered" (a vague word for a small count before a verb of persons, no noun)
   passed: it is now refused as "a handful of starters" is, and ordinary prose is not.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from mia_helpers import export_check as ec
from mia_helpers.disclosure import VAGUE_ACT, redact_small_counts, small_counts_in_text

ROOT = Path(__file__).resolve().parents[1]

#: the HTML Sphinx (myst-parser) writes for ``({samp}`3 treated`, {samp}`a few persons`)``
SPHINX_SAMP = ('<p>The rule refuses (<code class="samp docutils literal notranslate"><span '
               'class="pre">3</span> <span class="pre">treated</span></code>, <code '
               'class="samp docutils literal notranslate"><span class="pre">a</span> <span '
               'class="pre">few</span> <span class="pre">persons</span></code>).</p>')


def _page(tmp_path: Path, name: str, text: str) -> ec.ScanResult:
    folder = tmp_path / "out"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text)
    return ec.scan(folder, 10)


# --- 2. the rules page's examples ---------------------------------------------------------

def test_the_disclosure_page_passes_and_lists_its_examples(tmp_path):
    folder = tmp_path / "book"
    folder.mkdir()
    shutil.copy(ROOT / "book" / "disclosure.md", folder / "disclosure.md")
    res = ec.scan(folder, 10)
    assert res.ok, res.findings
    phrases = [p for _, _, p in res.examples]
    for example in ("3 treated", "a few persons", "a handful entered",
                    "10 starts without an entry by 9 persons"):
        assert example in phrases, phrases
    rec = json.loads(ec.write_results(res, folder, 10, folder / ec.RECORD_NAME).read_text())
    listed = [e for e in rec["results"].values() if e["type"] == "example"]
    assert len(listed) == len(res.examples) and {e["status"] for e in listed} == {"review"}
    assert rec["status"] == "pass"


def test_the_disclosure_page_without_its_marks_is_refused(tmp_path):
    text = (ROOT / "book" / "disclosure.md").read_text()
    bare = re.sub(r"\{samp\}`([^`]*)`", r'"\1"', text)
    res = _page(tmp_path, "disclosure.md", bare)
    # the counts, and the separation's events and trials quoted on the page
    # and (dpo30c) the whole groups stated in words it quotes as examples
    # and (mend51) the ranges and ranked extremes of persons it quotes as examples
    assert [f.rule for f in res.findings] == ["small_count", "small_count", "extreme_value",
                                              "whole_group"], res.findings
    assert "ages ranged from 18 to 64" in res.findings[2].detail
    assert "All 31 asylum newcomers" in res.findings[3].detail
    # 17 until ec29 added four examples of Dutch and French number words; 21 until ec30 added
    # ten of German words, approximate numbers, bounds and vague words below 10; 31 until
    # dpo32 added eight of German counts of one, "von" and ordinals and their English forms;
    # 39 until dpo46 added one of a curve's steps ("one and two persons") and one of a count
    # cell ("n=3"); 41 until dpo47 added two of an interval's group and a share's numerator
    # ("4 of 9 persons", "2.5 per cent is one person of 40"); 43 until dpo48 marked its
    # examples of a header count, a share per thousand, a share's bound and a nested
    # difference (one of them a count not on the page before); 44 until text50 quoted
    # pandas' footer of a print cut short ("[2 rows x 30 columns]", no table above it); 45
    # until dpo50 marked its example of the count its holes passed ("3 persons"); 46 until
    # dpo52 added two of a count of its whole ("37 of the 40 starters", "37 out of 40 persons");
    # 48 until dpo53 read two it listed as left to the checker ("3 more starters", "40
    # starters, 37 found") and added four ("three fewer newcomers", "40 starters; 37 found",
    # "40 starters, of whom 37 signed", "2 deaths"); 54 until heart53 quoted Appendix C's
    # effect on "7 deaths"; 55 until dpo54 marked nine of its whole-valued decimals,
    # weighted counts, decimal bounds and counts of one ("3.0 persons", "3.3
    # treated-equivalent controls", "2.5 weighted controls", "(2.5 controls in 3 rows)", "at
    # most 2.5 persons", "2,0 personen", "1 more person left", "at most 1 person"); 64 until
    # the fifty-first session marked two of singular sexes ("1 woman", "1 man"); 66 until
    # dpo55 quoted fifteen of the forms it reads ("2.000 persons", "3.3 controls (weighted)",
    # "3,3 gewogen personen", "1 Mensch", "1 nouvel arrivant", "3 van de 40 deelnemers", ...)
    assert "81 counts" in res.findings[0].detail and "separation" in res.findings[1].detail


def test_examples_in_sphinx_html_are_listed_not_refused(tmp_path):
    res = _page(tmp_path, "disclosure.html", f"<html><body>\n{SPHINX_SAMP}\n</body></html>\n")
    assert res.ok, res.findings
    assert [(w, p) for _, w, p in res.examples] == [("line 2", "3 treated"),
                                                    ("line 2", "a few persons")]


@pytest.mark.parametrize("text", [
    SPHINX_SAMP.replace('class="samp ', 'class="'),  # plain inline code is read
    SPHINX_SAMP + "\n<p>Only 3 persons entered in Antwerp.</p>",  # a count beside examples
])
def test_a_count_outside_a_marked_example_is_still_refused(tmp_path, text):
    res = _page(tmp_path, "p.html", f"<html><body>\n{text}\n</body></html>\n")
    assert [f.rule for f in res.findings] == ["small_count"], res.findings


def test_the_role_named_in_inline_code_marks_nothing(tmp_path):
    res = _page(tmp_path, "n.md", "Mark with `{samp}` the examples; 3 persons entered.` x`\n")
    assert [f.rule for f in res.findings] == ["small_count"], res.findings
    assert res.examples == []


def test_a_marked_example_in_a_notebooks_markdown_cell_is_listed(tmp_path):
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "markdown", "metadata": {},
         "source": "The check refuses {samp}`2 of 62 persons`; 40 persons entered."}]}
    res = _page(tmp_path, "c.ipynb", json.dumps(nb))
    assert res.ok, res.findings
    assert res.examples == [("c.ipynb", "cell 1 (markdown), line 1", "2 of 62 persons")]


def test_a_marked_example_without_a_count_is_not_listed(tmp_path):
    res = _page(tmp_path, "n.md", "Write {samp}`fewer than 10 persons` instead.\n")
    assert res.ok and res.examples == []


# --- 3. vague counts before a verb of persons ---------------------------------------------

VAGUE_ACTS = [
    ("Of the 40 starters, a handful entered.", "a handful entered"),
    ("Of the 40 starters, a handful entered within a year.", "a handful entered"),
    ("Several signed a contract by quarter 4.", "Several signed"),
    ("Only a few left.", "a few left"),
    ("A few had no job after a year.", "A few had"),
    ("A handful were employed by quarter 4.", "A handful were employed"),
    ("A small number eventually found work.", "A small number eventually found"),
    ("a few more entered later", "a few more entered"),
]


@pytest.mark.parametrize("text, phrase", VAGUE_ACTS)
def test_a_vague_word_before_a_verb_of_persons_is_refused(text, phrase):
    assert small_counts_in_text(text, 10) == [phrase]


def test_a_vague_word_before_a_verb_is_refused_by_export_check(tmp_path):
    res = _page(tmp_path, "n.md", "Of the 40 starters, a handful entered.\n")
    assert [f.rule for f in res.findings] == ["small_count"], res.findings
    assert "vague word" in res.findings[0].detail


@pytest.mark.parametrize("text", [
    "A few dropped rows are kept in the log.",  # a participle before its noun
    "several signed contracts",
    "the top measure per population when several are compared",
    "wider when a few carry the variance",
    "several measures started in 2015",
    "a few have been tested",
    "each starter is matched with a few matched controls",
    "a few hundred starters entered",
])
def test_ordinary_prose_with_a_vague_word_passes(text):
    assert small_counts_in_text(text, 10) == []


def test_a_vague_word_before_a_verb_is_redacted_as_the_marker_says():
    assert (redact_small_counts("Of the 40 starters, a handful entered.", 10)
            == "Of the 40 starters, fewer than 10 entered.")


def test_the_default_books_sources_hold_no_vague_word_before_a_verb():
    # the chapters' and the book's prose as written: the new reading refuses none of it (the
    # executed chapters' export-check was run on the default data too: see the ec27 report)
    sources = sorted((ROOT / "notebooks").glob("*.md")) + sorted((ROOT / "book").glob("*.md"))
    hits = [(p.name, m.group(0)) for p in sources
            for m in VAGUE_ACT.finditer(ec.strip_examples(p.read_text())[0])]
    assert hits == [], hits


def test_a_national_number_is_never_an_example(tmp_path):
    res = _page(tmp_path, "n.md", "An identifier such as {samp}`85.07.30-033.28` is refused.\n")
    assert [f.rule for f in res.findings] == ["national_number"], res.findings


def test_the_disclosure_page_passes_as_its_html_reads(tmp_path):
    # the built page shows inline code as text: "`min_cell - 1` persons" reads "1 persons"
    # there (found on a Sphinx build of the page); the marked examples stay marked
    text = (ROOT / "book" / "disclosure.md").read_text()
    shown = re.sub(r"(?<!\})`([^`\n]*)`", r"\1", text)
    res = _page(tmp_path, "disclosure.md", shown)
    assert res.ok, res.findings
