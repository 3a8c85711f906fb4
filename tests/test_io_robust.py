"""Files and parameters from the real world (issue 17): strict parsing, atomic writes, clear
errors, and the command line's error contract (issue 13 item 5).

One section per kind of failure. Every test asserts the outcome: the right value, or a refusal
naming the parameter, option, file or column; and that no stale or partial file is ever read.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from frames import assert_frame_equal

import mia_helpers.notebook_run
from mia_helpers import cli
from mia_helpers.adapters import MappingFileError, adapt, load_mapping
from mia_helpers.adapters.dates import parse_dates, quarter_of_dates
from mia_helpers.adapters.fixture import write_raw_fixture
from mia_helpers.chapters import (
    CHAPTERS,
    ChapterError,
    check_parameters,
    explicit_rule,
    read_parameters,
    resolve_chapter,
)
from mia_helpers.data import ensure_data, has_truth, load_parameters, load_truth
from mia_helpers.files import COMPLETE, INCOMPLETE, DataFileError, ParameterError, file_lock
from mia_helpers.panel import build_panel, load_panel, meta_path, panel_problem
from mia_helpers.params import parse_value
from mia_helpers.quarters import to_index
from mia_helpers.schemas import SPECS
from mia_helpers.synthetic import generate

ROOT = Path(__file__).resolve().parent.parent
REGISTERS = [f"{t}.parquet" for t in SPECS]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1"}


@pytest.fixture(scope="module")
def synthetic() -> Path:
    """Small cached synthetic data (registers, panel; no truth tables); never modified by these
    tests."""
    return ensure_data(seed=2005, residents=300, newcomers=150, truth=False)


@pytest.fixture
def registers(synthetic, tmp_path) -> Path:
    """A private copy of the registers only (no panel)."""
    d = tmp_path / "data"
    d.mkdir()
    for f in REGISTERS:
        shutil.copy2(synthetic / f, d / f)
    return d


@pytest.fixture
def no_execution(monkeypatch):
    def boom(*args, **kwargs):
        raise AssertionError("a kernel was started although the parameters were refused")

    monkeypatch.setattr(mia_helpers.notebook_run, "execute", boom)


# --- 1. parameter values: one strict rule, a type and a range for every parameter ----------

@pytest.mark.parametrize(("text", "value"), [
    ("1e-3", 0.001), ("2.", 2.0), (".5", 0.5), ("010", 10), ("0x1F", 31), ("-3", -3),
    ("yes", "yes"), ("no", "no"), ("on", "on"), ("true", True), ("null", None), ("~", None),
    ("[a, 01]", ["a", 1]), ('["a"]', ["a"]), ("2005Q1", "2005Q1"), ("2020-01-01", "2020-01-01"),
])
def test_values_follow_the_yaml_1_2_core_schema(text, value):
    """YAML 1.2 core (the YAML spec's table 10.2): 1e-3 is a float, yes/no are text, 010 is ten."""
    assert parse_value(text) == value and type(parse_value(text)) is type(value)


@pytest.mark.parametrize("short", list(CHAPTERS))
def test_every_chapter_parameter_has_a_rule_that_its_default_passes(short):
    _, path = resolve_chapter(short)
    for name, p in read_parameters(path).items():
        rule = explicit_rule(short, name)
        assert rule is not None, f"{short}: parameter {name} has no type/range rule"
        if name != "data_dir":  # None (synthetic data)
            assert rule.check(name, p.default) == p.default, f"{short}: default of {name}"


@pytest.mark.parametrize("short", ["activation_inflow", "activation_effects",
                                   "newcomer_integration"])
def test_a_measure_typo_is_refused_by_every_chapter_that_takes_measures(
        short, capsys, no_execution, tmp_path):
    rc = cli.main(["chapter", short, "-p", "measures", "[workplace_learning_ib]",
                   "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert rc == 2
    assert "parameter 'measures'" in err and "'workplace_learning_ib'" in err
    assert "workplace_learning_ibo" in err  # the valid codes are listed
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(("short", "name", "text", "expected"), [
    ("activation_effects", "k", "-3", "parameter 'k' must be integer >= 1"),
    ("activation_effects", "k", "0", "parameter 'k' must be integer >= 1"),
    ("activation_effects", "caliper", "0", "parameter 'caliper' must be number > 0"),
    ("activation_effects", "caliper", "-0.5", "parameter 'caliper' must be number > 0"),
    ("activation_effects", "bootstrap", "-1", "parameter 'bootstrap' must be 0 or integer >= 2"),
    ("activation_effects", "max_quarter", "0", "parameter 'max_quarter' must be integer >= 1"),
    ("activation_effects", "estimand", "now_vs_ever", "one of now_vs_later, now_vs_never"),
    ("school_leaver_entry", "link", "probit", "parameter 'link' must be one of logit, cloglog"),
    ("school_leaver_entry", "blocks", "[individual, parents]", "element 'parents'"),
    ("school_leaver_entry", "n_sim", "1", "parameter 'n_sim' must be integer >= 2"),
    ("panel_construction", "stable_quarters", "[4, 0]", "element 0 is not integer >= 1"),
    ("panel_construction", "min_cell", "0", "parameter 'min_cell' must be integer >= 1"),
    ("panel_construction", "window_end", "2016Q5", "parameter 'window_end' must be a quarter"),
    ("panel_construction", "window_end", "2004Q4", "window end 2004Q4 is before its start"),
    ("panel_construction", "residents", "-5", "parameter 'residents' must be integer >= 0"),
    ("activation_inflow", "grouping", "type", "did you mean 'types'"),
    ("newcomer_integration", "arrival_quarters", "[20, 10]", "first <= last"),
    ("newcomer_integration", "arrival_quarters", "[20]", "a list of 2 elements"),
    ("newcomer_integration", "residence_grounds", "[asylum, refugee]", "element 'refugee'"),
    ("newcomer_integration", "treatments", "[inburgering, nt3]", "element 'nt3'"),
    ("matching_method", "measure", "ibo", "parameter 'measure' must be one of"),
    ("school_leaver_entry", "level", "1", "parameter 'level' must be number > 0 and < 1"),
    ("school_leaver_entry", "level", "95", "parameter 'level' must be number > 0 and < 1"),
    ("matching_method", "replications", "1", "parameter 'replications' must be integer >= 2"),
    ("panel_construction", "data_dir", "/nonexistent/extract", "does not exist"),
])
def test_out_of_range_values_are_refused_before_a_kernel_starts(
        short, name, text, expected, capsys, no_execution, tmp_path):
    rc = cli.main(["chapter", short, "-p", name, text, "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert rc == 2
    assert expected in err, err
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(("short", "args", "expected"), [
    # same type, but a value the chapter cannot run with (the tester's list, then the review)
    ("activation_effects", ["measures", "[]"], "parameter 'measures' must be a list of >= 1"),
    ("activation_inflow", ["measures", "[]"], "parameter 'measures' must be null or a list of >= 1"),
    ("activation_effects", ["max_quarter", "-3"], "parameter 'max_quarter' must be integer >= 1"),
    ("newcomer_integration", ["treatments", "[]"], "parameter 'treatments' must be a list of >= 1"),
    ("newcomer_integration", ["arrival_quarters", "[40,2]"], "first <= last"),
    ("activation_inflow", ["horizon", "0"], "parameter 'horizon' must be integer >= 1"),
    ("activation_effects", ["estimand", "now_vs_sometimes"], "parameter 'estimand' must be one of"),
    ("school_leaver_entry", ["link", "probit"], "parameter 'link' must be one of logit, cloglog"),
    ("activation_effects", ["window_end", "2016Q9"], "parameter 'window_end' must be a quarter"),
    ("activation_effects", ["min_cell", "0"], "parameter 'min_cell' must be integer >= 1"),
    ("activation_effects", ["caliper", "-1"], "parameter 'caliper' must be number > 0"),
    ("activation_effects", ["k", "0"], "parameter 'k' must be integer >= 1"),
    ("activation_inflow", ["grouping", "foo"], "parameter 'grouping' must be one of codes, types"),
    ("school_leaver_entry", ["level", "1.5"], "parameter 'level' must be number > 0 and < 1"),
    # bootstrap intervals need >= 2 replications (a standard error with ddof=1; one
    # replication is a zero-width interval); 0 = no bootstrap (linearized intervals)
    ("activation_effects", ["bootstrap", "1"], "parameter 'bootstrap' must be 0 or integer >= 2"),
    ("newcomer_integration", ["bootstrap", "1"],
     "parameter 'bootstrap' must be 0 or integer >= 2"),
    ("conclusions", ["bootstrap", "1"], "parameter 'bootstrap' must be 0 or integer >= 2"),
    ("matching_method", ["bootstrap", "1"], "parameter 'bootstrap' must be 0 or integer >= 2"),
    # chapter 6 reads the effects' 95 % bootstrap intervals: no other level can be run
    ("conclusions", ["level", "0.9"], "parameter 'level' must be exactly 0.95"),
    # quarter counts must fit the observation window (48 quarters by default)
    ("activation_effects", ["max_quarter", "48"], "'max_quarter' must be at most 47"),
    ("activation_inflow", ["horizon", "60"], "'horizon' must be at most 47"),
    ("school_leaver_entry", ["max_u_plot", "8", "window_end", "2006Q4"],
     "'max_u_plot' must be at most 7"),
    ("panel_construction", ["stable_quarters", "[4, 8]", "window_end", "2005Q4"],
     "'stable_quarters' must be at most 4"),
    ("newcomer_integration", ["arrival_quarters", "[60, 70]"],
     "outside the window 2005Q1..2016Q4 (quarter indices 0..47)"),
    ("school_leaver_entry", ["blocks", "[]"], "parameter 'blocks' must be a list of >= 1"),
    ("conclusions", ["blocks", "[]"], "parameter 'blocks' must be a list of >= 1"),
    ("matching_method", ["mc_measures", "[]"], "parameter 'mc_measures' must be a list of >= 1"),
    ("matching_method", ["mc_measures", "[ibo]"], "element 'ibo'"),
    ("matching_method", ["exercise_replications", "1"], "'exercise_replications' must be integer >= 2"),
    ("matching_method", ["exercise_replications", "300"], "must be at most 'replications' (200)"),
    # the population a chapter studies must be in the synthetic data
    ("activation_effects", ["residents", "0"], "'residents' must be >= 1"),
    ("newcomer_integration", ["newcomers", "0"], "'newcomers' must be >= 1"),
    ("newcomer_integration", ["residents", "0"], "'residents' must be >= 1"),
    ("activation_inflow", ["residents", "0"], "'residents' must be >= 1"),
    ("matching_method", ["residents", "0"], "'residents' must be >= 1"),
])
def test_same_type_values_a_chapter_cannot_run_with_are_refused_before_a_kernel(
        short, args, expected, capsys, no_execution, tmp_path):
    argv = ["chapter", short]
    for name, text in zip(args[::2], args[1::2], strict=True):
        argv += ["-p", name, text]
    rc = cli.main([*argv, "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert rc == 2
    assert expected in err, err
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(("value", "ok"), [("0", True), ("1", False), ("2", True)])
def test_effects_bootstrap_is_0_for_no_intervals_or_at_least_2(value, ok, capsys, tmp_path):
    from mia_helpers.cli import build_parser

    argv = ["effects", "--data", str(tmp_path), "--out", str(tmp_path / "e.csv"),
            "--bootstrap", value]
    if ok:
        assert build_parser().parse_args(argv).bootstrap == int(value)
    else:
        with pytest.raises(SystemExit) as ex:
            build_parser().parse_args(argv)
        assert ex.value.code == 2
        assert "'--bootstrap' must be 0 or integer >= 2" in capsys.readouterr().err


@pytest.mark.parametrize(("extra", "message"), [
    (["--interval", "linearized", "--bootstrap", "4"], "--interval linearized uses no bootstrap"),
    (["--interval", "bootstrap"], "--interval bootstrap needs --bootstrap B"),
])
def test_effects_interval_and_bootstrap_are_checked_together(extra, message, capsys, tmp_path):
    rc = cli.main(["effects", "--data", str(tmp_path / "none"), "--out",
                   str(tmp_path / "e.csv"), *extra])
    assert rc == 2 and message in capsys.readouterr().err
    assert not (tmp_path / "e.csv").exists()


@pytest.mark.parametrize(("argv", "option"), [
    (["effects", "--data", "d", "--out", "o.csv", "--caliper", "-1e-3"], "--caliper"),
    (["panel", "--data", "d", "--min-fte", "-.5"], "--min-fte"),
    (["synth", "--out", "s", "--seed", "-1E+2"], "--seed"),
])
def test_a_negative_option_value_reaches_its_range_check(argv, option, capsys):
    from mia_helpers.cli import build_parser

    with pytest.raises(SystemExit) as ex:
        build_parser().parse_args(argv)
    assert ex.value.code == 2
    err = capsys.readouterr().err
    assert f"parameter '{option}' must be" in err, err


@pytest.mark.parametrize("text", ["-1e-3", "-1E+2", "-.5", "-.inf", "-3"])
def test_a_value_starting_with_a_minus_is_a_value_not_an_option(
        text, capsys, no_execution, tmp_path):
    """`-p caliper -1e-3`: argparse alone reads -1e-3 as an option and stops with 'expected 2
    arguments'; the value must reach the range check and be refused by it, naming caliper."""
    rc = cli.main(["chapter", "activation_effects", "-p", "caliper", text,
                   "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert rc == 2
    assert "parameter 'caliper' must be number > 0" in err, err
    assert not (tmp_path / "o").exists()


def test_parameter_lists_stay_readable_with_a_long_default(capsys, no_execution, tmp_path):
    """A default written over several lines (chapter 4's nine measure codes) must not pad every
    other parameter line of `chapter --list` or of an exit-2 message to its width."""
    from mia_helpers.chapters import LINE_WIDTH, list_chapters

    listing = list_chapters()
    # fix36: an unknown name lists the parameters (a bad value of a known one no longer does)
    rc = cli.main(["chapter", "activation_effects", "-p", "kk", "0", "--out", str(tmp_path / "o")])
    message = capsys.readouterr().err
    assert rc == 2
    for text in (listing, message):
        long = [line for line in text.splitlines()
                if len(line) > LINE_WIDTH and not line.startswith(("error:", "activation"))]
        assert not long, long
        # each parameter still starts its own line with its name and default
        assert "\n  k = 3 " in text and "\n  caliper = 0.2 " in text
        assert '\n  measures = ["training_basic", ' in text


def test_parameters_are_also_checked_together(capsys, no_execution, tmp_path):
    rc = cli.main(["chapter", "panel_construction", "-p", "residents", "0", "-p", "newcomers", "0",
                   "--out", str(tmp_path / "o")])
    assert rc == 2 and "'residents' and 'newcomers' are both 0" in capsys.readouterr().err


@pytest.mark.parametrize("chapter", ["activation_effects", "newcomer_integration",
                                     "conclusions"])
def test_interval_and_bootstrap_are_checked_together(capsys, no_execution, tmp_path, chapter):
    rc = cli.main(["chapter", chapter, "-p", "interval", "bootstrap", "-p", "bootstrap", "0",
                   "--out", str(tmp_path / "o")])
    assert rc == 2 and "'interval' is 'bootstrap' but 'bootstrap' is 0" in (
        capsys.readouterr().err)
    rc = cli.main(["chapter", chapter, "-p", "bootstrap", "50", "--out", str(tmp_path / "p")])
    assert rc == 2 and "'bootstrap' is 50 but 'interval' is 'linearized'" in (
        capsys.readouterr().err)
    rc = cli.main(["chapter", chapter, "-p", "interval", "jackknife", "--out",
                   str(tmp_path / "q")])
    assert rc == 2 and "parameter 'interval' must be one of linearized, bootstrap" in (
        capsys.readouterr().err)


def test_accepted_values_have_the_right_type():
    _, path = resolve_chapter("activation_effects")
    params = read_parameters(path)
    values = check_parameters("activation_effects", params, [
        ("caliper", "1e-3"), ("k", "5"), ("measures", "[workplace_learning_ibo, training_basic]"),
        ("bootstrap", "2"), ("interval", "bootstrap"), ("window_end", "2016Q4")])
    assert values == {"caliper": 0.001, "k": 5, "bootstrap": 2, "interval": "bootstrap",
                      "window_end": "2016Q4",
                      "measures": ["workplace_learning_ibo", "training_basic"]}
    assert isinstance(values["caliper"], float)
    _, path = resolve_chapter("activation_inflow")
    assert check_parameters("activation_inflow", read_parameters(path),
                            [("measures", "null")]) == {"measures": None}


def test_data_dir_without_registers_or_incomplete_is_refused(tmp_path, synthetic):
    _, path = resolve_chapter("activation_effects")
    params = read_parameters(path)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ChapterError, match="holds no registers"):
        check_parameters("activation_effects", params, [("data_dir", str(empty))])
    (empty / "persons.parquet").write_bytes(b"")
    (empty / INCOMPLETE).write_text('{"command": "synth"}')
    with pytest.raises(ChapterError, match="incomplete data folder"):
        check_parameters("activation_effects", params, [("data_dir", str(empty))])


@pytest.mark.parametrize(("break_it", "says"), [
    (lambda d: pd.read_parquet(d / "ksz_positions.parquet").drop(columns="fte_fraction")
     .to_parquet(d / "ksz_positions.parquet"),
     ["ksz_positions.parquet", "'missing_column': 1 column;", "what to do: add the column"]),
    (lambda d: pd.read_parquet(d / "persons.parquet").assign(
        origin=lambda p: p["origin"].astype(str).str.upper()).to_parquet(d / "persons.parquet"),
     ["persons.parquet", "'unknown_code'", "column 'origin'", "valid codes: belgian",
      "what to do: map the source codes"]),
    (lambda d: pd.read_parquet(d / "ksz_positions.parquet").head(0)
     .to_parquet(d / "ksz_positions.parquet"), ["ksz_positions.parquet", "'empty_table'"]),
    (lambda d: pd.read_parquet(d / "persons.parquet").assign(birth_year=lambda p: p[
        "birth_year"].where(p.index > 2, 1200)).to_parquet(d / "persons.parquet"),
     ["persons.parquet", "'implausible_value': 3 rows (", "column 'birth_year'", "found 1200",
      "what to do: check the values against the source extract"]),
])
def test_broken_registers_are_refused_before_a_kernel_starts(registers, no_execution, capsys,
                                                             break_it, says):
    """A chapter over registers its panel build would refuse stops before the kernel (exit 2),
    naming the file, the rule, the column (and valid codes) and what to do (new-user trial:
    such runs failed inside a cell, exit 1, and the message named neither file nor fix)."""
    from mia_helpers.cli import main

    break_it(registers)
    rc = main(["chapter", "panel_construction", "-p", "data_dir", str(registers)])
    err = capsys.readouterr().err
    assert rc == 2, err
    for text in says:
        assert text in err, (text, err)


def test_registers_are_checked_over_the_chapters_window(registers):
    """A birth year after 2016 is implausible for the default window, not for one ending in
    2019Q4: the check before the kernel uses the chapter's window_start / window_end."""
    _, path = resolve_chapter("panel_construction")
    params = read_parameters(path)
    persons = pd.read_parquet(registers / "persons.parquet")
    # a person without school-leaving or arrival quarter (no age to check against them)
    i = persons.index[persons.school_leaving_quarter.isna() & persons.arrival_quarter.isna()][0]
    persons.loc[i, "birth_year"] = 2018
    persons.to_parquet(registers / "persons.parquet")
    with pytest.raises(ChapterError, match="implausible_value.*1905..2016"):
        check_parameters("panel_construction", params, [("data_dir", str(registers))])
    values = check_parameters("panel_construction", params,
                              [("data_dir", str(registers)), ("window_end", "2019Q4")])
    assert values["window_end"] == "2019Q4"


@pytest.mark.parametrize(("argv", "option", "valid"), [
    (["effects", "--data", "d", "--out", "o.csv", "--k", "0"], "--k", "integer >= 1"),
    (["effects", "--data", "d", "--out", "o.csv", "--caliper", "0"], "--caliper", "number > 0"),
    (["effects", "--data", "d", "--out", "o.csv", "--caliper", "yes"], "--caliper", "number > 0"),
    (["effects", "--data", "d", "--out", "o.csv", "--bootstrap", "-2"], "--bootstrap", "0 or integer >= 2"),
    (["effects", "--data", "d", "--out", "o.csv", "--measures", "ibo"], "--measures", "one of"),
    (["effects", "--data", "d", "--out", "o.csv", "--jobs", "0"], "--jobs", "integer >= 1"),
    (["panel", "--data", "d", "--stable-quarters", "0"], "--stable-quarters", "integer >= 1"),
    (["panel", "--data", "d", "--min-fte", "1.5"], "--min-fte", "number > 0 and <= 1"),
    (["panel", "--data", "d", "--min-wage-class", "top"], "--min-wage-class", "one of low"),
    (["panel", "--data", "d", "--threads", "0"], "--threads", "integer >= 1"),
    (["panel", "--data", "d", "--memory-limit", "lots"], "--memory-limit", "4GB"),
    (["panel", "--data", "d", "--window-end", "2016Q5"], "--window-end", "quarter label"),
    (["synth", "--out", "o", "--residents", "-5"], "--residents", "integer >= 0"),
    (["synth", "--out", "o", "--seed", "1.5"], "--seed", "integer >= 0"),
    (["export-check", "x", "--min-cell", "1"], "--min-cell", "integer >= 2"),
])
def test_command_line_options_are_range_checked_while_parsing(argv, option, valid, capsys):
    with pytest.raises(SystemExit) as info:
        cli.build_parser().parse_args(argv)
    err = capsys.readouterr().err
    assert info.value.code == 2
    assert option in err and valid in err, err


def test_command_line_options_accept_valid_values():
    args = cli.build_parser().parse_args(
        ["effects", "--data", "d", "--out", "o.csv", "--caliper", "1e-3", "--k", "1",
         "--measures", "training_basic", "workplace_learning_ibo"])
    assert args.caliper == 0.001 and args.k == 1
    assert args.measures == ["training_basic", "workplace_learning_ibo"]


@pytest.mark.parametrize(("words", "codes"), [
    (["training_basic,workplace_learning_ibo"], ["training_basic", "workplace_learning_ibo"]),
    (["training_basic,", "workplace_learning_ibo"], ["training_basic", "workplace_learning_ibo"]),
    (["training_basic, mediation_guidance", "workplace_learning_ibo"],
     ["training_basic", "mediation_guidance", "workplace_learning_ibo"]),
])
def test_effects_measures_may_be_separated_by_commas(words, codes):
    """New-user trial: ``--measures a,b`` was refused as one unknown code."""
    args = cli.build_parser().parse_args(["effects", "--data", "d", "--out", "o.csv",
                                          "--measures", *words])
    assert args.measures == codes


@pytest.mark.parametrize(("words", "expected"), [
    (["ibo"], "got 'ibo' (did you mean 'workplace_learning_ibo'?)"),
    (["training"], "got 'training' (did you mean 'training_basic' or 'training_vocational'?)"),
    (["training_basic,workplace_learning_ib"], "got 'workplace_learning_ib' (did you mean "
                                               "'workplace_learning_ibo'"),
    (["training_basic,,mediation_guidance"], "an empty code in"),
    ([","], "an empty code in"),
])
def test_unknown_measure_codes_are_refused_with_the_closest_codes(words, expected, capsys):
    with pytest.raises(SystemExit) as info:
        cli.build_parser().parse_args(["effects", "--data", "d", "--out", "o.csv",
                                       "--measures", *words])
    err = capsys.readouterr().err
    assert info.value.code == 2
    assert "--measures" in err and expected in err, err


@pytest.mark.parametrize(("value", "expected"), [
    ('["ibo"]', "element 'ibo' is not one of training_basic"),
    ('["ibo"]', "did you mean 'workplace_learning_ibo'?"),
    ("[training_basic, vocational]", "did you mean 'training_vocational'?"),
    # a comma list without brackets is text: the message shows it as a list
    ("training_basic,workplace_learning_ibo",
     "write a list, e.g. '[training_basic, workplace_learning_ibo]'"),
])
def test_chapter_measure_codes_are_refused_with_the_closest_codes(value, expected, capsys,
                                                                  tmp_path):
    rc = cli.main(["chapter", "activation_effects", "-p", "measures", value,
                   "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert rc == 2 and expected in err, err
    assert not (tmp_path / "o").exists()


def test_synth_set_values_use_the_strict_rule_and_name_the_option():
    from mia_helpers.cli.synth import generator_config

    cfg = generator_config(None, ["job.base=-2.5e-1"])
    assert cfg.job.base == -0.25  # YAML 1.1 would have read "-2.5e-1" as text and refused it
    with pytest.raises(ParameterError, match="--set job.no_such_key: no generator parameter"):
        generator_config(None, ["job.no_such_key=1"])
    with pytest.raises(ParameterError, match="--set job.base: cannot parse"):
        generator_config(None, ["job.base=[1"])
    with pytest.raises(ParameterError, match="KEY=VALUE"):
        generator_config(None, ["job.base"])


def test_window_end_before_start_is_refused_by_commands(tmp_path, capsys):
    rc = cli.main(["synth", "--out", str(tmp_path / "s"), "--window-start", "2010Q1",
                   "--window-end", "2009Q4"])
    assert rc == 2
    assert "--window-end" in capsys.readouterr().err
    assert not (tmp_path / "s").exists()


# --- the command line's error contract (issue 13 item 5) ----------------------------------

def test_a_programming_error_shows_its_traceback(monkeypatch, registers):
    import mia_helpers.cli.panel as panel_cmd

    def broken(args):
        return {}["x"]  # a bug, not bad input

    monkeypatch.setattr(panel_cmd, "run", broken)
    with pytest.raises(KeyError, match="'x'"):
        cli.main(["panel", "--data", str(registers)])
    # through the interpreter: a traceback, not a one-line "error: 'x'"
    code = ("import mia_helpers.cli.panel as p, sys\n"
            "p.run = lambda args: {}['x']\n"
            "from mia_helpers.cli import main\n"
            f"sys.exit(main(['panel', '--data', {str(registers)!r}]))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=_env(), timeout=120)
    assert proc.returncode == 1
    assert "Traceback (most recent call last)" in proc.stderr and "KeyError: 'x'" in proc.stderr


def test_library_modules_do_not_import_the_command_line():
    import ast
    import re

    # an import of mia_helpers.cli names it in the text (the dotted name's parts may be split
    # by spaces or a backslash continuation): only the few modules that do are parsed
    # (parsing all 1.8 MB of the package took 3-4 s)
    named = re.compile(r"mia_helpers[\s\\]*\.[\s\\]*cli\b")
    for path in (ROOT / "mia_helpers").rglob("*.py"):
        if path.parent.name == "cli" or path.name == "__main__.py":
            continue
        text = path.read_text()
        if not named.search(text):
            continue
        tree = ast.parse(text)
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n == "mia_helpers.cli" or n.startswith("mia_helpers.cli.")
                           for n in names), f"{path} imports the command line"


# --- 2. adapters: encodings, time zones, code keys -----------------------------------------

@pytest.fixture
def raw(synthetic, tmp_path) -> Path:
    return write_raw_fixture(synthetic, tmp_path / "fixture", seed=3)


def _registers_equal(res, synthetic) -> None:
    for table in SPECS:
        assert_frame_equal(res.registers[table],
                                      pd.read_parquet(synthetic / f"{table}.parquet"), obj=table)


def test_a_windows_1252_csv_names_the_file_and_the_encoding_option(raw, synthetic):
    src = raw.parent / "raw" / "personen.csv"
    persons = pd.read_csv(src, sep=";", dtype=str, keep_default_na=False)
    persons["PRÉNOM"] = "Élodie"  # an unmapped column (its header is still decoded)
    persons.to_csv(src, sep=";", index=False, encoding="cp1252")
    with pytest.raises(MappingFileError) as info:
        adapt(raw)
    msg = str(info.value)
    assert str(src) in msg and "'persons'" in msg and "read: {encoding: ...}" in msg
    text = raw.read_text().replace('file: personen.csv\n    read: {sep: ";"}',
                                   'file: personen.csv\n    read: {sep: ";", encoding: cp1252}')
    assert text != raw.read_text()
    raw.write_text(text)
    _registers_equal(adapt(raw), synthetic)


def test_an_empty_raw_csv_names_the_file_instead_of_a_traceback(raw):
    """A 0-byte raw CSV (new-user trial: pandas' EmptyDataError traceback) is refused naming
    the register, the file and what to do; a header-only file is an empty register."""
    src = raw.parent / "raw" / "personen.csv"
    header, first = src.read_text().splitlines()[:2]
    src.write_bytes(b"")
    with pytest.raises(MappingFileError) as info:
        adapt(raw)
    msg = str(info.value)
    assert str(src) in msg and "'persons'" in msg and "is empty" in msg and "header" in msg
    src.write_text(f"{header}\n{first}\n{first}\n\"x\n")  # an unclosed quote
    with pytest.raises(MappingFileError, match="not a readable CSV file"):
        adapt(raw)


def test_a_code_column_without_any_value_maps_to_missing(raw):
    """A mapped code column that is empty in every row (here the residence ground of a file of
    residents only) is all missing after mapping (it raised IndexError)."""
    from mia_helpers.adapters.core import _map_codes

    mapped, bad = _map_codes(pd.Series([None, None], dtype=object), {"A": "asylum"})
    assert mapped.isna().all() and len(mapped) == 2 and bad.empty


def test_time_zone_aware_timestamps_are_read_in_the_extract_time_zone():
    ts = pd.Series(pd.to_datetime(["2011-03-31T21:30:00+00:00", "2011-03-31T23:30:00+00:00",
                                   "2011-12-31T23:30:00+00:00", None], utc=True))
    # Brussels is UTC+2 on 31 March 2011 (summer time since 27 March) and UTC+1 on 31 December
    q = quarter_of_dates(parse_dates(ts, "%Y-%m-%d"))
    assert q.tolist()[:3] == [to_index("2011Q1"), to_index("2011Q2"), to_index("2012Q1")]
    assert pd.isna(q.iloc[3])
    q_utc = quarter_of_dates(parse_dates(ts, "%Y-%m-%d", timezone="UTC"))
    assert q_utc.tolist()[:3] == [to_index("2011Q1")] * 2 + [to_index("2011Q4")]
    text = pd.Series(["2011-03-31T23:30:00+0000", "2011-06-30T12:00:00+0200"])
    q_text = quarter_of_dates(parse_dates(text, "%Y-%m-%dT%H:%M:%S%z"))
    assert q_text.tolist() == [to_index("2011Q2"), to_index("2011Q2")]
    with pytest.raises(MappingFileError, match="register 'x' column 'y'.*time-zone-aware"):
        parse_dates(ts, "%Y-%m-%d", timezone=None, where="register 'x' column 'y'")


def test_adapt_reads_aware_parquet_dates_or_refuses_naming_the_column(raw, synthetic):
    src = raw.parent / "raw" / "abb_inburgering.parquet"
    abb = pd.read_parquet(src)
    col = "DATUM"  # the date column of the example mapping's abb_inburgering
    # noon UTC is the same calendar day in Brussels: the registers must come out unchanged
    abb[col] = pd.to_datetime(abb[col]).dt.tz_localize("UTC") + pd.Timedelta(hours=12)
    abb.to_parquet(src, index=False)
    _registers_equal(adapt(raw), synthetic)
    assert "\ntimezone: Europe/Brussels " in raw.read_text()
    raw.write_text(raw.read_text().replace("\ntimezone: Europe/Brussels ", "\ntimezone: null "))
    with pytest.raises(MappingFileError, match="register 'abb_inburgering' column 'quarter'"):
        adapt(raw)
    raw.write_text(raw.read_text().replace("timezone: null", "timezone: Europe/Brusels"))
    with pytest.raises(MappingFileError, match="timezone.*Europe/Brusels"):
        load_mapping(raw)


def test_code_keys_in_the_mapping_are_kept_as_written(raw, synthetic):
    src = raw.parent / "raw" / "ksz_posities_maand.parquet"
    ksz = pd.read_parquet(src)
    ksz["LOONKLASSE"] = ksz["LOONKLASSE"].map({"LAAG": "01", "MIDDEN": "02", "HOOG": "10"})
    ksz.to_parquet(src, index=False)
    old = "wage_class: {LAAG: low, MIDDEN: mid, HOOG: high}"
    assert old in raw.read_text()
    raw.write_text(raw.read_text().replace(old, "wage_class: {01: low, 02: mid, 10: high}"))
    m = load_mapping(raw)
    assert m.registers["ksz_positions"].codes["wage_class"] == {"01": "low", "02": "mid",
                                                                "10": "high"}
    _registers_equal(adapt(raw), synthetic)


def test_a_truncated_raw_parquet_names_the_file(raw):
    src = raw.parent / "raw" / "ksz_posities_maand.parquet"
    src.write_bytes(src.read_bytes()[:100])
    with pytest.raises(MappingFileError, match=f"{src}.*not a readable Parquet"):
        adapt(raw)


# --- 3. interrupted and repeated runs ------------------------------------------------------

def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".tmp-" in p.name)


def test_a_truncated_panel_is_rebuilt_or_refused_naming_the_file_and_the_command(
        synthetic, registers, capsys):
    """A panel.parquet cut short after its metadata was written (a partial copy, a full disk) is
    not current: readers refuse it naming the file and the command that rebuilds it, and
    ensure_data (used by `effects` and the chapters) rebuilds it from the registers."""
    for f in ("panel.parquet", meta_path(synthetic / "panel.parquet").name):
        shutil.copy2(synthetic / f, registers / f)
    panel = registers / "panel.parquet"
    assert panel_problem(registers) is None
    panel.write_bytes(panel.read_bytes()[: panel.stat().st_size // 2])
    problem = panel_problem(registers)
    assert problem is not None and str(panel) in problem
    with pytest.raises(DataFileError) as err:
        load_panel(registers)
    assert str(panel) in str(err.value)
    assert f"python -m mia_helpers panel --data {registers}" in str(err.value)
    ensure_data(registers)
    assert panel_problem(registers) is None
    assert_frame_equal(load_panel(registers), load_panel(synthetic))


def test_a_stale_panel_from_another_seed_is_never_used(tmp_path):
    # registers only (truth=False): the panel is built from them, the truth tables (1.3 s of
    # each generation) play no part
    d = tmp_path / "data"
    generate(d, seed=1, residents=200, newcomers=100, truth=False)
    build_panel(d)
    generate(d, seed=2, residents=200, newcomers=100, truth=False)  # synth --out, same folder
    assert "persons.parquet" in panel_problem(d)
    with pytest.raises(DataFileError, match="other register files.*rebuild it"):
        load_panel(d)
    fresh = tmp_path / "fresh"
    generate(fresh, seed=2, residents=200, newcomers=100, truth=False)
    build_panel(fresh)
    ensure_data(d)  # rebuilds the stale panel
    assert panel_problem(d) is None
    assert_frame_equal(load_panel(d), load_panel(fresh))
    # an identical copy (new modification times, same bytes) is still current
    copy = tmp_path / "copy"
    shutil.copytree(fresh, copy, copy_function=shutil.copy)
    assert panel_problem(copy) is None
    # a panel whose metadata (written last) is missing is not trusted
    meta_path(copy / "panel.parquet").unlink()
    with pytest.raises(DataFileError, match="panel_meta.json"):
        load_panel(copy)


def test_a_panel_of_other_builder_code_or_spec_is_rebuilt_or_refused(tmp_path, monkeypatch):
    """A panel written by another version of the builder (e.g. one without a column added
    since) or over another window is stale: readers refuse it, ensure_data rebuilds it."""
    import mia_helpers.panel as P
    from mia_helpers.quarters import Window

    d = tmp_path / "data"
    generate(d, seed=3, residents=200, newcomers=100, truth=False)  # the panel's registers
    build_panel(d)
    assert panel_problem(d) is None
    monkeypatch.setattr(P, "builder_fingerprint", lambda: "another version")
    assert "another version of the panel builder" in panel_problem(d)
    with pytest.raises(DataFileError, match="panel builder.*rebuild it"):
        load_panel(d)
    ensure_data(d)  # rebuilt by the current (here: patched) builder
    assert panel_problem(d) is None
    monkeypatch.undo()
    build_panel(d)
    shifted = P.PanelSpec(window=Window.from_labels("2006Q1", "2015Q4"))
    assert "another specification" in panel_problem(d, spec=shifted)
    assert panel_problem(d, spec=P.PanelSpec()) is None
    ensure_data(d, window=("2006Q1", "2015Q4"))  # rebuilt over the window asked for
    assert panel_problem(d, spec=shifted) is None


_SLOW_BUILD = """
import dataclasses, sys, time
import mia_helpers.panel as P
sql = P.panel_sql
def slow(*a, **k):  # every chunk of 40 persons takes at least 0.3 s: time to send a signal
    time.sleep(0.3)
    return sql(*a, **k)
P.panel_sql = slow
@dataclasses.dataclass(frozen=True)
class Spec(P.PanelSpec):
    chunk_persons: int = 40
P.PanelSpec = Spec
from mia_helpers.cli import main
sys.exit(main(["panel", "--data", sys.argv[1]]))
"""


def _start_slow_build(data: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", _SLOW_BUILD, str(data)], env=_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _wait_for_parts(data: Path, proc: subprocess.Popen, timeout: float = 120) -> None:
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if any(data.glob(".panel.parquet.tmp-*-parts/part-*")):
            return
        if proc.poll() is not None:
            raise AssertionError(f"the build ended before it was killed: {proc.stderr.read()}")
        time.sleep(0.02)
    raise AssertionError("the build never started writing parts")


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_panel_build_leaves_the_previous_panel_and_no_partial_file(registers, sig):
    build_panel(registers)
    before = (registers / "panel.parquet").read_bytes()
    proc = _start_slow_build(registers)
    _wait_for_parts(registers, proc)
    proc.send_signal(sig)
    proc.wait(timeout=60)
    assert proc.returncode != 0
    # the panel file is the complete previous one, never a truncated new one
    assert (registers / "panel.parquet").read_bytes() == before
    if sig == signal.SIGTERM:  # the command cleans up after itself
        assert _leftovers(registers) == []
    else:  # SIGKILL cannot be caught: the metadata was withdrawn, so the panel is not trusted
        assert _leftovers(registers)
        with pytest.raises(DataFileError):
            load_panel(registers)
    res = build_panel(registers, if_needed=True)  # the next build cleans the leftovers
    assert _leftovers(registers) == [] and panel_problem(registers) is None
    assert res.rows == len(load_panel(registers, with_persons=False))


def test_two_builds_of_the_same_panel_wait_for_each_other(registers):
    lock = registers / ".panel.parquet.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time\nfrom mia_helpers.files import file_lock\n"
         f"with file_lock({str(registers / 'panel.parquet')!r}):\n"
         "    print('locked', flush=True)\n    time.sleep(60)\n"],
        env=_env(), stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        fd = os.open(lock, os.O_RDWR)
        with pytest.raises(BlockingIOError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.close(fd)
    finally:
        holder.kill()
        holder.wait()
    with file_lock(registers / "panel.parquet"):  # released when its holder died
        pass
    procs = [subprocess.Popen([sys.executable, "-m", "mia_helpers", "panel", "--data",
                               str(registers)], env=_env(), stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for p in procs:
        assert p.wait(timeout=300) == 0, p.stderr.read()
    assert panel_problem(registers) is None and _leftovers(registers) == []
    meta = json.loads(meta_path(registers / "panel.parquet").read_text())
    assert meta["rows"] == len(pd.read_parquet(registers / "panel.parquet"))


def test_truth_without_its_completion_marker_is_refused(tmp_path):
    d = tmp_path / "data"
    generate(d, seed=5, residents=150, newcomers=80)
    assert has_truth(d) is True
    assert load_truth(d, "activation_effects") is not None
    assert load_truth(d, "newcomer_effects") is not None
    assert (d / COMPLETE).exists() and not (d / INCOMPLETE).exists()
    (d / "truth" / COMPLETE).unlink()  # e.g. a copy of an interrupted run
    for f in (has_truth, load_parameters, lambda x: load_truth(x, "activation_effects")):
        with pytest.raises(DataFileError, match="truth is incomplete"):
            f(d)
    nt = tmp_path / "no_truth"
    generate(nt, seed=5, residents=150, newcomers=80, truth=False)
    # consistent: no truth tables, so has_truth is False and load_truth returns None
    assert has_truth(nt) is False and load_truth(nt, "activation_effects") is None
    assert load_parameters(nt)["seed"] == 5


_SLOW_SYNTH = """
import sys, time
import mia_helpers.synthetic as S
def slow(*a, **k):
    print("truth", flush=True)
    time.sleep(120)
S.activation_truth = slow
S.generate(sys.argv[1], seed=int(sys.argv[2]), residents=150, newcomers=80)
"""


def test_a_synth_killed_while_writing_truth_leaves_a_refused_folder(tmp_path):
    d = tmp_path / "data"
    generate(d, seed=5, residents=150, newcomers=80)  # a complete data set of another seed
    proc = subprocess.Popen([sys.executable, "-c", _SLOW_SYNTH, str(d), "6"], env=_env(),
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "truth"  # registers of seed 6 are written
    proc.kill()
    proc.wait()
    # the old truth (seed 5) is still in place beside seed 6's registers: nothing may use it
    for f in (has_truth, load_parameters, ensure_data, build_panel):
        with pytest.raises(DataFileError, match="incomplete data folder.*re-run"):
            f(d)
    generate(d, seed=6, residents=150, newcomers=80)
    assert has_truth(d) and load_parameters(d)["seed"] == 6
    assert _leftovers(d) == [] and _leftovers(d / "truth") == []


# --- 4. unreadable inputs and unwritable outputs -------------------------------------------

@pytest.mark.parametrize("size", [0, 100])
def test_an_empty_or_truncated_register_names_the_file(registers, size, capsys):
    f = registers / "vdab_measures.parquet"
    f.write_bytes(f.read_bytes()[:size])
    with pytest.raises(DataFileError, match=f"{f}: not a readable Parquet file"):
        build_panel(registers)
    assert cli.main(["panel", "--data", str(registers)]) == 2
    assert str(f) in capsys.readouterr().err
    assert not (registers / "panel.parquet").exists()


def test_missing_data_or_unwritable_out_is_refused_before_any_work(
        registers, tmp_path, monkeypatch, capsys):
    import functools

    import mia_helpers.effects as E

    @functools.wraps(E.activation_effects)  # the parser reads its defaults (mend49)
    def boom(*a, **k):
        raise AssertionError("the estimation started")

    monkeypatch.setattr(E, "activation_effects", boom)
    rc = cli.main(["effects", "--data", str(tmp_path / "missing"), "--out", str(tmp_path / "o.csv")])
    assert rc == 2 and "missing does not exist" in capsys.readouterr().err
    blocker = tmp_path / "a_file"
    blocker.write_text("")
    rc = cli.main(["effects", "--data", str(registers), "--out", str(blocker / "sub" / "o.csv")])
    err = capsys.readouterr().err
    assert rc == 2 and "--out: cannot write to" in err and str(blocker) in err
    assert not (registers / "panel.parquet").exists()  # not even the panel was built
    rc = cli.main(["panel", "--data", str(registers), "--out", str(blocker / "panel.parquet")])
    assert rc == 2 and "--out: cannot write to" in capsys.readouterr().err
    rc = cli.main(["chapter", "activation_effects", "--out", str(blocker / "run")])
    assert rc == 2 and "--out: cannot write to" in capsys.readouterr().err
    rc = cli.main(["synth", "--out", str(blocker / "s"), "--residents", "10", "--newcomers", "0"])
    assert rc == 2 and "--out: cannot write to" in capsys.readouterr().err


def test_panel_out_creates_its_folder_and_a_read_only_extract_is_left_untouched(registers,
                                                                                  tmp_path):
    before = {p.name: (p.stat().st_mtime_ns, p.stat().st_size) for p in registers.iterdir()}
    out = tmp_path / "new" / "deeper" / "panel.parquet"
    registers.chmod(0o555)  # read-only (not enforced for root: the listing below is the check)
    try:
        assert cli.main(["panel", "--data", str(registers), "--out", str(out)]) == 0
    finally:
        registers.chmod(0o755)
    after = {p.name: (p.stat().st_mtime_ns, p.stat().st_size) for p in registers.iterdir()}
    assert after == before  # nothing written into the extract folder (no lock, log or parts)
    assert sorted(p.name for p in out.parent.iterdir() if not p.name.startswith(".")) == [
        "exclusion_log.csv", "panel.parquet", "panel_meta.json"]
    assert panel_problem(registers, out) is None
    assert len(pd.read_parquet(out)) == json.loads(meta_path(out).read_text())["rows"]


def test_cached_synthetic_data_of_other_generator_code_are_regenerated(tmp_path, monkeypatch):
    from mia_helpers.files import read_complete
    from mia_helpers.synthetic import generator_fingerprint

    monkeypatch.setenv("MIA_DATA_ROOT", str(tmp_path / "cache"))
    d = ensure_data(seed=9, residents=120, newcomers=60)
    marker = read_complete(d)
    assert marker["generator"] == generator_fingerprint()
    assert ensure_data(seed=9, residents=120, newcomers=60) == d
    assert read_complete(d)["finished"] == marker["finished"]  # reused, not regenerated
    (d / COMPLETE).write_text(json.dumps({**marker, "generator": "older code"}))
    ensure_data(seed=9, residents=120, newcomers=60)
    again = read_complete(d)
    assert again["generator"] == generator_fingerprint() and again["finished"] != marker["finished"]
    assert has_truth(d) and panel_problem(d) is None
    assert _leftovers(d.parent) == []


def _closed_pipe(argv: list[str]) -> subprocess.CompletedProcess:
    """Run ``python -m mia_helpers ARGV`` with standard output a pipe whose reader has gone
    (``... | head`` after head exits): the read end is closed before the command prints."""
    proc = subprocess.Popen([sys.executable, "-m", "mia_helpers", *argv], env=_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc.stdout.close()
    err = proc.stderr.read()
    return subprocess.CompletedProcess(argv, proc.wait(timeout=120), None, err)


def test_a_closed_pipe_ends_a_command_quietly(tmp_path):
    """New-user trial: ``export-check DIR | head`` printed ``error: [Errno 32] Broken pipe``
    and exited 2 (bad input). Now the command stops without a message (Python documentation,
    note on SIGPIPE): export-check still writes its record and exits with the check's status;
    other commands exit 141 (128 + SIGPIPE), as a shell reports a command ended by SIGPIPE."""
    folder = tmp_path / "out"
    folder.mkdir()
    for i in range(3):
        (folder / f"notes{i}.txt").write_text("x\n")  # findings to print
    res = _closed_pipe(["export-check", str(folder)])
    assert res.stderr == "" and res.returncode == 1, res.stderr
    rec = json.loads((folder / "export_check_results.json").read_text())
    assert rec["status"] == "fail"
    res = _closed_pipe(["chapter", "--list"])
    assert res.stderr == "" and res.returncode == 128 + signal.SIGPIPE, res.stderr


@pytest.mark.parametrize(("name", "short"), [
    ("6", "conclusions"), ("06", "conclusions"), ("A", "matching_method"),
    ("c", "heart_transplant"), ("Conclusions", "conclusions"),
    ("06_Conclusions", "conclusions"), ("notebooks/04_activation_effects.md", "activation_effects"),
])
def test_a_chapter_may_be_named_by_its_number_or_in_any_case(name, short):
    assert resolve_chapter(name)[0] == short


def test_an_unknown_chapter_number_lists_the_chapters(capsys):
    assert cli.main(["chapter", "--list", "7"]) == 2
    err = capsys.readouterr().err
    assert "unknown chapter '7'" in err and "06_conclusions.md" in err


@pytest.mark.parametrize("argv", [
    ["chapter", "conclusions", "--out", "{file}"],
    ["synth", "--residents", "10", "--out", "{file}"],
])
def test_an_out_folder_that_is_a_file_is_refused_naming_it(argv, tmp_path, capsys):
    """New-user trial: ``--out /etc/passwd`` said "cannot write ... (File exists)"."""
    f = tmp_path / "results.txt"
    f.write_text("keep me\n")
    assert cli.main([a.replace("{file}", str(f)) for a in argv]) == 2
    err = capsys.readouterr().err
    assert f"--out: cannot write to {f}: it is a file, not a folder" in err
    assert f.read_text() == "keep me\n"


@pytest.mark.parametrize(("make", "expected"), [
    (lambda d: d.mkdir(), "holds no registers (persons.parquet) and no panel.parquet"),
    (lambda d: d.write_text("x"), "is a file; give the folder of the registers"),
])
@pytest.mark.parametrize("command", ["effects", "panel"])
def test_a_data_folder_without_registers_is_refused_before_work(command, make, expected,
                                                                tmp_path, capsys):
    data = tmp_path / "data"
    make(data)
    argv = [command, "--data", str(data)] + (
        ["--out", str(tmp_path / "e.csv")] if command == "effects" else [])
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert "--data: " in err and str(data) in err and expected in err, err
    assert not (tmp_path / "e.csv").exists()


def test_effects_max_quarter_must_fit_the_panel_window(tmp_path):
    """New-user trial: ``effects --max-quarter 60`` on a 48-quarter panel ran and wrote NaN rows
    for horizons 48-60; the chapter runner refuses the same value (max_quarter <= quarters - 1)."""
    from mia_helpers.cli.effects import check_max_quarter

    (tmp_path / "panel_meta.json").write_text(json.dumps({"spec": {"window": [0, 47]}}))
    check_max_quarter(47, tmp_path)
    with pytest.raises(ParameterError, match=r"--max-quarter 48: .* 2005Q1\.\.2016Q4 \(48 "
                                             r"quarters\).* give --max-quarter 47 or less"):
        check_max_quarter(48, tmp_path)


@pytest.mark.parametrize(("item", "expected"), [
    ("job.bas=1", "--set job.bas: no generator parameter of that name; did you mean 'job.base'"),
    ("job=1", "--set job: 'job' is a group of generator parameters"),
])
def test_synth_set_names_the_closest_parameter_or_the_group(item, expected):
    """New-user trial: a typo listed every key of the group; ``--set job=1`` was a traceback."""
    from mia_helpers.cli.synth import generator_config

    with pytest.raises(ParameterError) as info:
        generator_config(None, [item])
    assert expected in str(info.value)


@pytest.mark.parametrize(("argv", "expected"), [
    (["chapter", "conclusions", "--notebooks", "{file}"], "--notebooks {file}: a file; give "
                                                          "the folder of the chapter sources"),
    (["chapter", "conclusions", "--notebooks", "{missing}"], "--notebooks {missing}: not found"),
    # --list without a chapter printed "(source missing)" for every chapter
    (["chapter", "--list", "--notebooks", "{missing}"], "--notebooks {missing}: not found"),
    (["adapt", "--mapping", "{file}", "--out", "{missing}"],
     "--mapping {file}: mapping file: expected a YAML mapping"),
])
def test_a_wrong_input_path_is_named_with_its_option(argv, expected, tmp_path, capsys):
    """New-user trial: ``--notebooks FILE`` reported a missing FILE/06_conclusions.md, and a
    mapping that is not a YAML mapping did not name the file."""
    f, missing = tmp_path / "plain.txt", tmp_path / "missing"
    f.write_text("just text\n")
    fill = {"{file}": str(f), "{missing}": str(missing)}

    def sub(a: str) -> str:
        for k, v in fill.items():
            a = a.replace(k, v)
        return a

    assert cli.main([sub(a) for a in argv]) == 2
    assert sub(expected) in capsys.readouterr().err
    assert not missing.exists()


def test_every_subcommand_help_has_a_description():
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, p in sub.choices.items():
        assert p.description, name
