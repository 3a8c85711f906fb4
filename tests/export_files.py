"""One way for the export-check tests to write an export and scan it (ec28b, ec29 had written
it in five test files)."""

from __future__ import annotations

import json
from pathlib import Path

from mia_helpers import export_check as ec


def scan_files(tmp_path: Path, files: dict[str, object], min_cell: int) -> ec.ScanResult:
    """Write ``files`` (relative path -> text, or any other object as JSON) under
    ``tmp_path / "export"`` in UTF-8 and return :func:`mia_helpers.export_check.scan` of that
    folder at ``min_cell``."""
    root = tmp_path / "export"
    for rel, content in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(content if isinstance(content, str) else json.dumps(content),
                     encoding="utf-8")
    return ec.scan(root, min_cell)
