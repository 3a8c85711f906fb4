"""Chapter 6 names the stable-job definition of each finding (teach27).

``python -m mia_helpers chapter conclusions -p stable_quarters 8`` printed "a stable job must
last 8 consecutive employed quarters" in its limits paragraph, while the effects of chapters 4
and 5 it restates (IBO's "25 % more entries into stable employment") use the panel's
definition of four quarters: only the school leavers' findings take the parameter.
"""

from __future__ import annotations

import json
from pathlib import Path

from mia_helpers import conclusions as cc


def _data(tmp_path: Path, panel_quarters: int) -> Path:
    spec = {"stable_quarters": panel_quarters, "window": [0, 47]}
    (tmp_path / "panel_meta.json").write_text(json.dumps({"spec": spec}))
    return tmp_path


def test_other_definition_names_both(tmp_path):
    s = cc.stable_job_phrase(_data(tmp_path, 4), 8)
    assert s == ("a stable job must last 8 consecutive employed quarters in the school "
                 "leavers' findings and 4 in the effects of chapters 4 and 5 (the panel's "
                 "definition)"), s


def test_same_definition_reads_as_before(tmp_path):
    assert cc.stable_job_phrase(_data(tmp_path, 4), 4) == (
        "a stable job must last 4 consecutive employed quarters")


def test_chapter_6_glues_the_phrase():
    text = (Path(__file__).parents[1] / "notebooks" / "06_conclusions.md").read_text()
    assert "discrimination), {glue:text}`ch6_stable_job`, so a job" in text
    assert "cc.stable_job_phrase(data, stable_quarters)" in text
