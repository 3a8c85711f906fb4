"""teach29: the mistakes students make on the chapter command line are refused before any
kernel starts, with a message naming the parameter and saying what to write instead."""
from __future__ import annotations

import pytest

import mia_helpers.notebook_run
from mia_helpers import cli


@pytest.fixture
def no_execution(monkeypatch):
    def boom(*args, **kwargs):
        raise AssertionError("a kernel was started although the parameters were refused")

    monkeypatch.setattr(mia_helpers.notebook_run, "execute", boom)


@pytest.mark.parametrize(("args", "expected"), [
    # seed quoted as text: it reads as 7, so say it is text because of the quotes
    (["seed", '"7"'], "(quoted, so read as text: write it without quotes, -p seed 7)"),
    (["caliper", "'0.1'"], "write it without quotes, -p caliper 0.1"),
    (["seed", "abc"], "'seed' must be integer >= 0 and <= 4294967295; got 'abc' (text, not a "
                      "whole number: write digits, e.g. -p seed 7)"),
    # user38: was "got 3.5 (a whole number)", which said the opposite of what it meant
    (["seed", "3.5"], "got 3.5 (not a whole number: give one without a fraction, such as 3 or 4)"),
    (["k", "true"], "(true/false is not a whole number)"),
    (["seed", "[1, 2]"], "(a single value, not a list)"),
    (["window_start", "2006-Q1"], "got '2006-Q1' (write it as 2006Q1: upper-case Q, nothing between)"),
    (["window_start", "2006q1"], "got '2006q1' (write it as 2006Q1"),
    (["window_end", "Q4 2015"], "(write it as 2015Q4"),
    (["window_start", "2006Q5"], "(the quarter after Q is 1 to 4, not 5)"),
    (["window_start", "spring"], "e.g. 2006Q1)"),
    (["min_cell", "0"], "parameter 'min_cell' must be integer >= 1; got 0"),
    (["min_cell", "-3"], "parameter 'min_cell' must be integer >= 1; got -3"),
    # too few residents for the matching: refused before the 30 s of work that ended in a
    # NoMatchError in a cell of chapter 4
    (["residents", "50"], "parameter 'residents' is 50: too few residents for this chapter's "
                          "matching"),
    (["bootstraps", "9"], "has no parameter 'bootstraps' (did you mean 'bootstrap'?)"),
])
def test_a_students_mistake_is_refused_saying_what_to_write(args, expected, capsys, no_execution,
                                                            tmp_path):
    argv = ["chapter", "activation_effects"]
    for name, text in zip(args[::2], args[1::2], strict=True):
        argv += ["-p", name, text]
    rc = cli.main([*argv, "--out", str(tmp_path / "o")])
    err = " ".join(capsys.readouterr().err.split())
    assert rc == 2
    assert " ".join(expected.split()) in err, err
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("short", ["conclusions", "matching_method"])
def test_the_other_matching_chapters_refuse_a_tiny_resident_sample(short, capsys, no_execution,
                                                                    tmp_path):
    rc = cli.main(["chapter", short, "-p", "residents", "999", "--out", str(tmp_path / "o")])
    assert rc == 2
    assert "use -p residents 1000 or more" in " ".join(capsys.readouterr().err.split())


def test_a_chapter_name_typo_names_the_closest_chapter(capsys, no_execution, tmp_path):
    rc = cli.main(["chapter", "activation_effect", "-p", "seed", "1", "--out", str(tmp_path / "o")])
    assert rc == 2
    assert "did you mean 'activation_effects'?" in capsys.readouterr().err


def test_the_floor_leaves_the_sizes_the_guide_proposes_and_data_dir_alone(tmp_path):
    from mia_helpers import chapters

    chapters._cross_check("activation_effects", {"residents": 1000, "newcomers": 500,
                                                 "data_dir": None})
    with pytest.raises(chapters.ChapterError, match="holds no registers"):  # not the floor
        chapters._cross_check("activation_effects", {"residents": 50, "data_dir": str(tmp_path)})
    chapters._cross_check("activation_inflow", {"residents": 300, "newcomers": 150,
                                                "data_dir": None})


def test_fewer_monte_carlo_replications_say_to_lower_the_exercises_too(capsys, no_execution,
                                                                      tmp_path):
    # book/teaching.md: "Change the number of Monte Carlo replications" (appendix A)
    rc = cli.main(["chapter", "matching_method", "-p", "replications", "20", "--out",
                   str(tmp_path / "o")])
    assert rc == 2
    assert "-p replications 20 -p exercise_replications 10" in " ".join(
        capsys.readouterr().err.split())
