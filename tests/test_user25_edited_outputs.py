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
