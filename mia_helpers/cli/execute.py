"""Execute the book's chapters into its execution cache, several at a time.

``python -m mia_helpers execute [--jobs N] [--root DIR]`` runs every notebook of the book's
table of contents (``_toc.yml`` entries under ``notebooks/``) that the execution cache does not
hold yet, ``N`` at a time, and stores the executed notebooks in that cache (jupyter-cache, the
cache that ``jupyter-book build`` reads with ``execute_notebooks: cache``). The build that follows
then renders every chapter from the cache instead of executing them one after another, so on
two cores the book's execution takes about as long as its slowest chapter plus the rest on the
other core (README, "Performance"; issue 20).

Nothing here decides what a chapter computes: the notebooks are read by myst-nb's own
jupyter-cache reader (``myst_nb_md``, the reader ``jupyter-book`` uses) and run by
jupyter-cache's ``local-parallel`` executor (each notebook in its own folder, as the book build
does), so a cache hit in the build means the same code cells ran on the same kernel. The
cache is keyed on code cells only, so outputs computed by older package code would be
reused: the cache folder therefore records a fingerprint of the package sources
(:func:`package_fingerprint`) and is cleared when they differ (the Makefile also clears it
when the data change).

Exit status 0 when every notebook is cached (executed now or before); 1 when one failed, after
printing each failed notebook's traceback; 2 for a bad option or a missing ``_toc.yml``.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
import time
import types
from pathlib import Path

from mia_helpers.files import InputError
from mia_helpers.params import Int
from mia_helpers.words import counted

#: jupyter-book's execution cache, relative to the book root, when ``_config.yml`` sets none
DEFAULT_CACHE = "_build/.jupyter_cache"
#: jupyter-cache reader of MyST notebooks, registered by myst-nb (entry point ``jcache.readers``)
READER = {"name": "myst_nb_md", "type": "plugin"}


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Add the options of the ``execute`` subcommand to its parser ``p``."""
    p.add_argument("--root", default=".", help="book root holding _toc.yml and _config.yml "
                   "(. is the current folder)")
    p.add_argument("--jobs", type=Int(1, 256).argtype("--jobs"), default=None,
                   help="notebooks executed at a time (default: the number of CPU cores)")


def book_notebooks(root: Path) -> list[Path]:
    """The ``notebooks/`` entries of ``root/_toc.yml``, in table-of-contents order, as paths of
    their MyST sources. Raises :class:`~mia_helpers.files.InputError` naming the file when the
    table of contents is missing or an entry has no ``.md`` source."""
    import yaml

    toc_path = root / "_toc.yml"
    if not toc_path.is_file():
        raise InputError(f"{toc_path}: no table of contents; run from the book root or pass --root")
    toc = yaml.safe_load(toc_path.read_text(encoding="utf-8")) or {}

    def entries(node: object):
        if isinstance(node, dict):
            if "file" in node:
                yield str(node["file"])
            for key in ("parts", "chapters", "sections"):
                for child in node.get(key, []) or []:
                    yield from entries(child)

    out = []
    for f in entries(toc):
        if f.startswith("notebooks/"):
            path = root / (f if f.endswith(".md") else f + ".md")
            if not path.is_file():
                raise InputError(f"{toc_path}: entry {f!r} has no MyST source {path}")
            out.append(path)
    return out


def cache_path(root: Path) -> Path:
    """The execution cache folder that ``jupyter-book build`` uses for ``root``."""
    import yaml

    cfg = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    path = (cfg.get("execute") or {}).get("cache") or DEFAULT_CACHE
    return (root / path).resolve()


#: file in the cache folder holding the package fingerprint its notebooks were executed with
FINGERPRINT_FILE = "mia_helpers.sha256"


def package_fingerprint() -> str:
    """SHA-256 over the sources of the ``mia_helpers`` package (paths and contents, line
    endings normalised): what the chapters' outputs depend on beside their own code cells."""
    import hashlib

    import mia_helpers

    pkg = Path(mia_helpers.__file__).parent
    h = hashlib.sha256()
    for f in sorted(pkg.rglob("*.py")):
        h.update(f.relative_to(pkg).as_posix().encode())
        h.update(f.read_bytes().replace(b"\r\n", b"\n"))
    return h.hexdigest()


def _clear_if_stale(path: Path, logger: logging.Logger) -> None:
    """Remove the execution cache at ``path`` when it was filled by other package code."""
    import shutil

    stamp = path / FINGERPRINT_FILE
    current = package_fingerprint()
    if path.exists() and (not stamp.is_file() or stamp.read_text().strip() != current):
        logger.info(f"execution cache {path} was made with other package code: cleared")
        shutil.rmtree(path)
    path.mkdir(parents=True, exist_ok=True)
    tmp = stamp.with_suffix(".tmp")
    tmp.write_text(current + "\n")
    tmp.replace(stamp)


def execute_book(root: Path, jobs: int | None = None, timeout: int = 1800
                 ) -> tuple[list[str], dict[str, str]]:
    """Execute the uncached notebooks of the book at ``root``, ``jobs`` at a time (default: the
    number of CPU cores), one notebook per task so that a long chapter does not hold a short
    one behind it.

    Returns (cached notebook paths, {failed notebook path: traceback}). ``timeout`` is seconds
    per cell (the book's ``execute.timeout``). Raises :class:`~mia_helpers.files.InputError`
    (see :func:`book_notebooks`).
    """
    from jupyter_cache import get_cache
    from jupyter_cache.cache.db import NbProjectRecord
    from jupyter_cache.executors import load_executor

    notebooks = book_notebooks(root)
    logger = logging.getLogger("mia_helpers.execute")
    _clear_if_stale(cache_path(root), logger)
    cache = get_cache(str(cache_path(root)))
    for nb in notebooks:
        cache.add_nb_to_project(str(nb.resolve()), read_data=READER)
    executor = load_executor("local-parallel", cache, logger=logger)
    uris = [str(nb.resolve()) for nb in notebooks]
    failed: dict[str, str] = {}
    if not cache.list_unexecuted(filter_uris=uris):
        # nothing to run: no process pool (an empty pool.map once hung on shutdown)
        return uris, failed
    _limit_pool(jobs or os.cpu_count() or 1)
    pool_size = PoolSizeFilter(jobs or os.cpu_count() or 1)
    logger.addFilter(pool_size)  # for this run only: a later call may pass another --jobs
    try:
        result = executor.run_and_cache(filter_uris=uris, timeout=timeout, allow_errors=False)
    finally:
        logger.removeFilter(pool_size)
    for uri in list(result.errored) + list(result.excepted):
        rec = NbProjectRecord.record_from_uri(uri, cache.db)
        failed[uri] = rec.traceback or "(no traceback recorded)"
    return [u for u in uris if u not in failed], failed


def run(args: argparse.Namespace) -> int:
    """Execute the book's chapters into its execution cache, several at a time. Returns the exit
    status (0 on success)."""
    root = Path(args.root)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    start = time.perf_counter()
    cached, failed = execute_book(root, jobs=args.jobs)
    took = time.perf_counter() - start
    for uri, tb in failed.items():
        print(f"===== execution failed: {uri}\n{tb}", file=sys.stderr)
    names = "".join(f"\n  failed: {uri}" for uri in failed)
    print(f"execute: {counted(cached, 'notebook')} cached, {len(failed)} failed, {took:.0f} s"
          f"{names}")
    return 1 if failed else 0


class PoolSizeFilter(logging.Filter):
    """Say how many notebooks run at a time: jupyter-cache logs "Executing 9 notebook(s) over
    pool of 2 processors" with the number of CPU cores whatever ``--jobs`` is (``--jobs 1`` on
    two cores printed "pool of 2 processors" while one notebook ran at a time). Its
    "notebook(s)" is written as the count asks ("1 notebook", "9 notebooks"; mend49)."""

    def __init__(self, jobs: int) -> None:
        super().__init__()
        self.jobs = jobs

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the pool-size message of ``record`` in terms of ``--jobs``; keep every record."""
        msg = record.getMessage()
        said = _POOL_SIZE.sub(f"{self.jobs} at a time (--jobs)", msg)
        said = _NOTEBOOKS.sub(lambda m: counted(int(m.group(1)), "notebook"), said)
        if said != msg:
            record.msg, record.args = said, None
        return True


#: jupyter-cache's words for its pool (:class:`PoolSizeFilter`)
_POOL_SIZE = re.compile(r"over pool of \d+ processors")
#: jupyter-cache's count of notebooks, "9 notebook(s)" (:class:`PoolSizeFilter`)
_NOTEBOOKS = re.compile(r"(\d+) notebook\(s\)")


def _limit_pool(jobs: int) -> None:
    """Make jupyter-cache's local-parallel executor use ``jobs`` workers and hand out one
    notebook per task (it calls ``multiprocessing.Pool()`` and ``pool.map`` with the default
    chunk size, which pairs notebooks)."""
    import multiprocessing as mp
    import multiprocessing.pool as mpool

    from jupyter_cache.executors import basic

    class OneAtATimePool(mpool.Pool):
        def map(self, func, iterable, chunksize=None):  # noqa: ANN001, ANN201
            return super().map(func, iterable, chunksize=1)

    proxy = types.SimpleNamespace(**{k: getattr(mp, k) for k in dir(mp) if not k.startswith("__")})
    proxy.Pool = lambda *a, **k: OneAtATimePool(jobs)
    basic.mproc = proxy
    _ipc_kernels(basic)


def _ipc_kernels(basic: types.ModuleType) -> None:
    """Make jupyter-cache's executors start each kernel over Unix-domain sockets in a private
    folder (:func:`mia_helpers.notebook_run.kernel_manager_class`), as the chapter runner
    does: two kernels starting at once over TCP can race for a port, and TCP is unencrypted.
    ``basic.single_nb_execution`` passes its keyword arguments to nbclient's
    ``NotebookClient``, whose ``kernel_manager_class`` chooses the manager."""
    from mia_helpers.notebook_run import kernel_manager_class

    run = basic.single_nb_execution
    if getattr(run, "mia_ipc", False):
        return

    def single_nb_execution(*args: object, **kwargs: object) -> object:
        kwargs.setdefault("kernel_manager_class", kernel_manager_class())
        return run(*args, **kwargs)

    single_nb_execution.mia_ipc = True  # type: ignore[attr-defined]
    basic.single_nb_execution = single_nb_execution
