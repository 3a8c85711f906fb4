"""user51: work permits delivered as a Parquet timestamp column at midnight in
Europe/Brussels (dates stored as timestamps), adapted with ``timezone: UTC`` (the server's
zone, say), fell on the evening before: the permits of a quarter's first day moved into the
previous quarter, exit status 0 and no word. ``adapt`` now prints a warning naming the
register, column, source column and file, the values moved to the day before and into the
previous quarter, and the ``timezone:`` to set; none when the mapping's zone reads them on
their day, nor for timestamps that are not all midnights (times of day)."""
from __future__ import annotations

import pandas as pd
import pytest

from mia_helpers import cli


@pytest.fixture(scope="module")
def fixture(tmp_path_factory):
    from mia_helpers.adapters.fixture import make_fixture

    return make_fixture(tmp_path_factory.mktemp("user51") / "rehearsal", residents=40,
                        newcomers=40, seed=4165)


def _timestamps(mapping, tmp_path, timezone, first_days, hour=0):
    """The fixture with its WSE permits as Parquet timestamps in Europe/Brussels: on the first
    day of their quarter for ``first_days`` of them, mid-quarter for the others."""
    raw = mapping.parent / "raw"
    w = pd.read_csv(raw / "wse_arbeidskaarten.csv")
    year = w.KWARTAAL_TOEKENNING.str[:4].astype(int)
    month = 3 * (w.KWARTAAL_TOEKENNING.str[-1].astype(int) - 1) + 1
    day = pd.Series(15, index=w.index).where(w.index >= first_days, 1)
    stamps = pd.to_datetime(pd.DataFrame({"year": year, "month": month, "day": day,
                                          "hour": hour}))
    folder = tmp_path / "raw"
    folder.mkdir()
    for f in raw.iterdir():
        (folder / f.name).write_bytes(f.read_bytes())
    pd.DataFrame({"PSEUDO_ID": w.PSEUDO_ID, "TYPE_KAART": w.TYPE_KAART,
                  "TOEKENNING": stamps.dt.tz_localize("Europe/Brussels")}).to_parquet(
        folder / "wse.parquet", index=False)
    text = (mapping.read_text()
            .replace("file: wse_arbeidskaarten.csv", "file: wse.parquet")
            .replace("KWARTAAL_TOEKENNING: quarter", "TOEKENNING: quarter")
            .replace("quarter: quarter_label         # \"2011Q1\"", "quarter: \"%Y-%m-%d\"")
            .replace("timezone: Europe/Brussels ", f"timezone: {timezone} ")
            .replace("source_dir: raw", f"source_dir: {folder}"))
    assert "wse.parquet" in text and f"timezone: {timezone}" in text
    out = tmp_path / "mapping.yaml"
    out.write_text(text)
    return out, len(w)


def test_midnights_read_in_a_zone_west_of_theirs_are_warned_of(fixture, tmp_path, capsys):
    mapping, n = _timestamps(fixture[0], tmp_path, "UTC", first_days=3)
    capsys.readouterr()
    assert cli.main(["adapt", "--mapping", str(mapping), "--out", str(tmp_path / "x")]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert (f"warning: register 'wse_permits' column 'quarter' (source column 'TOEKENNING', "
            f"file wse.parquet): its {n} timestamps are all midnights in their own time zone "
            "Europe/Brussels, dates stored as timestamps; read in the mapping's `timezone: "
            f"UTC`, {n} of them fall on the day before and 3 in the previous quarter; what to "
            "do: if the dates are meant in Europe/Brussels, set `timezone: Europe/Brussels`"
            ) in out, out
    got = pd.read_parquet(tmp_path / "x" / "wse_permits.parquet")
    want = pd.read_parquet(fixture[1] / "wse_permits.parquet")
    assert int((got.quarter.to_numpy() != want.quarter.to_numpy()).sum()) == 3  # as said


@pytest.mark.parametrize("timezone, hour", [("Europe/Brussels", 0), ("UTC", 9)])
def test_no_warning_when_the_dates_stay_on_their_day_or_are_times(fixture, tmp_path, capsys,
                                                                  timezone, hour):
    mapping, _ = _timestamps(fixture[0], tmp_path, timezone, first_days=3, hour=hour)
    capsys.readouterr()
    assert cli.main(["adapt", "--mapping", str(mapping), "--out", str(tmp_path / "x")]) == 0
    assert "midnights" not in capsys.readouterr().out
