"""Safe reading and writing of the data files: errors that name the file, atomic writes,
completion markers, locks and input fingerprints.

Rules every writer in the package follows:

- **Atomic writes.** A file is written under a temporary name in its destination folder
  (``.<name>.tmp-<pid>-<random>``) and renamed into place (:func:`atomic_path`); a reader sees
  the old file or the new one, never half of one. A folder of several files (``truth/``) is
  written as a temporary folder and renamed.
- **Completion markers.** A set of files that belongs together carries a marker written last
  (:data:`COMPLETE`); a folder whose marker is missing is refused, never half used.
  :func:`begin_incomplete` / :func:`finish_complete` bracket a command that writes into a
  data folder (``synth``, ``adapt``): an interrupted run leaves :data:`INCOMPLETE` behind and
  :func:`check_not_incomplete` refuses the folder until the command is re-run.
- **Locks.** :func:`file_lock` holds an exclusive ``fcntl`` lock on ``<target>.lock`` while a
  target is built, so two processes never build the same file at once (the second waits).
- **Fingerprints.** :func:`fingerprints` records size, modification time and SHA-256 of input
  files; :func:`fingerprint_mismatch` compares them again (size and time first, the hash only
  when those differ, so a copied but identical file still matches).
- **Clean-up.** :func:`remove_stale_temporaries` removes temporary names left by a killed writer;
  it is called under the lock of the target.

Errors are subclasses of :class:`InputError` (a ``ValueError``); the command line prints them in
one line with exit status 2. Any other exception is a programming error and shows its traceback.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import secrets
import shutil
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow.parquet as pq

#: Completion marker of a folder of files written together (written last).
COMPLETE = "_COMPLETE.json"
#: Marker of a data folder being written by ``synth`` or ``adapt`` (removed last).
INCOMPLETE = "_INCOMPLETE.json"
_TMP = ".tmp-"
_CHUNK = 1 << 20


class InputError(ValueError):
    """Bad input from the user or the environment; the message names it and what to do."""


class ParameterError(InputError):
    """A parameter or command-line option with a value outside its type or range."""


class DataFileError(InputError):
    """A data file or folder that is missing, unreadable, incomplete, stale or not writable."""


def tmp_name(path: Path) -> Path:
    """A fresh temporary name next to ``path`` (same folder, so the rename is atomic)."""
    return path.with_name(f".{path.name}{_TMP}{os.getpid()}-{secrets.token_hex(4)}")


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path to write ``path`` to; rename it into place on success.

    On an exception the temporary file (or folder) is removed and ``path`` is left as it was.
    The parent folder is created when missing.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = tmp_name(path)
    try:
        yield tmp
        if path.is_dir() and tmp.is_dir():
            old = tmp_name(path)
            os.rename(path, old)
            os.rename(tmp, path)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, path)
    except BaseException:
        _remove(tmp)
        raise


def _remove(p: Path) -> None:
    if p.is_dir() and not p.is_symlink():
        shutil.rmtree(p, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


def write_text_atomic(path: str | Path, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    path = Path(path)
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return path


def write_json_atomic(path: str | Path, obj: Any) -> Path:
    """Write ``obj`` as indented JSON to ``path`` atomically."""
    return write_text_atomic(path, json.dumps(obj, indent=2, sort_keys=True, default=str) + "\n")


def remove_stale_temporaries(folder: str | Path, names: Iterable[str]) -> list[Path]:
    """Remove temporary files/folders left in ``folder`` by an interrupted writer of ``names``.

    Call it only while holding the lock of those targets (another writer may be running).
    Returns the removed paths.
    """
    folder = Path(folder)
    removed = []
    if not folder.is_dir():
        return removed
    for name in names:
        for p in folder.glob(f".{name}{_TMP}*"):
            _remove(p)
            removed.append(p)
    return removed


@contextlib.contextmanager
def file_lock(target: str | Path) -> Iterator[Path]:
    """Hold an exclusive lock on ``<target>.lock`` (created next to ``target``); blocks until
    the lock is free. The lock is released when the process ends, even when it is killed."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    lock = target.with_name(f".{target.name}.lock")
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield lock
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def sha256_file(path: str | Path) -> str:
    """SHA-256 of a file, read in 1 MiB chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def folder_not_file(path: str | Path) -> str:
    """The message for a data file ``path`` that is a folder: a Parquet data set written in
    parts (Spark, ``to_parquet(partition_cols=...)``, DuckDB's ``PARTITION_BY``), which the
    registers are not read as (input48: the panel build stopped with "Is a directory" and no
    remedy, and the chapters' check said "file not found")."""
    path = Path(path)
    parts = sorted(q.name for q in path.rglob("*.parquet"))[:3] if path.is_dir() else []
    held = f" (it holds {', '.join(parts)}...)" if parts else ""
    return (f"{path}: is a folder, not a file{held}: a Parquet data set written in parts is "
            "not read as a register; what to do: write the register as one file, e.g. "
            f"pandas.read_parquet('{path}').to_parquet('{path.name}', index=False) into "
            "another folder, and replace the folder with it")


def fingerprints(paths: Iterable[str | Path]) -> dict[str, dict[str, Any]]:
    """``{file name: {"bytes", "mtime_ns", "sha256"}}`` of each input file.

    Raises :class:`DataFileError` for a path that is a folder (:func:`folder_not_file`)."""
    out = {}
    for p in map(Path, paths):
        if p.is_dir():
            raise DataFileError(folder_not_file(p))
        st = p.stat()
        out[p.name] = {"bytes": st.st_size, "mtime_ns": st.st_mtime_ns, "sha256": sha256_file(p)}
    return out


def fingerprint_mismatch(folder: str | Path, stored: dict[str, dict[str, Any]]) -> list[str]:
    """Names of the files of ``stored`` that are missing in ``folder`` or whose content changed.

    Size and modification time are compared first; only when they differ is the SHA-256
    computed, so an identical copy (new time, same bytes) still matches.
    """
    bad = []
    for name, fp in stored.items():
        p = Path(folder) / name
        if not p.is_file():
            bad.append(name)
            continue
        st = p.stat()
        if st.st_size == fp.get("bytes") and st.st_mtime_ns == fp.get("mtime_ns"):
            continue
        if st.st_size != fp.get("bytes") or sha256_file(p) != fp.get("sha256"):
            bad.append(name)
    return bad


def read_parquet_metadata(path: str | Path) -> pq.ParquetFile:
    """Open ``path`` as Parquet (footer only) or raise :class:`DataFileError` naming it.

    Returns the :class:`pyarrow.parquet.ParquetFile`. A folder (:func:`folder_not_file`), a
    missing, empty or truncated file ("Parquet magic bytes not found") is reported with the
    file and what to do.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = Path(path)
    if path.is_dir():
        raise DataFileError(folder_not_file(path))
    if not path.is_file():
        raise DataFileError(f"{path}: file not found")
    try:
        return pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as err:
        size = path.stat().st_size
        raise DataFileError(
            f"{path}: not a readable Parquet file ({size} bytes; {err}). The file is empty or "
            "truncated, e.g. by an interrupted copy or write: copy or regenerate it") from None


def read_parquet(path: str | Path, **kwargs: Any) -> pd.DataFrame:
    """:func:`pandas.read_parquet` that names the file when it is missing or unreadable."""
    import pandas as pd

    read_parquet_metadata(path)
    return pd.read_parquet(path, **kwargs)


#: the register names whose Parquet files a data folder holds (``schemas.TABLES``, listed here
#: because files.py imports no schema; a test holds the two equal)
REGISTER_NAMES = ("persons", "ksz_positions", "vdab_registrations", "vdab_measures",
                  "abb_inburgering", "wse_permits")


def registers_in_other_formats(folder: str | Path) -> str:
    """What to do with a folder that holds register tables in another format than Parquet
    (``persons.csv``, ``ksz_positions.xlsx``...), as a sentence to add to the message that
    it holds no registers; ``""`` when it holds none (user38: tables written by hand as CSV
    following the registers' columns were refused only as "no registers (persons.parquet)")."""
    folder = Path(folder)
    try:
        found = sorted(p.name for p in folder.iterdir() if p.is_file()
                       and p.stem.lower() in REGISTER_NAMES and p.suffix.lower() != ".parquet")
    except OSError:
        return ""
    if not found:
        return ""
    return (f"; it holds {', '.join(found)}: the chapters and the panel read the registers "
            "as Parquet files only (persons.parquet...); what to do: adapt these files with a "
            "mapping whose `file:` entries name them (mia_helpers/adapters/"
            "example_mapping.yaml; `python -m mia_helpers adapt --mapping FILE --out DIR`) "
            "and give DIR, or write them as Parquet with the registers' columns and types "
            "(book/design.md section 2), which the chapters validate")


def check_writable_dir(folder: str | Path, what: str = "--out") -> Path:
    """Create ``folder`` if needed and prove it is writable (a probe file is written and
    removed); raise :class:`DataFileError` naming ``what`` otherwise. Call before long work."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise DataFileError(f"{what}: cannot write to {folder}: it is a file, not a folder; "
                            "give a folder (new or existing) to write into")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = tmp_name(folder / "write-probe")
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as err:
        raise DataFileError(f"{what}: cannot write to {folder} ({err.strerror or err}); choose a "
                            "writable folder") from None
    return folder


def unwritable_reason(path: str | Path) -> str | None:
    """Why no file can be created at ``path``, found without creating anything (for a check
    that must not write; :func:`results_file_problem` with ``write`` proves it with a probe
    file): its nearest existing ancestor is a file, not a folder, or a folder this process
    may not write into; None when one could be (fp25: ``python -m mia_helpers.montecarlo
    --check --out /etc/hostname/x.parquet`` said the file was missing and advised a command
    that would fail)."""
    path = Path(path)
    above = next((a for a in path.parents if a.exists()), None)
    if above is None:
        return None
    if not above.is_dir():
        return f"{above} is a file, not a folder"
    if not os.access(above, os.W_OK | os.X_OK):
        return f"the folder {above} is not writable"
    return None


def results_file_problem(path: str | Path, columns: Iterable[str], write: bool = False,
                         shown: str | Path | None = None) -> str | None:
    """What keeps ``path`` from serving as a results file with ``columns`` (one line naming it
    as ``shown``, default ``path``), or None: a folder; with ``write``, a file that cannot be
    written there (its folder is a file, or not writable: probed as
    :func:`check_writable_dir` does); when it exists, a file that is not readable Parquet
    (empty, truncated, another format) or lacks one of ``columns``. A missing file is no
    problem here (the caller says what "missing" means). Call before long work (user24:
    ``python -m mia_helpers.montecarlo --out DIR`` computed its studies for 30 minutes and
    then failed in the rename; ``--check`` on a Parquet file without the columns printed
    pyarrow's five-line schema dump)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = Path(path)
    shown = path if shown is None else shown
    if path.is_dir():
        return (f"{shown} is a folder, not a results file; give a file path, e.g. "
                f"{Path(shown) / 'results.parquet'}")
    if write:
        above = next((a for a in path.parents if a.exists()), None)
        if above is not None and not above.is_dir():
            return f"cannot write {shown}: {above} is a file, not a folder; choose another path"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            probe = tmp_name(path)
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as err:
            return (f"cannot write {shown} (its folder {path.parent}: "
                    f"{err.strerror or type(err).__name__}); choose a writable path")
        return None  # an existing file is replaced, whatever it holds
    if not path.exists():
        return None
    size = path.stat().st_size
    try:
        names = set(pq.read_schema(path).names)
    except (pa.ArrowException, OSError) as err:
        why = str(err).split(". ")[0].split(": ")[-1] or type(err).__name__
        kind = "empty (0 bytes)" if size == 0 else f"not Parquet, or truncated ({size:,} bytes; {why})"
        return f"{shown} is not a readable Parquet file: {kind}"
    missing = [c for c in columns if c not in names]
    if missing:
        return (f"{shown} is a Parquet file without the column{'s' if len(missing) > 1 else ''}"
                f" {', '.join(missing)} of a results file")
    return None


def begin_incomplete(folder: str | Path, command: str) -> None:
    """Mark ``folder`` as being written by ``command`` (remove its old completion marker)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileNotFoundError):
        (folder / COMPLETE).unlink()
    write_json_atomic(folder / INCOMPLETE, {"command": command, "pid": os.getpid(),
                                            "started": datetime.now(UTC).isoformat()})


def finish_complete(folder: str | Path, command: str, files: Iterable[str] = (),
                    **extra: Any) -> None:
    """Write the completion marker of ``folder`` (listing ``files``, plus ``extra`` keys) and
    drop the in-progress marker; the last step of a command that writes a data folder."""
    folder = Path(folder)
    write_json_atomic(folder / COMPLETE, {"command": command,
                                          "finished": datetime.now(UTC).isoformat(),
                                          "files": sorted(files), **extra})
    with contextlib.suppress(FileNotFoundError):
        (folder / INCOMPLETE).unlink()


def read_complete(folder: str | Path) -> dict[str, Any] | None:
    """The completion marker of ``folder`` as a dict, or None when it is missing/unreadable."""
    try:
        return json.loads((Path(folder) / COMPLETE).read_text())
    except (OSError, ValueError):
        return None


def _quoted_out(command: str) -> str:
    """``command`` (an in-progress marker's, whose ``--out`` folder comes last, written
    unquoted by the generator) with that folder quoted for a POSIX shell, so that the command
    can be pasted as printed (user52: ``--out /tmp/my data/s1`` split into two words)."""
    import shlex

    head, sep, out = command.rpartition(" --out ")
    return f"{head}{sep}{shlex.quote(out)}" if sep and out else command


def check_not_incomplete(folder: str | Path) -> None:
    """Refuse a data folder left incomplete by an interrupted ``synth`` or ``adapt``: raises
    :class:`DataFileError` naming the folder and the command to re-run when its ``INCOMPLETE``
    marker file is present."""
    marker = Path(folder) / INCOMPLETE
    if marker.exists():
        try:
            info = json.loads(marker.read_text())
        except (OSError, ValueError):
            info = {}
        cmd = _quoted_out(str(info.get("command", "a command")))
        raise DataFileError(
            f"{folder}: incomplete data folder ({marker.name} present): `{cmd}` was interrupted "
            f"(started {info.get('started', '?')}) and its files may be a mix of two runs; "
            f"re-run `{cmd}` into this folder")
