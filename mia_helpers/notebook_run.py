"""Execute a chapter's text source (MyST Markdown) with papermill.

papermill reads only ``.ipynb``; the source is converted in memory with jupytext, the
``parameters`` cell survives the conversion, and papermill injects overrides after it.
The executed notebook is written under a temporary name and renamed into place, so ``out`` is
never a half-written notebook of a run still going (or killed).
"""

from __future__ import annotations

import os
import secrets
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
    """Run ``source`` with ``parameters`` and write the executed notebook to ``out``.

    If a cell raises, the partial notebook is still moved to ``out`` (to be read as the failed
    run) and papermill's :class:`~papermill.exceptions.PapermillExecutionError` propagates; on
    any other interruption the temporary notebook is removed.
    """
    from papermill.exceptions import PapermillExecutionError

    source, out = Path(source), Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.stem}.tmp-{os.getpid()}-{secrets.token_hex(4)}.ipynb")
    nb = jupytext.read(source)
    try:
        papermill.execute_notebook(
            nb,
            str(tmp),
            parameters=parameters or {},
            kernel_name=kernel_name,
            cwd=str(cwd or source.parent),
            progress_bar=progress,
        )
    except PapermillExecutionError:
        if tmp.exists():
            os.replace(tmp, out)
        raise
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, out)
    return out
