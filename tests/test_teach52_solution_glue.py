"""teach52: a value glued for a solution's text by a cell outside the solution stayed among
the stored glue outputs of the students' notebook (a ``chapter --no-solutions`` run, the
teaching edition's ``.ipynb`` download), where anyone opening the JSON reads the answer.
:func:`mia_helpers.solutions.strip_solutions` now drops a glue output that only the removed
solutions refer to, and keeps every one the kept text (or a kept glued table) refers to."""
from __future__ import annotations

import json
import re

import jupytext
from nbrun import ROOT
from notebook_text import MYST_HEADER

from mia_helpers.chapters import CHAPTERS
from mia_helpers.cli import main
from mia_helpers.export_check import GLUE_PREFIX
from mia_helpers.solutions import glue_references, strip_solution_text, strip_solutions

SOURCES = sorted((ROOT / "notebooks").glob("*.md"))
GATE = re.compile(r"```\{solution-start\}.*?```\{solution-end\}\n```", re.S)


def _glue(name: str, data: dict) -> dict:
    return {"output_type": "display_data", "metadata": {"scrapbook": {
        "name": name, "mime_prefix": GLUE_PREFIX}},
        "data": {GLUE_PREFIX + k: v for k, v in data.items()}}


def _names(nb: dict) -> set[str]:
    return {o["metadata"]["scrapbook"]["name"] for c in nb["cells"] if c["cell_type"] == "code"
            for o in c["outputs"] if "scrapbook" in o.get("metadata", {})}


def test_a_value_only_the_solution_uses_leaves_with_it():
    nb = {"cells": [
        {"cell_type": "code", "source": "glue(...)", "outputs": [
            _glue("shown", {"text/plain": "17"}), _glue("answer", {"text/plain": "61779"}),
            _glue("table", {"text/markdown": "| a |\n|---|\n| {glue:text}`in_table:.1f` |"}),
            _glue("in_table", {"text/plain": "3.5"}),
            {"output_type": "stream", "name": "stdout", "text": "printed\n"}]},
        {"cell_type": "markdown", "source":
            "Text {glue:text}`shown:.0f`.\n\n```{glue:md} table\n:name: t\n```\n\n"
            "```{solution-start} ex\n```\nThe answer is {glue:text}`answer:.0f`, "
            "{glue:text}`shown:.0f` and {glue:text}`in_table`.\n```{solution-end}\n```\n"}]}
    out = strip_solutions(nb)
    assert _names(out) == {"shown", "table", "in_table"}  # the old code kept "answer"
    assert "61779" not in json.dumps(out)
    assert out["cells"][0]["outputs"][-1]["text"] == "printed\n"  # other outputs stay
    assert _names(nb) == {"shown", "answer", "table", "in_table"}  # nb itself is unchanged


def test_a_value_the_exercise_shows_stays_though_its_solution_glued_it():
    """Chapter 4's no-solutions run printed its exercises' "{glue:text}ex-other-own" and
    "{glue:text}ex_cal_quarter_text" raw: the exercise text refers to values the solution's
    own code cells glue, and those cells left with their outputs (sol51 and teach52)."""
    nb = {"cells": [
        {"cell_type": "code", "source": "x = 1", "outputs": [_glue("early", {"text/plain": "1"})]},
        {"cell_type": "markdown", "source":
            "```{exercise}\n:label: ex\n\nAsked {glue:text}`question_part`?\n```\n\n"
            "```{solution-start} ex\n```\n"},
        {"cell_type": "code", "source": "glue(...)", "outputs": [
            _glue("question_part", {"text/plain": "'in this run'"}),
            _glue("answer", {"text/plain": "61779"})]},
        {"cell_type": "markdown", "source": "It is {glue:text}`answer`.\n```{solution-end}\n```\n"},
        {"cell_type": "code", "source": "y = 2", "outputs": []}]}
    out = strip_solutions(nb)
    assert _names(out) == {"early", "question_part"}
    assert [_glue_name_of(o) for o in out["cells"][0]["outputs"]] == ["early", "question_part"]
    assert "61779" not in json.dumps(out)
    first = {"cells": nb["cells"][1:]}  # no kept code cell before the solution: the next one
    assert [_glue_name_of(o) for o in strip_solutions(first)["cells"][-1]["outputs"]] == [
        "question_part"]


def _glue_name_of(output: dict) -> str:
    return output["metadata"]["scrapbook"]["name"]


def test_glue_references_reads_roles_and_blocks():
    text = ("{glue}`a` {glue:text}`b:.1%` {glue:md}`c` {glue:any}`d`\n"
            "```{glue:figure} e\n:name: f\n```\n:::{glue:md} g\n:::\n")
    assert glue_references(text) == set("abcdeg")


def test_the_chapters_keep_every_value_their_kept_text_shows():
    """Each chapter's source, with one glue output per name its text refers to put in its
    first code cell: after stripping, every name the kept text refers to is still glued,
    and none that only a solution refers to, whichever cell glues it (chapter 4's exercises
    refer to values their solutions' cells glue). Chapters have such names (in session 52 every
    chapter but chapter 6, e.g. Appendix C's c_sign_answer), so the old code fails here."""
    only_hidden = {}
    for path in SOURCES:
        source = path.read_text(encoding="utf-8")
        nb = jupytext.reads(source, fmt="md:myst")
        nb = {"cells": [dict(c) for c in nb.cells]}
        names = glue_references(source)
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        for c in code:
            c["outputs"] = []
        for n in sorted(names):  # in the cell that glues it, where its name is written out
            cell = next((c for c in code if re.search(rf"""glue\(\s*["']{re.escape(n)}["']""",
                                                      c["source"])), code[0])
            cell["outputs"].append(_glue(n, {"text/plain": "1"}))
        outside = glue_references(GATE.sub("", source))
        assert _names(strip_solutions(nb)) == outside & names, path.stem
        only_hidden[path.stem] = names - outside
    assert sum(map(len, only_hidden.values())) > 0, only_hidden


_CHAPTER = """
```{code-cell} python
from myst_nb import glue
glue("shown_value", 17 * 101)
glue("answer" + "_value", 20593 * 3)
```

## Exercises

```{exercise}
:label: ex-tiny

Is {glue:text}`shown_value` larger than the answer{glue:text}`asked_part`?
```

```{solution-start} ex-tiny
:class: dropdown
```

```{code-cell} python
glue("asked_part", " of this " + "exercise")
```

No: the answer is {glue:text}`answer_value`.

```{solution-end}
```
"""


def test_a_no_solutions_run_keeps_no_answer_in_its_notebook(tmp_path, capsys):
    """``chapter --no-solutions`` on a tiny chapter whose solution reads a value glued
    outside it: the run's notebook holds no trace of it, its HTML still shows the exercise's
    glued value; without the option both show the answer."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    params = ("period_days = 7  # period length\nhorizons_months = [1, 3]  # horizons\n"
              "bootstrap = 199  # replications\nseed = 1977  # seed of the bootstrap\n")
    (folder / CHAPTERS["heart_transplant"]).write_text(
        f"{MYST_HEADER}\n# A tiny chapter\n\n```{{code-cell}} python\n:tags: [parameters]\n\n"
        f"{params}```\n{_CHAPTER}")
    for option in ([], ["--no-solutions"]):
        out = tmp_path / f"run{len(option)}"
        rc = main(["chapter", "heart_transplant", "--notebooks", str(folder), "--out", str(out),
                   *option])
        assert rc == 0, capsys.readouterr().err
        page = (out / "C_heart_transplant.html").read_text()
        nb = (out / "C_heart_transplant.ipynb").read_text()
        assert "1717" in page and "1717" in nb
        assert 'data-glue="asked_part"> of this exercise</span>?' in page  # glued in the solution
        assert "{glue" not in page
        assert ("61779" in nb) is not bool(option), option  # the glued answer
        assert ("61779" in page) is not bool(option)


def test_the_guide_no_longer_calls_the_answers_stored():
    """teaching.md said the values stayed among the stored glue outputs (the known gap)."""
    text = " ".join((ROOT / "book" / "teaching.md").read_text(encoding="utf-8").split())
    assert "stays among the notebook's stored glue outputs" not in text
    assert ("a value glued for a solution's text alone, even by a cell outside the solution, "
            "leaves the executed notebook with the solution") in text


_PAGE = """
# Page

```{code-cell} python
x = 1
```

```{exercise}
:label: ex-a

QUESTION-TEXT?
```

```{solution-start} ex-a
:class: dropdown
```

SECRET-SOLUTION-PROSE

```{code-cell} python
print("SECRET-SOLUTION-CODE")
```

```{solution-end}
```

AFTER-TEXT
"""


def test_strip_solution_text_keeps_everything_but_the_gates():
    out = strip_solution_text(MYST_HEADER + _PAGE)
    assert "SECRET" not in out and "solution-" not in out
    assert all(t in out for t in ("QUESTION-TEXT", "AFTER-TEXT", "x = 1", "kernelspec"))


def test_the_teaching_editions_source_download_holds_no_solution(tmp_path):
    """A Sphinx build with the book's extensions and ``hide_solutions = True``: the page's
    source copy under ``_sources/`` (the download menu's ``.md``) held the solution's prose
    and code (teach52); it now holds the exercise without them, and the page still builds."""
    import os
    import subprocess
    import sys

    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT / 'book' / '_ext')!r})\n"
        "extensions = ['myst_nb', 'book_edition']\nhtml_theme = 'sphinx_book_theme'\n"
        "hide_solutions = True\nnb_execution_mode = 'off'\n")
    (src / "index.md").write_text(MYST_HEADER + _PAGE)
    out = tmp_path / "out"
    # a process of its own: a Sphinx application built earlier in the same test process (the
    # full suite) leaves myst's parser registry so that this one found no parser for .md
    done = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "html", "-d",
                           str(tmp_path / "doctrees"), str(src), str(out)],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(
                              [str(ROOT), os.environ.get("PYTHONPATH", "")])})
    assert done.returncode == 0, done.stderr[-2000:]
    source = out / "_sources" / "index.md"
    assert source.exists() and "_sources/index.md" in (out / "index.html").read_text()
    text = source.read_text()
    assert "QUESTION-TEXT" in text and "AFTER-TEXT" in text
    leaked = [p.name for p in out.rglob("*") if p.is_file() and "SECRET" in p.read_text(
        errors="ignore")]
    assert leaked == [], leaked
