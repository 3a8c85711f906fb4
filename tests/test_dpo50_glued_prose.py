"""dpo50: glued numbers that an executed notebook's prose publishes, read as the prose shows them.

1. A notebook's markdown cells were read with their glue roles unresolved: "{glue}`ibo_entered`
   persons entered a job", ``ibo_entered`` glued as 3, read "ibo_entered persons" and passed
   (the glue name is no count name, so the glued value was not read either). The book and
   the runner's HTML show "3 persons entered a job"; the ``.ipynb`` exported on its own (an
   executed book's notebooks) published it unread. The prose is now read with the glued
   values in place (:func:`mia_helpers.export_check.resolve_glue`), as the runner's HTML is.
2. A glued count of persons (a count name) as a whole float ("3.0", ``np.float64(3.0)``,
   which ``{glue:text}`name:.0f``` shows as 3) or as a string of digits ("'3'") passed: only
   an integer's ``text/plain`` was read.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mia_helpers.export_check import scan


def _glue(name: str, plain: str) -> dict:
    """The output myst-nb's ``glue(name, value, display=False)`` records."""
    prefix = "application/papermill.record/"
    return {"output_type": "display_data", "data": {prefix + "text/plain": plain},
            "metadata": {"scrapbook": {"name": name, "mime_prefix": prefix}}}


def _notebook(folder: Path, markdown: str, glued: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "execution_count": 1, "metadata": {}, "source": "glue(...)",
         "outputs": [_glue(k, v) for k, v in glued.items()]},
        {"cell_type": "markdown", "metadata": {}, "source": markdown}]}
    path = folder / "chapter.ipynb"
    path.write_text(json.dumps(nb))
    return path


# (prose, glued values, a value that makes the same prose safe)
PROSE = {
    "persons": ("{glue}`ibo_entered` persons entered a job.", {"ibo_entered": "3"},
                {"ibo_entered": "30"}),
    "formatted": ("{glue:text}`ibo_entered:.0f` starters entered a job.",
                  {"ibo_entered": "3.0"}, {"ibo_entered": "30.0"}),
    "share_of": ("Of the {glue}`ibo_group` starters, {glue:text}`ibo_share:.1f` % entered.",
                 {"ibo_group": "40", "ibo_share": "2.5"}, {"ibo_group": "40", "ibo_share": "25.0"}),
    "count_label": ("The Maghrebi starters (n = {glue}`maghreb_size`) were older.",
                    {"maghreb_size": "4"}, {"maghreb_size": "40"}),
}


@pytest.mark.parametrize("case", sorted(PROSE))
def test_a_glued_number_in_the_prose_is_read_as_the_prose_shows_it(tmp_path, case):
    """Each passed before dpo50 (the roles were read unresolved)."""
    prose, leak, safe = PROSE[case]
    found = scan(_notebook(tmp_path / "leak", prose, leak)).findings
    assert "small_count" in {f.rule for f in found}, found
    assert any("cell 2" in f.where for f in found), found
    res = scan(_notebook(tmp_path / "safe", prose, safe))
    assert res.ok, "\n".join(map(str, res.findings))


def test_a_glued_count_read_as_such_is_named_once(tmp_path):
    """A glued count of persons (a count name) is refused as the glued value; its role in the
    prose is not read again (one finding, naming the glue, as in the runner's HTML)."""
    found = scan(_notebook(tmp_path, "{glue}`ch4_n_treated` starters.",
                           {"ch4_n_treated": "4"})).findings
    assert [f.rule for f in found] == ["small_count"], found
    assert "'ch4_n_treated' = 4" in found[0].detail


def test_roles_of_names_not_glued_and_glued_tables_are_left_as_they_are(tmp_path):
    """Only values glued in the notebook are put in; a glued Markdown table is read as the
    output it is (not again as the prose's text: one table)."""
    table = _glue("tbl-x", "'table'")
    table["data"]["application/papermill.record/text/markdown"] = (
        "| origin | persons |\n|---|---|\n| a | 40 |\n| b | 50 |\n")
    nb = json.loads(_notebook(tmp_path, "{glue}`missing` persons; {glue:md}`tbl-x`",
                              {}).read_text())
    nb["cells"][0]["outputs"] = [table]
    (tmp_path / "chapter.ipynb").write_text(json.dumps(nb))
    res = scan(tmp_path / "chapter.ipynb")
    assert res.ok and res.tables == 1, "\n".join(map(str, res.findings))


@pytest.mark.parametrize("plain", ["3.0", "np.float64(3.0)", "'3'"])
def test_a_glued_count_as_a_whole_float_or_digits_is_refused(tmp_path, plain):
    """Passed before dpo50: only an integer's text was read."""
    found = scan(_notebook(tmp_path, "Starters.", {"ch4_n_treated": plain})).findings
    assert [f.rule for f in found] == ["small_count"], found
    assert "glued value 'ch4_n_treated'" in found[0].detail


@pytest.mark.parametrize("plain", ["3.5", "np.float64(40.0)", "'40'", "'two'", "'3 of 40'"])
def test_other_glued_values_of_count_names_pass(tmp_path, plain):
    """A fraction is no count; a count of at least min_cell passes; words are left to the
    prose (Appendix A glues ``a_calib_n_se`` = 'two', the number of standard errors)."""
    res = scan(_notebook(tmp_path, "Starters.", {"ch4_n_treated": plain}))
    assert res.ok, "\n".join(map(str, res.findings))
