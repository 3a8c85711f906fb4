"""user51: ``adapt`` with one misspelt source column printed "breaks rule
'missing_source_column': 1 column(s)", and an empty measure code "breaks rule 'null_value':
1 row(s)": the register rules of schemas.py (fingerprinted: its code may not change) write
"(s)" whatever the count. The command line now prints every error and warning through
:func:`mia_helpers.words.real_plurals`, which writes such a plural in the number it states."""
from __future__ import annotations

import pytest

from mia_helpers import cli
from mia_helpers.words import real_plurals


@pytest.mark.parametrize("text, want", [
    ("breaks rule 'null_value': 1 row(s) (column 'measure')",
     "breaks rule 'null_value': 1 row (column 'measure')"),
    ("breaks rule 'implausible_value': 1,328 row(s) (column", "1,328 rows (column"),
    ("and 1 more broken rule(s), listed below", "and 1 more broken rule, listed below"),
    ("and 3 more broken rule(s) of register", "and 3 more broken rules of register"),
    ("2 check(s) skipped", "2 checks skipped"),
    ("; 1 other row(s) with an implausible", "; 1 other row with an implausible"),
    ("every check of the missing column(s) ['wage_class'] (type", "every check of the "
     "missing column ['wage_class'] (type"),
    ("column(s) ['a', 'b'] are not", "columns ['a', 'b'] are not"),
    ("column(s) ['gender'] are ignored", "column ['gender'] is ignored"),
    ("term(s) ['x'] have infinite", "term ['x'] has infinite"),
    ("term(s) x have", "term(s) x have"),  # the number is not stated: kept
    ("quarter 2011.5 row(s)", "quarter 2011.5 row(s)"),  # no count
])
def test_real_plurals(text, want):
    assert want in real_plurals(text), real_plurals(text)


def test_adapt_prints_the_missing_column_in_its_number(tmp_path, capsys):
    from mia_helpers.adapters.fixture import make_fixture

    mapping, _ = make_fixture(tmp_path / "rehearsal", residents=40, newcomers=10, seed=4166)
    text = mapping.read_text()
    assert "REDEN_EINDE: end_reason" in text
    mapping.write_text(text.replace("REDEN_EINDE: end_reason", "REDEN_EIND: end_reason"))
    capsys.readouterr()
    assert cli.main(["adapt", "--mapping", str(mapping), "--out", str(tmp_path / "x")]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "breaks rule 'missing_source_column': 1 column (mapped source column not in the " \
           "file: 'REDEN_EIND'" in err, err
    assert "(s)" not in err, err
