"""The Monte Carlo fingerprint reads what can change a result, not the documentation
(:func:`mia_helpers.montecarlo.source_digest`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mia_helpers import montecarlo

BASE = '''"""Module docstring."""
from dataclasses import dataclass


@dataclass
class Spec:
    """A spec."""
    k: int = 3


def f(x: int, y=2) -> int:
    """Docstring of f."""
    # a comment
    return x + y  # another
'''


def _digest(tmp_path: Path, text: str, name: str = "m.py") -> bytes:
    path = tmp_path / name
    path.write_text(text)
    return montecarlo.source_digest(path)


@pytest.mark.parametrize("edit", [
    lambda s: s.replace("Module docstring.", "Another module docstring, longer."),
    lambda s: s.replace("Docstring of f.", "Docstring of f.\n\n    Raises\n    ------\n    X"),
    lambda s: s.replace('    """A spec."""\n', ""),
    lambda s: s.replace("# a comment", "# a different comment"),
    lambda s: s.replace("def f(x: int, y=2) -> int:", "def f(\n    x: int, y: int = 2\n) -> int:"),
    lambda s: s.replace("-> int:", ":"),
    lambda s: s.replace("\n", "\r\n"),
], ids=["module-doc", "function-doc", "class-doc", "comment", "annotations", "no-return",
        "crlf"])
def test_documentation_does_not_count(tmp_path, edit):
    assert _digest(tmp_path, edit(BASE)) == _digest(tmp_path, BASE)


@pytest.mark.parametrize("edit", [
    lambda s: s.replace("return x + y", "return x - y"),
    lambda s: s.replace("y=2", "y=3"),
    lambda s: s.replace("k: int = 3", "k: int = 4"),
    lambda s: s.replace("k: int = 3", "k: float = 3"),  # a dataclass field's annotation
    lambda s: s.replace("return x + y  # another", 'raise ValueError("x")'),
    lambda s: s + '\n\ndef g():\n    return "a message"\n',
], ids=["operator", "default", "field-default", "field-type", "statement", "new-function"])
def test_code_counts(tmp_path, edit):
    assert _digest(tmp_path, edit(BASE)) != _digest(tmp_path, BASE)


def test_a_string_constant_counts(tmp_path):
    a = BASE + '\n\ndef g():\n    return "needs both outcomes"\n'
    b = BASE + '\n\ndef g():\n    return "needs both outcomes (a small extract?)"\n'
    assert _digest(tmp_path, a) != _digest(tmp_path, b)


def test_data_files_count_byte_for_byte(tmp_path):
    a = _digest(tmp_path, "job:\n  base: -2.0  # comment\n", "p.yaml")
    assert a == b"job:\n  base: -2.0  # comment\n"
    assert _digest(tmp_path, "job:\r\n  base: -2.0  # comment\r\n", "p.yaml") == a


def test_unparsable_source_is_refused(tmp_path):
    with pytest.raises(SyntaxError):
        _digest(tmp_path, "def f(:\n")


@pytest.mark.parametrize("edit", [
    # a type-checking block added, or an import beside the ones already there
    lambda s: s.replace("from dataclasses import dataclass\n",
                        "from dataclasses import dataclass\nfrom typing import TYPE_CHECKING\n\n"
                        "if TYPE_CHECKING:\n    from pathlib import Path\n"),
    lambda s: s.replace("from dataclasses import dataclass\n",
                        "from dataclasses import dataclass\nimport typing\n") .replace(
        "import typing\n", "import typing\n\nif typing.TYPE_CHECKING:\n    import os\n"),
], ids=["type-checking-block", "typing-attribute"])
def test_type_checking_imports_do_not_count(tmp_path, edit):
    base = BASE.replace("from dataclasses import dataclass\n",
                        "from dataclasses import dataclass\nimport typing\n")
    if "import typing" in edit(BASE):
        assert _digest(tmp_path, edit(BASE)) == _digest(tmp_path, base)
    else:
        assert _digest(tmp_path, edit(BASE)) == _digest(tmp_path, BASE)


def test_type_checking_beside_other_typing_names(tmp_path):
    a = BASE.replace("from dataclasses import dataclass\n",
                     "from dataclasses import dataclass\nfrom typing import Any\n")
    b = BASE.replace("from dataclasses import dataclass\n",
                     "from dataclasses import dataclass\nfrom typing import TYPE_CHECKING, Any\n"
                     "\nif TYPE_CHECKING:\n    from x import Y\n")
    assert _digest(tmp_path, a) == _digest(tmp_path, b)
    # a block with an else runs: it counts
    c = b.replace("    from x import Y\n", "    from x import Y\nelse:\n    Y = 1\n")
    assert _digest(tmp_path, c) != _digest(tmp_path, b)
    # Any itself still counts
    assert _digest(tmp_path, a) != _digest(tmp_path, BASE)


def test_file_hash_is_cached_until_the_file_changes(tmp_path):
    import os

    path = tmp_path / "m.py"
    path.write_text(BASE)
    first = montecarlo.file_hash(path)
    assert first == montecarlo.file_hash(path)
    path.write_text(BASE.replace("return x + y", "return x - y"))
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # a later write
    assert montecarlo.file_hash(path) != first
    # the same text written again (new modification time): the same hash, read again
    path.write_text(BASE)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000))
    assert montecarlo.file_hash(path) == first
