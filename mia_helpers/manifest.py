"""Reproducibility record of a run: ``manifest.json`` next to its output.

Every run (a chapter, a command, an adapter run) writes one manifest saying what produced the
output, so that a result taken out of a secure environment can be traced to its inputs:

==================  ==========================================================================
key                 content
==================  ==========================================================================
parameters          the run's parameters (as passed; paths and numpy scalars made JSON-safe);
                    ``parameters_not_used`` (only when there are some): those the run did not
                    use (a chapter run on ``data_dir``: the synthetic data's sizes and seed);
                    ``settings`` (only when there are some): values a chapter uses without a
                    parameter of that name (Appendix A's caliper, ``k``, ``max_quarter`` and
                    estimand; chapter 6's estimand, ``max_age``, ``arrival_quarters``,
                    ``residence_grounds``, ``measures`` and ``grouping``), compared by ``export-check`` with
                    other chapters' parameters (a manifest that lacks one is refused there,
                    ``missing_settings``)
data                ``data_dir``, and ``files``: SHA-256 of each Parquet file in it
                    and of every file in ``truth/`` if present, and of the panel build's
                    ``exclusion_log.csv`` (:data:`BUILD_FILES`) only a digest keyed with the
                    Parquet files (``hmac_sha256``, no size: its published counts would
                    otherwise let a reader try its hidden ones against a plain hash);
                    ``has_truth``; ``fingerprint``
                    = SHA-256 over the sorted (name, hash) pairs, one short id for the data set;
                    ``ignored_columns`` (only when there are some): register file -> columns
                    not in the register schema, which the panel build ignored (from
                    ``panel_meta.json``, :func:`mia_helpers.panel.validate_files`)
inputs              SHA-256 of any further input files (e.g. raw extracts)
packages            installed versions of the key pinned packages (``null`` if absent)
python, platform    interpreter and operating system
git                 ``revision`` (``git rev-parse HEAD``, or ``"unknown"`` outside a git checkout)
                    and ``dirty`` (uncommitted changes; ``null`` when unknown)
started, finished   ISO 8601 times (UTC); ``elapsed_seconds``; ``timings`` (named steps, seconds)
==================  ==========================================================================

The manifest holds hashes of the data, never data and no file sizes (ec25: the size of a
small data file tells how many rows it holds): it is safe to export. A plain
hash is safe only of a file a reader cannot rebuild: of a small file whose content the outputs
publish but for a few hidden counts, it gives those counts back by trial (dpo24), so such a
file gets a digest keyed with the data instead.
:func:`load_manifests` collects the manifests under a folder into one table (the book's
appendix page shows it).
"""

from __future__ import annotations

import hashlib
import json
import platform
import subprocess
import sys
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from mia_helpers.files import write_text_atomic

MANIFEST_NAME = "manifest.json"
#: Distributions whose versions every manifest records (the pinned core of requirements.txt).
KEY_PACKAGES = (
    "mia_helpers", "numpy", "pandas", "pyarrow", "duckdb", "pandera", "scipy", "statsmodels",
    "linearmodels", "scikit-learn", "matplotlib", "seaborn", "papermill", "jupytext",
    "jupyter-book", "PyYAML",
)


#: Non-Parquet outputs of the panel build that chapters read (chapter 1 publishes the exclusion
#: log), hashed beside the Parquet files when present (trial21: the log was not hashed, so
#: two builds could print one fingerprint and different exclusion tables)
BUILD_FILES = ("exclusion_log.csv",)


def _entry(path: Path, key: Any = None) -> dict[str, Any]:
    """SHA-256 of ``path``; its bytes also fed to ``key`` (a hash object), if given.

    No size (ec25): the manifest leaves with the run, and the byte size of a data file tells
    roughly how many rows it holds. For a register of a few rows (a Parquet file of 3 rows is
    a few kilobytes, and the manifest records the writer's version) the size pins a count the
    chapters hide as ``<min_cell``; the hash alone identifies the file as well."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
            if key is not None:
                key.update(chunk)
    return {"sha256": h.hexdigest()}


def _keyed_entry(path: Path, key: bytes) -> dict[str, Any]:
    """A build file's digest keyed with the data (HMAC-SHA256 under ``key``, the SHA-512 of
    the data set's Parquet files), without its size.

    dpo24: the plain SHA-256 and size of ``exclusion_log.csv`` let a reader rebuild the log
    from chapter 1's published exclusion table and try the hidden cells until the hash
    matched (3 orphan and 15 out-of-window inburgering rows, both hidden, found in
    milliseconds), and its size alone told how many digits the hidden counts have. The keyed
    digest still changes with the log (trial21: two builds with different logs differ), but
    only someone holding the Parquet files can compute it."""
    import hmac

    return {"hmac_sha256": hmac.new(key, path.read_bytes(), hashlib.sha256).hexdigest()}


def data_fingerprints(data_dir: str | Path) -> dict[str, Any]:
    """Hashes of the Parquet files of ``data_dir``, of its :data:`BUILD_FILES` and of every
    file under ``truth/``.

    Returns ``{"data_dir", "files": {relative name: {"sha256"}}, "has_truth",
    "fingerprint"}``; ``fingerprint`` identifies the whole data set (same files, same id).
    When the panel build ignored register columns not in the schema, ``ignored_columns``
    (file -> columns, from ``panel_meta.json``) names them.
    """
    d = Path(data_dir)
    key = hashlib.sha512()
    files = {p.name: _entry(p, key) for p in sorted(d.glob("*.parquet"))}
    files.update({n: _keyed_entry(d / n, key.digest()) for n in BUILD_FILES
                  if (d / n).is_file()})
    truth = d / "truth"
    if truth.is_dir():
        files.update({p.relative_to(d).as_posix(): _entry(p)
                      for p in sorted(truth.rglob("*")) if p.is_file()})
    joined = "\n".join(f"{k} {v.get('sha256') or v['hmac_sha256']}"
                       for k, v in sorted(files.items()))
    out = {
        "data_dir": str(d),
        "files": files,
        "has_truth": _has_truth(d),
        "fingerprint": hashlib.sha256(joined.encode()).hexdigest(),
    }
    ignored = _ignored_columns(d)
    if ignored:
        out["ignored_columns"] = ignored
    return out


def _ignored_columns(d: Path) -> dict[str, list[str]]:
    """Register columns the panel build of ``d`` ignored (``panel_meta.json``; empty when there
    is no readable metadata)."""
    try:
        meta = json.loads((d / "panel_meta.json").read_text())
    except (OSError, ValueError):
        return {}
    ignored = meta.get("ignored_columns") if isinstance(meta, dict) else None
    return ignored if isinstance(ignored, dict) else {}


def _has_truth(d: Path) -> bool | None:
    """:func:`mia_helpers.data.has_truth`, or None when ``truth/`` is incomplete."""
    from mia_helpers.data import has_truth
    from mia_helpers.files import DataFileError

    try:
        return has_truth(d)
    except DataFileError:
        return None


def package_versions(names: Iterable[str] = KEY_PACKAGES) -> dict[str, str | None]:
    """Installed version of each distribution (``None`` if it is not installed)."""
    out: dict[str, str | None] = {}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def git_revision(cwd: str | Path | None = None) -> dict[str, Any]:
    """``{"revision": sha or "unknown", "dirty": bool or None}`` of the repository at ``cwd``
    (default: the folder of this package)."""
    where = Path(cwd) if cwd else Path(__file__).resolve().parent
    try:
        rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=where, capture_output=True,
                             text=True, timeout=10, check=True).stdout.strip()
        status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                                cwd=where, capture_output=True, text=True, timeout=10, check=True)
        return {"revision": rev or "unknown", "dirty": bool(status.stdout.strip())}
    except (OSError, subprocess.SubprocessError):
        return {"revision": "unknown", "dirty": None}


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if hasattr(value, "item") and callable(value.item):  # numpy scalar
        return value.item()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _iso(t: datetime | float) -> str:
    if isinstance(t, int | float):
        t = datetime.fromtimestamp(t, UTC)
    if t.tzinfo is None:
        t = t.replace(tzinfo=UTC)
    return t.astimezone(UTC).isoformat()


def write_manifest(
    out_dir: str | Path,
    parameters: Mapping[str, Any],
    data_dir: str | Path | None,
    started: datetime | float,
    finished: datetime | float,
    *,
    inputs: Iterable[str | Path] = (),
    timings: Mapping[str, float] | None = None,
    more_data: Iterable[str | Path] = (),
    not_used: Iterable[str] = (),
    outputs: Iterable[str | Path] = (),
    settings: Mapping[str, Any] | None = None,
    options: Mapping[str, Any] | None = None,
) -> Path:
    """Write ``out_dir/manifest.json`` describing one run; return its path.

    Parameters
    ----------
    out_dir : folder of the run's output (created if needed).
    parameters : the run's parameters (chapter parameters, command-line options...).
    data_dir : the data folder the run read (None: no data, e.g. a pure simulation).
    started, finished : wall-clock start and end (``datetime``, naive = UTC, or POSIX seconds).
    inputs : further input files to fingerprint (e.g. raw extract files of an adapter run).
    timings : named steps and their durations in seconds.
    more_data : further data folders the run read (key ``more_data``, present only when
        there are some; a chapter normally reads one).
    not_used : names of ``parameters`` the run did not use (key ``parameters_not_used``,
        present only when there are some: a chapter run on ``data_dir`` records its synthetic
        data's sizes and seed for completeness, but they describe no data it read).
    outputs : files the run wrote into ``out_dir`` (key ``outputs``, by file name, with their
        SHA-256 and size; present only when there are some): ``export-check`` refuses one
        changed since (``edited_output``: an output edited by hand).
    settings : values the run used without a parameter of that name (key ``settings``,
        present only when there are some: Appendix A matches at chapter 4's ``caliper``,
        ``k`` and ``max_quarter``, chapter 6 refits chapter 2's models without ``max_age``,
        :data:`mia_helpers.chapters.FIXED_SETTINGS`), so that
        ``export-check`` compares them with the chapters that have the parameter
        (``extract_parameter_variation``; xcheck39).
    options : how the run wrote its outputs, not what it computed (key ``options``, present
        only when there are some): a chapter run with ``--no-solutions`` records
        ``no_solutions: true``. Kept apart from ``parameters`` and ``settings``, which
        ``export-check`` compares across runs: the option changes no number.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    s, f = _iso(started), _iso(finished)
    elapsed = (datetime.fromisoformat(f) - datetime.fromisoformat(s)).total_seconds()
    manifest = {
        "manifest_version": 1,
        "parameters": _jsonable(dict(parameters)),
        "data": data_fingerprints(data_dir) if data_dir is not None else None,
        "inputs": {str(p): _entry(Path(p)) for p in inputs},
        "packages": package_versions(),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "git": git_revision(),
        "started": s,
        "finished": f,
        "elapsed_seconds": round(elapsed, 3),
        "timings": _jsonable({k: round(float(v), 3) for k, v in (timings or {}).items()}),
    }
    more = [data_fingerprints(d) for d in more_data]
    if more:
        manifest["more_data"] = more
    written = {Path(p).name: _entry(Path(p)) for p in outputs if Path(p).is_file()}
    if written:
        manifest["outputs"] = written
    if settings:
        manifest["settings"] = _jsonable(dict(settings))
    if options:
        manifest["options"] = _jsonable(dict(options))
    idle = sorted(set(not_used))
    if idle:
        manifest["parameters_not_used"] = idle
    path = out / MANIFEST_NAME
    write_text_atomic(path, json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return path


def fresh_record(parameters: Mapping[str, Any], data_dir: str | Path | None,
                 started: datetime | float | None = None) -> dict[str, Any]:
    """The manifest :func:`write_manifest` writes now for ``parameters`` and ``data_dir``, as a
    dict: written into a temporary folder (deleted after) and read back, so nothing is left
    beside any output. ``started``: the run's start (default now; ``finished`` is now).

    Appendix B shows this record of the data the book read, and its exercise compares it with
    records written for other parameters (:func:`mia_helpers.exercise_answers.record_changes`).

    Raises
    ------
    OSError
        A file of ``data_dir`` that cannot be read.
    """
    import tempfile

    with tempfile.TemporaryDirectory(prefix="mia-record-") as tmp:
        begin = datetime.now(UTC) if started is None else started
        return read_manifest(write_manifest(Path(tmp), parameters, data_dir, begin,
                                            datetime.now(UTC)))


def read_manifest(path: str | Path) -> dict[str, Any]:
    """One manifest (a file, or a folder holding ``manifest.json``) as a dict."""
    p = Path(path)
    if p.is_dir():
        p = p / MANIFEST_NAME
    return json.loads(p.read_text())


def load_manifests(folder: str | Path) -> pd.DataFrame:
    """All manifests under ``folder`` (recursively), one row per run, oldest first.

    Columns: run (the folder relative to ``folder``), started, finished, elapsed_seconds,
    git_revision, git_dirty, data_fingerprint (first 12 hex digits), has_truth, data_files,
    python, parameters (compact JSON text of the parameters the run used: those its manifest
    lists under ``parameters_not_used`` are left out, so that the run can be repeated with the
    same command, which refuses them beside ``data_dir``), path. Empty (with these columns)
    when there is none.
    """
    root = Path(folder)
    cols = ["run", "started", "finished", "elapsed_seconds", "git_revision", "git_dirty",
            "data_fingerprint", "has_truth", "data_files", "python", "parameters", "path"]
    rows = []
    for p in sorted(root.rglob(MANIFEST_NAME)):
        m = read_manifest(p)
        data = m.get("data") or {}
        rows.append({
            "run": p.parent.relative_to(root).as_posix() if p.parent != root else ".",
            "started": m.get("started"),
            "finished": m.get("finished"),
            "elapsed_seconds": m.get("elapsed_seconds"),
            "git_revision": (m.get("git") or {}).get("revision", "unknown"),
            "git_dirty": (m.get("git") or {}).get("dirty"),
            "data_fingerprint": (data.get("fingerprint") or "")[:12] or None,
            "has_truth": data.get("has_truth"),
            "data_files": len(data.get("files", {})),
            "python": m.get("python"),
            "parameters": json.dumps({k: v for k, v in (m.get("parameters") or {}).items()
                                      if k not in set(m.get("parameters_not_used") or ())},
                                     sort_keys=True),
            "path": str(p),
        })
    df = pd.DataFrame(rows, columns=cols)
    return df.sort_values("started", kind="stable").reset_index(drop=True)
