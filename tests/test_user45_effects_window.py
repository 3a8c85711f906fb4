"""``python -m mia_helpers effects --data DIR`` on a folder whose panel the analyst built with
``panel --window-start/--window-end`` or ``--stable-quarters`` (user45, README "The command
line"): the command rebuilt the panel over the default 2005Q1..2016Q4 with the default
stable-job definition, replacing the analyst's panel without a word (an extract of 2008-2014
was read with 2005-2007 and 2015-2016 as quarters in which nobody worked). It now uses the
current panel as built, takes a window only from ``--window-start/--window-end`` (keeping the
panel's stable-job definition), and names the panel it used."""

from __future__ import annotations

import json

import pytest

from mia_helpers import cli
from mia_helpers.panel import PanelSpec, build_panel
from mia_helpers.quarters import Window
from mia_helpers.synthetic import generate

ARGS = ["--measures", "workplace_learning_ibo", "--max-quarter", "3", "--jobs", "1"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    d = tmp_path_factory.mktemp("own")
    generate(d, seed=45, residents=2500, newcomers=0, truth=False)
    return d


def _spec(d):
    return json.loads((d / "panel_meta.json").read_text())["spec"]


def test_effects_keeps_the_panel_the_analyst_built(folder, tmp_path, capsys):
    build_panel(folder, PanelSpec(stable_quarters=8, window=Window.from_labels("2008Q1",
                                                                                 "2014Q4")))
    before = _spec(folder)
    rc = cli.main(["effects", "--data", str(folder), "--out", str(tmp_path / "e.csv"), *ARGS])
    assert rc == 0
    assert _spec(folder) == before  # not rebuilt over 2005Q1..2016Q4 with 4 quarters
    out = capsys.readouterr().out
    assert "2008Q1..2014Q4" in out and "8 quarters" in out


def test_a_window_option_rebuilds_keeping_the_stable_job_definition(folder, tmp_path, capsys):
    build_panel(folder, PanelSpec(stable_quarters=8, window=Window.from_labels("2008Q1",
                                                                                 "2014Q4")))
    rc = cli.main(["effects", "--data", str(folder), "--out", str(tmp_path / "e.csv"), *ARGS,
                   "--window-start", "2006Q1", "--window-end", "2015Q4"])
    assert rc == 0
    spec = _spec(folder)
    assert spec["window"] == [4, 43] and spec["stable_quarters"] == 8
    assert "2006Q1..2015Q4" in capsys.readouterr().out


def test_a_window_beyond_the_data_is_refused_before_any_build(folder, tmp_path, capsys):
    # its own panel: run alone (-k) or on another xdist worker, no earlier test built one
    build_panel(folder, PanelSpec(stable_quarters=8, window=Window.from_labels("2008Q1",
                                                                                 "2014Q4")))
    before = _spec(folder)
    rc = cli.main(["effects", "--data", str(folder), "--out", str(tmp_path / "e.csv"), *ARGS,
                   "--window-end", "2018Q4"])
    assert rc == 2
    assert "--window-end" in capsys.readouterr().err
    assert _spec(folder) == before and not (tmp_path / "e.csv").exists()


def test_a_panel_built_with_other_resources_is_not_rebuilt(folder):
    """`panel --threads 1` (or --memory-limit) wrote a panel the chapters took for 'another
    specification' and rebuilt (refused in a folder they may not write): DuckDB's resources do
    not change the panel."""
    from mia_helpers.data import ensure_data

    build_panel(folder, PanelSpec(threads=1, memory_limit="1GB"))
    stamp = (folder / "panel.parquet").stat().st_mtime_ns
    ensure_data(folder)
    assert (folder / "panel.parquet").stat().st_mtime_ns == stamp
    assert _spec(folder)["threads"] == 1
    ensure_data(folder, window=("2006Q1", "2015Q4"))  # another window: rebuilt
    assert _spec(folder)["window"] == [4, 43]
