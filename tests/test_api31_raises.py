"""A public function that raises an exception class itself names that class in its docstring
(the project's standard: public docstrings give the errors raised). Public as in
``test_public_api.py``: no leading underscore, at module level or in a public class, in a
module whose name does not start with an underscore. Only ``raise Name(...)`` or ``raise
module.Name(...)`` with a class name ending in ``Error`` or ``Exception`` written in the
function's own body (not in a nested function) count: an error built by a helper
(``raise _err(...)``, ``raise bad()``) or re-raised (``raise err``) is not seen. The
fingerprinted modules (PREAMBLE.md) are checked too: docstrings are outside their fingerprint
(``montecarlo.source_digest``), so mending one does not invalidate the shipped Monte Carlo
files (api32; before, their gaps were frozen). Reads the sources (no import)."""

from __future__ import annotations

import ast

import pytest
from test_public_api import FUNCTIONS  # the public functions as test_public_api scans them


def raised_classes(node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    """Sorted names of the exception classes ``node`` raises in its own body (see module)."""
    found: set[str] = set()
    stack: list[ast.AST] = list(node.body)
    while stack:
        item = stack.pop()
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
            continue
        if isinstance(item, ast.Raise) and isinstance(item.exc, ast.Call):
            func = item.exc.func
            name = (func.id if isinstance(func, ast.Name)
                    else func.attr if isinstance(func, ast.Attribute) else "")
            if name.endswith(("Error", "Exception")):
                found.add(name)
        stack.extend(ast.iter_child_nodes(item))
    return sorted(found)


def unnamed_raises(node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    """The classes ``node`` raises that its docstring does not name."""
    doc = ast.get_docstring(node) or ""
    return [name for name in raised_classes(node) if name not in doc]


GAPS = {key: missing for key, node, _ in FUNCTIONS if (missing := unnamed_raises(node))}


def test_public_functions_name_what_they_raise():
    assert not GAPS, f"public functions whose docstring does not name what they raise: {GAPS}"


@pytest.mark.parametrize("source, expected", [
    ('def f():\n    """Raises ValueError."""\n    raise ValueError("x")', []),
    ('def f():\n    """Nothing."""\n    raise ValueError("x")', ["ValueError"]),
    ('def f():\n    """Nothing."""\n    raise errors.DataFileError("x")', ["DataFileError"]),
    ('def f():\n    """Nothing."""\n    def g():\n        raise ValueError("x")', []),
    ('def f():\n    """Nothing."""\n    raise _err("x")', []),
    ('def f():\n    """Nothing."""\n    if a:\n        raise KeyError(1) from None', ["KeyError"]),
])
def test_the_check_itself(source, expected):
    node = ast.parse(source).body[0]
    assert unnamed_raises(node) == expected
