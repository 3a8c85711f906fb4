"""The chapter runner's HTML (``mia_helpers.chapters.render_html``, nbconvert after papermill)
pastes what myst-nb pastes in the book: ``{glue:text}`` values, ``{glue:md}`` tables and
``{glue:figure}`` figures with their numbers and captions, and numbered ``{numref}``s (issue
18: tables and figures showed as raw directive blocks)."""

from __future__ import annotations

import base64
import io
import os
import re
import stat
from pathlib import Path

import nbformat
import pandas as pd

from mia_helpers import labels
from mia_helpers.chapters import render_html
from mia_helpers.notebook_run import figure_and_table_numbers, paste_glue

PREFIX = "application/papermill.record/"


def _glue_output(name: str, data: dict[str, str]) -> dict:
    """An output as myst-nb's ``glue(name, value, display=False)`` writes it."""
    return nbformat.v4.new_output("display_data", data={PREFIX + k: v for k, v in data.items()},
                                  metadata={"scrapbook": {"name": name, "mime_prefix": PREFIX}})


def _png() -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(1, 1))
    ax.plot([0, 1], [0, 1])
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode()


def _notebook() -> nbformat.NotebookNode:
    table = labels.table_markdown(pd.DataFrame({"measure": ["workplace_learning_ibo"],
                                                "n_treated": [1234]}),
                                  "Starters per measure.", "tbl-starters").data
    png = _png()
    code = nbformat.v4.new_code_cell("glue(...)")
    code.outputs = [_glue_output("tbl-starters", {"text/markdown": table,
                                                  "text/plain": "<IPython Markdown>"}),
                    _glue_output("fig-curve", {"image/png": png, "text/plain": "<Figure>"}),
                    _glue_output("share", {"text/plain": "75.8"})]
    md = nbformat.v4.new_markdown_cell(
        "{numref}`fig-curve` and {numref}`Table %s <tbl-starters>`: "
        "{glue:text}`share:.1f` %, see {ref}`chapter 4 <ch-effects>`.\n\n"
        "```{glue:md} tbl-starters\n:format: myst\n```\n\n"
        ":::{glue:figure} fig-curve\n:name: fig-curve\n\nA curve with {glue:text}`share:.0f` "
        "points.\n:::\n")
    return nbformat.v4.new_notebook(cells=[code, md]), png


def test_paste_glue_numbers_tables_and_figures():
    from mia_helpers.export_check import glued_values

    nb, png = _notebook()
    values = glued_values(nb)
    numbers = figure_and_table_numbers(nb, values)
    assert numbers == {"tbl-starters": "Table 1", "fig-curve": "Figure 1"}
    out = paste_glue(nb.cells[1].source, values, numbers)
    assert "{glue:md}" not in out and "{glue:figure}" not in out and "{numref}" not in out
    assert out.startswith("Figure 1 and Table 1:")
    assert "**Table 1.** Starters per measure." in out and "| IBO | 1,234 |" in out
    assert f"data:image/png;base64,{png}" in out and "**Figure 1.** A curve with" in out
    assert "chapter 4" in out and "{ref}" not in out
    # a block whose value was not glued stays visible (a missing value shows)
    assert "{glue:md} other" in paste_glue("```{glue:md} other\n:format: myst\n```\n", values)


def test_runner_html_shows_glued_tables_figures_and_values(tmp_path):
    nb, png = _notebook()
    path = tmp_path / "chapter.ipynb"
    nbformat.write(nb, str(path))
    html = render_html(path).read_text()
    text = re.sub(r"<[^>]+>", "", html)
    assert "{glue" not in text and "{numref}" not in text  # nothing left raw
    assert re.search(r"<table.*?IBO.*?1,234.*?</table>", html, re.S)  # a real HTML table
    assert f'src="data:image/png;base64,{png}"' in html  # the glued figure itself
    assert "Table 1." in text and "Figure 1." in text
    assert "75.8 %" in text and "A curve with 76 points" in text  # glue:text, also in captions


def test_citation_roles_become_author_year_text(tmp_path):
    """Tester's finding: the runner's HTML showed a raw ``{cite:p}`` role. The book's style is
    ``author_year_round``; the labels come from the bibliography file itself."""
    from mia_helpers.notebook_run import citation_labels

    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@article{one, author = {Sianesi, Barbara}, title = {T}, year = {2004}}\n"
        "@article{two, author = {van den Berg, Gerard J. and Vikstr{\\\"o}m, Johan}, "
        "title = {T}, year = {2022}}\n"
        "@article{three, author = {Karlson, K. and Holm, A. and Breen, R.}, title = {T}, "
        "year = {2012}}\n")
    cites = citation_labels(bib)
    assert cites == {"one": ("Sianesi", "2004"), "two": ("van den Berg and Vikström", "2022"),
                     "three": ("Karlson et al.", "2012")}
    md = ("As {cite:t}`one` showed {cite:p}`two,three`; see also {cite}`one` and "
          "{cite:p}`nokey`.")
    out = paste_glue(md, {}, citations=cites)
    assert out == ("As Sianesi (2004) showed (van den Berg and Vikström, 2022; Karlson et al., "
                   "2012); see also (Sianesi, 2004) and ([nokey]).")
    # the book's own bibliography by default: every key the chapters cite has a label
    book = citation_labels()
    assert book["sianesi_2004"] == ("Sianesi", "2004")
    assert "{cite" not in paste_glue("{cite:p}`viona_mia_2020`", {})
    assert citation_labels(tmp_path / "absent.bib") == {}


def _stderr(text: str) -> dict:
    return nbformat.v4.new_output("stream", name="stderr", text=text)


WARN_A = ("/x/hazard.py:586: NotIdentifiedWarning: hazard model M1: term 'age' dropped: "
          "collinear with earlier terms.\n  return core.fit_binary(\n")
WARN_B = ("/x/hazard.py:586: NotIdentifiedWarning: hazard model M1: term 'exp' dropped: no "
          "variation (zero in every row).\n  return core.fit_binary(\n")


def test_repeated_warnings_are_shown_once_with_a_count():
    from mia_helpers.notebook_run import collapse_warnings

    stdout = nbformat.v4.new_output("stream", name="stdout", text="fitted\n")
    outputs = [_stderr(WARN_A + WARN_B + WARN_A), stdout,
               _stderr("progress 50%\n" + WARN_A + WARN_B)]
    got = collapse_warnings(outputs)
    assert len(got) == 2 and got[1] is stdout  # one stderr output at the first's place
    text = got[0]["text"]
    # plain lines: no file (the machine's folders) and no source line (user30)
    a, b = (w.replace("/x/hazard.py:586: NotIdentifiedWarning", "Warning (not identified)")
            .replace("  return core.fit_binary(\n", "") for w in (WARN_A, WARN_B))
    assert text == (a + "  [shown 3 times in this cell]\n" + b
                    + "  [shown 2 times in this cell]\nprogress 50%\n")
    # a warning printed once gets no count; no stderr: outputs unchanged
    assert collapse_warnings([_stderr(WARN_A)])[0]["text"] == a
    assert collapse_warnings([stdout]) == [stdout]


def test_warnings_in_the_runner_html_do_not_show_the_machine_folders():
    """A warning is shown without its file (new-user trial: the HTML showed
    /work/main/mia_helpers/hazard.py:586; user30: the shortened file and the source line told
    a reader nothing either)."""
    from pathlib import Path

    import mia_helpers
    from mia_helpers.notebook_run import collapse_warnings

    root = Path(mia_helpers.__file__).resolve().parent
    cases = [f"{root}/hazard.py:5", "/home/jdoe/venv/lib/python3.11/site-packages/pandas/core/"
             "x.py:9", "/home/jdoe/secret/run.py:1", "<ipython-input-1>:3"]
    for where in cases:
        got = collapse_warnings([_stderr(f"{where}: UserWarning: m\n  x = 1\n")])[0]["text"]
        assert got == "Warning: m\n", got


def test_runner_html_cites_and_collapses_warnings(tmp_path):
    """The same through ``render_html`` on a small synthetic notebook (not a chapter run)."""
    nb, _ = _notebook()
    nb.cells[0].outputs += [_stderr(WARN_A * 4)]
    nb.cells[1].source += "\nAs in the seed study {cite:p}`viona_mia_2020`.\n"
    path = tmp_path / "chapter.ipynb"
    nbformat.write(nb, str(path))
    text = re.sub(r"<[^>]+>", "", render_html(path).read_text())
    assert "{cite" not in text and "(Steunpunt Werk / VIONA, 2020)" in text
    assert text.count("term &#39;age&#39; dropped") + text.count("term 'age' dropped") == 1
    assert "[shown 4 times in this cell]" in text


def test_plain_directives_write_exercises_solutions_admonitions_and_math():
    """The runner's HTML (nbconvert) prints an unknown fenced block as code: the book's
    directive blocks are rewritten for it, numbered as the book numbers exercises."""
    import nbformat

    from mia_helpers.notebook_run import exercise_numbers, plain_directives

    cells = [
        "```{admonition} Learning objectives\n:class: tip\n\nYou can **read** it.\n```\n",
        "```{exercise}\n:label: ex-a\n\nRe-run it.\n```\n\n```{solution-start} ex-a\n"
        ":class: dropdown\n```\n\nLike this.",
        "```{solution-end}\n```\n\n```{exercise}\n:label: ex-b\n\nAgain.\n```\n",
        "```{math}\n:label: eq-x\nh = 1\n```\n\n```{glue:md} tbl\n:format: myst\n```\n",
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(c) for c in cells])
    ex = exercise_numbers(nb)
    assert ex == {"ex-a": 1, "ex-b": 2}
    out = [plain_directives(c, ex) for c in cells]
    assert "**Learning objectives**" in out[0] and "You can **read** it." in out[0]
    assert "**Exercise 1.**" in out[1] and "**Solution to Exercise 1.**" in out[1]
    assert ":class:" not in out[0] + out[1]
    assert out[2].startswith("<hr/>") and "**Exercise 2.**" in out[2]
    assert '<a id="eq-x"></a>' in out[3] and "$$\nh = 1\n$$" in out[3]
    assert "```{glue:md} tbl" in out[3]  # other blocks are left to paste_glue
    assert not any("```{" + k in "".join(out) for k in
                   ("admonition", "exercise", "solution", "math"))


def test_unlabelled_exercises_are_numbered_in_order_as_the_book_numbers_them():
    """sphinx-exercise numbers every exercise, labelled or not; the runner's HTML did not
    number one without a label (review finding)."""
    import nbformat

    from mia_helpers.notebook_run import exercise_numbers, first_exercises, plain_directives

    cells = ["```{exercise}\n\nFirst, no label.\n```\n",
             "Text only.",
             "```{exercise}\n:label: ex-b\n\nSecond.\n```\n\n```{exercise}\n\nThird.\n```\n"
             "\n```{solution-start} ex-b\n```\n\nSo.\n\n```{solution-end}\n```\n"]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(c) for c in cells])
    ex, first = exercise_numbers(nb), first_exercises(nb)
    assert ex == {"ex-b": 2} and first == [1, 2, 2]
    out = [plain_directives(c, ex, None, f) for c, f in zip(cells, first, strict=True)]
    assert "**Exercise 1.**" in out[0]
    assert out[2].index("**Exercise 2.**") < out[2].index("**Exercise 3.**")
    assert "**Solution to Exercise 2.**" in out[2]


def test_plain_directives_number_equations_and_resolve_targets(tmp_path):
    """Labelled equations are numbered in order and ``{eq}`` roles show "(k)"; ``(label)=``
    lines become anchors followed by a blank line (so the heading after them stays a
    heading); a bare ``{ref}`` shows the target's heading, a ``{doc}`` the document's first
    heading, a ``{func}`` the name as code (new-user trial: all printed as raw MyST)."""
    import nbformat

    from mia_helpers.notebook_run import (
        equation_numbers,
        paste_glue,
        plain_directives,
        target_titles,
    )

    (tmp_path / "book").mkdir()
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "book" / "glossary.md").write_text("# Glossary\n\nTerms.\n")
    cells = ["(sec-x)=\n### Why no effect\n\nSee {eq}`eq-b`, {ref}`sec-x`, {ref}`elsewhere`, "
             "{func}`~a.b.c`, {func}`a.b` and {doc}`../book/glossary`.",
             "$$\ny = 1\n$$ (eq-a)\n\n```{math}\n:label: eq-b\nz = 2\n```\n"]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(c) for c in cells])
    eq = equation_numbers(nb)
    assert eq == {"eq-a": 1, "eq-b": 2}
    titles = target_titles(cells)
    assert titles == {"sec-x": "Why no effect"}
    out = [paste_glue(plain_directives(c, {}, eq), {}, citations={}, equations=eq,
                      titles=titles, doc_base=tmp_path / "notebooks") for c in cells]
    assert out[0].startswith('<a id="sec-x"></a>\n\n### Why no effect')
    # an unknown target shows its label
    assert "See (2), Why no effect, elsewhere, `c`, `a.b` and Glossary." in out[0]
    assert "\\tag{1}$$" in out[1] and '<a id="eq-a"></a>' in out[1]
    assert "z = 2 \\tag{2}\n$$" in out[1]


def test_numref_to_an_exercise_shows_its_number_in_the_runner_html(tmp_path):
    """Chapter 4 refers to an exercise with ``{numref}`` (the book shows "Exercise 2"); the
    runner's HTML printed the raw label, since only tables and figures were numbered."""
    from mia_helpers.notebook_run import reference_numbers

    cells = ["See {numref}`ex-two` and {numref}`Exercise %s <ex-one>`.",
             "```{exercise}\n\nNo label.\n```\n\n```{exercise}\n:label: ex-one\n\nOne.\n```\n",
             "```{exercise}\n:label: ex-two\n\nTwo.\n```\n"]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(c) for c in cells])
    numbers = reference_numbers(nb, {})
    assert numbers == {"ex-one": "Exercise 2", "ex-two": "Exercise 3"}
    assert paste_glue(cells[0], {}, numbers, citations={}) == "See Exercise 3 and Exercise 2."
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, str(path))
    page = render_html(path).read_text()
    text = re.sub(r"<[^>]+>", "", page)
    assert "See Exercise 3 and Exercise 2." in text and "ex-two" not in text.split("One.")[0]
    assert 'id="ex-two"' in page  # the anchor the reference points at


def test_two_runs_of_a_notebook_are_laid_out_alike(tmp_path):
    """Chapter 6's warnings differed between two identical runs (new-user trial): the same text
    in the same order, cut by the kernel's flush timing into 5 and 7 stderr outputs, and every
    cell id drawn at random. The executed notebook now has one stream output per name where
    the pieces follow each other, and ids ``cell-<k>``."""
    import json

    from mia_helpers.notebook_run import execute

    src = tmp_path / "tiny.md"
    src.write_text(
        "---\njupyter:\n  kernelspec:\n    display_name: Python 3\n    language: python\n"
        "    name: python3\n---\n\n```python tags=[\"parameters\"]\nn = 3\n```\n\n"
        "```python\nimport sys, time\nfor i in range(n):\n"
        "    print(f'warning {i}', file=sys.stderr, flush=True)\n    time.sleep(0.15)\n"
        "print('done')\n```\n")
    texts = []
    for run in ("a", "b"):
        nb = json.loads(execute(src, tmp_path / f"{run}.ipynb", {"n": 3}).read_text())
        assert [c["id"] for c in nb["cells"]] == [f"cell-{k}" for k in range(len(nb["cells"]))]
        outputs = nb["cells"][-1]["outputs"]
        assert [(o["output_type"], o["name"]) for o in outputs] == [("stream", "stderr"),
                                                                    ("stream", "stdout")]
        texts.append([(c["id"], c.get("outputs")) for c in nb["cells"]])
    assert "".join(outputs[0]["text"]) == "warning 0\nwarning 1\nwarning 2\n"
    strip = [[(i, [{k: v for k, v in o.items() if k != "execution_count"} for o in out or []])
              for i, out in t] for t in texts]
    assert strip[0] == strip[1]


def test_reproducible_layout_keeps_interleaved_streams_apart():
    from mia_helpers.notebook_run import reproducible_layout

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [_stderr("a\n"), _stderr("b\n"),
                    nbformat.v4.new_output("stream", name="stdout", text="c\n"), _stderr("d\n")]
    nb.cells = [nbformat.v4.new_markdown_cell("# t"), cell]
    got = reproducible_layout(nb)
    assert [c.id for c in got.cells] == ["cell-0", "cell-1"]
    assert [(o["name"], o["text"]) for o in got.cells[1].outputs] == [
        ("stderr", "a\nb\n"), ("stdout", "c\n"), ("stderr", "d\n")]


def test_reproducible_layout_shows_warning_files_without_the_machines_folders():
    """The executed notebook leaves the secure environment with the book: a warning reads
    ``Warning (not identified): ...``, without the server's path (the DPO trial of the twelfth
    session found the .ipynb kept ``/home/<user>/...``; user30: nor the shortened file and
    source line, which a warning printed before ``protect_warnings`` still showed)."""
    from mia_helpers import notebook_run
    from mia_helpers.notebook_run import reproducible_layout

    root = Path(notebook_run.__file__).resolve().parent.parent
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [_stderr(f"{root}/mia_helpers/hazard.py:587: NotIdentifiedWarning: term 'a' "
                            "dropped\n  return core.fit_binary(\n"),
                    _stderr("/home/analyst/venv/lib/python3.11/site-packages/pandas/core/x.py:"
                            "12: FutureWarning: soon\nplain line /home/analyst/kept\n")]
    nb.cells = [cell]
    text = reproducible_layout(nb).cells[0].outputs[0]["text"]
    assert text.splitlines() == [  # plain lines, no source line (user30)
        "Warning (not identified): term 'a' dropped", "Warning (future): soon",
        "plain line /home/analyst/kept"]


def _fake_mathjax(root) -> None:
    """A stand-in MathJax tree with a file of every copied part (the test must not depend on
    which local MathJax the machine has)."""
    for rel in ("MathJax.js", "config/TeX-AMS_CHTML.js", "extensions/tex2jax.js",
                "jax/input/TeX/config.js", "jax/output/CommonHTML/jax.js",
                "jax/element/mml/jax.js", "fonts/HTML-CSS/TeX/woff/MathJax_Main-Regular.woff",
                "unpacked/MathJax.js"):  # the last is not a copied part
        f = root / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(f"/* {rel} */\n")


def test_runner_html_is_titled_by_the_chapter_and_its_folder_is_self_contained(tmp_path,
                                                                                monkeypatch):
    """New-user trial: the runner's page was titled "Notebook", loaded require.js from a CDN
    and linked MathJax by an absolute file:// path, so a run folder copied to another machine
    lost its maths. Now the title is the chapter's first heading, nothing is loaded from the
    network, and MathJax is copied into the run folder and linked by a relative path; the
    moved folder still holds every file the page links, and export-check passes the copy only
    while it is byte for byte the local one."""
    import shutil

    import mia_helpers.chapters as chapters
    from mia_helpers.export_check import scan

    _fake_mathjax(tmp_path / "mj")
    monkeypatch.setattr(chapters, "MATHJAX_COPIES", (tmp_path / "mj" / "MathJax.js",))
    nb, _ = _notebook()
    nb.cells.insert(0, nbformat.v4.new_markdown_cell("# Chapter 4: *Returns* of `IBO`\n\ntext"))
    run = tmp_path / "run"
    run.mkdir()
    nbformat.write(nb, str(run / "04_activation_effects.ipynb"))
    page = render_html(run / "04_activation_effects.ipynb").read_text()
    assert "<title>Chapter 4: Returns of IBO</title>" in page
    sources = re.findall(r"<script[^>]*\ssrc=\"([^\"]*)\"", page)
    assert sources == ["mathjax/MathJax.js?config=TeX-AMS_CHTML"], sources
    assert "require.min.js" not in page and "file://" not in page
    moved = tmp_path / "elsewhere" / "copy"
    shutil.copytree(run, moved)
    shutil.rmtree(run)
    for rel in ("MathJax.js", "config/TeX-AMS_CHTML.js", "extensions/tex2jax.js",
                "fonts/HTML-CSS/TeX/woff/MathJax_Main-Regular.woff"):
        assert (moved / "mathjax" / rel).read_text() == (tmp_path / "mj" / rel).read_text()
    assert not (moved / "mathjax" / "unpacked").exists()  # only the parts the page uses
    res = scan(moved, 10)
    assert res.ok, "\n".join(map(str, res.findings))
    assert res.assets == 7
    (moved / "mathjax" / "extensions" / "tex2jax.js").write_text("leak = [3, 4];\n")
    (moved / "mathjax" / "extra.js").write_text("/* added */\n")
    got = {(f.file, f.rule) for f in scan(moved, 10).findings}
    assert got == {("mathjax/extensions/tex2jax.js", "unknown_file"),
                   ("mathjax/extra.js", "unknown_file")}


def test_runner_html_without_a_local_mathjax_copies_nothing(tmp_path, monkeypatch):
    import mia_helpers.chapters as chapters

    monkeypatch.setattr(chapters, "MATHJAX_COPIES", (tmp_path / "none" / "MathJax.js",))
    nb, _ = _notebook()
    nbformat.write(nb, str(tmp_path / "x.ipynb"))
    page = render_html(tmp_path / "x.ipynb").read_text()
    assert not (tmp_path / "mathjax").exists()
    assert "<title>x</title>" in page  # no heading: the file's name, not "Notebook"


def test_the_kernel_talks_over_unix_sockets_in_a_private_folder_removed_after(tmp_path):
    """A final fresh-clone run of the thirteenth session failed chapter 3's test once: the
    kernel could not bind the TCP port jupyter_client had chosen ("Address already in use",
    another process took it in between). Kernels now use the ipc transport (Unix-domain
    sockets, no port to race for, no unencrypted local TCP) in a private 0700 folder that is
    removed when the kernel shuts down. The notebook prints what its own kernel was given."""
    import json

    from mia_helpers.notebook_run import execute

    src = tmp_path / "t.md"
    src.write_text("---\njupyter:\n  kernelspec:\n    display_name: Python 3\n    language: python\n"
                   "    name: python3\n---\n\n```python\nimport json, os, stat\n"
                   "from ipykernel import get_connection_file, get_connection_info\n"
                   "info = json.loads(get_connection_info())\n"
                   "folder = os.path.dirname(get_connection_file())\n"
                   "print(json.dumps([info['transport'], info['ip'], folder,\n"
                   "                  stat.S_IMODE(os.stat(folder).st_mode)]))\n```\n")
    nb = json.loads(execute(src, tmp_path / "o.ipynb").read_text())
    out = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]
    transport, ip, folder, mode = json.loads("".join(out[-1]["text"]))
    assert transport == "ipc"
    assert ip.startswith(folder + os.sep) and Path(folder).name.startswith("mia-kernel-")
    assert mode & (stat.S_IRWXG | stat.S_IRWXO) == 0  # private: no group or other access
    assert not Path(folder).exists()  # removed at shutdown
