"""Whether R and some of its packages are installed, for the opt-in ``rlive`` tests that rerun
the scripts of ``tests/reference/`` (CI and ``make test`` never need R: the committed values
are what the other tests read). One check per set of packages per session."""

from __future__ import annotations

import functools
import shutil
import subprocess


@functools.cache
def r_has(*packages: str) -> bool:
    """True when ``Rscript`` is on PATH and every named R package can be loaded."""
    if shutil.which("Rscript") is None:
        return False
    names = ", ".join(f'"{p}"' for p in packages) or '"stats"'
    expr = f"quit(status = !all(sapply(c({names}), requireNamespace, quietly = TRUE)))"
    return subprocess.run(["Rscript", "-e", expr], capture_output=True).returncode == 0
