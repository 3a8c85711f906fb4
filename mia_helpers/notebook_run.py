"""Execute a chapter's text source (MyST Markdown) with papermill.

papermill reads only ``.ipynb``; the source is converted in memory with jupytext, the
``parameters`` cell survives the conversion, and papermill injects overrides after it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jupytext
import papermill


def execute(
    source: str | Path,
    out: str | Path,
    parameters: dict[str, Any] | None = None,
    cwd: str | Path | None = None,
    kernel_name: str = "python3",
    progress: bool = False,
) -> Path:
    """Run ``source`` with ``parameters`` and write the executed notebook to ``out``."""
    source, out = Path(source), Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    nb = jupytext.read(source)
    papermill.execute_notebook(
        nb,
        str(out),
        parameters=parameters or {},
        kernel_name=kernel_name,
        cwd=str(cwd or source.parent),
        progress_bar=progress,
    )
    return out
