"""user25 (analyst walk-through): a mapping's hints for optional and non-nullable columns.

An extract without an optional column (the KSZ wage class) was told only "map them under
'columns' or give them under 'constants'", not that a column which may be empty is declared
missing with ``constants: {col: null}``; a source code mapped to ``null`` in a column that may
not be empty (a measure code) passed the mapping and failed after reading with a hint to "fill
these values in the source extract"; and the unmapped-code hint offered ``null`` for such a
column too.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from mia_helpers.adapters import EXAMPLE_MAPPING, MappingError, MappingFileError, load_mapping


def _mapping(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    """The example mapping with text ``edits`` (old, new) applied, written to ``tmp_path``."""
    text = EXAMPLE_MAPPING.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "mapping.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_missing_optional_column_is_told_how_to_declare_it_missing(tmp_path):
    path = _mapping(tmp_path, ("      LOONKLASSE: wage_class\n", ""),
                    ("      wage_class: {LAAG: low, MIDDEN: mid, HOOG: high}\n", ""))
    with pytest.raises(MappingFileError, match=r"constants: \{wage_class: null\}"):
        load_mapping(path)


def test_codes_of_a_column_given_as_constant_say_so(tmp_path):
    path = _mapping(tmp_path, ("      LOONKLASSE: wage_class\n", ""),
                    ("    monthly:\n      column: month",
                     "    constants: {wage_class: null}\n    monthly:\n      column: month"))
    with pytest.raises(MappingFileError, match="given under `constants:`.*remove"):
        load_mapping(path)


def test_a_code_mapped_to_null_in_a_column_that_may_not_be_empty_is_refused(tmp_path):
    path = _mapping(tmp_path, ("        SANCTIEDOORSTURING: sanction_transmission\n",
                               "        SANCTIEDOORSTURING: sanction_transmission\n"
                               "        OPL_TAAL: null\n"))
    with pytest.raises(MappingFileError, match="'measure' may not be empty.*OPL_TAAL"):
        load_mapping(path)


def test_a_null_constant_in_a_column_that_may_not_be_empty_is_refused(tmp_path):
    path = _mapping(tmp_path, ("      GESLACHT: sex\n", ""),
                    ("      sex: {M: male, V: female}\n", ""),
                    ("    dates:                           # register column: format of the "
                     "source date\n      school_leaving_quarter",
                     "    constants: {sex: null}\n    dates:\n      school_leaving_quarter"))
    with pytest.raises(MappingFileError, match="'sex' may not be empty"):
        load_mapping(path)


def test_the_unmapped_code_hint_offers_null_only_where_a_column_may_be_empty():
    rows = pd.DataFrame({"table": ["vdab_measures", "vdab_registrations"],
                         "column": ["measure", "end_reason"],
                         "problem": ["unmapped_code", "unmapped_code"],
                         "value": ["OPL_TAAL", "VERHUIS"], "count": [1, 2],
                         "file": ["a.csv", "b.csv"], "source_column": ["X", "Y"],
                         "format": ["", ""], "distinct": [1, 1], "rows": [1, 2]})
    text = str(MappingError(rows))
    measure, reason = (line for line in text.splitlines() if line.startswith("- "))
    assert "a value that means missing: null" not in measure
    assert "may not be empty" in measure
    assert "a value that means missing: null" in reason


def test_a_missing_optional_source_column_is_told_how_to_declare_it_missing(tmp_path):
    """The file lacks LOONKLASSE (the KSZ wage class): the error named the column and told to
    correct its name only; the column may be empty, so it now says how to declare it missing."""
    from mia_helpers.adapters import adapt
    from mia_helpers.adapters.fixture import make_fixture
    from mia_helpers.schemas import RegisterError

    mapping, _ = make_fixture(tmp_path / "rehearsal", residents=60, newcomers=30)
    ksz = mapping.parent / "raw" / "ksz_posities_maand.parquet"
    pd.read_parquet(ksz).drop(columns="LOONKLASSE").to_parquet(ksz)
    with pytest.raises(RegisterError, match=r"constants: \{wage_class: null\}") as err:
        adapt(mapping)
    assert "LOONKLASSE" in str(err.value)
