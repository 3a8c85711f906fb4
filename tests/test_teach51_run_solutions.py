"""teach51: book/teaching.md has students run chapters with ``python -m mia_helpers chapter``
and open the HTML (session 2), and closes session 1 with the chapters' exercises; it said
the solutions are folded in the web edition and left out of ``make book-teaching``, not that
a run's HTML prints each solution in full under its exercise (seed 4140, chapter 4: "Solution
to Exercise 1." and its computed answer, unfolded). The note is true as long as the run's
renderer writes a gated solution as a plain bold line, which this test checks too."""
from __future__ import annotations

from pathlib import Path

from mia_helpers import notebook_run

GUIDE = Path(__file__).resolve().parents[1] / "book" / "teaching.md"


def test_the_runs_renderer_prints_a_solution_unfolded():
    md = "```{solution-start} ex-a\n:class: dropdown\n```\n"
    out = notebook_run.plain_directives(md, {"ex-a": 1})
    assert out.strip() == "**Solution to Exercise 1.**", out
    assert "<details" not in out


def test_the_guide_says_a_runs_html_shows_the_solutions():
    """sol51: the guide then only warned; it now names ``--no-solutions``, which the
    chapter runner has (tests/test_chapters.py runs it)."""
    text = " ".join(GUIDE.read_text(encoding="utf-8").split())
    assert ("A run of `python -m mia_helpers chapter` prints every solution in full right under "
            "its exercise, computed from that run's parameters, unless it is given "
            "`--no-solutions`") in text
    assert "not a students' edition" not in text  # the old warning, now out of date
