"""user38: a chapter on an extract in a folder the analyst may not write (a delivery in a
read-only folder) started its kernel and failed in its first data cell: the panel over the
chapter's window is built in ``data_dir`` when it was built for another window, and its lock
file is opened there even to read it. ``chapter`` now refuses such a ``data_dir`` before the
kernel starts, saying what it must write there and what to do."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mia_helpers import chapters, cli
from mia_helpers.files import DataFileError
from mia_helpers.panel import PanelSpec, build_panel
from mia_helpers.quarters import Window


@pytest.fixture(scope="module")
def extract(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("ro") / "syn"
    assert cli.main(["synth", "--seed", "9494", "--residents", "150", "--newcomers", "60",
                     "--out", str(data), "--no-truth"]) == 0
    build_panel(data, PanelSpec())  # over the default window 2005Q1..2016Q4
    return data


def _read_only(monkeypatch, folder: Path, lock_writable: bool = True) -> None:
    """As root every folder is writable: report ``folder`` (and, unless ``lock_writable``,
    its panel lock) as not writable, as os.access would for an analyst."""
    real = os.access
    lock = folder / ".panel.parquet.lock"

    def access(p, mode, **kw):
        p = Path(p)
        if mode & os.W_OK and (p == folder or (p == lock and not lock_writable)):
            return False
        return real(p, mode, **kw)

    monkeypatch.setattr(os, "access", access)


def test_another_window_in_a_read_only_extract_is_refused(extract, monkeypatch):
    _read_only(monkeypatch, extract)
    with pytest.raises(DataFileError) as err:
        chapters.check_data_dir_writable(extract, Window.from_labels("2005Q1", "2015Q4"))
    text = str(err.value)
    assert f"the folder {extract} is not writable" in text
    assert "build the panel over 2005Q1..2015Q4" in text
    assert "copy the extract folder" in text
    assert "-p window_start 2005Q1 -p window_end 2016Q4" in text


def test_its_current_panel_is_read_when_the_lock_may_be_opened(extract, monkeypatch):
    (extract / ".panel.parquet.lock").touch()
    _read_only(monkeypatch, extract)
    chapters.check_data_dir_writable(extract, Window())  # nothing raised
    _read_only(monkeypatch, extract, lock_writable=False)
    with pytest.raises(DataFileError, match=r"open the panel's lock file \.panel\.parquet\.lock"):
        chapters.check_data_dir_writable(extract, Window())


def test_a_writable_extract_passes(extract):
    chapters.check_data_dir_writable(extract, Window.from_labels("2005Q1", "2015Q4"))


def test_the_chapter_command_refuses_it_before_the_kernel(extract, monkeypatch, capsys):
    def no_kernel(*args, **kwargs):
        raise AssertionError("the kernel started")

    monkeypatch.setattr("mia_helpers.notebook_run.execute", no_kernel)
    _read_only(monkeypatch, extract)
    assert cli.main(["chapter", "1", "-p", "data_dir", str(extract), "-p", "window_end",
                     "2015Q4", "--out", str(extract.parent / "out")]) == 2
    err = capsys.readouterr().err
    assert "parameter 'data_dir'" in err and "is not writable" in err


def test_an_out_folder_holding_data_is_refused_before_the_kernel(extract, monkeypatch, capsys):
    """user38: ``--out extract`` beside ``-p data_dir extract`` ran, replaced adapt's
    manifest.json with the run's and left the outputs beside the registers."""
    def no_kernel(*args, **kwargs):
        raise AssertionError("the kernel started")

    monkeypatch.setattr("mia_helpers.notebook_run.execute", no_kernel)
    before = sorted(p.name for p in extract.iterdir())
    assert cli.main(["chapter", "1", "-p", "data_dir", str(extract), "--out",
                     str(extract)]) == 2
    err = capsys.readouterr().err
    assert f"--out {extract} holds data (abb_inburgering.parquet" in err
    assert "its own --out folder outside the data" in err
    assert sorted(p.name for p in extract.iterdir()) == before  # nothing written there
