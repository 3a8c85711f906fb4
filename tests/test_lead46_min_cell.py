"""The lead, forty-third session (after rev46's review): ``describe.register_overview`` checks
``min_cell`` with :func:`mia_helpers.disclosure.check_min_cell` under its own name (it read
``max(int(min_cell), 1)``, so 10.5 became 10 there and was refused later under ``suppress``'s
name), and the remedy names both ways of passing the threshold."""
from __future__ import annotations

import pytest

from mia_helpers import claims, disclosure
from mia_helpers.describe import register_overview


@pytest.mark.parametrize("bad", [10.5, 0, "10", True])
def test_register_overview_names_itself(tmp_path, bad):
    # the registers are never read: the threshold is refused first
    with pytest.raises(ValueError, match=r"^register_overview: min_cell must be a whole number"):
        register_overview(tmp_path, min_cell=bad)


def test_remedy_names_command_line_and_python():
    with pytest.raises(ValueError) as e:
        disclosure.check_min_cell(10.5, "f")
    assert "-p min_cell 10 on the command line" in str(e.value)
    assert "min_cell=10 in Python" in str(e.value)
    with pytest.raises(ValueError) as e:  # export-check's own option is kept as it is
        disclosure.check_min_cell(1, "export-check", floor=2, name="--min-cell")
    assert "--min-cell 10)" in str(e.value) and "Python" not in str(e.value)


def test_count_rules_live_in_disclosure():
    assert claims.COUNT_RULES is disclosure.COUNT_RULES
    assert set(disclosure.COUNT_RULES) <= set(disclosure.RULES)
