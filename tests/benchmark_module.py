"""Load a script of ``benchmarks/`` as a module, for tests of its functions."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

from nbrun import ROOT


def load_benchmark(name: str) -> ModuleType:
    """``benchmarks/<name>.py`` as a module; ``benchmarks/`` goes on ``sys.path`` first, since
    a script may import its neighbours (``later_variance`` imports ``ipcw_correction``)."""
    if str(ROOT / "benchmarks") not in sys.path:
        sys.path.insert(0, str(ROOT / "benchmarks"))
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod
