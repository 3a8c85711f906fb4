"""Test helper: a data folder as the ``synth`` command marks it, without generating data (the
completion marker and ``truth/parameters.json`` with the window), for the tests of messages
that depend on which command wrote a folder."""

from __future__ import annotations

import json
from pathlib import Path


def synth_folder(path: Path, start: str, end: str) -> Path:
    """Mark ``path`` (created) as a ``synth`` folder over the window ``start``..``end``
    (quarter labels, e.g. ``"2005Q1"``); returns ``path``."""
    (path / "truth").mkdir(parents=True)
    (path / "_COMPLETE.json").write_text(json.dumps({"command": "synth", "files": []}))
    (path / "truth" / "parameters.json").write_text(
        json.dumps({"window_start": start, "window_end": end, "seed": 1}))
    return path
