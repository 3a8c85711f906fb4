"""The command line as a new user meets it with a new seed (``-p seed 6161``): Appendix A
recomputes its Monte Carlo studies for any seed but the shipped one, which ran for tens of
minutes without a word; the command now says so before the kernel starts."""

from __future__ import annotations

import pytest

from mia_helpers import chapters
from mia_helpers.cli import main
from mia_helpers.montecarlo import shipped_status
from mia_helpers.montecarlo_newcomers import shipped_status as nc_shipped_status


def _a():
    short, source = chapters.resolve_chapter("A")
    return short, chapters.read_parameters(source)


@pytest.fixture
def empty_cache(tmp_path, monkeypatch):
    """An empty Monte Carlo cache (``$MIA_DATA_ROOT/montecarlo``)."""
    monkeypatch.setenv("MIA_DATA_ROOT", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_appendix_a_studies_at_the_defaults_are_the_shipped_ones(empty_cache):
    """The studies the note checks are the notebook's: at the defaults every one of them is in
    the shipped files (when these are fresh for the code: tests/test_montecarlo_shipped.py)."""
    from mia_helpers.montecarlo_confirmation import shipped_status as conf_status
    from mia_helpers.montecarlo_replication import shipped_status as rep_status

    if not (shipped_status()["fresh"].all() and nc_shipped_status()["fresh"].all()
            and conf_status()["fresh"].all() and rep_status()["fresh"].all()):
        pytest.skip("shipped Monte Carlo results are stale (test_montecarlo_shipped fails)")
    short, params = _a()
    assert chapters.montecarlo_note(short, params, {}) is None
    assert chapters.montecarlo_note(short, params, {"min_cell": 20}) is None  # not a study key
    merged = {n: p.default for n, p in params.items() if p.literal}
    studies = chapters.appendix_a_studies(merged)
    keys = {f.key(p) for _, f, p in studies}
    shipped = (set(shipped_status()["key"]) | set(nc_shipped_status()["key"])
               | set(conf_status()["key"]) | set(rep_status()["key"]))
    assert keys == shipped  # every shipped study is one the notebook runs, and vice versa


def test_new_seed_note_names_the_parameter_and_the_work(empty_cache):
    short, params = _a()
    values = chapters.check_parameters(short, params, [("seed", "6161")])
    note = chapters.montecarlo_note(short, params, values)
    assert note is not None
    assert "7 of its studies (1,400 synthetic data sets in all, 1,000 of them with a bootstrap" \
        in note
    assert "and seed differs from them" in note
    assert "lower replications, exercise_replications and nc_replications" in note
    small = chapters.check_parameters(short, params, [("seed", "6161"), ("replications", "4"),
                                                      ("exercise_replications", "2"),
                                                      ("nc_replications", "3"),
                                                      ("bootstrap", "0")])
    note = chapters.montecarlo_note(short, params, small)
    # three measures x 4, the trait scenario 4, two exercises x 2, the inburgering study, its
    # confirmation and its two replication studies 3 each (the base scenario is the main IBO
    # study: counted once; at the default nc_replications the confirmation and replication
    # studies, whose seeds do not depend on seed, are shipped)
    assert "10 of its studies (32 synthetic data sets in all)" in note
    assert "seed, replications, exercise_replications, nc_replications and bootstrap differ" \
        in note
    assert chapters.montecarlo_note("activation_effects", params, values) is None


def test_cached_studies_are_not_announced(empty_cache):
    short, params = _a()
    values = chapters.check_parameters(short, params, [("seed", "6161")])
    merged = {n: p.default for n, p in params.items() if p.literal} | values
    for _, f, p in chapters.appendix_a_studies(merged):
        path = f.cache_path(p)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")
    assert chapters.montecarlo_note(short, params, values) is None


class _Stop(Exception):
    pass


def test_command_line_prints_the_note_before_the_kernel_starts(empty_cache, tmp_path,
                                                               monkeypatch, capsys):
    import mia_helpers.notebook_run as nr

    def no_kernel(*args, **kwargs):
        raise _Stop

    monkeypatch.setattr(nr, "execute", no_kernel)
    with pytest.raises(_Stop):
        main(["chapter", "A", "-p", "seed", "6161", "--out", str(tmp_path / "run")])
    err = capsys.readouterr().err
    assert err.startswith("note: Appendix A's Monte Carlo: 7 of its studies"), err
    with pytest.raises(_Stop):
        main(["chapter", "4", "-p", "seed", "6161", "--out", str(tmp_path / "run4")])
    assert "note:" not in capsys.readouterr().err


# -- windows other than the default -----------------------------------------------------------


def test_synthetic_window_before_2005_is_refused_naming_the_parameter(capsys, tmp_path):
    """``-p window_start 1990Q1`` generated data whose "never" quarter (-1, 2004Q4) lay inside
    the window: 0 % school leavers, every Belgian with work permits in 2004Q4, and chapter 1's
    tables built on them. Refused before anything is generated, naming the parameter."""
    from mia_helpers.data import check_synthetic_window, ensure_data
    from mia_helpers.files import ParameterError
    from mia_helpers.quarters import Window

    assert main(["chapter", "1", "-p", "window_start", "1990Q1", "--out",
                 str(tmp_path / "run")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: chapter 'panel_construction': parameter 'window_start': "
                          "synthetic data must start at 2005Q1 or later"), err
    assert "got 1990Q1" in err
    assert main(["synth", "--seed", "1", "--residents", "5", "--newcomers", "5", "--out",
                 str(tmp_path / "syn"), "--window-start", "2004Q4"]) == 2
    assert "'--window-start': synthetic data must start at 2005Q1" in capsys.readouterr().err
    assert not (tmp_path / "syn").exists()
    with pytest.raises(ParameterError, match="got 2000Q1"):
        ensure_data(None, seed=1, residents=5, newcomers=5, window=("2000Q1", "2016Q4"))
    check_synthetic_window(Window(0, 47))  # the default window, and later starts, pass
    check_synthetic_window(Window(4, 47))


def _synth_folder(path, start=0, end=47):
    """A folder as ``synth`` marks it (completion marker, truth/parameters.json, a persons
    file), enough for the window check that runs before the registers are validated."""
    import json

    (path / "truth").mkdir(parents=True)
    (path / "_COMPLETE.json").write_text(json.dumps({"command": "synth", "files": []}))
    (path / "truth" / "parameters.json").write_text(
        json.dumps({"window_start": start, "window_end": end, "seed": 1}))
    (path / "persons.parquet").write_bytes(b"")
    return path


def test_synthetic_folder_as_data_dir_refuses_a_window_beyond_its_own(tmp_path):
    """A synthetic folder given as ``data_dir`` with ``window_end`` 2018Q4 was accepted: its
    registers end in 2016Q4, so 2017-2018 would be read as quarters in which nobody did
    anything. Its window (truth/parameters.json) is now checked like an adapted extract's."""
    from mia_helpers.chapters import ChapterError, check_extract_window
    from mia_helpers.files import DataFileError
    from mia_helpers.quarters import Window

    folder = _synth_folder(tmp_path / "s")
    with pytest.raises(DataFileError) as err:
        check_extract_window(folder, Window(0, 55))
    msg = str(err.value)
    assert "holds synthetic data over 2005Q1..2016Q4 (its truth/parameters.json, written by `synth`" \
        in msg and "parameter 'window_end' is 2018Q4" in msg and "-p window_end 2016Q4" in msg
    assert "synth --window-start/--window-end" in msg
    with pytest.raises(DataFileError, match="option --window-start is 2004Q1"):
        check_extract_window(folder, Window(-4, 47), options=True)
    check_extract_window(folder, Window(0, 47))  # its own window and narrower ones pass
    check_extract_window(folder, Window(8, 40))
    with pytest.raises(ChapterError, match="parameter 'data_dir': .*window_end' is 2018Q4"):
        chapters.check_parameters("activation_effects",
                                  chapters.read_parameters(chapters.resolve_chapter("4")[1]),
                                  [("data_dir", str(folder)), ("window_end", "2018Q4")])
    # a folder that records no window (prepared by hand) is not checked here
    (folder / "_COMPLETE.json").unlink()
    check_extract_window(folder, Window(0, 55))


def test_confirmation_seed_equal_to_seed_is_refused_before_the_run():
    short, params = _a()
    with pytest.raises(chapters.ChapterError, match="'nc_confirmation_seed' and 'seed' are "
                                                    "both 2007"):
        chapters.check_parameters(short, params, [("seed", "2007")])
    with pytest.raises(chapters.ChapterError, match="give one of them another value"):
        chapters.check_parameters(short, params, [("nc_confirmation_seed", "2029")])
