"""Chapter runs with a fresh kernel and with a warm (forked) kernel, side by side in one run.

Executes chapters with the test suite's small parameters (``tests/nbrun.py``'s ``SMALL``:
seed 2005, 3,000 residents, 1,500 newcomers), alternately with
``mia_helpers.notebook_run.execute(warm=False)`` (a new kernel process, as the book and the
command line start it) and ``warm=True`` (:mod:`mia_helpers.warm_kernels`: forked from a
server that imported the libraries once), and prints the wall-clock seconds of each run and
the median per chapter and mode. The first warm run of the process includes the server's
start (its imports); it is printed but left out of the median, as the test suite starts one
server per worker for about ten chapter runs. Alternating the modes spreads any change in
the machine's load over both. The outputs of each pair of runs are compared too: the same
cells, the same output types and the same printed text (timings and memory addresses
aside), so the warm kernel is not faster by doing less.

Usage::

    OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 python benchmarks/warm_kernels.py \\
        --chapters 01_panel_construction B_reproducibility --repeats 3
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

#: text that differs between two identical runs (timestamps, durations, addresses, pids)
VOLATILE = re.compile(r"0x[0-9a-f]+|\d{4}-\d\d-\d\d[T ][\d:.]+|\d+(\.\d+)? ?s\b|pid \d+")


def _shape(path: Path) -> list[tuple[str, list[str], str]]:
    nb = json.loads(path.read_text())
    out = []
    for cell in nb["cells"]:
        kinds = [o.get("output_type", "") for o in cell.get("outputs", [])]
        text = "".join("".join(o.get("text", "")) for o in cell.get("outputs", []))
        out.append((cell["cell_type"], kinds, VOLATILE.sub("~", text)))
    return out


def main(argv: list[str] | None = None) -> int:
    from nbrun import NOTEBOOKS, SMALL

    from mia_helpers.notebook_run import execute
    from mia_helpers.warm_kernels import close_servers

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chapters", nargs="+",
                        default=["01_panel_construction", "B_reproducibility"])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)

    seconds: dict[tuple[str, bool], list[float]] = {}
    same = True
    with tempfile.TemporaryDirectory() as tmp:
        first = True
        for chapter in args.chapters:
            for r in range(args.repeats):
                outs = {}
                for warm in (False, True):
                    out = Path(tmp) / f"{chapter}-{r}-{warm}.ipynb"
                    t0 = time.perf_counter()
                    execute(NOTEBOOKS / f"{chapter}.md", out, dict(SMALL), warm=warm)
                    dt = time.perf_counter() - t0
                    note = " (includes the server's start)" if warm and first else ""
                    print(f"{chapter:28s} run {r + 1} {'warm' if warm else 'fresh':5s} "
                          f"{dt:6.2f} s{note}", flush=True)
                    if warm and first:
                        first = False
                    else:
                        seconds.setdefault((chapter, warm), []).append(dt)
                    outs[warm] = out
                if _shape(outs[False]) != _shape(outs[True]):
                    same = False
                    print(f"{chapter} run {r + 1}: the outputs differ", flush=True)
    close_servers()
    print("\nchapter                      fresh (median s)  warm (median s)  saved")
    for chapter in args.chapters:
        fresh = statistics.median(seconds[(chapter, False)])
        warm = statistics.median(seconds[(chapter, True)])
        print(f"{chapter:28s} {fresh:16.2f} {warm:16.2f} {fresh - warm:6.2f}")
    print("outputs: " + ("the same in every pair" if same else "DIFFERENT (see above)"))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
