"""mend49: messages printed "(s)" plurals ("1 register row(s) excluded", "unrecognized
argument(s) --x", "marks 1 table(s) 'fail'") whatever the count. They now use the real
singular or plural (:func:`mia_helpers.words.plural`, :func:`~mia_helpers.words.counted`).

The scan reads the string literals (not the docstrings or comments) of every module of the
package; the fingerprinted modules (PREAMBLE: code changes force the Monte Carlo regeneration)
keep theirs (schemas.py's register rules, matching.py's propensity-logit warning)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pandas as pd
import pytest

from mia_helpers.words import counted, plural

PACKAGE = Path(__file__).resolve().parents[1] / "mia_helpers"
#: code changes here force the Monte Carlo regeneration (docstrings only): not scanned
FINGERPRINTED = {"montecarlo.py", "matching.py", "effects.py", "panel.py", "schemas.py",
                 "matched_truth.py", "codes.py", "quarters.py", "newcomers.py",
                 "covariates.py", "montecarlo_newcomers.py", "montecarlo_replication.py",
                 "montecarlo_confirmation.py"}
PLURAL = re.compile(r"[A-Za-z]\(s\)")


def _messages_with_plural_s(path: Path) -> list[str]:
    """``line: text`` of every string literal (f-string parts included) with a "(s)" plural,
    docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docs.add(id(body[0].value))
    return [f"{path.name}:{n.lineno}: {n.value!r}" for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs
            and PLURAL.search(n.value)]


def _scanned() -> list:
    out = []
    for p in sorted(PACKAGE.rglob("*.py")):
        rel = p.relative_to(PACKAGE).as_posix()
        if p.name in FINGERPRINTED or {"core", "synthetic"} & set(p.parts):
            continue
        out.append(pytest.param(p, id=rel))
    return out


@pytest.mark.parametrize("path", _scanned())
def test_no_plural_s_in_messages(path):
    found = _messages_with_plural_s(path)
    assert not found, "\n".join(found)


def test_the_scan_finds_a_plural_s():
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "m.py"
        p.write_text('"""Doc with row(s)."""\n\ndef f(n):\n    """row(s)"""\n'
                     '    return f"{n} row(s)"\n', encoding="utf-8")
        assert [x.split(":")[1] for x in _messages_with_plural_s(p)] == ["5"]


@pytest.mark.parametrize(("n", "word", "count"), [
    (0, "rows", "0 rows"), (1, "row", "1 row"), (2, "rows", "2 rows"),
    (["a"], "row", "1 row"), (["a", "b"], "rows", "2 rows")])
def test_plural_and_counted(n, word, count):
    assert plural(n, "row") == word and counted(n, "row") == count
    assert plural(2, "person", "persons") == "persons" and plural(1, "man", "men") == "man"


def test_command_messages_read_singular_and_plural():
    from mia_helpers.cli import _unrecognized, build_parser
    from mia_helpers.cli.adapt import exclusion_summary
    from mia_helpers.data import unplaced_summary

    parser = build_parser()
    assert "unrecognized argument --x;" in _unrecognized(parser, "synth", ["--x"])
    assert "unrecognized arguments --x 1;" in _unrecognized(parser, "synth", ["--x", "1"])
    log = pd.DataFrame({"table": ["persons"], "rule": ["no_ksz_quarter_in_window"],
                        "rows": [1], "of_rows": [30]})
    text = exclusion_summary(log)
    assert text.startswith("1 register row excluded from the panel")
    assert "the 1 person of persons without any KSZ quarter" in text
    assert exclusion_summary(log.assign(rows=3)).startswith("3 register rows excluded")
    u = pd.DataFrame({"table": ["vdab_measures"], "column": ["start_quarter"], "rows": [1],
                      "of_rows": [1], "persons": [1]})
    text = unplaced_summary(u)
    assert text.startswith("warning: 1 register row in the window falls in a quarter"), text
    assert "vdab_measures: 1 of 1 row (start_quarter), 1 person: lost is" in text, text


def test_export_check_summary_counts_in_words(tmp_path, capsys):
    from mia_helpers import cli

    pd.DataFrame({"origin": ["belgian", "turkish"], "n_persons": [120, 7]}).to_csv(
        tmp_path / "t.csv", index=False)
    assert cli.main(["export-check", str(tmp_path)]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "1 file, 0 notebooks, 1 table, 1 CSV file," in out, out
    assert "FAILED (1 problem;" in out and "holds 1 count in (0, 10)" in out, out
