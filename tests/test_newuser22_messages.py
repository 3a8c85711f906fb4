"""Messages a new user met while following the README (twenty-second session, newuser22)."""

from __future__ import annotations

import json

import pytest


def _synth_folder(path, start, end):
    """A folder as ``synth`` marks it (completion marker, truth/parameters.json)."""
    (path / "truth").mkdir(parents=True)
    (path / "_COMPLETE.json").write_text(json.dumps({"command": "synth", "files": []}))
    (path / "truth" / "parameters.json").write_text(
        json.dumps({"window_start": start, "window_end": end, "seed": 1}))
    return path


def test_panel_command_window_error_names_no_chapter_parameter(tmp_path):
    """`panel --data d77 --window-end 2018Q4` on a `synth` folder was told to "leave data_dir
    at None", a chapter parameter the `panel` command does not have; the chapters keep it."""
    from mia_helpers.chapters import _check_extract_window
    from mia_helpers.files import DataFileError
    from mia_helpers.quarters import Window

    folder = _synth_folder(tmp_path / "s", 0, 47)
    with pytest.raises(DataFileError) as err:
        _check_extract_window(folder, Window(0, 55), options=True)
    msg = str(err.value)
    assert "data_dir" not in msg and "--window-end 2016Q4" in msg
    assert "(`synth --window-start/--window-end`)" in msg
    with pytest.raises(DataFileError, match="or leave data_dir at None"):
        _check_extract_window(folder, Window(0, 55))
