"""user38: chapters run on one extract with another window or ``min_cell`` passed
``export-check`` together (only runs of one chapter were compared, ``parameter_variation``,
and a run with another window did not even count as one on the same data: its rebuilt panel
gave another data fingerprint). Chapter 1 at ``min_cell`` 10 and chapter 2 at 5 show and hide
different cells of the same persons. Such an export is now refused
(``extract_parameter_variation``); one extract is one set of SHA-256 of the six registers."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from mia_helpers import export_check as ec
from mia_helpers.export_check import scan

PAGE = ('<html><head><title>Chapter</title><meta content="mia_helpers chapter runner" '
        'name="generator"/></head><body><table><tr><th>Origin</th><th>Persons</th></tr>'
        "<tr><td>a</td><td>120</td></tr></table></body></html>")
RECORD = json.dumps({"version": "mia_helpers.disclosure 2", "results": {}})


def _run(folder: Path, stem: str, persons: str = "1", panel: str = "p", **params) -> Path:
    """A finished chapter run folder on an extract whose persons register hashes to
    ``persons`` (the other five registers alike) and whose panel hashes to ``panel``."""
    folder.mkdir(parents=True)
    (folder / f"{stem}.html").write_text(PAGE)
    files = {f: {"sha256": "a" * 64} for f in ec.REGISTER_FILES}
    files["persons.parquet"] = {"sha256": persons * 64}
    files["panel.parquet"] = {"sha256": panel * 64}  # rebuilt for each window
    used = {"data_dir": "extract", "window_start": "2005Q1", "window_end": "2019Q4",
            "min_cell": 10, **params}
    (folder / "manifest.json").write_text(json.dumps({
        "manifest_version": 1, "parameters": used,
        "data": {"data_dir": "extract", "files": files, "fingerprint": panel * 64},
        "inputs": {f"/x/notebooks/{stem}.md": {"sha256": "0"}},
        # the runner's hash of its page (dpo47: without it, the page is refused)
        "outputs": {f"{stem}.html": {"sha256": hashlib.sha256(PAGE.encode()).hexdigest()}}}))
    (folder / "disclosure_record.json").write_text(RECORD)
    return folder


def _found(root: Path, min_cell: int = 10) -> list[ec.Finding]:
    return [f for f in scan(root, min_cell=min_cell).findings
            if f.rule == "extract_parameter_variation"]


def test_two_chapters_with_another_min_cell_are_refused(tmp_path):
    _run(tmp_path / "ch1", "01_panel_construction", min_cell=10)
    _run(tmp_path / "ch2", "02_school_leaver_entry", min_cell=5)
    _run(tmp_path / "ch5", "05_newcomer_integration", min_cell=10)
    (found,) = _found(tmp_path)
    assert found.file == str(Path("ch2") / "manifest.json")  # the odd one, not the majority
    assert str(Path("ch1") / "manifest.json") in found.detail
    assert "min_cell: 10 there, 5 here" in found.detail
    assert "-p min_cell 10" in found.detail and "one window_start" in found.detail


def test_two_chapters_with_another_window_are_refused(tmp_path):
    # another window rebuilds the panel: another data fingerprint, the same registers
    _run(tmp_path / "ch1", "01_panel_construction", panel="p")
    _run(tmp_path / "ch2", "02_school_leaver_entry", panel="q", window_end="2018Q4")
    (found,) = _found(tmp_path)
    assert "another window_end" in found.detail
    assert "window_end: '2019Q4' there, '2018Q4' here" in found.detail


def test_one_chapter_with_another_window_is_refused(tmp_path):
    # parameter_variation compares runs of one fingerprint only: this pair passed
    _run(tmp_path / "a", "01_panel_construction", panel="p")
    _run(tmp_path / "b", "01_panel_construction", panel="q", window_start="2006Q1")
    rules = {(f.file, f.rule) for f in scan(tmp_path, min_cell=10).findings}
    assert rules == {(str(Path("b") / "manifest.json"), "extract_parameter_variation")}


def test_one_chapter_with_another_threshold_is_reported_once(tmp_path):
    _run(tmp_path / "a", "01_panel_construction", min_cell=10)
    _run(tmp_path / "b", "01_panel_construction", min_cell=12)
    found = [f for f in scan(tmp_path, min_cell=12).findings if "variation" in f.rule]
    assert [f.rule for f in found] == ["parameter_variation"]


def test_one_setting_or_two_extracts_pass(tmp_path):
    _run(tmp_path / "one" / "ch1", "01_panel_construction")
    _run(tmp_path / "one" / "ch2", "02_school_leaver_entry", window_end=" 2019q4")
    assert scan(tmp_path / "one", min_cell=10).ok
    # runs on other registers are data_variation's, not compared here
    _run(tmp_path / "two" / "ch1", "01_panel_construction", persons="1")
    _run(tmp_path / "two" / "ch2", "02_school_leaver_entry", persons="2", min_cell=12)
    assert _found(tmp_path / "two", min_cell=12) == []


def test_the_rule_is_documented():
    root = Path(__file__).resolve().parents[1]
    for page in ("README.md", "book/disclosure.md"):
        assert "extract_parameter_variation" in (root / page).read_text(encoding="utf-8"), page


def test_of_two_runs_the_lower_threshold_is_refused(tmp_path):
    # a tie: the remedy raises the lower threshold, never lowers the higher one
    _run(tmp_path / "ch1", "01_panel_construction", min_cell=5)
    _run(tmp_path / "ch2", "02_school_leaver_entry", min_cell=10)
    (found,) = _found(tmp_path, min_cell=10)
    assert found.file == str(Path("ch1") / "manifest.json")
    assert "min_cell: 10 there, 5 here" in found.detail and "-p min_cell 10" in found.detail


def test_a_run_on_the_extract_of_a_released_run_with_another_setting_is_refused(tmp_path):
    # chapter 1 left at min_cell 10; chapter 2 on the same extract is exported later at 12
    _run(tmp_path / "released" / "ch1", "01_panel_construction", min_cell=10)
    new = tmp_path / "new"
    _run(new / "ch2", "02_school_leaver_entry", min_cell=12)
    assert scan(new, min_cell=12).ok  # alone it passes
    found = [f for f in scan(new, min_cell=12, released=[tmp_path / "released"]).findings
             if f.rule == "extract_parameter_variation"]
    assert [f.file for f in found] == [str(Path("ch2") / "manifest.json")]
    assert "the released run" in found[0].detail and "min_cell: 10 there, 12 here" in found[0].detail
    assert "-p min_cell 10" in found[0].detail
    # the released setting, or another extract: passes
    _run(tmp_path / "again" / "ch2", "02_school_leaver_entry", min_cell=10)
    assert scan(tmp_path / "again", min_cell=10, released=[tmp_path / "released"]).ok
    _run(tmp_path / "other" / "ch2", "02_school_leaver_entry", persons="2", min_cell=12)
    assert scan(tmp_path / "other", min_cell=12, released=[tmp_path / "released"]).ok


def test_a_released_run_of_the_same_chapter_and_data_is_reported_once(tmp_path):
    _run(tmp_path / "released" / "ch1", "01_panel_construction", min_cell=10)
    _run(tmp_path / "new" / "ch1", "01_panel_construction", min_cell=12)
    found = [f.rule for f in scan(tmp_path / "new", min_cell=12,
                                  released=[tmp_path / "released"]).findings]
    assert found == ["parameter_variation"]
