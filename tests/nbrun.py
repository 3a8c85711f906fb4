"""Shared helper for the notebook-execution tests (each chapter has its own test module).

Every successfully executed chapter is also copied to ``_build/test-notebooks/<name>.ipynb``
(gitignored): ``tests/test_browser.py`` builds the HTML from these copies instead of
re-executing the chapters, so ``make test`` runs the notebook tests first, then the browser test.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

from mia_helpers.notebook_run import execute

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
#: executed chapters (small parameters) kept for the browser test
EXECUTED = ROOT / "_build" / "test-notebooks"
#: small data for notebook tests: generated once, cached under data/synthetic/
SMALL = {"seed": 2005, "residents": 3000, "newcomers": 1500}


def unresolved_glue(nb: dict) -> list[tuple]:
    """Glue references in the markdown that the book build could not paste: a key never
    glued, or a ``{glue:text}`` format spec that myst-nb cannot apply to the glued value
    (e.g. ``np.float64(...)`` under ``:.1f``; the build would warn, an error under ``-W``)."""
    import re

    from myst_nb.core.variables import format_plain_text

    glued = {}
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            meta = output.get("metadata", {}).get("scrapbook")
            if meta:
                glued[meta["name"]] = output.get("data", {})
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    bad: list[tuple] = []
    for key, spec in re.findall(r"\{glue:text\}`([^`:]+)(?::([^`]*))?`", text):
        if key not in glued:
            bad.append(("not glued", key))
            continue
        plain = glued[key].get("application/papermill.record/text/plain", "")
        try:
            format_plain_text(plain, spec or "")
        except (TypeError, ValueError) as err:
            bad.append(("format", key, spec, str(err)[:80]))
    bad += [("not glued", k) for k in re.findall(r"\{glue:(?:md|figure)\} (\S+)", text)
            if k not in glued]
    return bad


#: words that mean a missing quantity reached the prose (a NaN or None formatted as text)
LEAK_WORDS = re.compile(r"\b(nan|NaN|None|none|inf)\b")


def _pasted_glue(nb: dict, pattern: str):
    """``(key, text)`` of every glue reference matching ``pattern`` (a regex with groups key
    and spec) whose key was glued, as the book build would paste it (myst-nb's own formatting
    of the glued plain text with the reference's spec); references it cannot format are left
    to :func:`unresolved_glue`."""
    from myst_nb.core.variables import format_plain_text

    glued = {}
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            meta = output.get("metadata", {}).get("scrapbook")
            if meta:
                glued[meta["name"]] = output.get("data", {}).get(
                    "application/papermill.record/text/plain", "")
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    for key, spec in re.findall(pattern, text):
        if key not in glued:
            continue
        try:
            yield key, str(format_plain_text(glued[key], spec or ""))
        except (TypeError, ValueError):
            continue  # reported by unresolved_glue


def leaked_glue(nb: dict) -> list[tuple[str, str]]:
    """``(key, text)`` of every ``{glue:text}`` reference whose pasted text holds a word of a
    missing quantity (:data:`LEAK_WORDS`: "nan", "None", "none"...), as the book build would
    paste it (myst-nb's own formatting of the glued plain text with the reference's spec)."""
    return [(k, t) for k, t in _pasted_glue(nb, r"\{glue:text\}`([^`:]+)(?::([^`]*))?`")
            if LEAK_WORDS.search(t)]


def literal_backticks(nb: dict) -> list[tuple[str, str]]:
    """``(key, text)`` of every ``{glue:text}`` (or bare ``{glue}``) reference whose pasted text
    holds a backtick: the book pastes such a text as plain text, so a Markdown code span shows
    its backticks to the reader (prose39: "`result.support()` lists ..." in chapters 1-5 and
    the appendices). A name in glued prose is written without them; ``{glue:md}`` blocks
    (tables) are Markdown and may hold code spans."""
    return [(k, t) for k, t in _pasted_glue(nb, r"\{glue(?::text)?\}`([^`:]+)(?::([^`]*))?`")
            if "`" in t]


#: chapters on public data sets (no register extract), exempt from the export check
PUBLIC_DATA_CHAPTERS = {"C_heart_transplant"}


def run_chapter(name: str, tmp_path: Path, keep: bool = True, **parameters) -> dict:
    """Execute ``notebooks/<name>.md`` with small parameters; return the executed notebook.

    The executed notebook is written to ``tmp_path``. With ``keep`` (the chapter's one run for
    the browser test, in its ``tests/test_notebook_*.py``), once it has run without an error
    output it is also copied to ``_build/test-notebooks/<name>.ipynb``; a stale copy is removed
    before execution and a run that fails leaves ``<name>.failed`` there instead, so the
    browser test never builds a stale copy and stops waiting as soon as it knows. Other runs
    of the chapter (other parameters, nightly seeds) pass ``keep=False`` and leave both alone.
    """
    keep_path, failed = EXECUTED / f"{name}.ipynb", EXECUTED / f"{name}.failed"
    if keep:
        EXECUTED.mkdir(parents=True, exist_ok=True)
        keep_path.unlink(missing_ok=True)
        failed.unlink(missing_ok=True)
    try:
        out, nb = _execute_and_check(name, tmp_path, parameters)
    except BaseException:
        if keep:
            failed.touch()
        raise
    if keep:
        partial = keep_path.with_name(f".{name}.{os.getpid()}.ipynb")  # atomic: no half copy
        shutil.copyfile(out, partial)
        os.replace(partial, keep_path)
    return nb


def _execute_and_check(name: str, tmp_path: Path, parameters: dict) -> tuple[Path, dict]:
    # warm: the kernel is forked from a server that imported the libraries once per test
    # worker (mia_helpers.warm_kernels; about 4 s less per chapter run); the command-line
    # tests (tests/test_chapters.py, tests/test_cli_execute.py) start kernels the usual way
    out = execute(NOTEBOOKS / f"{name}.md", tmp_path / f"{name}.ipynb", {**SMALL, **parameters},
                  warm=True)
    nb = json.loads(out.read_text())
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", f"{name}: a cell raised an error"
    unresolved = unresolved_glue(nb)
    assert not unresolved, f"{name}: glue references the book build cannot paste: {unresolved}"
    ticks = literal_backticks(nb)
    assert not ticks, f"{name}: glued plain text shows literal backticks: {ticks}"
    # every published table passes the output check at the chapter's threshold (issue 16);
    # appendices on public teaching data (not register extracts) show their rows on purpose
    if name not in PUBLIC_DATA_CHAPTERS:
        from mia_helpers.export_check import scan

        check = scan(out, min_cell=int(parameters.get("min_cell", 10)))
        assert check.ok, f"{name}: export-check failed:\n" + "\n".join(map(str, check.findings))
    return out, nb
