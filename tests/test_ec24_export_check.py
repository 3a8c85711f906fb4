"""ec24: what ``export-check`` missed in prose, refused wrongly, and did not say or record.

Found in the previous session: counts written as words ("three persons"), as a fraction
("4/62 persons"), with a share in brackets ("4 (3.2 %) persons") or after "of whom" passed;
"3 controls per starter" (a ratio of the design) was refused; an HTML file's table findings
carried no line; a sub-folder's passing record stored no file hashes, so a file changed after
that check still passed under the record."""

from __future__ import annotations

import json
from pathlib import Path

from mia_helpers import export_check as ec
from mia_helpers.disclosure import redact_small_counts, small_counts_in_text
from mia_helpers.export_check import scan


def _md(tmp_path: Path, text: str, min_cell: int = 10) -> list[ec.Finding]:
    folder = tmp_path / "out"
    folder.mkdir(exist_ok=True)
    (folder / "notes.md").write_text(text)
    return scan(folder, min_cell).findings


WORDS = """# Notes

Only three persons entered.
Four entrants signed; twelve starters
stayed, and nineteen persons left.
"""


def test_counts_written_as_words_are_refused_with_line_phrase_and_remedy(tmp_path):
    found = _md(tmp_path, WORDS, 20)
    assert [(f.file, f.rule) for f in found] == [("notes.md", "small_count")], found
    d = found[0].detail
    for phrase, line in (("'three persons'", 3), ("'Four entrants'", 4),
                         ("'twelve starters'", 4), ("'nineteen persons'", 5)):
        assert f"{phrase} (line {line})" in d, d
    assert "write the marker <20" in d
    # min_cell is respected: a word at or above the threshold passes
    assert small_counts_in_text("fifty persons; seven starters; twenty-one persons", 10) == [
        "seven starters"]
    assert small_counts_in_text("twenty-one persons", 25) == ["twenty-one persons"]
    # "one" is the generic article of a definition ("one row per person", "rows of one
    # person"); a stated single person is still read
    assert small_counts_in_text("one row per person; the rows of one person share it", 10) == []
    assert small_counts_in_text("Only one person entered.", 10) == ["one person"]
    assert redact_small_counts("three persons and 40 rows", 10) == "<10 persons and 40 rows"
    assert small_counts_in_text("three matched starters", 10) == ["three matched starters"]
    # a word names persons only: "the two events" of chapter 2 are two kinds of event, and
    # before a singular noun it qualifies another ("one of the two newcomer effects")
    assert small_counts_in_text("the ratios of the two events; only one of the two newcomer "
                                "effects; two control groups", 10) == []


def test_a_fraction_of_persons_is_two_counts():
    assert small_counts_in_text("4/62 persons were transplanted", 10) == ["4/62 persons"]
    assert small_counts_in_text("40/62 persons were transplanted", 10) == []
    assert small_counts_in_text("40/62 persons were transplanted", 50) == ["40/62 persons"]
    assert redact_small_counts("4/62 persons", 10) == "<10/62 persons"


def test_a_count_with_its_share_in_brackets_before_the_noun_is_read():
    assert small_counts_in_text("4 (3.2 %) persons entered", 10) == ["4 (3.2 %) persons"]
    assert small_counts_in_text("2 of 62 (3.2%) persons", 10) == ["2 of 62 (3.2%) persons"]
    assert small_counts_in_text("40 (32.0 %) persons entered", 10) == []
    assert redact_small_counts("4 (3.2 %) persons", 10) == "<10 (3.2 %) persons"


def test_of_whom_and_of_which_state_counts(tmp_path):
    found = _md(tmp_path, "# N\n\n62 starters, of whom 4 entered.\n"
                          "80 contracts, of which 3 signed.\n")
    assert [f.rule for f in found] == ["small_count"], found
    assert "'of whom 4' (line 3)" in found[0].detail and "'of which 3' (line 4)" in \
        found[0].detail
    assert small_counts_in_text("of whom four entered", 10) == ["of whom four"]
    # larger counts, shares and periods are not small counts of persons
    assert small_counts_in_text("of whom 40 entered; of which 3.5 % signed; 12 quarters, "
                                "of which 3 quarters of follow-up", 10) == []
    assert small_counts_in_text("12 quarters, of which 3 had a start", 10) == []
    assert redact_small_counts("of whom 4 entered", 10) == "of whom <10 entered"


def test_ratios_of_the_design_are_not_counts_but_counts_stay_counts(tmp_path):
    design = ("# Design\n\nWe matched 3 controls per starter, up to 3 twins per starter, "
              "with k = 3 controls (k = 3 neighbours), 2 controls for each treated.\n")
    assert _md(tmp_path, design) == []
    assert small_counts_in_text("3 controls were matched; 3 persons per quarter", 10) == [
        "3 controls", "3 persons"]


HTML = """<html><body>
<p>Table 1.</p>
<table>
<thead><tr><th>group</th><th>persons</th></tr></thead>
<tbody>
<tr><th>a</th><td>120</td></tr>
<tr><th>b</th>
<td>4</td></tr>
</tbody>
</table>
</body></html>
"""


def test_an_html_tables_findings_give_the_file_line(tmp_path):
    (tmp_path / "page.html").write_text(HTML)
    found = scan(tmp_path / "page.html", 10).findings
    assert [f.rule for f in found] == ["small_count"], found
    assert found[0].where == "table 1 (book Table 1) at line 3", found[0]
    # the offending row: its label and the line of its row in the file
    assert "(row b at file line 7)" in found[0].detail, found[0].detail
    assert "mia_helpers.disclosure.suppress" in found[0].detail


def test_a_sub_folders_record_goes_stale_when_a_file_changes(tmp_path):
    export = tmp_path / "export"
    run = export / "run"
    run.mkdir(parents=True)
    (run / "table.csv").write_text("group,persons\na,120\nb,40\n")
    ec.write_results(scan(run, 10), run, 10, run / ec.RECORD_NAME)
    rec = json.loads((run / ec.RECORD_NAME).read_text())
    assert set(rec["file_hashes"]) == {"table.csv"}, rec
    assert scan(export, 10).ok
    # the same size, another content: only the hash tells
    (run / "table.csv").write_text("group,persons\na,120\nb,41\n")
    found = scan(export, 10).findings
    assert [(f.file, f.rule) for f in found] == [("run/export_check_results.json",
                                                  "stale_record")], found
    assert "table.csv" in found[0].detail and "changed" in found[0].detail
    assert "export-check" in found[0].detail  # the remedy: check that folder again


def test_a_passing_record_without_file_hashes_is_refused(tmp_path):
    export = tmp_path / "export"
    run = export / "run"
    run.mkdir(parents=True)
    (run / "table.csv").write_text("group,persons\na,120\nb,40\n")
    path = ec.write_results(scan(run, 10), run, 10, run / ec.RECORD_NAME)
    rec = json.loads(path.read_text())
    del rec["file_hashes"]  # as written before the hashes were recorded
    path.write_text(json.dumps(rec))
    found = scan(export, 10).findings
    assert [(f.file, f.rule) for f in found] == [("run/export_check_results.json",
                                                  "stale_record")], found
    assert "no file hashes" in found[0].detail and f"export-check {run}" in found[0].detail
