"""The chapters' gated exercise solutions, left out of a notebook.

The chapters write each solution as a gated block: a ``{solution-start}`` fence, prose and
code cells, a ``{solution-end}`` fence. Two places leave them out: the teaching edition of
the book (``book/_ext/book_edition.py``, ``make book-teaching``: each chapter's ``.ipynb``
download) and a chapter run with ``--no-solutions`` (:func:`mia_helpers.chapters.run_chapter`:
the executed notebook and its HTML), both with :func:`strip_solutions`; the teaching edition strips each page's downloadable source
copy with :func:`strip_solution_text`. A value glued for a solution's text by a cell outside
the solution leaves with it (:func:`glue_references`; teach52).
"""

from __future__ import annotations

import re
from typing import Any

_START = re.compile(r"```\{solution-start\}[^\n]*\n(?:[^\n]*\n)*?```[ \t]*(?:\n|$)")
_END = re.compile(r"```\{solution-end\}[^\n]*\n```[ \t]*(?:\n|$)")


def _gate(text: str, hiding: bool) -> tuple[list[str], list[str], bool]:
    """The pieces of MyST ``text`` outside and inside the gated solutions (their fences
    left out), and whether a solution is still open at its end; ``hiding``: whether one
    was open at its start."""
    kept: list[str] = []
    hidden: list[str] = []
    pos = 0
    while pos <= len(text):
        found = (_END if hiding else _START).search(text, pos)
        if found is None:
            (hidden if hiding else kept).append(text[pos:])
            break
        (hidden if hiding else kept).append(text[pos : found.start()])
        hiding = not hiding
        pos = found.end()
    return kept, hidden, hiding


def strip_solution_text(text: str) -> str:
    """MyST Markdown ``text`` (a chapter's source) without its gated solutions: from each
    ``{solution-start}`` fence through the next ``{solution-end}`` fence, the code cells
    between included (to the end of the text where no end fence follows). The teaching
    edition's copy of each page's source, which the download menu offers beside the
    ``.ipynb`` (teach52: it held every solution)."""
    return "".join(_gate(text, False)[0])


def glue_references(text: str) -> set[str]:
    """The glue names a MyST text refers to: its glue roles (``{glue}`name```,
    ``{glue:text}`name:.1f```, ``{glue:md}`name```; the name of a ``{glue:text}`` role is
    the part before its last colon, as myst-nb reads it) and its ``{glue:md}`` /
    ``{glue:figure}`` block directives (backtick or colon fence)."""
    from mia_helpers.export_check import GLUE_ROLE
    from mia_helpers.notebook_run import GLUE_BLOCK

    names = set()
    for m in GLUE_ROLE.finditer(text):
        kind, content = m.group(1) or "any", m.group(2)
        names.add(content.rsplit(":", 1)[0] if kind == "text" and ":" in content else content)
    names.update(m.group("name") for m in GLUE_BLOCK.finditer(text))
    return names


def _glue_name(output: dict[str, Any]) -> str | None:
    """The glue name of a code cell's output (myst-nb's ``metadata.scrapbook.name``), or None."""
    sb = (output.get("metadata") or {}).get("scrapbook")
    return str(sb["name"]) if isinstance(sb, dict) and "name" in sb else None


def _glued_markdown(cells: list[Any]) -> dict[str, str]:
    """The Markdown text glued by the code cells of ``cells``, by glue name (a glued table's
    text may refer to other glue)."""
    out: dict[str, str] = {}
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        for o in cell.get("outputs") or []:
            name = _glue_name(o)
            for key, value in (o.get("data") or {}).items() if name is not None else ():
                if key.endswith("text/markdown"):
                    text = value if isinstance(value, str) else "".join(value)
                    out[name] = out.get(name, "") + "\n" + text
    return out


def strip_solutions(nb: dict[str, Any]) -> dict[str, Any]:
    """Notebook ``nb`` (nbformat 4 JSON, or a ``NotebookNode``) without its gated solutions.

    Markdown text from a ``{solution-start}`` fence through the next ``{solution-end}``
    fence is removed, and so are the code cells between them (with their outputs); cells
    left empty are dropped. The glue outputs (``metadata.scrapbook.name``) follow the text
    that refers to them (:func:`glue_references`; teach52):

    - a kept code cell's glue output whose name only the removed solutions' text refers to
      is dropped: the solutions' values, glued by cells that run outside them, do not stay in
      the notebook's stored outputs for a student to read;
    - a removed code cell's glue output whose name the kept text refers to (an exercise's
      question glued by its solution's cell, such as chapter 4's ex-other-own) moves to the
      nearest kept code cell before it (after it where there is none), so the page still
      finds everything it shows; a kept glued Markdown value's references count as kept text.

    The exercises and every other cell stay. A new notebook of the same type is returned;
    ``nb`` is not changed.
    """
    cells, hiding, hidden, removed = [], False, [], []
    for cell in nb["cells"]:
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] != "markdown":
            if not hiding:
                cells.append(cell)
            elif cell["cell_type"] == "code":  # (position among the kept cells, outputs)
                removed.append((len(cells), cell.get("outputs") or []))
            continue
        kept, gone, hiding = _gate(text, hiding)
        hidden += gone
        new = "".join(kept).strip("\n")
        if new.strip():
            cells.append(type(cell)({**cell, "source": new}))
    shown = "\n".join("".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                      for c in cells if c["cell_type"] == "markdown")
    glued = _glued_markdown(cells + [{"cell_type": "code", "outputs": o} for _, o in removed])
    used = glue_references(shown)
    while True:  # and what the Markdown glued under those names refers to, in turn
        more = set().union(*(glue_references(glued[n]) for n in used if n in glued)) - used
        if not more:
            break
        used |= more
    only_hidden = glue_references("\n".join(hidden)) - used
    after: dict[int, list[Any]] = {}  # kept code cell -> rescued outputs, after its own
    before: dict[int, list[Any]] = {}  # ... before its own (no kept code cell precedes)
    code_at = [i for i, c in enumerate(cells) if c["cell_type"] == "code"]
    for pos, outputs in removed:
        keep = [o for o in outputs if _glue_name(o) in used]
        earlier = [i for i in code_at if i < pos]
        if keep and earlier:
            after.setdefault(earlier[-1], []).extend(keep)
        elif keep and code_at:
            before.setdefault(code_at[0], []).extend(keep)
    out = []
    for i, c in enumerate(cells):
        if c["cell_type"] == "code" and (i in after or i in before or any(
                _glue_name(o) in only_hidden for o in c.get("outputs") or [])):
            own = [o for o in c.get("outputs") or [] if _glue_name(o) not in only_hidden]
            c = type(c)({**c, "outputs": before.get(i, []) + own + after.get(i, [])})
        out.append(c)
    return type(nb)({**nb, "cells": out})
