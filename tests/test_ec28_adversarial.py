"""ec28: realistic ways to get a small count past export-check (min_cell 12), each of which
passed before: a count in a CSV's header or in a text cell, in a file's or folder's name, in a
page's comment, script or data attribute, a CSV pasted into Markdown or printed, a transposed
CSV written with its index, a share beside its count, and a named pipe. What is refused or
listed already (other encodings, symlinks, hidden and nested files, zip, Parquet) is pinned
too, with clean controls that pass."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from mia_helpers import export_check as ec

OK = "region,n_persons\nAntwerp,40\nGhent,55\n"


def _scan(tmp_path: Path, files: dict[str, str | bytes]) -> ec.ScanResult:
    root = tmp_path / "export"
    for rel, content in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding="utf-8")
    return ec.scan(root, 12)


def _notebook(stdout: str) -> str:
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "id": "a", "metadata": {}, "execution_count": 1,
         "source": "print(t.to_csv())", "outputs": [
             {"output_type": "stream", "name": "stdout", "text": stdout}]}]})


LEAKS = {
    "csv header": {"t.csv": "region,share entered (n = 4)\nAntwerp,0.5\n"},
    "csv header with a place": {"t.csv": "Antwerp (4 persons),Ghent (50 persons)\n0.25,0.4\n"},
    "csv text cell": {"t.csv": "region,note\nAntwerp,only three persons entered\nGhent,ok\n"},
    "csv label": {"t.csv": "group,share\nthe 3 Sub-Saharan women,0.33\nothers,0.5\n"},
    "csv multi-line cell": {"t.csv": 'region,note\nAntwerp,"ok\nonly 3 persons entered"\n'},
    "html table cell": {"t.html": "<html><body><table><tr><th>region</th><th>note</th></tr>"
                                  "<tr><td>Antwerp</td><td>only three persons entered</td>"
                                  "</tr></table></body></html>"},
    "file name": {"antwerp_only_3_persons_entered.csv": OK},
    "folder name": {"3 persons entered in Antwerp/t.csv": OK},
    "html comment": {"t.html": "<html><body><!-- only 3 persons entered --><p>Text.</p>"
                               "</body></html>"},
    "html script": {"t.html": "<html><body><script>// 3 persons in Antwerp\n</script>"
                              "<p>Text.</p></body></html>"},
    "html data attribute": {"t.html": "<html><body><p data-count='3 persons'>Text.</p>"
                                      "</body></html>"},
    "csv pasted in markdown": {"t.md": "# Counts\n\nregion,n_persons\nAntwerp,3\nGhent,40\n"},
    "csv in a .csv.md": {"t.csv.md": "region,n_persons\nAntwerp,3\nGhent,40\n"},
    "csv printed by a notebook": {"c.ipynb": _notebook("region,n_persons\nAntwerp,3\n"
                                                       "Ghent,40\n")},
    "transposed csv with its index": {"t.csv": ",Antwerp,Ghent\npersons,3,40\nshare,0.1,0.2\n"},
    "transposed: number of persons": {"t.csv": ",Antwerp,Ghent\nnumber of persons,3,40\n"
                                               "share,0.1,0.2\n"},
    "no-break space in markdown": {"t.md": "# P\n\nOnly 3&nbsp;persons entered.\n"},
    "no-break space in html": {"t.html": "<html><body><p>Only 3&nbsp;persons entered.</p>"
                                         "</body></html>"},
    "narrow no-break space in a csv cell": {"t.csv": "region,note\nAntwerp,only 3\u202f"
                                                     "persons\nGhent,ok\n"},
    "zero-width space": {"t.md": "# P\n\nOnly 3\u200bpersons entered.\n"},
    "a digit as a character reference": {"t.md": "# P\n\nOnly &#51; persons entered.\n"},
    "share beside its count (%)": {"t.csv": "region,n_persons,share_entered_pct\n"
                                            "Antwerp,40,2.5\nGhent,55,40.0\n"},
    "share beside its count": {"t.csv": "region,n_persons,share_entered\n"
                                        "Antwerp,40,0.025\nGhent,55,0.4\n"},
    "complement of a share": {"t.csv": "region,n_persons,share_entered\n"
                                       "Antwerp,40,0.975\nGhent,55,0.4\n"},
}


@pytest.mark.parametrize("case", sorted(LEAKS))
def test_a_small_count_no_longer_passes(tmp_path, case):
    res = _scan(tmp_path, LEAKS[case])
    assert not res.ok, case
    assert {f.rule for f in res.findings} & {"small_count", "share_count"}, res.findings


def test_an_empty_folder_named_with_a_count_is_refused(tmp_path):
    (tmp_path / "export" / "3 persons").mkdir(parents=True)
    (tmp_path / "export" / "t.csv").write_text(OK)
    res = ec.scan(tmp_path / "export", 12)
    assert [f.rule for f in res.findings] == ["small_count"], res.findings
    assert res.findings[0].file == "3 persons"


def test_a_named_pipe_is_refused_unread(tmp_path):
    root = tmp_path / "export"
    root.mkdir()
    (root / "ok.csv").write_text(OK)
    os.mkfifo(root / "t.csv")  # opening it would block: it is not opened
    res = ec.scan(root, 12)
    assert [(f.file, f.rule) for f in res.findings] == [("t.csv", "unknown_file")]


CLEAN = {
    "csv": {"t.csv": OK},
    # a mean, not a share: a share whose group no table counts is refused since dpo47
    "csv header and text": {"t.csv": "region,mean score (n = 40),note\nAntwerp,0.5,"
                                     "40 persons entered\nGhent,0.2,fine\n"},
    "a chapter's notebook name": {"02_school_leaver_entry.csv": OK},
    "share beside its count": {"t.csv": "region,n_persons,share_entered_pct\n"
                                        "Antwerp,40,50.0\nGhent,55,40.0\n"},
    "share explained": {"t.csv": "region,n_persons,Share explained (%)\nAntwerp,40,2.5\n"
                                 "Ghent,55,-4.0\n"},
    "two count columns": {"t.csv": "region,n_persons,n_entered,share_entered_pct\n"
                                   "Antwerp,40,20,50.0\nGhent,55,22,40.0\n"},
    "prose with commas": {"t.md": "# P\n\nIn 2009, 40 persons entered, and\nin 2010, 35 "
                                  "persons, of whom 20 stayed.\n"},
    "html comment": {"t.html": "<html><body><!-- 40 persons --><p>Text.</p></body></html>"},
}


@pytest.mark.parametrize("case", sorted(CLEAN))
def test_clean_outputs_pass(tmp_path, case):
    res = _scan(tmp_path, CLEAN[case])
    assert res.ok, res.findings


REFUSED = {
    "latin-1 csv": {"t.csv": "région,n_persons\nLiège,3\nGhent,40\n".encode("latin-1")},
    "utf-16 markdown": {"t.md": "# P\n\nOnly 3 persons entered.\n".encode("utf-16")},
    "utf-16 notebook": {"t.ipynb": _notebook("3 persons").encode("utf-16")},
    "semicolon csv": {"t.csv": "region;n_persons\nAntwerp;3\nGhent;40\n"},
    "gzip": {"t.csv.gz": gzip.compress(b"region,n_persons\nAntwerp,3\n")},
    "parquet": {"t.parquet": b"PAR1"},
    "hidden file": {".t.csv": "region,n_persons\nAntwerp,3\n", "ok.csv": OK},
    "hidden folder": {".cache/t.csv": "region,n_persons\nAntwerp,3\n", "ok.csv": OK},
    "nested": {"a/b/c/d/t.csv": "region,n_persons\nAntwerp,3\n", "ok.csv": OK},
    "upper-case suffix": {"T.CSV": "region,n_persons\nAntwerp,3\n", "ok.csv": OK},
    "svg": {"t.svg": "<svg><text>3 persons</text></svg>"},
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_what_cannot_be_read_or_hides_a_count_is_refused(tmp_path, case):
    assert not _scan(tmp_path, REFUSED[case]).ok


def test_a_symlink_is_refused(tmp_path):
    outside = tmp_path / "secret.csv"
    outside.write_text("region,n_persons\nAntwerp,3\n")
    root = tmp_path / "export"
    root.mkdir()
    (root / "ok.csv").write_text(OK)
    (root / "t.csv").symlink_to(outside)
    (root / "sub").symlink_to(tmp_path, target_is_directory=True)
    res = ec.scan(root, 12)
    assert sorted((f.file, f.rule) for f in res.findings) == [("sub", "unknown_file"),
                                                             ("t.csv", "unknown_file")]


SHARES_IN_PROSE = ["2.5% of the 40 starters entered", "Of the 40 starters, 2.5 % entered",
                   "40 starters, of whom 2.5% entered", "2.5 percent of 40 persons",
                   "97.5% of 40 persons entered", "Of the 400 starters, 2.5% entered",
                   "1 in 40 starters entered", "one in forty starters entered",
                   "50% of the 6 starters"]


@pytest.mark.parametrize("text", SHARES_IN_PROSE)
def test_a_share_of_a_count_in_prose_is_read(text):
    from mia_helpers.disclosure import redact_small_counts, small_counts_in_text

    assert small_counts_in_text(text, 12), text
    assert small_counts_in_text(redact_small_counts(text, 12), 12) == []


@pytest.mark.parametrize("text", ["50% of the 40 starters entered", "25 in 400 persons",
                                  "Of the 400 starters, 25.0% entered", "2.5% of earnings"])
def test_a_share_that_pins_no_small_count_passes(text):
    from mia_helpers.disclosure import small_counts_in_text

    assert small_counts_in_text(text, 12) == [], text
