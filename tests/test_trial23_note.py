"""Trial 23: the command line's note before Appendix A's Monte Carlo names as its reasons only
the parameters the studies read (a run with seed 5353, other sizes, another window and
min_cell 7 named residents, newcomers, window_start, window_end and min_cell as well)."""

from mia_helpers import chapters


def test_montecarlo_note_names_only_study_parameters(monkeypatch):
    # the studies to compute are not what is tested here (tests/test_cli_seed6161.py reads the
    # shipped files for them): one study of 4 replications, so the test stays cheap
    monkeypatch.setattr(chapters, "studies_to_compute", lambda values: [(4, 0)])
    short, source = chapters.resolve_chapter("A")
    params = chapters.read_parameters(source)
    given = [("seed", "5353"), ("residents", "8000"), ("newcomers", "3000"),
             ("window_start", "2007Q1"), ("window_end", "2018Q4"), ("min_cell", "7"),
             ("replications", "4"), ("exercise_replications", "2")]
    note = chapters.montecarlo_note(short, params, chapters.check_parameters(short, params,
                                                                             given))
    assert note is not None
    assert "and seed, replications and exercise_replications differ from them" in note, note
    for name in ("residents", "newcomers", "window_start", "window_end", "min_cell"):
        assert f" {name}," not in note and f" {name} " not in note, (name, note)
