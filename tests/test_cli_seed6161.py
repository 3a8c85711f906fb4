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
    if not (shipped_status()["fresh"].all() and nc_shipped_status()["fresh"].all()):
        pytest.skip("shipped Monte Carlo results are stale (test_montecarlo_shipped fails)")
    short, params = _a()
    assert chapters.montecarlo_note(short, params, {}) is None
    assert chapters.montecarlo_note(short, params, {"min_cell": 20}) is None  # not a study key
    merged = {n: p.default for n, p in params.items() if p.literal}
    studies = chapters.appendix_a_studies(merged)
    keys = {f.key(p) for _, f, p in studies}
    shipped = set(shipped_status()["key"]) | set(nc_shipped_status()["key"])
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
    # three measures x 4, the trait scenario 4, two exercises x 2, the inburgering study 3
    # (the base scenario is the main IBO study: counted once)
    assert "(23 synthetic data sets in all)" in note
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
