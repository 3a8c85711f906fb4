"""user25 (analyst walk-through): a chapter's notebook edited by hand after the run passed
export-check whenever the edit left no small count (a table's 167 starters made 168), though
README step 5 says never to edit outputs by hand. The runner now stores the SHA-256 of what it
wrote in the run's manifest.json, and export-check refuses a changed file (``edited_output``).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from mia_helpers.export_check import scan
from mia_helpers.manifest import write_manifest


def _run_folder(tmp_path):
    run = tmp_path / "export" / "activation_effects"
    run.mkdir(parents=True)
    page = run / "page.md"
    page.write_text("| Measure | Starters |\n|---|---:|\n| IBO | 167 |\n", encoding="utf-8")
    now = datetime.now(UTC)
    write_manifest(run, {"min_cell": 10}, None, now, now, outputs=[page])
    return run, page


def test_the_manifest_stores_the_outputs_hashes(tmp_path):
    run, page = _run_folder(tmp_path)
    stored = json.loads((run / "manifest.json").read_text())["outputs"]
    assert set(stored) == {"page.md"} and len(stored["page.md"]["sha256"]) == 64


def test_an_output_edited_by_hand_is_refused(tmp_path):
    run, page = _run_folder(tmp_path)
    assert "edited_output" not in {f.rule for f in scan(run.parent).findings}
    page.write_text(page.read_text().replace("167", "168"), encoding="utf-8")
    found = [f for f in scan(run.parent).findings if f.rule == "edited_output"]
    assert [f.file for f in found] == ["activation_effects/page.md"]
    assert "never edit outputs by hand" in found[0].detail


def test_a_small_count_in_a_warning_of_a_lower_threshold_run_is_told_to_rerun(tmp_path):
    """Chapter 4 run at min_cell 12 and checked at 15: its IPCW warning's "<12 weighted rows"
    was told to "run the chapter with protect_warnings", which the chapter does; the tables'
    findings beside it were told to re-run at -p min_cell 15."""
    from mia_helpers.export_check import Finding, _hint_run_threshold

    run = tmp_path / "activation_effects"
    run.mkdir()
    now = datetime.now(UTC)
    m = write_manifest(run, {"min_cell": 12}, None, now, now)
    f = Finding("activation_effects/04.ipynb", "cell 6", "small_count",
                "printed text states 1 count of persons in (0, 15): '12 weighted rows'; a "
                "warning's counts are published with the notebook (run the chapter with "
                "mia_helpers.disclosure.protect_warnings, or print or glue "
                "redact_small_counts(text))")
    (hinted,) = _hint_run_threshold([f], [(m, json.loads(m.read_text()))], tmp_path, 15)
    assert hinted.detail.endswith("run the chapter again with -p min_cell 15")
