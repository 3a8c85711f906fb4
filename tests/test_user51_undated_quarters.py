"""user51: a quarter column mapped without a format under ``dates:`` has its values read as
quarter indices (2005Q1 = 0). Dates there (a Parquet date or timestamp column, text such as
``2011-03-15`` or ``20151014``) were listed as ``not_an_integer`` and told to be corrected in
the raw file "or map them under `codes:`" (which the mapping refuses for a quarter column),
or as ``out_of_range`` and told to "check the column's format", which the mapping did not
give. The message now says that the column has no format and names the one to give: any
date format for typed dates, the format that reads the text otherwise."""
from __future__ import annotations

import re

import pytest

from mia_helpers import cli


@pytest.fixture(scope="module")
def fixture(tmp_path_factory):
    from mia_helpers.adapters.fixture import make_fixture

    return make_fixture(tmp_path_factory.mktemp("user51") / "rehearsal", residents=40,
                        newcomers=20, seed=4164)[0]


def _without_dates(mapping, tmp_path, register_dates: str):
    text = mapping.read_text()
    assert register_dates in text
    out = tmp_path / "mapping.yaml"
    out.write_text(text.replace(register_dates, "").replace(
        "source_dir: raw", f"source_dir: {mapping.parent / 'raw'}"))
    return out


def _message(capsys, mapping, tmp_path):
    capsys.readouterr()
    assert cli.main(["adapt", "--mapping", str(mapping), "--out", str(tmp_path / "x")]) == 2
    return " ".join(capsys.readouterr().err.split())


def test_typed_parquet_dates_are_named_with_the_dates_entry_to_add(fixture, tmp_path, capsys):
    """abb_inburgering.parquet's DATUM is a Parquet date column."""
    mapping = _without_dates(fixture, tmp_path, '    dates:\n      quarter: "%Y-%m-%d"'
                             "            # a Parquet date column: listed, its format not applied\n")
    err = _message(capsys, mapping, tmp_path)
    item = re.search(r"- abb_inburgering\.quarter .*?(?= \S+ +column +problem|$)", err).group(0)
    assert "not_an_integer" in item
    assert "map them under `codes:`" not in item, item
    assert "the column has no format under `dates:`" in item
    assert ("the source column holds typed dates (a date or timestamp column of a Parquet "
            "file)") in item
    assert "add `dates: {quarter: '%Y-%m-%d'}` for register 'abb_inburgering'" in item


def test_dates_as_text_are_named_with_their_format(fixture, tmp_path, capsys):
    """vdab_acties.csv writes its dates as '2011-03-15'."""
    mapping = _without_dates(fixture, tmp_path, '    dates:\n      start_quarter: "%Y-%m-%d"\n'
                             '      end_quarter: "%Y-%m-%d"\n')
    err = _message(capsys, mapping, tmp_path)
    for col in ("start_quarter", "end_quarter"):
        item = re.search(rf"- vdab_measures\.{col} .*?(?= - vdab| \S+ +column +problem|$)",
                         err).group(0)
        assert "map them under `codes:`" not in item, item
        assert (f"give it their format, `dates: {{{col}: '%Y-%m-%d'}}` for register "
                "'vdab_measures'") in item, item


@pytest.mark.parametrize("typos, said", [
    ({"REDEN_EINDE: end_reason": "REDEN_EINDE: end_reasn"},
     "column 'end_reasn' (did you mean 'end_reason'?) is not in the register schema"),
    ({"REDEN_EINDE: end_reason": "REDEN_EINDE: end_reasn",
      "BEGINDATUM: start_quarter": "BEGINDATUM: start_qarter"},
     "columns 'end_reasn' (did you mean 'end_reason'?), 'start_qarter' (did you mean "
     "'start_quarter'?) are not in the register schema"),
])
def test_a_misspelt_register_column_is_named_in_its_number(fixture, tmp_path, typos, said):
    """user51: one misspelt register column read "columns 'end_reasn' ... are not"."""
    from mia_helpers.adapters import MappingFileError, load_mapping

    text = fixture.read_text()
    for old, new in typos.items():
        assert old in text
        text = text.replace(old, new)
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(text)
    with pytest.raises(MappingFileError) as err:
        load_mapping(mapping)
    assert said in str(err.value), str(err.value)
