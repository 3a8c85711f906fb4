"""A chapter's warnings read as plain lines (user30): "Warning: ..." or "Warning (not
identified): ...", without Python's ``file:line: Category:`` and source line, which told a
reader nothing and named the analyst's folders in the rendered book (the HTML showed
``/work/main/mia_helpers/effects.py:1750: NotIdentifiedWarning: ...`` and a cell's own
``2932846690.py:2: UserWarning: ...``). The warnings stay visible and redacted."""

import json
import os
import subprocess
import sys

import pytest

from mia_helpers.core.guards import NotIdentifiedWarning
from mia_helpers.disclosure import PLAIN_WARNING_LINE, PROTECT_ENV, plain_category, plain_warning
from mia_helpers.notebook_run import collapse_warnings

CODE = ("import warnings\n{protect}"
        "from mia_helpers.core.guards import NotIdentifiedWarning\n"
        "warnings.warn('term x has only treated where it is 1 (1 treated in 3 rows)')\n"
        "warnings.warn('term y dropped: collinear', NotIdentifiedWarning)\n"
        "warnings.warn('overflow', RuntimeWarning)\n")


def _stderr(protect: bool) -> str:
    code = CODE.format(protect="from mia_helpers.disclosure import protect_warnings\n"
                               "protect_warnings(10)\n" if protect else "")
    env = {k: v for k, v in os.environ.items() if k != PROTECT_ENV}  # no inherited hook
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env=env).stderr


def test_protected_warnings_print_one_plain_line_each() -> None:
    err = _stderr(protect=True)
    assert err == ("Warning: term x has one group only where it is 1 (direction withheld)\n"
                   "Warning (not identified): term y dropped: collinear\n"
                   "Warning (runtime): overflow\n"), err
    plain = _stderr(protect=False)  # the test can fail: Python's own format names a file
    assert ".py:" not in err and "<string>:" in plain and "UserWarning" in plain


def test_plain_category_words() -> None:
    assert [plain_category(c) for c in (UserWarning, Warning, NotIdentifiedWarning,
                                        FutureWarning)] == [
        "Warning", "Warning", "Warning (not identified)", "Warning (future)"]
    line = plain_warning("m: n", NotIdentifiedWarning)
    m = PLAIN_WARNING_LINE.match(line)
    assert m and m.group("kind") == "not identified" and m.group("message") == "m: n"


def test_collapse_counts_plain_warnings() -> None:
    """The runner's HTML shows a repeated warning once with its count, in the plain form too."""
    text = "Warning (not identified): a\nWarning (not identified): a\nWarning: b\nother\n"
    out = collapse_warnings([{"output_type": "stream", "name": "stderr", "text": text}])
    assert out[0]["text"] == ("Warning (not identified): a\n  [shown 2 times in this cell]\n"
                              "Warning: b\nother\n"), out[0]["text"]


@pytest.mark.notebook
def test_chapter_5_html_shows_the_warnings_without_python_paths(tmp_path) -> None:
    """Chapter 5 on a tiny extract (1,000 residents, 140 newcomers, seed 2005: measures it
    cannot estimate, positivity and not-identified terms) warns; the executed notebook and its
    HTML hold the warnings as plain lines and no ``.py:`` (about 15 s with the warm kernel)."""
    from nbrun import NOTEBOOKS

    from mia_helpers.chapters import render_html
    from mia_helpers.notebook_run import execute

    out = execute(NOTEBOOKS / "05_newcomer_integration.md", tmp_path / "nb.ipynb",
                  {"seed": 2005, "residents": 1000, "newcomers": 140}, warm=True)
    nb = json.loads(out.read_text())
    stderr = "".join("".join(o["text"]) for c in nb["cells"] for o in c.get("outputs", [])
                     if o.get("name") == "stderr")
    html = render_html(out).read_text()
    message = "Warning: 'training_vocational' is not estimated for newcomers"
    assert message in stderr and message in html, stderr[-2000:]
    assert "Warning (not identified): " in stderr and "Warning (not identified): " in html
    assert ".py:" not in stderr, stderr[-2000:]
    assert ".py:" not in html and "NotIdentifiedWarning" not in html


def test_a_warning_in_pythons_format_is_written_plain_in_the_executed_notebook() -> None:
    """A warning printed before the chapter's first cell called ``protect_warnings`` (or in a
    notebook that does not call it) is rewritten in the executed notebook and the HTML."""
    from mia_helpers.notebook_run import plain_warnings

    text = ("/home/analyst/venv/lib/python3.11/site-packages/pandas/io/x.py:12: "
            "pandas.errors.PerformanceWarning: slow\n  df = f(x)\n"
            "/tmp/ipykernel_1/2932846690.py:2: UserWarning: 'mo' is not estimated\n"
            "  warnings.warn(msg)\nprogress 50%\n  indented, not after a warning\n")
    assert plain_warnings(text) == ("Warning (performance): slow\n"
                                    "Warning: 'mo' is not estimated\nprogress 50%\n"
                                    "  indented, not after a warning\n")
