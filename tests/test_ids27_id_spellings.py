"""ids27: person ids written '0123' and '123' (or '123.0') are one number when ids are read
as numbers (no ``person_ids: text``); before, they were merged into one person without a
word. Now a note names the register, the source column and an example pair, and two
spellings that make rows share a key (two persons rows, one KSZ person-quarter) are an
error."""

from __future__ import annotations

import pandas as pd
import pytest
from test_analyst19_adapt import _delivery, _persons
from test_user26_adapt_problems import _rewrite

from mia_helpers.adapters import adapt
from mia_helpers.schemas import RegisterError


def test_two_spellings_in_persons_are_an_error_naming_the_pair(tmp_path):
    p = _persons()
    p.loc[1, "ID"] = "01"  # '1' and '01': one number, two rows of persons
    m = _delivery(tmp_path, persons=p)
    with pytest.raises(RegisterError) as err:
        adapt(m)
    text = str(err.value)
    assert "person_id_spellings" in text
    assert "2 rows share a person key only because person ids spelt differently in " \
           "source column 'ID' (e.g. '01' and '1')" in text
    assert "`person_ids: text`" in text


def test_two_spellings_in_an_event_register_are_a_note(tmp_path, capsys):
    m = _delivery(tmp_path, measures=[
        {"ID": "1", "ACTIE": "IBO", "START": "01/04/2008", "EINDE": "30/06/2008"},
        {"ID": "001", "ACTIE": "IBO", "START": "01/07/2008", "EINDE": "30/09/2008"},
        {"ID": "2.0", "ACTIE": "IBO", "START": "01/07/2008", "EINDE": "30/09/2008"}])
    res = adapt(m)
    assert res.registers["vdab_measures"].person_id.tolist() == [1, 1, 2]
    within = [n for n in res.notes if n.startswith("note: register 'vdab_measures'")]
    assert len(within) == 1
    assert "(source column 'ID'): 1 person id written in more than one way (2 rows), " \
           "e.g. '001' and '1'" in within[0]
    assert "nothing to do" in within[0]
    # '001' in measures vs '1' in persons, ksz; '2.0' in measures vs '2' in persons is the
    # spreadsheet note's (fix36: one note per defect)
    across = [n for n in res.notes if "in different registers" in n]
    assert len(across) == 1 and across[0].startswith("note: 1 person id is")
    sheet = [n for n in res.notes if "'2.0'" in n]
    assert len(sheet) == 1 and "the same person as '2' in 'persons'" in sheet[0]
    import yaml

    from mia_helpers import cli

    (tmp_path / "m.yaml").write_text(yaml.safe_dump(m, allow_unicode=True))
    capsys.readouterr()
    assert cli.main(["adapt", "--mapping", str(tmp_path / "m.yaml"),
                     "--out", str(tmp_path / "y")]) == 0
    assert within[0] in capsys.readouterr().out  # printed by the command too


def test_one_ksz_person_quarter_spelt_twice_is_an_error(tmp_path):
    m = _delivery(tmp_path)
    _rewrite(m, "ksz.csv", lambda d: pd.concat(
        [d, d.iloc[[0]].assign(ID="0001")], ignore_index=True))
    with pytest.raises(RegisterError) as err:
        adapt(m)
    text = str(err.value)
    assert "person_id_spellings" in text
    assert "2 rows share a person-quarter key only because" in text and "'0001' and '1'" in text


def test_ids_written_one_way_give_no_note_and_text_ids_are_left_alone(tmp_path):
    p = _persons()
    p["ID"] = p.ID.str.zfill(8)  # fixed width everywhere: one spelling per number
    m = _delivery(tmp_path, persons=p, registrations=[
        {"ID": "00000001", "BEGIN": "15/02/2008", "EINDE": "10/08/2008", "REDEN": "Werk"}],
        measures=[{"ID": "00000001", "ACTIE": "IBO", "START": "01/04/2008",
                   "EINDE": "30/06/2008"}])
    assert adapt(m).notes == []
    (tmp_path / "b").mkdir()
    m2 = _delivery(tmp_path / "b", measures=[
        {"ID": "001", "ACTIE": "IBO", "START": "01/04/2008", "EINDE": "30/06/2008"}])
    m2["person_ids"] = "text"
    with pytest.raises(RegisterError) as err:  # as text: other persons, refused as before
        adapt(m2)
    assert err.value.rule == "person_id_leading_zeros"
    assert "written in more than one way" not in str(err.value)


def test_registers_spelling_a_number_alike_give_no_note_across(tmp_path):
    from mia_helpers.adapters import load_mapping
    from mia_helpers.adapters.core import id_spelling_problems

    m = load_mapping(_delivery(tmp_path))
    ids = {"persons": ["1", "02"], "ksz_positions": ["02", "1"],
           "vdab_measures": ["2", "1"]}
    written = {t: pd.Series(v) for t, v in ids.items()}
    prepared = {t: pd.DataFrame({"person_id": [1, 2]}) for t in ids}
    errors, notes = id_spelling_problems(written, prepared, m)
    assert errors == []
    assert notes == [
        "note: 1 person id is written differently in different registers, differing "
        "only by leading zeros or '.0' (e.g. '02' in 'ksz_positions', source column 'ID', "
        "and '2' in 'vdab_measures', source column 'ID'); they are read as one number, one "
        "person; what to do: if the leading zeros are significant (pseudonyms of fixed "
        "width), set `person_ids: text` at the top of the mapping; otherwise nothing to do"]
