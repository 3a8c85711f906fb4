"""user29: a file of a register's list (``file: [a.csv, b.csv]``) with a missing source
column or in another encoding is left out of the run's value checks; the message names the
file, the column or encoding and what to do, and the note counts the rows not read.

- the message of a column renamed in one yearly file said to rename it under `columns:`,
  which applies to every file of the list, so the other files would then lack it;
- the note said which files were not read, not how many rows they hold.
"""

from __future__ import annotations

import pytest
from test_user26_adapt_problems import _rewrite
from test_user28_extract import _yearly

from mia_helpers.adapters import adapt

FILES = ["acties_2008.csv", "acties_2009.csv"]


def test_a_column_renamed_in_one_file_is_not_to_be_renamed_under_columns(tmp_path):
    m = _yearly(tmp_path)
    _rewrite(m, "acties_2009.csv", lambda d: d.rename(columns={"ACTIE": "ACTIECODE"}))
    m["registers"]["vdab_measures"]["file"] = FILES
    with pytest.raises(Exception) as err:
        adapt(m)
    text = str(err.value)
    assert "rename `ACTIE:` to `ACTIECODE:`" not in text
    assert ("'ACTIE' is in the list's other file acties_2008.csv, and acties_2009.csv has "
            "'ACTIECODE' instead: `columns:` applies to every file of the list, so do not "
            "rename the column there") in text
    assert "ask the data owner for acties_2009.csv with the header of the other files" in text
    assert "acties_2009.csv (1 line after the header) could not be read" in text
    assert "none of their rows was read" in text


def test_a_column_missing_from_every_file_keeps_the_rename_hint(tmp_path):
    m = _yearly(tmp_path)
    for f in FILES:
        _rewrite(m, f, lambda d: d.rename(columns={"ACTIE": "ACTIECODE"}))
    m["registers"]["vdab_measures"]["file"] = FILES
    with pytest.raises(Exception) as err:
        adapt(m)
    text = str(err.value)
    assert "rename `ACTIE:` to `ACTIECODE:`" in text
    assert "other file" not in text.split("note:")[0]

# a file in another encoding (named, counted, never read as latin-1): in
# test_user28b_files.test_one_file_in_another_encoding_is_named_and_takes_its_own_read
