"""Chapter 2's parameter ``level`` sets every interval and band of the chapter (api53: it set
the by-sex intervals only; the nested tables, the predicted curves' bands, the coefficients
beside the truth, the KHB gaps' intervals that decide whether a share is stated, and the
stable-length exercise's sampling error stayed at 95 per cent, the text saying so only for
the by-sex tables)."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mia_helpers import claims, exercise_answers
from mia_helpers import subgroups as sg

CHAPTER = Path(__file__).resolve().parents[1] / "notebooks" / "02_school_leaver_entry.md"
_CELL = re.compile(r"```\{code-cell\} python\n(.*?)```", re.S)


def _code_cells() -> list[str]:
    cells = [c for c in _CELL.findall(CHAPTER.read_text()) if ":tags: [parameters]" not in c]
    return ["\n".join(ln for ln in c.splitlines() if not ln.startswith(":")) for c in cells]


def _dotted(node: ast.expr) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return ".".join([node.id, *reversed(parts)])


def _passes_level(call: ast.Call, fn) -> bool:
    if any(k.arg == "level" for k in call.keywords):
        return True
    params = list(inspect.signature(fn).parameters)
    return any(isinstance(a, ast.Name) and a.id == "level" for a in call.args) and (
        "level" in params[:len(call.args)] or params[0] == "level")


def test_every_package_call_with_a_level_gets_the_chapters_level():
    """Every call in the chapter's code cells of a package function that has a ``level``
    parameter passes the chapter's ``level`` (by name, or in its place); the names are read
    from the chapter's own imports."""
    cells = _code_cells()
    ns: dict = {}
    for cell in cells:
        for node in ast.parse(cell).body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                exec(compile(ast.Module([node], []), "<chapter 2>", "exec"), ns)
    checked, missing = [], []
    for cell in cells:
        for call in (n for n in ast.walk(ast.parse(cell)) if isinstance(n, ast.Call)):
            name = _dotted(call.func)
            if name is None or name.split(".")[0] not in ns:
                continue
            try:
                fn = eval(name, ns)  # noqa: S307 - names of the chapter's own imports
                sig = inspect.signature(fn)
            except (AttributeError, TypeError, ValueError):
                continue
            if "level" not in sig.parameters or not fn.__module__.startswith("mia_helpers"):
                continue
            checked.append(name)
            if not _passes_level(call, fn):
                missing.append(f"{name} (line {call.lineno} of its cell)")
    assert len(checked) >= 8, checked  # the nested tables, bands, truth, KHB, by-sex, exercise
    assert not missing, f"calls left at their default level: {missing}"


def test_the_text_says_the_level_of_every_interval():
    """The nested tables' level, the bands' and the truth figure's are glued from ``level``
    (not read off a function's default), and the captions of the truth table and the KHB
    tables state it."""
    text = CHAPTER.read_text()
    assert "tidy_level" not in text
    assert 'glue("leavers_level_pct", f"{100 * level:g}"' in text
    assert "{glue:text}`leavers_level_pct` per cent intervals" in text
    assert text.count("{100 * level:g} per cent") >= 2


def test_fit_by_sex_passes_its_level_to_khb(monkeypatch):
    """The decomposition by sex reads its gaps' intervals at the chapter's level (they decide
    whether a share is stated): ``fit_by_sex`` hands ``level`` to :func:`khb`."""
    seen = []

    def fake_khb(*args, level=0.95, **kwargs):
        seen.append(level)
        raise ValueError("stop here")

    monkeypatch.setattr(sg, "khb", fake_khb)
    monkeypatch.setattr(sg.hz, "fit_hazard", lambda *a, **k: None)
    monkeypatch.setattr(sg.hz, "group_periods", lambda p, c: p)
    monkeypatch.setattr(sg, "split_by_sex", lambda p: {"women": {"job": None}})
    monkeypatch.setattr(sg, "withheld_cells", lambda split, m: {"women": {}})
    with pytest.raises(ValueError, match="stop here"):
        sg.fit_by_sex({"job": None}, ["individual"], level=0.9)
    assert seen == [0.9]
    with pytest.raises(ValueError, match="level"):
        sg.fit_by_sex({"job": None}, ["individual"], level=90)


def test_stable_length_answer_reads_moves_at_the_level_asked():
    """A move of 1.8 standard errors is within the 95 per cent error and beyond the 90 per
    cent one (z 1.96 and 1.645); the words say the level used."""
    g = ["maghreb:second"]
    se = pd.Series([0.1], index=g)
    now = pd.Series([0.50], index=g)
    other = pd.Series([0.50 * np.exp(-1.8 * np.sqrt(2) * 0.1)], index=g)
    at95 = exercise_answers.stable_length_answer(now, other, se, se, 4, 8)
    at90 = exercise_answers.stable_length_answer(now, other, se, se, 4, 8, level=0.9)
    assert "within its 95 per cent sampling error" in at95
    assert "widens" in at90 and "95" not in at90
    within = claims.stable_length_sentence(now, now * 0.95, se, se, 4, 8, level=0.9)
    assert "90 per cent" in within
