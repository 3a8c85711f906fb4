"""``chapter`` warns before running on a ``data_dir`` whose permits or ABB steps lie before
``window_start`` (newuser30): the run's panel leaves them out and, with them, the access and
registration they started; the command said nothing of it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from mia_helpers import cli
from mia_helpers.chapters import ChapterFailed, before_window_chapter_warning
from mia_helpers.quarters import to_index
from mia_helpers.words import counted


def test_chapter_warns_about_permits_before_its_window(tmp_path, capsys, monkeypatch):
    data = tmp_path / "syn"
    assert cli.main(["synth", "--seed", "9494", "--residents", "200", "--newcomers", "300",
                     "--out", str(data), "--no-truth"]) == 0
    wse = pd.read_parquet(data / "wse_permits.parquet")
    early = wse[wse.quarter < to_index("2010Q1")]
    assert len(early) > 0
    given = [("data_dir", str(data)), ("window_start", "2010Q1")]
    text = before_window_chapter_warning("newcomer_integration", given)
    assert (f"wse_permits: {counted(early, 'row')} of "
            f"{counted(early.person_id.nunique(), 'person')}") in text
    assert "-p window_start" in text
    assert before_window_chapter_warning("newcomer_integration", given[:1]) == ""

    def stub(*args, **kwargs):  # the warning is printed before the kernel starts
        raise ChapterFailed("stub", Path(tmp_path / "nb.ipynb"), None)

    monkeypatch.setattr("mia_helpers.cli.chapter.run_chapter", stub)
    capsys.readouterr()
    assert cli.main(["chapter", "5", "-p", "data_dir", str(data), "-p", "window_start",
                     "2010Q1"]) == 1
    assert "warning: rows before the window start 2010Q1" in capsys.readouterr().err
