"""Shared helper for the notebook-execution tests (each chapter has its own test module)."""

from __future__ import annotations

import json
from pathlib import Path

from mia_helpers.notebook_run import execute

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
#: small data for notebook tests: generated once, cached under data/synthetic/
SMALL = {"seed": 2005, "residents": 3000, "newcomers": 1500}


def run_chapter(name: str, tmp_path: Path, **parameters) -> dict:
    """Execute ``notebooks/<name>.md`` with small parameters; return the executed notebook."""
    out = execute(NOTEBOOKS / f"{name}.md", tmp_path / f"{name}.ipynb", {**SMALL, **parameters})
    nb = json.loads(out.read_text())
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", f"{name}: a cell raised an error"
    return nb
