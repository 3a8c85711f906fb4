"""user31: adapt's messages on an analyst's own extract built from a synthetic one (columns
renamed, other separators and quarter formats, planted errors)."""
from __future__ import annotations

from pathlib import Path

from mia_helpers.adapters.core import _file_hint


def test_a_missing_file_is_not_told_to_use_another_registers_file(tmp_path: Path):
    """A missing ``vdab_inschrijvingen.csv`` beside ``vdab_acties.csv`` (the measures' file)
    was told "the folder has 'vdab_acties.csv': set `file:` of the register to it"; now the
    files other registers read are not offered, and ``empty: true`` is (a register not
    delivered)."""
    (tmp_path / "vdab_acties.csv").write_text("a\n")
    (tmp_path / "Vdab_Inschrijvingen.CSV").write_text("a\n")
    missing = tmp_path / "vdab_inschrijvingen.csv"
    hint = _file_hint(missing, {"vdab_acties.csv": "vdab_measures"}, "vdab_registrations")
    assert "'Vdab_Inschrijvingen.CSV'" in hint and "vdab_acties" not in hint, hint
    (tmp_path / "Vdab_Inschrijvingen.CSV").unlink()
    hint = _file_hint(missing, {"vdab_acties.csv": "vdab_measures"}, "vdab_registrations")
    assert "vdab_acties" not in hint and "ask the data owner" in hint, hint
    assert "empty: true" not in hint  # refused for the registrations (OPTIONAL_REGISTERS)
    hint = _file_hint(tmp_path / "wse.csv", {}, "wse_permits")
    assert "write `empty: true` instead of `file:`" in hint, hint
    # without the mapping's other files (a caller that does not pass them) as before
    assert "'vdab_acties.csv'" in _file_hint(missing)


def test_a_register_that_cannot_be_empty_says_why_and_what_to_do():
    import pytest

    from mia_helpers.adapters.mapping import MappingFileError, _register

    with pytest.raises(MappingFileError, match=r"'vdab_registrations'.*registration clock.*data "
                                         r"owner for its file") as err:
        _register("vdab_registrations", {"empty": True})
    assert "may be declared empty" in str(err.value)


def test_persons_without_a_ksz_quarter_are_told_what_to_do():
    import pandas as pd

    from mia_helpers.cli.adapt import exclusion_summary

    log = pd.DataFrame({"table": ["persons", "vdab_measures"],
                        "rule": ["no_ksz_quarter_in_window", "orphan_id"],
                        "rows": [1, 0], "of_rows": [3500, 8117]})
    text = exclusion_summary(log)
    assert "persons: no_ksz_quarter_in_window 1 of 3500" in text
    assert "the 1 person of persons without any KSZ quarter" in text
    assert "ask the data owner for their KSZ rows" in text
    assert "what to do" not in exclusion_summary(log.assign(rows=0))


def test_a_repeated_person_month_names_the_calendar_month_and_row(tmp_path, capsys):
    """A monthly KSZ file with one person-month twice: the examples showed ``quarter 35,
    month 2`` (indices in no raw file); now ``2013Q4``, ``2013-12`` and the file's rows."""
    import pandas as pd

    from mia_helpers import cli
    from mia_helpers.adapters.fixture import write_raw_fixture

    assert cli.main(["synth", "--residents", "30", "--newcomers", "10", "--seed", "3",
                     "--out", str(tmp_path / "syn"), "--no-truth"]) == 0
    mapping = write_raw_fixture(tmp_path / "syn", tmp_path / "raw_layout")
    path = mapping.parent / "raw" / "ksz_posities_maand.parquet"
    k = pd.read_parquet(path)
    twin = k.iloc[[0]].copy()
    month = str(twin["MAAND"].iloc[0])
    twin["POSITIE"] = "INACTIEF" if twin["POSITIE"].iloc[0] != "INACTIEF" else "STUDENT"
    pd.concat([k, twin], ignore_index=True).to_parquet(path, index=False)
    capsys.readouterr()
    assert cli.main(["adapt", "--mapping", str(mapping), "--out", str(tmp_path / "x")]) == 2
    err = capsys.readouterr().err
    assert "duplicate_person_month" in err, err
    assert f"{month[:4]}-{month[4:6]}" in err, err
    assert "ksz_posities_maand.parquet row 1" in err
    assert f"ksz_posities_maand.parquet row {len(k) + 1}" in err, err
