"""Messages a new user met while following the README (twenty-second session, newuser22)."""

from __future__ import annotations

from pathlib import Path

import pytest
from data_folders import synth_folder as _synth_folder


def test_panel_command_window_error_names_no_chapter_parameter(tmp_path):
    """`panel --data d77 --window-end 2018Q4` on a `synth` folder was told to "leave data_dir
    at None", a chapter parameter the `panel` command does not have; the chapters keep it."""
    from mia_helpers.chapters import check_extract_window
    from mia_helpers.files import DataFileError
    from mia_helpers.quarters import Window

    folder = _synth_folder(tmp_path / "s", 0, 47)
    with pytest.raises(DataFileError) as err:
        check_extract_window(folder, Window(0, 55), options=True)
    msg = str(err.value)
    assert "data_dir" not in msg and "--window-end 2016Q4" in msg
    assert "(`synth --window-start/--window-end`)" in msg
    with pytest.raises(DataFileError, match="or leave data_dir at None"):
        check_extract_window(folder, Window(0, 55))


def test_a_mistyped_register_column_in_the_mapping_gets_the_close_name():
    """`GEBOORTEJAAR: birthyear` under `columns:` was refused as "columns ['birthyear'] are not
    in the register schema [...]" without the close name or what to change."""
    from mia_helpers.adapters import MappingFileError, load_mapping

    raw = {"version": 1, "registers": {"persons": {
        "file": "personen.csv", "columns": {"PSEUDO_ID": "person_id",
                                            "GEBOORTEJAAR": "birthyear"}}}}
    for table in ("ksz_positions", "vdab_registrations", "vdab_measures", "abb_inburgering",
                  "wse_permits"):
        raw["registers"][table] = {"empty": True}
    with pytest.raises(MappingFileError) as err:
        load_mapping(raw)
    msg = str(err.value)
    assert "'birthyear' (did you mean 'birth_year'?)" in msg
    assert "right of the colon under `columns:`" in msg


def test_every_option_of_every_subcommand_has_help():
    """The README says `effects --help` explains each option; --population and --max-quarter
    (effects), --stable-quarters, --min-fte, --min-wage-class, --memory-limit, --threads
    (panel) and --seed, --residents, --newcomers, --out (synth) were listed without a word."""
    import argparse

    from mia_helpers.cli import build_parser

    top = build_parser()
    subs = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
    bare = [f"{name} {'/'.join(a.option_strings) or a.dest}"
            for name, parser in subs.choices.items() for a in parser._actions
            if a.help is None and not isinstance(a, argparse._HelpAction)]
    assert not bare, bare


def test_export_check_tells_a_run_below_the_check_threshold_to_run_again(tmp_path):
    """Chapter 3 run with `-p min_cell 5` and checked with `--min-cell 10` (README step 5) was
    told to "suppress them (mia_helpers.disclosure.suppress)" only; the remedy for a run of
    the chapter runner is to run it again at the check's threshold. Verdict unchanged."""
    from export_files import run_folders

    from mia_helpers.export_check import scan

    run_folders(tmp_path, {"low": 5, "same": 10}, "origin,n_persons\nbelgian,120\nturkish,4\n")
    res = scan(tmp_path, 10)
    small = {f.file: f.detail for f in res.findings if f.rule == "small_count"}
    assert set(small) == {"low/table.csv", "same/table.csv"} and not res.ok
    assert small["low/table.csv"].endswith(
        "this run's manifest.json records min_cell=5, below the check's 10: run the chapter "
        "again with -p min_cell 10")
    assert "manifest.json records" not in small["same/table.csv"]


def test_adapt_refuses_a_synth_folder_whose_truth_would_be_shown_as_the_extracts(tmp_path):
    """`adapt --out d77` into a `synth` folder wrote the extract's registers beside d77's
    truth/ and printed "no truth/: estimates only", while the chapters then drew the
    generator's true effects beside the extract's estimates. Refused before any file is read
    (the mapping's raw folder does not even exist here)."""
    from mia_helpers.adapters import adapt
    from mia_helpers.files import DataFileError

    out = _synth_folder(tmp_path / "d77", 0, 47)
    from mia_helpers import adapters

    example = Path(adapters.__file__).parent / "example_mapping.yaml"
    with pytest.raises(DataFileError) as err:
        adapt(example, out, source_dir=tmp_path / "missing")
    msg = str(err.value)
    assert f"{out} (--out) holds truth/" in msg and "give adapt a new folder" in msg
    assert sorted(p.name for p in out.iterdir()) == ["_COMPLETE.json", "truth"]


def test_synth_refuses_an_adapted_extract_folder(tmp_path, capsys):
    """`synth --out extract` over an `adapt` folder wrote synthetic registers beside the
    extract's manifest.json (whose window the chapters took for the folder's) and its
    adapt_log.csv; refused before generating, naming the file."""
    from mia_helpers.cli import main

    out = tmp_path / "extract"
    out.mkdir()
    (out / "adapt_log.csv").write_text("table,file\n")
    with pytest.raises(SystemExit) as done:
        raise SystemExit(main(["synth", "--residents", "10", "--newcomers", "0",
                               "--out", str(out)]))
    assert done.value.code == 2
    assert "holds an adapted extract" in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == ["adapt_log.csv"]


def test_a_mistyped_option_names_the_subcommand_and_the_close_option(capsys):
    """`synth --residnts 100` was answered "python -m mia_helpers: error: unrecognized
    arguments: --residnts 100": neither the subcommand nor --residents was named."""
    from mia_helpers.cli import main

    assert main(["synth", "--residnts", "100", "--out", "q"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: synth: unrecognized arguments --residnts 100")
    assert "did you mean --residents?" in err and "python -m mia_helpers synth --help" in err


def test_a_commands_warnings_print_as_one_line_without_source(monkeypatch, capsys):
    """`effects` printed its NotIdentifiedWarning as ".../mia_helpers/effects.py:1732:
    NotIdentifiedWarning: ..." followed by the package's code line `res = match(...)`."""
    import warnings

    from mia_helpers.cli import main, synth

    def run(args):
        warnings.warn("term 'x' has no treated", UserWarning, stacklevel=1)
        return 0

    monkeypatch.setattr(synth, "run", run)
    before = warnings.showwarning
    assert main(["synth", "--out", "q"]) == 0
    err = capsys.readouterr().err
    assert err == "warning: term 'x' has no treated (UserWarning)\n"
    assert warnings.showwarning is before


def test_a_data_dir_that_is_a_file_or_missing_is_named_plainly(tmp_path, monkeypatch):
    """`-p data_dir nodir` read "folder nodir does not exist (not found)", and a file
    "folder f does not exist (a file, not a folder)"; a relative path now names the folder
    it is read from."""
    from mia_helpers.files import ParameterError
    from mia_helpers.params import DATA_DIR as param

    monkeypatch.chdir(tmp_path)
    (tmp_path / "f").write_text("x")
    with pytest.raises(ParameterError) as err:
        param.check("data_dir", "f")
    assert str(err.value) == "parameter 'data_dir': f is a file, not a folder"
    with pytest.raises(ParameterError) as err:
        param.check("data_dir", "nodir")
    assert str(err.value) == ("parameter 'data_dir': folder nodir does not exist (a relative "
                              f"path is read from the current folder {tmp_path})")


def test_a_codes_key_that_is_no_register_column_lists_the_coded_columns():
    """`gender: {M: male, V: female}` under `codes:` (the register column is `sex`) was
    refused as "code maps apply to code, boolean or integer register columns"."""
    import yaml

    from mia_helpers import adapters
    from mia_helpers.adapters import MappingFileError, load_mapping

    example = Path(adapters.__file__).parent / "example_mapping.yaml"
    raw = yaml.safe_load(example.read_text(encoding="utf-8"))
    codes = raw["registers"]["persons"]["codes"]
    codes["gender"] = codes.pop("sex")
    with pytest.raises(MappingFileError) as err:
        load_mapping(raw)
    msg = str(err.value)
    assert "'gender' is not a column of register 'persons'" in msg
    assert "here one of ['sample', 'sex'," in msg
