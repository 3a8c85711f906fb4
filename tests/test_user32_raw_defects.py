"""user32: raw register extracts with the defects a register office delivers, one at a time
(first-of-month dates read with day and month swapped; a register covering another period
than the KSZ positions)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest


def _first_of_month(raw: Path) -> None:
    """The measures' dates delivered as the first of their month (``2011-04-01``)."""
    p = raw / "vdab_acties.csv"
    df = pd.read_csv(p, sep=";", dtype=str, keep_default_na=False)
    for col in ("STARTDATUM", "EINDDATUM"):
        df[col] = df[col].map(lambda s: s[:8] + "01" if s else s)
    df.to_csv(p, sep=";", index=False)


@pytest.fixture(scope="module")
def rehearsal(tmp_path_factory) -> Path:
    from mia_helpers.adapters.fixture import make_fixture

    mapping, _ = make_fixture(tmp_path_factory.mktemp("u32") / "raw_extract", residents=120,
                              newcomers=60, seed=3232)
    return mapping.parent


def _copy(src: Path, dst: Path) -> Path:
    import shutil

    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("out*"))
    return dst / "mapping.yaml"


def test_first_of_month_dates_read_day_for_month_are_refused(rehearsal, tmp_path):
    """First-of-month dates read with ``%Y-%d-%m`` all parse (2011-04-01 as January 4th), so
    every measure moved to the first quarter of its year and ``adapt`` wrote the registers
    (rc 0, nothing said). Now the column is refused as ``day_month_swapped``, with the
    format to use instead."""
    from mia_helpers.adapters import adapt, load_mapping
    from mia_helpers.adapters.core import ExtractProblemsError, MappingError

    mapping = _copy(rehearsal, tmp_path / "x")
    _first_of_month(mapping.parent / "raw")
    text = mapping.read_text()
    old = 'start_quarter: "%Y-%m-%d"\n      end_quarter: "%Y-%m-%d"'
    assert old in text
    mapping.write_text(text.replace(old, old.replace("%m-%d", "%d-%m")))
    with pytest.raises((MappingError, ExtractProblemsError)) as err:
        adapt(load_mapping(mapping), tmp_path / "out")
    msg = str(err.value)
    assert "day_month_swapped" in msg and "vdab_measures.start_quarter" in msg, msg[:2000]
    assert "vdab_acties.csv" in msg and "'STARTDATUM'" in msg
    assert "`dates: {start_quarter: '%Y-%m-%d'}` instead of '%Y-%d-%m'" in msg
    assert not (tmp_path / "out" / "vdab_measures.parquet").exists()


def test_first_of_month_dates_read_right_are_not_refused(rehearsal, tmp_path):
    """The same first-of-month dates with the right format: no false alarm (every date on
    day 1: one day, so no swap is suspected), and the quarters are those of the months."""
    from mia_helpers.adapters import adapt, load_mapping

    mapping = _copy(rehearsal, tmp_path / "x")
    _first_of_month(mapping.parent / "raw")
    res = adapt(load_mapping(mapping), tmp_path / "out")
    raw = pd.read_csv(mapping.parent / "raw" / "vdab_acties.csv", sep=";", dtype=str)
    months = pd.to_datetime(raw.STARTDATUM, format="%Y-%m-%d")
    want = ((months.dt.year - 2005) * 4 + (months.dt.month - 1) // 3).sort_values()
    got = res.registers["vdab_measures"].start_quarter.astype(int).sort_values()
    assert got.to_list() == want.to_list()


def test_swapped_day_month_needs_enough_dates_days_and_one_month():
    from mia_helpers.adapters.core import MIN_SWAP_DATES, swapped_day_month

    jan = pd.Series(pd.to_datetime([f"2011-01-{d:02d}" for d in range(1, 13)] * 2))
    assert len(jan) >= MIN_SWAP_DATES
    assert swapped_day_month(jan, "%m/%d/%Y")
    assert not swapped_day_month(jan.head(MIN_SWAP_DATES - 1), "%m/%d/%Y")  # too few
    assert not swapped_day_month(jan, "%Y%m")  # no day in the format
    one_day = pd.Series(pd.to_datetime(["2011-01-01"] * 30))
    assert not swapped_day_month(one_day, "%d/%m/%Y")  # a yearly date, nothing swapped
    late = pd.Series(pd.to_datetime([f"2011-01-{d:02d}" for d in range(1, 25)]))
    assert not swapped_day_month(late, "%d/%m/%Y")  # days past the 12th: read right
    spread = pd.Series(pd.to_datetime([f"2011-{m:02d}-05" for m in range(1, 13)] * 2))
    assert not swapped_day_month(spread, "%d/%m/%Y")


def _quarters(table: str, col: str, qs: list[int]) -> pd.DataFrame:
    return pd.DataFrame({"person_id": range(1, len(qs) + 1), col: qs})


def test_a_register_of_another_period_is_warned_about():
    """Work permits of 2013..2024 beside KSZ quarters of 2005..2016: told, with the run
    without rows, the rows next to it and the rows after the KSZ register's last quarter;
    measures that stop in 2013Q4 are told on their own (a steady register)."""
    from mia_helpers.cli.adapt import PERIOD_GAP_ROWS, register_period_warning
    from mia_helpers.quarters import Window

    ksz = _quarters("ksz_positions", "quarter", list(range(48)) * 3)
    wse = _quarters("wse_permits", "quarter", [q for q in range(32, 79)])  # 2013Q1..2024Q3
    text = register_period_warning({"ksz_positions": ksz, "wse_permits": wse}, Window(0, 47),
                                   {"wse_permits": "wse.csv"})
    assert "wse_permits (wse.csv): its rows run 2013Q1..2024Q3" in text, text
    assert "no row in 2005Q1..2012Q4 (32 quarters), 16 in the 32 quarters next" in text
    assert "31 rows after the KSZ register's last quarter 2016Q4" in text
    assert "what to do: ask the data owner" in text
    # the same permits starting late but not beyond the KSZ quarters: newcomers who
    # arrived later, not told
    late = wse[wse.quarter <= 47]
    assert register_period_warning({"ksz_positions": ksz, "wse_permits": late},
                                   Window(0, 47)) == ""
    # measures stopping at 2013Q4, one a quarter: 12 quarters without rows and 12 rows next
    # to them (>= PERIOD_GAP_ROWS): told; with fewer rows next to the run, not
    meas = _quarters("vdab_measures", "start_quarter", list(range(36)))
    text = register_period_warning({"ksz_positions": ksz, "vdab_measures": meas},
                                   Window(0, 47))
    assert "vdab_measures (vdab_measures): its rows run 2005Q1..2013Q4; no row in " \
           "2014Q1..2016Q4 (12 quarters), 12 in the 12 quarters next to them" in text
    short = meas[meas.start_quarter >= 36 - (PERIOD_GAP_ROWS - 1)]
    assert register_period_warning({"ksz_positions": ksz, "vdab_measures": short},
                                   Window(0, 47)) == ""
    # no row in the window's KSZ quarters at all
    text = register_period_warning({"ksz_positions": ksz, "wse_permits": wse}, Window(0, 30))
    assert "none of its 47 rows lies in the KSZ quarters of the window" in text


def test_adapt_prints_the_period_warning(rehearsal, tmp_path, capsys):
    """End to end: the rehearsal's work permits moved eight years later adapt (the panel
    excludes most as outside_window) and the run says the register covers another period;
    the rehearsal as written says nothing of it."""
    from mia_helpers import cli

    mapping = _copy(rehearsal, tmp_path / "x")
    assert cli.main(["adapt", "--mapping", str(mapping), "--out", str(tmp_path / "a")]) == 0
    assert "covering another period" not in capsys.readouterr().out
    p = mapping.parent / "raw" / "wse_arbeidskaarten.csv"
    df = pd.read_csv(p, dtype=str)
    df["KWARTAAL_TOEKENNING"] = df["KWARTAAL_TOEKENNING"].map(
        lambda s: str(int(s[:4]) + 8) + s[4:])
    df.to_csv(p, index=False)
    assert cli.main(["adapt", "--mapping", str(mapping), "--out", str(tmp_path / "b")]) == 0
    out = capsys.readouterr().out
    assert "covering another period than the KSZ positions" in out, out
    assert "wse_permits (wse_arbeidskaarten.csv): its rows run 2013Q" in out


@pytest.mark.parametrize("tail", ["\n   \n\n", ";;;\n", " ; ;\t;\n\n"])
def test_blank_lines_at_the_end_are_named_as_such(rehearsal, tmp_path, tail):
    """An export ending in a line of spaces was refused as a line with "1 fields" (told to
    check the separator), one of separators only (``;;;``) as three empty-value rules with
    a row of <NA> as example; now both are named as lines holding no value, with their line
    number and what to do, before anything is read in full."""
    from mia_helpers.adapters import adapt, load_mapping
    from mia_helpers.adapters.mapping import MappingFileError

    mapping = _copy(rehearsal, tmp_path / "x")
    p = mapping.parent / "raw" / "vdab_acties.csv"
    text = p.read_text()
    p.write_text(text + tail)
    line = text.count("\n") + 1 + tail.index(next(c for c in tail if c != "\n"))
    with pytest.raises(MappingFileError) as err:
        adapt(load_mapping(mapping), tmp_path / "out")
    msg = str(err.value)
    assert f"raw file {p} has 1 line holding no value, only spaces or separators: " \
           f"line {line} " in msg, msg
    assert "'vdab_measures'" in msg and "delete those lines" in msg


def _comma_ids(raw: Path) -> None:
    """The measures' person ids as a spreadsheet exports whole numbers with a decimal comma."""
    p = raw / "vdab_acties.csv"
    df = pd.read_csv(p, sep=";", dtype=str, keep_default_na=False)
    df["PSEUDO_ID"] = df["PSEUDO_ID"] + ",0"
    df.to_csv(p, sep=";", index=False)


def test_person_ids_with_a_decimal_comma_read_as_with_a_point(rehearsal, tmp_path):
    """``358,0`` in a semicolon file was refused as ``not_an_integer`` (told, among others, to
    set ``person_ids: text``, which would make it another person than ``358``) while
    ``358.0`` was read as 358 and noted; now both are read alike, and noted as spellings."""
    from mia_helpers.adapters import adapt, load_mapping

    plain = adapt(load_mapping(_copy(rehearsal, tmp_path / "a")), tmp_path / "a_out")
    mapping = _copy(rehearsal, tmp_path / "b")
    _comma_ids(mapping.parent / "raw")
    res = adapt(load_mapping(mapping), tmp_path / "b_out")
    pd.testing.assert_frame_equal(res.registers["vdab_measures"],
                                  plain.registers["vdab_measures"])
    # fix36: said once, in the spreadsheet note of the register (no note across registers)
    said = [n for n in res.notes if ",0'" in n]
    assert len(said) == 1 and said[0].startswith("note: person ids of register 'vdab_measures'")


@pytest.mark.parametrize("read", ['{sep: ";", thousands: ","}', '{sep: ";", decimal: "."}'])
def test_comma_ids_stay_refused_where_the_comma_is_no_decimal(rehearsal, tmp_path, read):
    """Under ``thousands: ','`` ``358,0`` would be 3580 (another person) and under
    ``decimal: '.'`` it is no number: refused and listed."""
    from mia_helpers.adapters import adapt, load_mapping
    from mia_helpers.adapters.core import ExtractProblemsError, MappingError

    mapping = _copy(rehearsal, tmp_path / "x")
    _comma_ids(mapping.parent / "raw")
    old = 'file: vdab_acties.csv\n    read: {sep: ";"}'
    text = mapping.read_text()
    assert old in text
    mapping.write_text(text.replace(old, f"file: vdab_acties.csv\n    read: {read}"))
    with pytest.raises((MappingError, ExtractProblemsError)) as err:
        adapt(load_mapping(mapping), tmp_path / "out")
    msg = str(err.value)
    assert "vdab_measures.person_id" in msg and "not_an_integer" in msg, msg[:1500]


def test_a_swapped_format_in_a_list_of_formats_is_refused_too(rehearsal, tmp_path):
    """A list of formats (ids27) whose ``%Y-%d-%m`` reads the first-of-month dates: refused
    as for a single format, naming that format."""
    from mia_helpers.adapters import adapt, load_mapping
    from mia_helpers.adapters.core import ExtractProblemsError, MappingError

    mapping = _copy(rehearsal, tmp_path / "x")
    _first_of_month(mapping.parent / "raw")
    text = mapping.read_text()
    old = 'start_quarter: "%Y-%m-%d"'
    assert old in text
    mapping.write_text(text.replace(old, 'start_quarter: [quarter_label, "%Y-%d-%m"]'))
    with pytest.raises((MappingError, ExtractProblemsError)) as err:
        adapt(load_mapping(mapping), tmp_path / "out")
    msg = str(err.value)
    assert "vdab_measures.start_quarter" in msg and "day_month_swapped" in msg, msg[:1500]
    assert "format '%Y-%d-%m'" in msg
