"""Chapter 1's exclusion log on an extract where a register's rules drop a few rows (log30).

A new-analyst trial: one permit outside the window and two measure rows delivered twice. The
log hid the small counts, but a register's delivered rows (the registers table and the log's
``of_rows``) less the rows kept (later chapters) gave them back, so the checking record marked
the log ``fail`` and chapter 1 could never leave. Now the delivered rows of such a register
are hidden instead: the run passes export-check, the small counts appear nowhere in it, and
the panel build's ``exclusion_log.csv`` (beside the panel, not in the run folder) keeps them.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from mia_helpers import describe
from mia_helpers.disclosure import checking_record, reset_record
from mia_helpers.export_check import scan

MIN_CELL = 10


def _log(tmp_path: Path, outside_permits: int, repeated_measures: int,
         persons_dropped: int = 0) -> Path:
    rows = [
        ("persons", "no_ksz_quarter_in_window", persons_dropped, 3400),
        ("vdab_registrations", "outside_window", 30, 7008),
        ("vdab_registrations", "orphan_id", 0, 7008),
        ("vdab_measures", "orphan_id", 0, 7603),
        ("vdab_measures", "censored_at_window_end (kept)", 69, None),
        ("vdab_measures", "duplicate_measure", repeated_measures, None),
        ("wse_permits", "orphan_id", 0, 824),
        ("wse_permits", "outside_window", outside_permits, 824),
    ]
    pd.DataFrame(rows, columns=["table", "rule", "rows", "of_rows"]).to_csv(
        tmp_path / "exclusion_log.csv", index=False)
    return tmp_path


def _fails(rec: pd.DataFrame) -> bool:
    status = rec.loc[rec["output"].astype(str).str.startswith("exclusion log"), "status"]
    return status.astype(str).str.startswith("fail").any()


def test_few_dropped_rows_hide_the_delivered_rows_not_fail(tmp_path):
    reset_record()
    prot = describe.exclusion_log(_log(tmp_path, 1, 2), min_cell=MIN_CELL)
    d, r = prot.data, prot.reason
    few = d["table"].isin(["wse_permits", "vdab_measures"])
    assert r.loc[d["rule"].isin(["outside_window", "duplicate_measure"]) & few,
                 "rows"].eq("primary").all()
    # the delivered rows of both registers are hidden wherever the log gives them
    assert d.loc[few, "of_rows"].isna().all()
    assert r.loc[few & d["rule"].eq("orphan_id"), "of_rows"].eq("complement").all()
    # a register dropping many rows keeps its delivered rows and its 30
    regs = d["table"] == "vdab_registrations"
    assert d.loc[regs, "of_rows"].eq(7008).all() and 30 in d.loc[regs, "rows"].tolist()
    assert not _fails(checking_record()), checking_record()
    # a few persons without a KSZ quarter: the sample table counts the panel's persons since
    # user31 (describe.analysis_persons), so the persons register's rows are hidden too
    reset_record()
    prot = describe.exclusion_log(_log(tmp_path, 0, 0, persons_dropped=3), min_cell=MIN_CELL)
    assert not _fails(checking_record())
    assert prot.data.loc[prot.data["table"].eq("persons"), "of_rows"].isna().all()


def test_the_caption_note_is_empty_without_few_dropped_rows(tmp_path):
    assert describe.few_dropped_note(_log(tmp_path, 0, 40), MIN_CELL) == ""
    note = describe.few_dropped_note(_log(tmp_path, 1, 40), MIN_CELL)
    assert "WSE permits" in note and "measures" not in note.lower()


def _run(args: list[str], env: dict) -> None:
    done = subprocess.run([sys.executable, "-m", "mia_helpers", *args], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]


@pytest.fixture(scope="module")
def planted_run(tmp_path_factory):
    """Seed 9494 (2,500 residents, 900 newcomers) with one permit outside the window and two
    measure rows delivered twice; chapter 1 run on it. Also the same seed untouched, with its
    panel built (``clean``)."""
    tmp = tmp_path_factory.mktemp("log30")
    env = dict(os.environ, MIA_DATA_ROOT=str(tmp / "cache"), OPENBLAS_NUM_THREADS="1",
               OMP_NUM_THREADS="1")
    data = tmp / "data"
    _run(["synth", "--seed", "9494", "--residents", "2500", "--newcomers", "900", "--no-truth",
          "--out", str(data)], env)
    _run(["synth", "--seed", "9494", "--residents", "2500", "--newcomers", "900", "--no-truth",
          "--out", str(tmp / "clean")], env)
    _run(["panel", "--data", str(tmp / "clean")], env)
    permits = pd.read_parquet(data / "wse_permits.parquet")
    out_of_window = permits.iloc[[0]].copy()
    out_of_window["quarter"] = out_of_window["quarter"] * 0 + 150
    pd.concat([permits, out_of_window], ignore_index=True).to_parquet(data / "wse_permits.parquet")
    measures = pd.read_parquet(data / "vdab_measures.parquet")
    pd.concat([measures, measures.iloc[[5, 9]]], ignore_index=True).to_parquet(
        data / "vdab_measures.parquet")
    nb = Path(__file__).resolve().parents[1] / "notebooks"
    _run(["chapter", "01_panel_construction", "-p", "data_dir", str(data), "-p", "min_cell",
          str(MIN_CELL), "--out", str(tmp / "out"), "--notebooks", str(nb)], env)
    return data, tmp / "out", len(permits) + 1, len(measures) + 2, tmp / "clean"


def _exclusion_table(out: Path) -> list[str]:
    html = (out / "01_panel_construction.ipynb").read_text()
    start = html.index("Exclusion log:")
    return [line for line in html[start:start + 20000].split("\\n") if line.startswith("| ")]


def _notebook_text(path: Path) -> list[str]:
    """The text outputs of an executed notebook (tables, glued sentences, printed lines)."""
    texts = []
    for cell in json.loads(path.read_text())["cells"]:
        for output in cell.get("outputs", []):
            texts.append("".join(output.get("text", "")))
            for kind, value in output.get("data", {}).items():
                if kind.startswith(("text/", "application/papermill.record/text")):
                    texts.append(value if isinstance(value, str) else "".join(value))
    return texts


def test_the_planted_run_passes_export_check(planted_run):
    _, out, _, _, _ = planted_run
    result = scan(out, min_cell=MIN_CELL)
    assert result.ok, [str(f) for f in result.findings]


def test_the_hidden_counts_are_absent_from_the_outputs(planted_run):
    data, out, n_permits, n_measures, _ = planted_run
    rows = _exclusion_table(out)
    permit = next(r for r in rows if r.startswith("| WSE permits | outside window"))
    repeat = next(r for r in rows if r.startswith("| VDAB measures | measure row delivered"))
    assert permit.split("|")[3].strip() == f"<{MIN_CELL}"
    assert repeat.split("|")[3].strip() == f"<{MIN_CELL}"
    text = re.sub(r"data:image/[\w.+-]+;base64,[A-Za-z0-9+/=]+", "", (
        out / "01_panel_construction.html").read_text())  # images: no text to read
    text += "\n".join(_notebook_text(out / "01_panel_construction.ipynb"))
    # the delivered rows that, less the rows kept, would give the 1 and the 2 back
    for n in (n_permits, n_measures):
        assert not re.search(rf"(?<![\d,.]){n:,}(?![\d,])", text), n
        assert not re.search(rf"(?<![\d,.]){n}(?![\d,])", text), n

    # the analyst's full log, in the data folder beside the panel, keeps the exact counts
    log = pd.read_csv(data / "exclusion_log.csv")
    exact = dict(zip(log["table"] + "/" + log["rule"], log["rows"], strict=True))
    assert exact["wse_permits/outside_window"] == 1
    assert exact["vdab_measures/duplicate_measure"] == 2
    assert not list(out.rglob("exclusion_log.csv"))  # not in the run folder that leaves


def test_the_default_book_shows_large_counts_as_before(planted_run):
    """The same seed without planted rows (every register drops 0 rows or many): the
    registers table gives every register's delivered rows, the log every ``of_rows``, and
    the captions no note."""
    clean = planted_run[-1]
    reset_record()
    overview = describe.register_overview(clean, min_cell=MIN_CELL)
    for register, rows in zip(overview.data["register"], overview.data["rows"], strict=True):
        assert rows == len(pd.read_parquet(clean / f"{register}.parquet")), register
    log = describe.exclusion_log(clean, min_cell=MIN_CELL)
    full = pd.read_csv(clean / "exclusion_log.csv")
    assert log.data["of_rows"].notna().sum() == full["of_rows"].notna().sum()
    assert describe.few_dropped_note(clean, MIN_CELL) == ""
    assert not _fails(checking_record())
