"""book/api.md against the code: every object its ``autofunction``/``autoclass`` directives
and ``:members:`` name exists, and every dotted name ``mia_helpers.module.name`` it quotes, and every call of its quick start passes only arguments the
function's signature takes (a renamed parameter would otherwise leave a page whose example
fails with a TypeError while the rendered signature below it is right)."""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from pathlib import Path

import pytest

PAGE = Path(__file__).resolve().parents[1] / "book" / "api.md"
TEXT = PAGE.read_text(encoding="utf-8")
DIRECTIVE = re.compile(r"^\.\. auto(function|class):: ([\w.]+)\n((?:   :members: .*\n(?: {13}.*\n)*)?)",
                       re.M)


def _resolve(dotted: str) -> object:
    parts = dotted.split(".")
    for cut in range(len(parts) - 1, 0, -1):  # the longest importable module, then attributes
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for name in parts[cut:]:
            obj = getattr(obj, name)
        return obj
    raise ModuleNotFoundError(dotted)


QUOTED = sorted(set(re.findall(r"`(mia_helpers(?:\.\w+)+)`", TEXT)))


def _directives() -> list[tuple[str, str, list[str]]]:
    out = []
    for kind, dotted, members in DIRECTIVE.findall(TEXT):
        names = [m.strip() for m in members.replace(":members:", "").replace("\n", " ")
                 .split(",") if m.strip()]
        out.append((kind, dotted, names))
    return out


def _quick_start_calls() -> list[tuple[str, set[str], int]]:
    code = re.search(r"## Quick start\n\n```python\n(.*?)```", TEXT, re.S)
    assert code, "book/api.md has no python quick start"
    tree = ast.parse(code.group(1))
    imported = {a.asname or a.name: f"{n.module}.{a.name}" for n in ast.walk(tree)
                if isinstance(n, ast.ImportFrom) and n.module.startswith("mia_helpers")
                for a in n.names}
    return [(imported[c.func.id], {k.arg for k in c.keywords}, len(c.args))
            for c in ast.walk(tree)
            if isinstance(c, ast.Call) and isinstance(c.func, ast.Name) and c.func.id in imported]


def test_the_page_is_read():
    kinds = [d[0] for d in _directives()]
    assert kinds.count("function") >= 8 and "class" in kinds
    assert {c[0] for c in _quick_start_calls()} == {"mia_helpers.dynamic.dynamic_match",
                                                    "mia_helpers.dynamic.dynamic_effects",
                                                    "mia_helpers.dynamic.history"}


@pytest.mark.parametrize("kind, dotted, members", _directives(), ids=lambda v: str(v)[:60])
def test_named_objects_exist(kind, dotted, members):
    obj = _resolve(dotted)
    assert inspect.isclass(obj) == (kind == "class"), f"{dotted} is not a {kind}"
    assert obj.__doc__, f"{dotted} has no docstring for the page"
    missing = [m for m in members if not hasattr(obj, m)]
    assert not missing, f"book/api.md names members of {dotted} that do not exist: {missing}"


@pytest.mark.parametrize("dotted", QUOTED)
def test_quoted_names_exist(dotted):
    obj = _resolve(dotted)
    assert inspect.ismodule(obj) or obj.__doc__, f"{dotted} has no docstring for the reader"


def test_the_quoted_names_are_read():
    assert "mia_helpers.heart.published_curves" in QUOTED and len(QUOTED) >= 10


@pytest.mark.parametrize("dotted, keywords, n_positional",
                         _quick_start_calls(),
                         # ids from sorted names: a set's order differs between xdist workers
                         ids=lambda v: (",".join(sorted(v)) if isinstance(v, (set, frozenset))
                                        else str(v))[:40])
def test_quick_start_calls_match_signatures(dotted, keywords, n_positional):
    sig = inspect.signature(_resolve(dotted))
    params = sig.parameters
    unknown = keywords - set(params)
    assert not unknown, f"book/api.md calls {dotted} with arguments it does not take: {unknown}"
    positional = [p for p in params.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    assert n_positional <= len(positional), f"{dotted}: too many positional arguments"
    required = {n for n, p in params.items() if p.default is p.empty
                and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)}
    given = keywords | {p.name for p in positional[:n_positional]}
    assert required <= given, f"book/api.md calls {dotted} without {required - given}"
