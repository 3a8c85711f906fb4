"""Prose of a MyST page for the wording scans (reader34): code cells, plain code blocks, glue
and math directives, front matter, display maths, directive options, labels and table rows
removed; directive bodies (admonitions, exercises, figure captions of ``glue:figure``) kept as
prose. Also the reader of the typed-number lint (``test_prose.prose_lines``).

Unlike ``test_prose.prose_lines`` this keeps a stack of open fences, so the closing ``````` of
an admonition is not read as the opening of a code block (which hid the rest of the page up to
the next fence from that lint: chapter 4 lines 31-101 at reader34's writing)."""

from __future__ import annotations

import re

_CODE_DIRECTIVES = {"code-cell", "glue:md", "glue", "glue:any", "math", "code",
                    "code-block", "literalinclude", "raw", "bibliography", "toctree",
                    "list-table", "table", "csv-table", "mermaid"}


#: what the book's prose never writes: "percent" (one word) or "%" (it writes "per cent"); read
#: on :func:`plain` text (tests/test_reader34_per_cent.py on the pages, test_pct36 on the
#: sentences the package builds for them)
PER_CENT_RULE = re.compile(r"(?i)\bpercent\b|%")


def prose_lines(text: str, tables: bool = False) -> list[tuple[int, str]]:
    """(1-based line number, line) of the prose of ``text``; table rows (``|`` first) are
    dropped unless ``tables``."""
    lines = text.splitlines()
    start = 0
    if lines and lines[0].strip() == "---":
        start = lines.index("---", 1) + 1
    out: list[tuple[int, str]] = []
    stack: list[tuple[str, bool]] = []  # (fence, body is code)
    in_math = False
    for n in range(start, len(lines)):
        stripped = lines[n].strip()
        if stack and stripped == stack[-1][0]:
            stack.pop()
            continue
        if stack and stack[-1][1]:
            continue  # inside code
        m = re.match(r"^(`{3,}|:{3,})\s*(\{([\w:-]+)\})?(.*)$", stripped)
        if m:
            name = m.group(3)
            code = (name in _CODE_DIRECTIVES) if name else bool(m.group(1).startswith("`"))
            stack.append((m.group(1), code))
            continue
        if stripped.startswith("$$"):
            if stripped.count("$$") == 1:
                in_math = not in_math
            continue
        if in_math or re.match(r"^:[\w-]+:", stripped) or re.match(r"^\([\w-]+\)=$", stripped):
            continue
        if not tables and stripped.startswith("|"):
            continue
        out.append((n + 1, lines[n]))
    return out


def plain(line: str) -> str:
    """``line`` without roles ({glue:text}`x`, {numref}`y`, {samp}`z`), inline code and inline
    maths: the words a reader reads as typed."""
    t = re.sub(r"\{[\w:-]+\}`[^`]*`", " ", line)
    t = re.sub(r"`[^`]*`", " ", t)
    return re.sub(r"\$[^$]*\$", " ", t)
