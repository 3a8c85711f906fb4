"""user37: chapter 1 run on an extract and chapter 5 on the same extract without three newcomer
women (a corrected delivery re-adapted into the same folder between the runs), exported
together, passed ``export-check``; chapter 1 showed 103 Maghreb newcomers and chapter 5 101,
a difference of two persons. Runs on an own ``data_dir`` whose registers differ are now
refused in one export (``data_variation``)."""

from __future__ import annotations

from pathlib import Path

from mia_helpers import export_check as ec


def _manifest(data_dir: str | None, persons_hash: str, window_end: str = "2019Q4") -> dict:
    files = {f: {"sha256": "a" * 64} for f in ec.REGISTER_FILES}
    files["persons.parquet"] = {"sha256": persons_hash}
    files["panel.parquet"] = {"sha256": window_end * 8}  # built per window: not compared
    return {"parameters": {"data_dir": data_dir, "min_cell": 10, "window_end": window_end},
            "data": {"data_dir": data_dir, "files": files, "fingerprint": "f" * 64}}


def test_runs_on_two_versions_of_an_extract_are_refused(tmp_path):
    base = tmp_path / "export"
    runs = [(base / "panel_construction" / "manifest.json", _manifest("extract", "1" * 64)),
            (base / "school_leaver_entry" / "manifest.json", _manifest("extract", "1" * 64)),
            (base / "newcomer_integration" / "manifest.json", _manifest("extract", "2" * 64))]
    found = ec._data_variation(runs, base)
    assert [(f.file, f.rule) for f in found] == [
        (str(Path("newcomer_integration") / "manifest.json"), "data_variation")]
    assert "registers that differ: persons.parquet" in found[0].detail
    assert "--released" in found[0].detail


def test_one_extract_another_window_or_synthetic_data_pass(tmp_path):
    base = tmp_path / "export"
    same = [(base / "a" / "manifest.json", _manifest("extract", "1" * 64)),
            (base / "b" / "manifest.json", _manifest("extract", "1" * 64, "2018Q4"))]
    assert ec._data_variation(same, base) == []
    synthetic = [(base / "a" / "manifest.json", _manifest(None, "1" * 64)),
                 (base / "b" / "manifest.json", _manifest(None, "2" * 64))]
    assert ec._data_variation(synthetic, base) == []
