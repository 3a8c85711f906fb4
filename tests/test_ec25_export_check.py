"""ec25: what ``export-check`` did not read, read inconsistently, or let out in metadata.

Found in this session: comments (and strings) in notebook code cells were not read ("# only 3
persons in Antwerp" passed in an exported .ipynb and its HTML); "one" was a count only after
only/just/exactly, so "one person", "a single person", "n = four" and "N: three" passed;
upper bounds were either read as counts ("at most 3 persons") or passed ("fewer than 3
persons", "3 or fewer persons"), whatever they disclosed; an HTML table in a notebook output
named no line for its table or rows; a run's manifest published the byte size of each data
file, which tells how many rows a small file holds."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from mia_helpers import export_check as ec
from mia_helpers.disclosure import redact_small_counts, small_counts_in_text
from mia_helpers.export_check import scan


def _nb(cells: list[dict]) -> dict:
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}


def _code(source: str, outputs: list[dict] | None = None, ec_: int = 1) -> dict:
    return {"cell_type": "code", "metadata": {}, "execution_count": ec_, "source": source,
            "outputs": outputs or []}


# --- 1. comments in code cells -----------------------------------------------------------

def test_a_comment_in_a_code_cell_states_a_count(tmp_path):
    path = tmp_path / "c.ipynb"
    path.write_text(json.dumps(_nb([_code("x = 1\n# only 3 persons in Antwerp\ny = x  # fine\n")])))
    found = scan(path, 10).findings
    assert [(f.rule, f.where) for f in found] == [("small_count", "cell 1 [In 1], source")], found
    assert "'3 persons' (line 2)" in found[0].detail and "code" in found[0].detail
    # a string in the code is published as much as a comment
    path.write_text(json.dumps(_nb([_code('note = "4 entrants signed"\n')])))
    assert [f.rule for f in scan(path, 10).findings] == ["small_count"]


def test_code_itself_and_ordinary_comments_pass(tmp_path):
    path = tmp_path / "c.ipynb"
    src = ("n = 4  # bootstrap draws\nk = 3\n# one row per person; the rows of one person\n"
           "# cells with fewer than 10 persons are hidden\n%matplotlib inline\n")
    path.write_text(json.dumps(_nb([_code(src)])))
    assert scan(path, 10).findings == []
    assert ec.code_text("a = 'x'  # 3 persons\n").split("\n")[0].strip() == "'x' # 3 persons"
    # source the tokenizer cannot read still has its comments read
    assert "# 3 persons" in ec.code_text("s = '''open\n# 3 persons\n")


def test_the_rendered_notebook_code_input_is_read(tmp_path):
    nbformat = pytest.importorskip("nbformat")
    from nbconvert import HTMLExporter

    printed = {"output_type": "stream", "name": "stdout", "text": "done\n"}
    for outputs in ([], [printed]):  # a cell without outputs is marked "jp-mod-noOutputs"
        nb = nbformat.from_dict(_nb([_code("x = 1\n# only 3 persons in Antwerp\n", outputs)]))
        for cell in nb.cells:
            cell["id"] = "c1"
        body, _ = HTMLExporter().from_notebook_node(nb)
        (tmp_path / "c.html").write_text(body)
        found = scan(tmp_path / "c.html", 10).findings
        assert [f.rule for f in found] == ["small_count"], found
        line = next(i for i, x in enumerate(body.split("\n"), start=1) if "<pre>" in x
                    and "x</span>" in x)
        assert found[0].where == f"code input 1 at file line {line}", found[0]
        assert "'3 persons' (line 2)" in found[0].detail and "code" in found[0].detail


# --- 2. number words ----------------------------------------------------------------------

@pytest.mark.parametrize("text, phrase", [
    ("n = four", "n = four"), ("(N: three)", "N: three"), ("n = one", "n = one"),
    ("Four persons entered.", "Four persons"), ("a single person entered", "a single person"),
    ("One person entered.", "One person"), ("one starter entered", "one starter"),
    ("only one patient", "one patient"), ("rows of only one person", "one person"),
    ("one of the two persons entered", "one of the two persons"),
])
def test_number_words_that_count_persons_are_read(text, phrase):
    assert small_counts_in_text(text, 10) == [phrase]


@pytest.mark.parametrize("text", [
    "one of the measures", "one quarter after the start", "at one horizon",
    "one row per person", "the rows of one person share the outcome",
    "Of two measure spells of one person, the longer is kept", "at least one control",
    "Every one of the 62 matched treated got as many controls", "about a single person",
    "one person row per panel row", "share one treated term", "one or more quarters",
    "n = twelve", "twelve persons",
])
def test_ordinary_english_with_number_words_passes(text):
    assert small_counts_in_text(text, 10) == []


# --- 3. bounds ----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "at most 3 persons entered", "fewer than 3 persons entered", "less than three starters",
    "< 5 persons", "<5 persons", "under 5 patients", "below 4 persons", "no more than 2 twins",
    "up to 3 persons", "<= 3 persons", "3 or fewer persons", "3 persons or fewer",
    "at most one person", "fewer than 2 persons",
])
def test_an_upper_bound_narrower_than_the_marker_is_refused(text):
    assert small_counts_in_text(text, 10) != [], text


@pytest.mark.parametrize("text", [
    "cells with fewer than 10 persons are suppressed", "fewer than 10 persons entered",
    "<10 persons", "at most 9 persons", "fewer than min_cell persons", "more than 3 persons",
    "at least 3 persons", "no fewer than 3 persons", "fewer than 1 person",
    "Cells below 5 persons are suppressed",  # the rule, stated: not a count
    "12 of 62 matched treated rows got fewer than 3 controls",  # k of the design
    "up to 3 twins per starter", "matched with up to 3 controls",
])
def test_the_rule_lower_bounds_and_the_design_pass(text):
    assert small_counts_in_text(text, 10) == [], text


def test_a_bound_is_judged_against_the_checks_threshold_and_redacted_to_the_marker():
    assert small_counts_in_text("fewer than 10 persons entered", 20) == [
        "fewer than 10 persons"]
    assert small_counts_in_text("at most 18 persons", 20) == ["at most 18 persons"]
    assert small_counts_in_text("at most 19 persons", 20) == []
    assert redact_small_counts("at most 3 persons entered", 10) == \
        "fewer than 10 persons entered"
    assert redact_small_counts("3 or fewer persons; <4 persons", 10) == \
        "fewer than 10 persons; <10 persons"
    assert redact_small_counts("cells with fewer than 10 persons are hidden", 10) == \
        "cells with fewer than 10 persons are hidden"


def test_a_bound_in_a_markdown_file_is_refused_with_its_line(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "n.md").write_text("# N\n\nAt most 3 persons entered in Antwerp.\n"
                                           "Cells below 10 persons are suppressed.\n")
    found = scan(tmp_path / "out", 10).findings
    assert [f.rule for f in found] == ["small_count"]
    assert "'At most 3 persons' (line 3)" in found[0].detail


# --- 4. HTML tables in notebook outputs ---------------------------------------------------

def test_an_html_table_of_a_notebook_output_names_its_rows_lines(tmp_path):
    t = pd.DataFrame({"persons": [120, 4, 40]}, index=pd.Index(["a", "b", "c"], name="group"))
    html = "<p>Intro</p>\n" + t.to_html()
    out = {"output_type": "display_data", "metadata": {},
           "data": {"text/html": html, "text/plain": "<table>"}}
    path = tmp_path / "c.ipynb"
    path.write_text(json.dumps(_nb([_code("t", [out])])))
    found = scan(path, 10).findings
    assert len(found) == 1 and found[0].rule == "small_count", found
    row_line = next(i for i, x in enumerate(html.split("\n"), start=1) if "<th>b</th>" in x) - 1
    assert found[0].where == "cell 1 [In 1], output 1, table 1"
    assert f"(row b at output line {row_line})" in found[0].detail, found[0].detail


# --- 5. the manifest's file sizes -------------------------------------------------------

def test_the_manifest_records_no_data_file_sizes(tmp_path):
    from mia_helpers.manifest import data_fingerprints

    d = tmp_path / "data"
    d.mkdir()
    pd.DataFrame({"person_id": ["a", "b", "c"]}).to_parquet(d / "wse_permits.parquet")
    files = data_fingerprints(d)["files"]
    assert set(files["wse_permits.parquet"]) == {"sha256"}


def test_a_manifest_that_publishes_data_sizes_is_refused(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    man = {"manifest_version": 1, "parameters": {"min_cell": 10},
           "data": {"files": {"wse_permits.parquet": {"sha256": "ab" * 32, "bytes": 1843}}},
           "inputs": {"/x/notebooks/01.md": {"sha256": "0", "bytes": 1}}}
    (folder / "other.json").write_text(json.dumps(man))
    found = scan(folder, 10).findings
    assert [(f.rule, f.where) for f in found] == [("data_size", "data.files")], found
    assert "wse_permits.parquet" in found[0].detail
    man["data"]["files"]["wse_permits.parquet"].pop("bytes")
    (folder / "other.json").write_text(json.dumps(man))
    assert scan(folder, 10).findings == []


def test_one_table_glued_as_html_and_markdown_gives_one_finding(tmp_path):
    t = pd.DataFrame({"group": ["a", "b", "c"], "persons": [120, 4, 40]})
    md = "| group | persons |\n|---|---|\n| a | 120 |\n| b | 4 |\n| c | 40 |\n"
    out = {"output_type": "display_data", "metadata": {},
           "data": {"text/html": t.to_html(index=False), "text/markdown": md,
                    "text/plain": "t"}}
    path = tmp_path / "c.ipynb"
    path.write_text(json.dumps(_nb([_code("t", [out])])))
    found = scan(path, 10).findings
    assert len(found) == 1 and "at output line" in found[0].detail, found
