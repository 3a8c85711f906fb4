"""dpo32: cross-run differencing. Each run protects only itself: a second run of a chapter
on data with a few persons fewer (or a window shifted by a quarter) publishes counts that
differ from the released ones by the persons that changed. ``export-check NEW --released
OLD`` now sets each cell against the same cell of the earlier export and refuses a count, or
a share's numerator, that differs by 0 < d < min_cell (``released_difference``). Chapter 3,
seed 8080, 1,500 residents, 500 newcomers, min_cell 15, window from 2005Q1 and from 2005Q2:
the Sub-Saharan first generation's persons read 94 and 92 and those with a basic-training
inflow 22 and 21; the tables below are that table's cells."""
from __future__ import annotations

from pathlib import Path

import pytest

from mia_helpers import export_check as ec
from mia_helpers.cli import main as cli_main

HEADER = "| Origin | Measure | n_persons | n_inflow_persons |\n|:---|:---|---:|---:|\n"


def _md(folder: Path, rows: list[tuple[str, str, int | str, int | str]], name: str = "ch.md"
        ) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    body = "".join(f"| {o} | {m} | {n} | {k} |\n" for o, m, n, k in rows)
    (folder / name).write_text("# Inflow\n\n" + HEADER + body)
    return folder


OLD = [("Sub-Saharan (first generation)", "Basic training", 94, 22),
       ("Other non-EU (first generation)", "Basic training", 60, 18),
       ("Natives", "Basic training", 800, 120)]


def test_a_cell_differing_by_fewer_than_min_cell_persons_is_refused(tmp_path):
    old = _md(tmp_path / "old", OLD)
    new = _md(tmp_path / "new", [("Sub-Saharan (first generation)", "Basic training", 92, 21),
                                 *OLD[1:]])
    assert ec.scan(new, 15).ok  # alone, the new run passes
    res = ec.scan(new, 15, released=[old])
    assert [f.rule for f in res.findings] == ["released_difference"], res.findings
    detail = res.findings[0].detail
    assert res.findings[0].file == "ch.md"
    assert str(old) in detail
    assert "'n_persons': 94 there, 92 here (difference 2)" in detail
    assert "'n_inflow_persons': 22 there, 21 here (difference 1)" in detail
    assert "Natives" not in detail and "Other non-EU" not in detail


def test_cells_differing_by_min_cell_or_more_or_not_at_all_pass(tmp_path):
    old = _md(tmp_path / "old", OLD)
    far = _md(tmp_path / "far", [("Sub-Saharan (first generation)", "Basic training", 120, 40),
                                 ("Other non-EU (first generation)", "Basic training", 60, 18),
                                 ("Natives", "Basic training", 900, 150)])
    assert ec.scan(far, 15, released=[old]).ok, ec.scan(far, 15, released=[old]).findings
    same = _md(tmp_path / "same", OLD)
    assert ec.scan(same, 15, released=[old]).ok


def test_a_hidden_cell_and_another_table_are_not_compared(tmp_path):
    old = _md(tmp_path / "old", OLD)
    hidden = _md(tmp_path / "hidden", [("Sub-Saharan (first generation)", "Basic training",
                                        92, "<15"), *OLD[1:]])
    found = ec.scan(hidden, 15, released=[old]).findings
    assert len(found) == 1 and "n_inflow_persons" not in found[0].detail  # 94 -> 92 still
    other = _md(tmp_path / "other", [("Sub-Saharan (first generation)", "Basic training",
                                      92, 21), *OLD[1:]], name="another.md")
    # dpo50: the same caption and column labels in another file are the same table (one
    # earlier table has them), as linked_difference reads two files of one export since
    # dpo46: 94 Sub-Saharan inflow persons released, 92 now, 2 persons between them
    found = ec.scan(other, 15, released=[old]).findings
    assert [f.rule for f in found] == ["released_difference"], found
    assert "94" in found[0].detail and "92" in found[0].detail


def test_a_share_whose_numerator_differs_by_few_persons_is_refused(tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "new").mkdir()
    (tmp_path / "far").mkdir()
    (tmp_path / "old" / "t.csv").write_text("region,n_persons,pct_entered\nAntwerp,40,50.0\n"
                                            "Gent,50,20.0\n")
    # the same 40 and 50 persons, one more entered in Gent: 10 -> 11
    (tmp_path / "new" / "t.csv").write_text("region,n_persons,pct_entered\nAntwerp,40,50.0\n"
                                            "Gent,50,22.0\n")
    res = ec.scan(tmp_path / "new", 10, released=[tmp_path / "old"])
    assert [f.rule for f in res.findings] == ["released_difference"], res.findings
    assert "share 'pct_entered'" in res.findings[0].detail
    assert "Gent" in res.findings[0].detail and "Antwerp" not in res.findings[0].detail
    (tmp_path / "far" / "t.csv").write_text("region,n_persons,pct_entered\nAntwerp,40,50.0\n"
                                            "Gent,50,40.0\n")  # 10 -> 20 entered
    assert ec.scan(tmp_path / "far", 10, released=[tmp_path / "old"]).ok


def test_the_command_line_refuses_and_names_the_earlier_folder(tmp_path, capsys):
    old = _md(tmp_path / "old", OLD)
    new = _md(tmp_path / "new", [("Sub-Saharan (first generation)", "Basic training", 92, 21),
                                 *OLD[1:]])
    status = cli_main(["export-check", str(new), "--min-cell", "15", "--released", str(old)])
    out = capsys.readouterr().out
    assert status == 1
    assert "released_difference" in out and str(old) in out


def test_the_help_names_the_rule(capsys):
    with pytest.raises(SystemExit):
        cli_main(["export-check", "--help"])
    assert "released_difference" in capsys.readouterr().out.replace("\n", " ")
