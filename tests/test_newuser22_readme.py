"""The README's command-line table against the parsers (newuser22: `effects --population`,
`panel --memory-limit/--threads`, `export-check --id-min-rows/--dof-threshold` and the
chapter runner's `--out/--list/--notebooks` were real options the table did not name)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.mark.parametrize("name", ["synth", "panel", "effects", "chapter", "adapt",
                                  "export-check"])
def test_the_command_table_row_names_every_option(name):
    from mia_helpers.cli import build_parser

    rows = [line for line in README.read_text(encoding="utf-8").splitlines()
            if line.startswith(f"| `python -m mia_helpers {name} ")]
    assert len(rows) == 1, f"README has {len(rows)} command-table rows for {name!r}"
    subs = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    options = [a.option_strings for a in subs.choices[name]._actions
               if a.option_strings and a.help is not argparse.SUPPRESS
               and not isinstance(a, argparse._HelpAction)]
    missing = [o[-1] for o in options
               if not any(re.search(re.escape(x) + r"(?![\w-])", rows[0]) for x in o)]
    assert not missing, f"README's row of {name!r} does not name {missing}"


def test_step_4_lists_every_file_of_a_run_folder():
    """Step 4 said each run folder holds "the executed notebook, its HTML and a
    manifest.json"; the runner also writes disclosure_record.json (which export-check
    requires) and mathjax/, which must leave with the folder."""
    text = " ".join(README.read_text(encoding="utf-8").split())
    start = text.index("Each folder under `export/` holds")
    sentence = text[start:text.index("5. **Check before anything leaves:**", start)]
    assert "`disclosure_record.json`" in sentence and "`mathjax/`" in sentence


def test_the_readme_states_that_synth_and_adapt_refuse_each_others_folders():
    """The refusals of tests/test_newuser22_messages.py are stated where the README promises
    that files are never stale."""
    text = " ".join(README.read_text(encoding="utf-8").split())
    assert "`adapt` refuses an `--out` holding a `truth/`" in text
    assert "`synth` one holding `adapt_log.csv`" in text
