"""The chapters' gated exercise solutions, left out of a notebook.

The chapters write each solution as a gated block: a ``{solution-start}`` fence, prose and
code cells, a ``{solution-end}`` fence. Two places leave them out: the teaching edition of
the book (``book/_ext/book_edition.py``, ``make book-teaching``: each chapter's ``.ipynb``
download) and a chapter run with ``--no-solutions`` (:func:`mia_helpers.chapters.run_chapter`:
the executed notebook and its HTML), both with :func:`strip_solutions`.
"""

from __future__ import annotations

import re
from typing import Any

_START = re.compile(r"```\{solution-start\}[^\n]*\n(?:[^\n]*\n)*?```[ \t]*(?:\n|$)")
_END = re.compile(r"```\{solution-end\}[^\n]*\n```[ \t]*(?:\n|$)")


def strip_solutions(nb: dict[str, Any]) -> dict[str, Any]:
    """Notebook ``nb`` (nbformat 4 JSON, or a ``NotebookNode``) without its gated solutions.

    Markdown text from a ``{solution-start}`` fence through the next ``{solution-end}``
    fence is removed, and so are the code cells between them (with their outputs); cells
    left empty are dropped. The exercises and every other cell stay. A new notebook of the
    same type is returned; ``nb`` is not changed.
    """
    cells, hiding = [], False
    for cell in nb["cells"]:
        text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] != "markdown":
            if not hiding:
                cells.append(cell)
            continue
        kept, pos = [], 0
        while pos <= len(text):
            pattern = _END if hiding else _START
            found = pattern.search(text, pos)
            if found is None:
                if not hiding:
                    kept.append(text[pos:])
                break
            if not hiding:
                kept.append(text[pos : found.start()])
            hiding = not hiding
            pos = found.end()
        new = "".join(kept).strip("\n")
        if new.strip():
            cells.append(type(cell)({**cell, "source": new}))
    return type(nb)({**nb, "cells": cells})
