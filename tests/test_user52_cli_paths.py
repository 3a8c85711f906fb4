"""user52 (policy analyst re-running chapters): findings about the command line's own texts.

The chapter runner ends with the export-check command to run next; with an ``--out`` folder
whose path holds a space it printed the folder bare, so the pasted command split it into
several arguments and export-check stopped with "unrecognized arguments"."""

from __future__ import annotations

import shlex
import sys

import pytest

from mia_helpers.cli.chapter import export_check_command


def test_export_check_command_survives_a_path_with_spaces(tmp_path):
    folder = tmp_path / "my runs" / "ch1 run"
    words = shlex.split(export_check_command(folder, 15))
    assert words == [sys.executable, "-m", "mia_helpers", "export-check", str(folder),
                     "--min-cell", "15"]


def test_export_check_command_without_min_cell(tmp_path):
    words = shlex.split(export_check_command(tmp_path / "a'b"))
    assert words[-1] == str(tmp_path / "a'b") and "--min-cell" not in words


# An interrupted re-run (Ctrl-C, SIGTERM) into the --out folder of an earlier run: the runner
# drops the earlier manifest first (its completion marker), so the earlier run's notebook and
# HTML stayed in the folder, of other parameters, beside no manifest, and Ctrl-C printed a
# traceback of papermill's event loop instead of saying what was left.

def _earlier_run(folder):
    folder.mkdir(parents=True)
    for name in ("01_panel_construction.ipynb", "01_panel_construction.html",
                 "disclosure_record.json", ".data_read.json"):
        (folder / name).write_text("{}", encoding="utf-8")
    (folder / "manifest.json").write_text('{"parameters": {"min_cell": 30}}', encoding="utf-8")


@pytest.mark.parametrize("stop, status", [(KeyboardInterrupt, 130), (SystemExit(143), 143)])
def test_an_interrupted_rerun_leaves_no_run_and_says_so(tmp_path, monkeypatch, capsys, stop,
                                                        status):
    import mia_helpers.notebook_run as nr
    from mia_helpers.cli import main

    folder = tmp_path / "my runs" / "ch1"
    _earlier_run(folder)

    def interrupted(*args, **kwargs):
        raise stop

    monkeypatch.setattr(nr, "execute", interrupted)
    argv = ["chapter", "1", "-p", "min_cell", "12", "-p", "residents", "500", "--out",
            str(folder)]
    if status == 130:
        try:
            assert main(argv) == 130
        except KeyboardInterrupt:  # the old code let it escape, with a traceback
            pytest.fail("Ctrl-C escaped the command line")
    else:
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 143
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.startswith("interrupted: chapter 'panel_construction' was interrupted")
    assert str(folder) in err and "run the same command again" in err
    left = sorted(p.name for p in folder.iterdir())
    assert left == [], left  # no notebook, HTML, record or manifest of either run


def test_an_interrupt_elsewhere_is_one_line_too(monkeypatch, capsys):
    import mia_helpers.cli.synth as synth
    from mia_helpers.cli import main

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(synth, "run", interrupted)
    try:
        assert main(["synth", "--seed", "1", "--residents", "10", "--newcomers", "0", "--out",
                     "unused"]) == 130
    except KeyboardInterrupt:  # the old code let it escape, with a traceback
        pytest.fail("Ctrl-C escaped the command line")
    assert capsys.readouterr().err == ("interrupted: the command stopped before it "
                                       "finished\n")


# Chapter 3 with -p covariate_blocks '[low_link, demographics]' (seed 4217): the low-link
# term, a function of the origin x generation cells M1 always holds, was dropped as collinear
# (a warning in a cell), while the prose said the gaps were "adjusted for the low employer
# link" and M1 kept "their the low employer link".

def test_chapter3_refuses_the_low_link_block_and_says_why():
    from mia_helpers.chapters import (
        ChapterError,
        check_parameters,
        read_parameters,
        resolve_chapter,
    )

    _, source = resolve_chapter("activation_inflow")
    params = read_parameters(source)
    with pytest.raises(ChapterError) as err:
        check_parameters("activation_inflow", params,
                         [("covariate_blocks", "[low_link, demographics]")])
    text = str(err.value)
    assert "'covariate_blocks' cannot hold 'low_link'" in text
    assert "collinear" in text and "leave it out" in text
    assert check_parameters("activation_inflow", params,
                            [("covariate_blocks", "[demographics]")]) == {
        "covariate_blocks": ["demographics"]}


def test_the_low_link_block_is_truly_collinear_with_the_origin_cells():
    # the reason the refusal states: low_link is constant within every origin x generation cell
    import pandas as pd

    from mia_helpers import codes
    from mia_helpers.competing import _derived

    rows = pd.DataFrame([(o, g) for o in codes.ORIGINS for g in ("native", "first",
                                                                   "intermediate", "second")],
                        columns=["origin", "generation"])
    _derived(rows)
    assert rows.groupby("origin_generation")["low_link"].nunique().max() == 1


def test_inflow_words_have_one_article():
    from mia_helpers import claims

    w = claims.inflow_m1_words(["low_link", "demographics"])
    assert "their the" not in w["inflow_m1_keeping"], w["inflow_m1_keeping"]


def test_the_exit_models_warnings_name_it_and_each_block_once(monkeypatch):
    # chapter 3's exit model is fitted on M1's blocks plus demographics; with
    # covariate_blocks '[demographics]' its warnings read "inflow model (duration + origin +
    # demographics + demographics)"
    import pandas as pd

    from mia_helpers import competing as C

    seen = {}

    def fake(*args, **kwargs):
        seen["model"] = kwargs["model"]
        raise RuntimeError("stop")

    monkeypatch.setattr(C.core, "fit_mnl", fake)
    monkeypatch.setattr(C, "design_matrix", lambda data, blocks, max_u: pd.DataFrame(
        {"const": [1.0] * 3}))
    monkeypatch.setattr(C.core, "require_complete", lambda *a, **k: None)
    data = pd.DataFrame({"outcome": [0, 0, 0], "exit": [0, 1, 2], "censored": [False] * 3,
                         "person_id": [1, 2, 3]})
    with pytest.raises(RuntimeError):
        C.fit_exits(data, ["duration", "origin", "demographics", "demographics"])
    assert seen["model"] == "exit model (duration + origin + demographics)"


def test_the_gap_figure_says_what_m1_holds():
    # chapter 3 with covariate_blocks '[low_link, demographics]' read, under its gap figure,
    # "the adjusted bar is shorter than the raw bar where self-reliance explains part of the
    # gap", of an M1 without self-reliance
    from pathlib import Path

    from mia_helpers import claims

    text = (Path(__file__).resolve().parents[1] / "notebooks"
            / "03_activation_inflow.md").read_text(encoding="utf-8")
    assert "where self-reliance explains part of the gap" not in " ".join(text.split())
    assert "{glue:text}`inflow_m1_explains`" in text
    assert claims.inflow_m1_words(["self_reliance"])["inflow_m1_explains"] == (
        "self-reliance explains part of the gap")
    other = claims.inflow_m1_words(["demographics"])["inflow_m1_explains"]
    assert "sex, age, household and children" in other and "no self-reliance" in other
    assert "M1 equals M0" in claims.inflow_m1_words([])["inflow_m1_explains"]


# Chapter 6 (seed 4219, k 2, max_quarter 8) printed, under its findings table, matching.py's
# "Warning (not identified): 'workplace_learning_ibo' propensity logits: 7 risk set(s) have
# terms ..." (matching.py is fingerprinted: the chapters' warning hook writes the plural).

def test_chapter_warnings_write_real_plurals(monkeypatch):
    import io
    import warnings

    from mia_helpers import disclosure

    monkeypatch.setattr(warnings, "showwarning", warnings.showwarning)
    monkeypatch.setenv(disclosure.PROTECT_ENV, "")  # restored after the test
    disclosure.protect_warnings(15)
    out = io.StringIO()
    for n in (7, 1):
        warnings.showwarning(f"'workplace_learning_ibo' propensity logits: {n} risk set(s) have "
                             "terms without treated or without controls", RuntimeWarning,
                             "x.py", 1, file=out)
    text = out.getvalue()
    assert "(s)" not in text, text
    assert "7 risk sets have terms" in text and "1 risk set has terms" in text


# effects --seed 5 (or --jobs 4) without --bootstrap: both set only the bootstrap, and the
# run went as without them, in silence.

def test_effects_notes_bootstrap_only_options():
    from mia_helpers.cli import build_parser
    from mia_helpers.cli.effects import bootstrap_only_note

    parser = build_parser()
    base = ["effects", "--data", "d", "--out", "o.csv"]
    note = bootstrap_only_note(parser.parse_args([*base, "--seed", "5"]))
    assert note is not None and note.startswith("note: --seed 5 sets only the bootstrap")
    assert bootstrap_only_note(parser.parse_args(base)) is None  # defaults: nothing to say
    assert bootstrap_only_note(parser.parse_args([*base, "--seed", "5", "--bootstrap", "9"])) \
        is None
    both = bootstrap_only_note(parser.parse_args([*base, "--jobs", "1", "--seed", "0"]))
    assert "--jobs 1 and --seed 0 set only the bootstrap" in both


# panel --out p.csv wrote a Parquet file named p.csv (and effects --out e.parquet a CSV file
# named .parquet); panel --min-fte 1.5 was told "a share, not a percentage: 1.5 % is 0.015".

@pytest.mark.parametrize("command, name, suffix", [("panel", "p.csv", ".parquet"),
                                                   ("effects", "e.parquet", ".csv")])
def test_an_out_file_must_name_its_format(tmp_path, capsys, command, name, suffix):
    from mia_helpers.cli import main
    from mia_helpers.data import ensure_data

    data = ensure_data(seed=4221, residents=150, newcomers=50, truth=False)
    out = tmp_path / "o" / name
    assert main([command, "--data", str(data), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"--out {out}" in err and f"give a name ending in {suffix}" in err
    assert not out.parent.exists()


def test_no_percentage_hint_just_above_one():
    from mia_helpers.params import ParameterError, Rule

    fte = Rule("float", minimum=0, maximum=1, exclusive_minimum=True)
    with pytest.raises(ParameterError) as err:
        fte.check("--min-fte", 1.5)
    assert "percentage" not in str(err.value)
    with pytest.raises(ParameterError, match="50 % is 0.5"):
        fte.check("--min-fte", 50.0)


# A panel the analyst built with `panel --stable-quarters 6 --min-fte 0.5` in a data folder
# was rebuilt by chapter 1 (-p data_dir) with the book's definition and replaced, in silence;
# `effects --data` then read the chapter's panel.

def test_a_chapter_says_it_replaces_the_analysts_panel(tmp_path):
    import shutil

    from mia_helpers.chapters import panel_replaced_chapter_warning
    from mia_helpers.data import ensure_data
    from mia_helpers.panel import PanelSpec, build_panel

    folder = tmp_path / "own data"
    shutil.copytree(ensure_data(seed=4222, residents=150, newcomers=50, truth=False), folder)
    given = [("data_dir", str(folder))]
    assert panel_replaced_chapter_warning("1", given) == ""  # the book's panel: nothing to say
    build_panel(folder, PanelSpec(stable_quarters=6, min_fte=0.5))
    text = panel_replaced_chapter_warning("1", given)
    assert text.startswith(f"warning: parameter 'data_dir': {folder} holds a panel built over "
                           "2005Q1..2016Q4, a stable job of 6 quarters, FTE at least 0.5")
    assert "replaces it" in text and "copy of the folder" in text
    assert panel_replaced_chapter_warning("1", []) == ""  # synthetic data: no folder of yours


# An empty path (an unset shell variable: --out "$OUT") is Path("") = the current folder:
# chapter 1 --out "" ran into the current folder, synth --out "" wrote its registers there,
# export-check "" checked it, and -p data_dir '' read it as the data folder.

@pytest.mark.parametrize("argv, option", [
    (["chapter", "1", "--out", ""], "--out"),
    (["synth", "--seed", "1", "--residents", "10", "--newcomers", "0", "--out", ""], "--out"),
    (["export-check", ""], "path"),
    (["panel", "--data", " "], "--data"),
])
def test_an_empty_path_is_refused(tmp_path, monkeypatch, capsys, argv, option):
    from mia_helpers.cli import main

    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exc:  # argparse's refusal of an option value
        main(argv)
    assert exc.value.code == 2
    assert f"parameter {option!r}: an empty path" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_an_empty_data_dir_is_refused(tmp_path, monkeypatch):
    from mia_helpers.chapters import (
        ChapterError,
        check_parameters,
        read_parameters,
        resolve_chapter,
    )

    monkeypatch.chdir(tmp_path)
    _, source = resolve_chapter("1")
    with pytest.raises(ChapterError, match="'data_dir': an empty path"):
        check_parameters("panel_construction", read_parameters(source), [("data_dir", "")])


# synth into "/tmp/user52 data/big" interrupted with Ctrl-C: panel --data on the folder said
# it "holds no registers", not that synth was interrupted; once it said so, the command to
# re-run split the folder with a space into two words.

def test_an_interrupted_synth_folder_is_named_so_with_a_pasteable_command(tmp_path, capsys):
    from mia_helpers.cli import main
    from mia_helpers.files import begin_incomplete

    folder = tmp_path / "my data" / "big"
    begin_incomplete(folder, f"synth --seed 4223 --residents 10 --newcomers 0 --out {folder}")
    assert main(["panel", "--data", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "incomplete data folder" in err and "holds no registers" not in err
    pasted = err.split("re-run `")[1].split("`")[0]
    assert shlex.split(pasted)[-2:] == ["--out", str(folder)]
