"""Adapting a real-looking extract: the panel's error rules are checked by ``adapt`` itself.

A register that breaks an error rule of the panel build (duplicate persons, an end before
its start, overlapping registration spells) used to be adapted and written, marked complete,
and refused only by the panel build (``adapt --panel`` or the first chapter), without naming
the raw file and with at most five offending rows counted. ``adapt`` now refuses it before
writing anything, naming the raw file and counting every offending row. A duplicated month of
the monthly KSZ file names its raw file too, and ``adapt --panel`` prints what the panel
build excluded.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from mia_helpers import cli
from mia_helpers.adapters import adapt
from mia_helpers.adapters.fixture import write_raw_fixture
from mia_helpers.data import ensure_data
from mia_helpers.schemas import RegisterError


@pytest.fixture(scope="module")
def raw(tmp_path_factory) -> Path:
    data = ensure_data(seed=2005, residents=300, newcomers=150, truth=False)
    return write_raw_fixture(data, tmp_path_factory.mktemp("fixture"), seed=3)


def _copy(raw: Path, tmp_path: Path) -> tuple[Path, dict]:
    """A copy of the raw folder and the mapping (as a dict) pointing at it."""
    src = tmp_path / "raw"
    shutil.copytree(raw.parent / "raw", src)
    m = yaml.safe_load(raw.read_text())
    m["source_dir"] = str(src)
    return src, m


def _csv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, sep=";", dtype=str, keep_default_na=False)


def test_duplicate_person_rows_are_refused_naming_the_file_and_counting_all(raw, tmp_path):
    src, m = _copy(raw, tmp_path)
    p = _csv(src / "personen.csv")
    pd.concat([p, p.iloc[:7]]).to_csv(src / "personen.csv", sep=";", index=False)
    out = tmp_path / "extract"
    with pytest.raises(RegisterError, match="duplicate_key") as err:
        adapt(m, out)
    assert err.value.count == 14  # 7 persons, two rows each: all counted, not five
    assert str(src / "personen.csv") in str(err.value)
    assert "7 persons" in str(err.value) and "7 rows repeat" in str(err.value)
    assert not out.exists()  # refused before anything was written


def test_end_before_start_is_refused_by_adapt(raw, tmp_path):
    src, m = _copy(raw, tmp_path)
    r = _csv(src / "vdab_inschrijvingen.csv")
    idx = r.index[r.EINDDATUM != ""][:6]
    r.loc[idx, "EINDDATUM"] = "01/01/2005"
    r.loc[idx, "BEGINDATUM"] = "01/01/2006"
    r.to_csv(src / "vdab_inschrijvingen.csv", sep=";", index=False)
    with pytest.raises(RegisterError, match="end_before_start") as err:
        adapt(m, tmp_path / "extract")
    assert err.value.count == 6
    assert "vdab_inschrijvingen.csv" in str(err.value)
    assert not (tmp_path / "extract").exists()


def test_overlapping_registrations_are_refused_by_adapt(raw, tmp_path):
    src, m = _copy(raw, tmp_path)
    r = _csv(src / "vdab_inschrijvingen.csv")
    first = r.iloc[[0]].copy()  # the same spell twice: two spells that share quarters
    r = pd.concat([r, first])
    r.to_csv(src / "vdab_inschrijvingen.csv", sep=";", index=False)
    with pytest.raises(RegisterError, match="overlapping_spells") as err:
        adapt(m, tmp_path / "extract")
    assert err.value.count == 1
    assert "vdab_inschrijvingen.csv" in str(err.value)


def test_the_fixture_itself_passes_the_key_rules(raw):
    _, m = raw, yaml.safe_load(raw.read_text())
    m["source_dir"] = str(raw.parent / "raw")
    res = adapt(m)
    assert res.registers["persons"].person_id.is_unique


def test_duplicate_month_names_the_raw_file(raw, tmp_path):
    src, m = _copy(raw, tmp_path)
    ksz = pd.read_parquet(src / "ksz_posities_maand.parquet")
    pd.concat([ksz, ksz.iloc[:2]]).to_parquet(src / "ksz_posities_maand.parquet", index=False)
    with pytest.raises(RegisterError, match="duplicate_person_month") as err:
        adapt(m)
    assert "ksz_posities_maand.parquet" in str(err.value)
    assert "MAAND" in str(err.value)  # the source column to de-duplicate


def test_adapt_panel_prints_every_exclusion(raw, tmp_path, capsys):
    src, m = _copy(raw, tmp_path)
    v = _csv(src / "vdab_acties.csv")
    orphan = v.iloc[[0]].copy()
    orphan["PSEUDO_ID"] = "99999999"  # a person in VDAB but not in persons
    pd.concat([v, orphan]).to_csv(src / "vdab_acties.csv", sep=";", index=False)
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(yaml.safe_dump(m))
    assert cli.main(["adapt", "--mapping", str(mapping), "--out", str(tmp_path / "x"),
                     "--panel"]) == 0
    printed = capsys.readouterr().out
    log = pd.read_csv(tmp_path / "x" / "exclusion_log.csv")
    n = int(log.loc[~log.rule.str.contains("kept"), "rows"].sum())
    assert n >= 1
    assert f"{n} register row{'' if n == 1 else 's'} excluded" in printed
    assert "vdab_measures: orphan_id 1 of" in printed


def test_a_source_column_named_twice_in_the_header_is_refused(raw, tmp_path):
    """pandas read the first EINDDATUM (here empty: every spell 'still running') and renamed
    the second EINDDATUM.1, silently."""
    from mia_helpers.adapters import MappingFileError

    src, m = _copy(raw, tmp_path)
    path = src / "vdab_acties.csv"
    r = _csv(path)
    r["EINDDATUM_2"] = r["EINDDATUM"]
    r["EINDDATUM"] = ""
    r.columns = ["PSEUDO_ID", "ACTIECODE", "STARTDATUM", "EINDDATUM", "EINDDATUM"]
    r.to_csv(path, sep=";", index=False)
    with pytest.raises(MappingFileError, match="more than once") as err:
        adapt(m, tmp_path / "extract")
    assert str(path) in str(err.value) and "'EINDDATUM' at fields 4, 5" in str(err.value)
    assert not (tmp_path / "extract").exists()


def test_adapt_panel_says_how_many_persons_have_no_ksz_quarter(raw, tmp_path, capsys):
    """Persons without any KSZ quarter in the window left the panel with no word: the
    exclusion log counts register rows only."""
    src, m = _copy(raw, tmp_path)
    path = src / "ksz_posities_maand.parquet"
    ksz = pd.read_parquet(path)
    gone = ksz.PSEUDO_ID.drop_duplicates().iloc[:3]
    ksz[~ksz.PSEUDO_ID.isin(gone)].to_parquet(path, index=False)
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(yaml.safe_dump(m))
    assert cli.main(["adapt", "--mapping", str(mapping), "--out", str(tmp_path / "x"),
                     "--panel"]) == 0
    n = len(pd.read_parquet(tmp_path / "x" / "persons.parquet"))
    n_panel = pd.read_parquet(tmp_path / "x" / "panel.parquet").person_id.nunique()
    assert n - n_panel >= 3
    # since the eighteenth session an exclusion rule of the panel's log, printed with the others
    said = f"persons: no_ksz_quarter_in_window {n - n_panel} of {n}"
    assert said in capsys.readouterr().out
    assert cli.main(["panel", "--data", str(tmp_path / "x"), "--out",
                     str(tmp_path / "p" / "panel.parquet")]) == 0
    assert said in capsys.readouterr().out


def test_the_adapt_log_counts_repeated_rows(raw, tmp_path):
    """Exact duplicate measure rows reached the panel log only as 'overlapping_measure'."""
    src, m = _copy(raw, tmp_path)
    v = _csv(src / "vdab_acties.csv")
    pd.concat([v, v.iloc[:4]]).to_csv(src / "vdab_acties.csv", sep=";", index=False)
    log = adapt(m, tmp_path / "x").log.set_index("table")
    assert log.loc["vdab_measures", "repeated_rows"] == 4
    assert log.loc["persons", "repeated_rows"] == 0
    assert pd.read_csv(tmp_path / "x" / "adapt_log.csv").repeated_rows.sum() == 4


def test_re_adapting_into_a_folder_removes_the_panel_of_its_earlier_registers(raw, tmp_path):
    """A newer extract adapted without --panel into the folder of an earlier one left the old
    panel.parquet, panel_meta.json and exclusion_log.csv beside the new registers."""
    src, m = _copy(raw, tmp_path)
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(yaml.safe_dump(m))
    out = tmp_path / "extract"
    assert cli.main(["adapt", "--mapping", str(mapping), "--out", str(out), "--panel"]) == 0
    assert (out / "exclusion_log.csv").exists() and (out / "panel.parquet").exists()
    assert cli.main(["adapt", "--mapping", str(mapping), "--out", str(out)]) == 0
    left = {"panel.parquet", "panel_meta.json", "exclusion_log.csv"} & {
        p.name for p in out.iterdir()}
    assert left == set()


# user35: US dates (month first) read day-first turn spells around; the error said only
# "correct the spells' dates". Swappable dates (days and months <= 12, in order when read
# month-first) now name the swap; a day above 12 or dates that stay reversed do not.
@pytest.mark.parametrize("start, end, hint", [("01/12/2011", "06/03/2011", True),
                                              ("25/12/2011", "06/03/2011", False),
                                              ("01/01/2006", "01/01/2005", False)])
def test_end_before_start_names_a_day_month_swap_user35(raw, tmp_path, start, end, hint):
    src, m = _copy(raw, tmp_path)
    r = _csv(src / "vdab_inschrijvingen.csv")
    idx = r.index[r.EINDDATUM != ""][:3]
    r.loc[idx, "BEGINDATUM"] = start
    r.loc[idx, "EINDDATUM"] = end
    r.to_csv(src / "vdab_inschrijvingen.csv", sep=";", index=False)
    with pytest.raises(RegisterError, match="end_before_start") as err:
        adapt(m, tmp_path / "extract")
    said = str(err.value)
    assert ("3 of these spells" in said and "month-first" in said) is hint, said
    assert ("day and month were swapped" in said) is hint
