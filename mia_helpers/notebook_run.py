"""Execute a chapter's text source (MyST Markdown) with papermill.

papermill reads only ``.ipynb``; the source is converted in memory with jupytext, the
``parameters`` cell survives the conversion, and papermill injects overrides after it.
The executed notebook is written under a temporary name and renamed into place, so ``out`` is
never a half-written notebook of a run still going (or killed).
"""

from __future__ import annotations

import html
import os
import re
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


# --------------------------------------------------------------------------------------------
# myst-nb glue pasted into an executed notebook, for renderers that do not know myst-nb
# (nbconvert in ``mia_helpers.chapters.render_html``)
# --------------------------------------------------------------------------------------------

#: a ``{glue:md}`` or ``{glue:figure}`` block directive (backtick or colon fence)
GLUE_BLOCK = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{glue:(?P<kind>md|figure)\}[ \t]+(?P<name>\S+)[ \t]*\n"
    r"(?P<body>.*?)^(?P=fence)[ \t]*$", re.M | re.S)
#: a MyST ``{table}`` directive as :func:`mia_helpers.labels.table_markdown` writes it
MYST_TABLE = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{table\}[ \t]*(?P<caption>[^\n]*)\n(?P<options>(?::[\w-]+:[^\n]*\n)*)"
    r"(?P<body>.*?)^(?P=fence)[ \t]*$", re.M | re.S)
_OPTION = re.compile(r"^:([\w-]+):[ \t]*(.*)$")
_NUMREF = re.compile(r"\{numref\}`(?:(?P<text>[^`<]*?)\s*<(?P<target>[^`>]+)>|(?P<bare>[^`]+))`")
_REF = re.compile(r"\{(?:ref|term|doc)\}`(?:(?P<text>[^`<]*?)\s*<[^`>]+>|(?P<bare>[^`]+))`")


def _split_options(body: str) -> tuple[dict[str, str], str]:
    """Directive options (``:name: value`` lines at the top) and the rest (the caption)."""
    options: dict[str, str] = {}
    lines = body.splitlines()
    i = 0
    while i < len(lines) and (m := _OPTION.match(lines[i].strip())):
        options[m.group(1)] = m.group(2).strip()
        i += 1
    return options, "\n".join(lines[i:]).strip()


def _text(x: Any) -> str:
    return "".join(x) if isinstance(x, list) else str(x or "")


def figure_and_table_numbers(nb: Any, values: dict[str, tuple[dict, int]]) -> dict[str, str]:
    """Label -> "Table k" / "Figure k", numbered in the order the notebook's markdown pastes
    them (``{glue:md}`` tables carrying a ``:name:``, ``{glue:figure}`` blocks with one), as
    the book numbers them within a chapter."""
    numbers: dict[str, str] = {}
    counts = {"Table": 0, "Figure": 0}
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        for m in GLUE_BLOCK.finditer(_text(cell["source"])):
            options, _ = _split_options(m.group("body"))
            if m.group("kind") == "figure":
                kind, label = "Figure", options.get("name")
            else:
                md = _text(values.get(m.group("name"), ({}, 0))[0].get("text/markdown"))
                t = MYST_TABLE.search(md)
                kind = "Table"
                label = _split_options(t.group("options"))[0].get("name") if t else None
            if label and label not in numbers:
                counts[kind] += 1
                numbers[label] = f"{kind} {counts[kind]}"
    return numbers


def paste_glue(source: str, values: dict[str, tuple[dict, int]],
               numbers: dict[str, str] | None = None) -> str:
    """Markdown of one cell with myst-nb's glue blocks pasted, for a plain renderer.

    ``{glue:md}`` blocks become the glued Markdown (a MyST ``{table}`` turned into a bold
    "Table k." caption above a pipe table, with an HTML anchor of its label); ``{glue:figure}``
    blocks become the glued PNG as an inline ``data:`` image with its caption, "Figure k."
    first; ``{numref}`` roles become "Table k" / "Figure k" (a ``%s`` in the role's text is
    replaced by the number); ``{ref}``, ``{term}`` and ``{doc}`` roles their text. Inline
    ``{glue:text}`` roles are left to :func:`mia_helpers.export_check.resolve_glue`. A block
    whose name was not glued (or has no Markdown / PNG) is left as it is, so that a missing
    value shows.

    Parameters
    ----------
    source : str
        Markdown of one cell.
    values : dict
        :func:`mia_helpers.export_check.glued_values` of the executed notebook.
    numbers : dict, optional
        :func:`figure_and_table_numbers` of the notebook (default: no numbers).

    Returns
    -------
    str
    """
    numbers = numbers or {}

    def block(m: re.Match) -> str:
        bundle = values.get(m.group("name"), ({}, 0))[0]
        options, caption = _split_options(m.group("body"))
        if m.group("kind") == "md":
            md = _text(bundle.get("text/markdown"))
            if not md:
                return m.group(0)

            def table(t: re.Match) -> str:
                label = _split_options(t.group("options"))[0].get("name", "")
                number = numbers.get(label, "Table")
                anchor = f'<a id="{html.escape(label, quote=True)}"></a>\n\n' if label else ""
                return (f"{anchor}**{number}.** {t.group('caption').strip()}\n\n"
                        f"{t.group('body').strip()}\n")

            return "\n" + MYST_TABLE.sub(table, md).strip() + "\n"
        png = _text(bundle.get("image/png")).replace("\n", "")
        if not png:
            return m.group(0)
        label = options.get("name", "")
        number = numbers.get(label, "Figure")
        anchor = f' id="{html.escape(label, quote=True)}"' if label else ""
        return (f'\n<img{anchor} src="data:image/png;base64,{png}" '
                f'alt="{html.escape(number, quote=True)}" style="max-width: 100%;"/>\n\n'
                f"**{number}.** {caption}\n")

    def numref(m: re.Match) -> str:
        target = (m.group("target") or m.group("bare")).strip()
        number = numbers.get(target, target)
        text = m.group("text")
        return text.replace("%s", number.split()[-1]) if text and "%s" in text else number

    def ref(m: re.Match) -> str:
        return (m.group("text") or m.group("bare")).strip()

    out = GLUE_BLOCK.sub(block, source)
    out = _NUMREF.sub(numref, out)
    return _REF.sub(ref, out)
