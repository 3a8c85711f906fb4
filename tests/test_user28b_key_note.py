"""user28b: with a key column's source column missing from its file, the key-rule note said
"key rules checked on the 0 of 1 row(s) whose person_id, start_quarter, end_quarter could be
read", which hid why: it now says the key rules could not be checked because the column is
missing."""

from __future__ import annotations

import pytest
from test_analyst19_adapt import _delivery
from test_user26_adapt_problems import _rewrite

from mia_helpers.adapters import adapt
from mia_helpers.schemas import RegisterError


def test_key_rules_unchecked_for_a_missing_key_column_say_why(tmp_path):
    m = _delivery(tmp_path)
    _rewrite(m, "inschrijvingen.csv", lambda d: d.drop(columns="BEGIN"))
    with pytest.raises(RegisterError) as err:
        adapt(m)
    text = str(err.value)
    assert "checked on the 0 of" not in text
    assert ("note: register 'vdab_registrations': its key rules (person_id, start_quarter, "
            "end_quarter) could not be checked because 'start_quarter' (source column "
            "'BEGIN') is missing from the file") in text


def test_a_missing_column_outside_the_key_keeps_the_key_check(tmp_path):
    m = _delivery(tmp_path, registrations=[
        {"ID": "1", "BEGIN": "15/02/2008", "EINDE": "10/08/2008", "REDEN": "Werk"},
        {"ID": "1", "BEGIN": "15/02/2008", "EINDE": "10/08/2008", "REDEN": "Werk"}])
    _rewrite(m, "inschrijvingen.csv", lambda d: d.drop(columns="REDEN"))
    with pytest.raises(RegisterError) as err:
        adapt(m)
    assert "could not be checked" not in str(err.value)
    assert "duplicate_key" in str(err.value) or "overlapping" in str(err.value)
