"""The book's HTML build with and without ``book/_ext/numref_cache.py``, side by side.

Builds the book (``jupyter-book build -W -n --keep-going``, execution off) from executed
chapters, alternately with the project's ``_config.yml`` and with the same configuration
minus the ``numref_cache`` extension, prints the wall-clock and CPU seconds of each build and
the median per mode, and compares the two HTML trees file by file (every ``.html`` file and
the search index must be byte-identical, or the script says which differ and exits 1): the
extension must make the build faster without changing a page.

The executed chapters are those the test suite keeps (``_build/test-notebooks/``, written by
``make test``'s notebook tests) unless ``--executed`` names another folder of ``.ipynb``.

Usage::

    python benchmarks/book_build.py --repeats 2
"""

from __future__ import annotations

import argparse
import filecmp
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def prepare(target: Path, executed: Path, numref_cache: bool) -> Path:
    """A book folder at ``target`` holding the project's configuration (with or without the
    numref cache), table of contents, ``book/`` and the executed chapters as notebooks."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    config.setdefault("execute", {})["execute_notebooks"] = "off"
    if not numref_cache:
        config["sphinx"]["local_extensions"].pop("numref_cache")
    target.mkdir(parents=True)
    (target / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True,
                                                       sort_keys=False))
    shutil.copy(ROOT / "_toc.yml", target / "_toc.yml")
    shutil.copytree(ROOT / "book", target / "book", ignore=shutil.ignore_patterns("__pycache__"))
    (target / "notebooks").mkdir()
    for nb in sorted(executed.glob("*.ipynb")):
        shutil.copy(nb, target / "notebooks" / nb.name)
    return target


def build(book: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one build (raises with the log's end on failure)."""
    jb = Path(sys.executable).parent / "jupyter-book"
    cpu, start = _children_cpu(), time.perf_counter()
    done = subprocess.run([str(jb), "build", str(book), "-W", "-n", "--keep-going"],
                          capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"build of {book} failed:\n{(done.stdout + done.stderr)[-4000:]}")
    return wall, _children_cpu() - cpu


def differing(a: Path, b: Path) -> list[str]:
    """Relative paths of the ``.html`` and ``searchindex.js`` files that differ (or exist on
    one side only) between two HTML trees."""
    names = {p.relative_to(a) for p in a.rglob("*") if p.suffix == ".html"
             or p.name == "searchindex.js"}
    names |= {p.relative_to(b) for p in b.rglob("*") if p.suffix == ".html"
              or p.name == "searchindex.js"}
    return sorted(str(n) for n in names
                  if not ((a / n).exists() and (b / n).exists()
                          and filecmp.cmp(a / n, b / n, shallow=False)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--executed", type=Path, default=ROOT / "_build" / "test-notebooks")
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args(argv)
    if not any(args.executed.glob("*.ipynb")):
        print(f"no executed chapters in {args.executed}: run `make test` first (its notebook "
              "tests keep them) or give --executed", file=sys.stderr)
        return 2
    times: dict[str, list[tuple[float, float]]] = {"with": [], "without": []}
    with tempfile.TemporaryDirectory(prefix="mia-book-build-") as tmp:
        last: dict[str, Path] = {}
        for r in range(args.repeats):
            for mode in ("without", "with") if r % 2 else ("with", "without"):
                book = prepare(Path(tmp) / f"{mode}{r}", args.executed, mode == "with")
                wall, cpu = build(book)
                times[mode].append((wall, cpu))
                last[mode] = book / "_build" / "html"
                print(f"run {r + 1} {mode:>7} numref cache: {wall:6.1f} s wall, "
                      f"{cpu:6.1f} s CPU", flush=True)
        diff = differing(last["with"], last["without"])
    for mode, runs in times.items():
        print(f"median {mode:>7} numref cache: "
              f"{statistics.median(w for w, _ in runs):6.1f} s wall, "
              f"{statistics.median(c for _, c in runs):6.1f} s CPU")
    if diff:
        print(f"HTML differs in {len(diff)} files: {diff[:10]}", file=sys.stderr)
        return 1
    print("HTML: every page and the search index identical with and without the cache")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
