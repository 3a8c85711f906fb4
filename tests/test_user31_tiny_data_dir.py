"""user31: a chapter that fails in a cell on a tiny own ``data_dir`` names the folder and how
many persons it holds (residents, newcomers, persons in the panel), and for a matching chapter
the sizes it runs at on synthetic data, so that a too-small extract is told from a wrong
parameter (the message was the cell's error alone, e.g. "nobody starts it in the risk sets")."""
from __future__ import annotations

import pandas as pd
import pytest
from papermill.exceptions import PapermillExecutionError

import mia_helpers.notebook_run
from mia_helpers import chapters, cli
from mia_helpers.data import persons_held


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tiny") / "data"
    assert cli.main(["synth", "--residents", "60", "--newcomers", "15", "--seed", "3",
                     "--out", str(folder), "--no-truth"]) == 0
    assert cli.main(["panel", "--data", str(folder)]) == 0
    return folder


def test_persons_held_counts_the_folder(tiny):
    persons = pd.read_parquet(tiny / "persons.parquet")
    n_res = int(persons["sample"].astype(str).eq("resident").sum())
    n_new = len(persons) - n_res
    in_panel = pd.read_parquet(tiny / "panel.parquet")["person_id"].nunique()
    assert persons_held(tiny) == (f"folder {tiny} holds {len(persons):,} persons ({n_res:,} "
                                  f"residents, {n_new:,} newcomers; {in_panel:,} of them in "
                                  "the panel)")
    assert "could not be read" in persons_held(tiny.parent / "nowhere")


def test_a_failed_cell_names_the_folder_its_persons_and_the_floor(tiny, tmp_path, capsys,
                                                                  monkeypatch):
    def fail(*args, **kwargs):
        raise PapermillExecutionError(3, 1, "", "NoMatchError", "nobody starts it in the risk sets",
                                      [])

    monkeypatch.setattr(mia_helpers.notebook_run, "execute", fail)
    rc = cli.main(["chapter", "activation_effects", "-p", "data_dir", str(tiny),
                   "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert rc == 1
    assert "NoMatchError: nobody starts it in the risk sets" in err, err
    assert f"parameter 'data_dir': {persons_held(tiny)}" in err, err
    least = chapters.MATCHING_FLOOR["activation_effects"]["residents"]
    assert f"fewer than {least:,} residents" in err and "larger extract" in err, err


def test_no_floor_sentence_for_a_chapter_that_does_not_match(tiny):
    text = chapters._data_dir_context("panel_construction", str(tiny))
    assert persons_held(tiny) in text and "matching" not in text
    assert chapters._data_dir_context("panel_construction", None) == ""


def test_a_tiny_data_dir_is_warned_about_before_the_run(tiny, tmp_path, capsys, monkeypatch):
    """The warning comes before any kernel starts (printed before the cell fails)."""
    printed_before = []

    def fail(*args, **kwargs):
        printed_before.append(capsys.readouterr().err)
        raise PapermillExecutionError(3, 1, "", "NoMatchError", "no treated unit", [])

    monkeypatch.setattr(mia_helpers.notebook_run, "execute", fail)
    assert cli.main(["chapter", "newcomer_integration", "-p", "data_dir", str(tiny),
                     "--out", str(tmp_path / "o")]) == 1
    early = " ".join(printed_before[0].split())
    assert f"warning: parameter 'data_dir': {persons_held(tiny)}" in early, early
    least = chapters.NEWCOMERS_FLOOR["newcomer_integration"]
    assert f"newcomers (fewer than {least:,})" in early and "not refused" in early, early
    # chapters without a floor, and runs on synthetic data (no data_dir), are not warned about
    assert chapters.small_data_dir_warning("panel_construction", [("data_dir", str(tiny))]) == ""
    assert chapters.small_data_dir_warning("newcomer_integration") == ""
