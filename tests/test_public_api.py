"""Every public function and method of the package is typed and documented (the project's
standard: type hints on public functions; public docstrings give shapes, units, errors and
sources). Public: not starting with an underscore, at module level or in a public class,
in a module whose name does not start with an underscore. The test reads the sources (no
import), so a new untyped or undocumented public function fails it by name."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "mia_helpers"


def _public_functions():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if any(part.startswith("_") and part != "__init__.py" for part in rel.split("/")):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                if not node.name.startswith("_"):
                    yield f"{rel}:{node.name}", node, False
            elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                for item in node.body:
                    if (isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
                            and not item.name.startswith("_")):
                        yield f"{rel}:{node.name}.{item.name}", item, True


FUNCTIONS = list(_public_functions())


def _untyped(node: ast.FunctionDef, method: bool) -> list[str]:
    args = node.args
    params = [*args.posonlyargs, *args.args, *args.kwonlyargs]
    static = any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in node.decorator_list)
    if method and params and not static:
        params = params[1:]  # self or cls
    missing = [a.arg for a in params if a.annotation is None]
    missing += [f"*{a.arg}" for a in (args.vararg, args.kwarg) if a is not None
                and a.annotation is None]
    if node.returns is None:
        missing.append("return")
    return missing


def test_the_scan_sees_the_package():
    names = {name for name, _, _ in FUNCTIONS}
    assert "effects.py:estimate_effects" in names and "disclosure.py:suppress" in names
    assert len(names) > 300


def test_public_functions_are_typed():
    bad = {name: m for name, node, method in FUNCTIONS if (m := _untyped(node, method))}
    assert not bad, f"public functions without type hints (parameter or return): {bad}"


def test_public_functions_are_documented():
    bad = [name for name, node, _ in FUNCTIONS
           if not ast.get_docstring(node) and not _is_property_setter(node)]
    assert not bad, f"public functions without a docstring: {bad}"


def _is_property_setter(node: ast.FunctionDef) -> bool:
    return any(isinstance(d, ast.Attribute) and d.attr == "setter" for d in node.decorator_list)


@pytest.mark.parametrize("source, expected", [
    ("def f(x, y: int) -> int:\n    pass", ["x"]),
    ("def f(*a, **k) -> None:\n    pass", ["*a", "*k"]),
    ("def f(x: int):\n    pass", ["return"]),
    ("def f(x: int, *a: int, **k: str) -> None:\n    pass", []),
])
def test_the_check_itself(source, expected):
    node = ast.parse(source).body[0]
    assert _untyped(node, False) == expected
