"""Error messages a new user met while following the README (twenty-first session, newuser21)."""

from __future__ import annotations

import pytest
from data_folders import synth_folder as _synth_folder
from notebook_text import MYST_HEADER


def test_a_window_breaking_one_bound_names_the_whole_extract(tmp_path):
    """`synth --window-start 2008Q1 --window-end 2019Q4` then `panel --data DIR` (the default
    window 2005Q1..2016Q4) was told to set --window-start 2008Q1 only, which builds the panel
    over 2008Q1..2016Q4 and silently leaves out 2017-2019: the message now names the whole."""
    from mia_helpers.chapters import check_extract_window
    from mia_helpers.files import DataFileError
    from mia_helpers.quarters import Window

    folder = _synth_folder(tmp_path / "s", 12, 59)  # 2008Q1..2019Q4
    with pytest.raises(DataFileError) as err:
        check_extract_window(folder, Window(0, 47), options=True)
    msg = str(err.value)
    assert "set --window-start 2008Q1 (" in msg
    assert "the data's whole window: --window-start 2008Q1 --window-end 2019Q4" in msg
    with pytest.raises(DataFileError, match="the data's whole window: -p window_start 2008Q1 "
                                            "-p window_end 2019Q4"):
        check_extract_window(folder, Window(0, 47))
    # both bounds broken: the fix already names both, no second suggestion
    with pytest.raises(DataFileError) as err:
        check_extract_window(folder, Window(0, 63), options=True)
    assert "whole window" not in str(err.value)
    assert "set --window-start 2008Q1 --window-end 2019Q4" in str(err.value)


def test_a_reversed_mapping_window_is_named_in_quarter_labels():
    """`window: {start: 2011Q4, end: 2010Q1}` was refused as "window end 20 before start 27"
    (quarter indices, which the mapping never shows); the message now gives the labels."""
    from mia_helpers.adapters import MappingFileError, load_mapping

    raw = {"version": 1, "window": {"start": "2011Q4", "end": "2010Q1"}, "registers": {}}
    with pytest.raises(MappingFileError) as err:
        load_mapping(raw)
    msg = str(err.value)
    assert "end 2010Q1 is before start 2011Q4" in msg and "20 before" not in msg


def test_execute_logs_the_jobs_not_the_cpu_count():
    """`execute --jobs 1` on two cores logged jupyter-cache's "Executing 9 notebook(s) over
    pool of 2 processors" (os.cpu_count()) while one notebook ran at a time."""
    import logging

    from mia_helpers.cli.execute import PoolSizeFilter

    record = logging.LogRecord("mia_helpers.execute", logging.INFO, __file__, 1,
                               "Executing 9 notebook(s) over pool of 2 processors", None, None)
    assert PoolSizeFilter(1).filter(record)
    assert record.getMessage() == "Executing 9 notebooks 1 at a time (--jobs)"
    one = logging.LogRecord("mia_helpers.execute", logging.INFO, __file__, 1,
                            "Executing 1 notebook(s) over pool of 2 processors", None, None)
    assert PoolSizeFilter(2).filter(one)
    assert one.getMessage() == "Executing 1 notebook 2 at a time (--jobs)"  # mend49
    other = logging.LogRecord("x", logging.INFO, __file__, 1, "cache %s", ("hit",), None)
    assert PoolSizeFilter(1).filter(other) and other.getMessage() == "cache hit"


def test_an_unmapped_code_names_the_registers_codes():
    """An unmapped source code told the user to add `source code: our code` under `codes:`
    without saying what our codes are; the message now lists them (and true/false for a flag)."""
    import pandas as pd

    from mia_helpers.adapters import MappingError

    err = MappingError(pd.DataFrame({
        "table": ["persons", "persons", "persons"],
        "column": ["origin", "parent_employed", "birth_year"],
        "problem": ["unmapped_code", "unmapped_code", "not_an_integer"],
        "value": ["BELG", "JA", "x"], "count": [1, 1, 1]}))
    msg = str(err)
    assert ("our codes of persons.origin: belgian, southern_eu, eastern_eu, maghreb, turkish, "
            "subsaharan, other_non_eu") in msg
    assert "our values of persons.parent_employed: true, false" in msg
    assert "our codes of persons.birth_year" not in msg  # not a code column, not unmapped


def test_a_missing_source_folder_says_where_it_was_looked_for(tmp_path, capsys):
    """`source_dir: rawx` (a typo) was refused as "source folder rawx does not exist", without
    saying that it is read relative to the mapping file's folder."""
    import shutil

    from mia_helpers.adapters import EXAMPLE_MAPPING
    from mia_helpers.cli import main

    mapping = tmp_path / "mapping.yaml"
    shutil.copy(EXAMPLE_MAPPING, mapping)  # source_dir: raw, not there
    assert main(["adapt", "--mapping", str(mapping), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert f"read relative to the mapping file's folder {tmp_path}" in err
    assert "pass --source DIR" in err
    assert main(["adapt", "--mapping", str(mapping), "--source", str(tmp_path / "nope"),
                 "--out", str(tmp_path / "out")]) == 2
    assert "(--source) does not exist" in capsys.readouterr().err


_MYST = MYST_HEADER + """
# Tiny

```{code-cell} python
:tags: [parameters]

bootstrap = 0  # replications (interval = "bootstrap" only)
k = 3  # neighbours
```
"""


def test_papermill_does_not_call_a_checked_parameter_unknown(tmp_path, monkeypatch, caplog):
    """papermill cannot parse a parameter line whose comment holds another "=" (chapter 4's
    `bootstrap`), so `-p bootstrap 199` (the README's example) logged "Passed unknown
    parameter: bootstrap" although the value was injected and used. The runner, which has
    checked the parameters itself, now drops that message too; others still pass."""
    import logging

    import nbformat
    import papermill
    from papermill.translators import PythonTranslator

    from mia_helpers import notebook_run

    cell = _MYST.split(":tags: [parameters]\n\n")[1].split("```")[0]
    names = [p.name for p in PythonTranslator.inspect({"source": cell})]
    assert "bootstrap" not in names and "k" in names  # the parse failure behind the warning

    def fake_execute(nb, out, parameters, **kwargs):  # papermill's own check, no kernel
        known = {p.name for p in PythonTranslator.inspect(nb.cells[0])}
        for name in parameters:
            if name not in known:
                logging.getLogger("papermill").warning(f"Passed unknown parameter: {name}")
        logging.getLogger("papermill").warning("another papermill warning")
        nbformat.write(nb, out)

    monkeypatch.setattr(papermill, "execute_notebook", fake_execute)
    src = tmp_path / "tiny.md"
    src.write_text(_MYST)
    with caplog.at_level(logging.INFO):
        notebook_run.execute(src, tmp_path / "tiny.ipynb", parameters={"bootstrap": 199})
    messages = [r.getMessage() for r in caplog.records]
    assert "another papermill warning" in messages
    assert not [m for m in messages if m.startswith("Passed unknown parameter")]
    # outside a run the filter is gone
    logging.getLogger("papermill").warning("Passed unknown parameter: x")
    assert caplog.records[-1].getMessage() == "Passed unknown parameter: x"
