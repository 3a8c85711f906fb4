"""One concept, one name: the interval columns of model and effect tables.

The thirty-sixth session renamed the model tables' ``std_error``/``conf_low``/``conf_high``
(and ``exp_conf_low``/``exp_conf_high``) to the effect tables' ``se``/``ci_low``/``ci_high``.
The lint keeps the old names out of the book's prose, pages, README and package (the export
checker's vocabulary of *other people's* column names excepted), and keeps the readers'
label of an interval's ends apart from the worst-case "bounds" of an estimate that is not
point-identified (reader37: the label was "Lower bound"/"Upper bound").
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mia_helpers.labels import column_label

ROOT = Path(__file__).resolve().parent.parent
OLD_NAMES = re.compile(r"\b(?:std_error|conf_low|conf_high|exp_conf_low|exp_conf_high)\b")
#: where an old name may stand: the export checker recognises estimate columns of tables
#: made by other software, which may still use them
ALLOWED = {"mia_helpers/export_check.py"}
FILES = sorted(p.relative_to(ROOT).as_posix() for p in
               [*(ROOT / "notebooks").glob("*.md"), *(ROOT / "book").glob("*.md"),
                ROOT / "README.md", *(ROOT / "mia_helpers").rglob("*.py")])


def old_names(text: str) -> list[str]:
    """The old column names in ``text``."""
    return OLD_NAMES.findall(text)


def test_lint_catches_old_names():
    assert old_names("the model's `std_error` and conf_low") == ["std_error", "conf_low"]
    assert old_names("`se`, `ci_low`, `ci_high`, exp_ci_low") == []


@pytest.mark.parametrize("name", [f for f in FILES if f not in ALLOWED])
def test_no_old_interval_column_names(name):
    assert old_names((ROOT / name).read_text(encoding="utf-8")) == [], name


def test_interval_ends_are_not_labelled_bounds():
    for code in ("ci_low", "ci_high"):
        assert "bound" not in column_label(code).lower(), code
