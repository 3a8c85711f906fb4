"""PDF tables fit the page (``book/_ext/latex_book.py``, issue 18 item 5).

The layout rule (:func:`latex_book.table_layout`) is tested on hand-made grids; the whole path
on a small Sphinx project: wide tables made by the book's own :func:`labels.table_markdown`
(MyST ``{table}``, as the chapters glue them) and a wide pandas HTML display are built with
the LaTeX builder, and the generated ``.tex`` is checked. When xelatex is installed (``make
pdf`` installs it; CI has none) the fixture is compiled and its log must show no overfull box
inside a table, while the same fixture without the layout transform does show them: the
check can fail. ``benchmarks/pdf_check.py`` does the same on the full book.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from nbrun import ROOT

sys.path.insert(0, str(ROOT / "book" / "_ext"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from latex_book import SIZES, TEXTWIDTH_PT, table_layout, text_width  # noqa: E402
from pdf_check import parse_log, table_of, table_spans  # noqa: E402

from mia_helpers.labels import table_markdown  # noqa: E402

A4 = TEXTWIDTH_PT["a4paper"]
SEP = {cmd: sep for cmd, _, _, sep in SIZES}
_P = re.compile(r"p\{([\d.]+)\\linewidth\}")


def _spec_widths(colspec: str) -> list[float]:
    """Fractions of \\linewidth of the p columns of a column specification."""
    return [float(x) for x in _P.findall(colspec)]


# --- the layout rule --------------------------------------------------------------------


def test_narrow_table_keeps_natural_columns_at_small_size() -> None:
    layout = table_layout([["Model", "Persons"]], [["M0", "1,234"], ["M1", "1,234"]],
                          ["left", "right"], A4)
    assert layout["level"] == "a" and layout["size"] == r"\small" and layout["fits"]
    assert layout["colspec"] == r">{\small}l>{\small}r"
    assert not layout["longtable"]


def test_wide_table_fits_and_never_splits_a_word() -> None:
    # Table 3.2's shape: 2 text columns and 9 measures, long header words
    head = [["Variable", "Value", "Basic training", "Vocational training", "IBO",
             "Other workplace learning", "Education programme", "Job search", "Guidance",
             "Counselling", "Censored (no measure)"]]
    body = [["Education", "Lower secondary or less"] + ["100.0"] * 9 for _ in range(25)]
    align = ["left", "left"] + ["right"] * 9
    layout = table_layout(head, body, align, A4)
    assert layout["fits"]
    size_pt = next(pt for cmd, pt, _, _ in SIZES if cmd == layout["size"])
    sep = SEP[layout["size"]]
    # the columns and their separation take at most the text width
    assert sum(layout["widths"]) + 2 * sep * len(align) <= A4 + 1e-6
    # no column is narrower than its widest word (header in sans, body in serif): no
    # hyphenation is ever needed, and the p columns forbid it
    for c in range(len(align)):
        widest = max([text_width(w, size_pt, "sans") for w in head[0][c].split()]
                     + [text_width(w, size_pt) for r in body for w in r[c].split()])
        assert layout["widths"][c] >= widest - 1e-6, head[0][c]
    assert layout["colspec"].count(r"\hyphenpenalty=10000") == sum(layout["wrapped"]) > 0
    # numbers stay right-aligned when wrapped
    assert r"\raggedleft" in layout["colspec"]
    # 26 rows with wrapped headers: too tall for one unbreakable box
    assert layout["longtable"]


def test_a_table_that_cannot_fit_is_flagged() -> None:
    word = "x" * 80  # one unbreakable word per column, 6 columns of about 200 pt each
    layout = table_layout([["h"] * 6], [[word] * 6], ["left"] * 6, A4)
    assert not layout["fits"] and layout["size"] == SIZES[-1][0]


def test_font_metrics_are_the_freefont_widths() -> None:
    # FreeSerif digits are half an em; FreeSans "m" is 0.812 em (fontTools, hmtx)
    assert text_width("0000", 10.0) == pytest.approx(4 * 5.0 * 1.04 + 1.0)
    assert text_width("m", 10.0, "sans") == pytest.approx(8.12 * 1.04 + 1.0)
    assert text_width("", 10.0) == 0.0


def test_inline_code_is_measured_in_the_monospaced_font() -> None:
    from docutils import nodes
    from latex_book import _entry_text, html_table_to_nodes

    table = html_table_to_nodes("<table><tr><td>x</td></tr></table>")[0]
    entry = table.next_node(nodes.entry)
    entry.children[0] += nodes.literal("", "", nodes.Text("vdab_registrations"))
    text = _entry_text(entry)
    # FreeSerif "x" is 482 units; FreeMono 600 per character, wider than serif lower case
    assert text_width(text, 10.0) == pytest.approx((482 + 18 * 600) / 1000 * 10 * 1.04 + 1)


# --- the fixture project -----------------------------------------------------------------


def _tables() -> tuple[str, str]:
    """MyST source of two book-like wide tables and one long one, and a wide pandas HTML."""
    rng = np.random.default_rng(7)
    measures = ["training_basic", "training_vocational", "workplace_learning_ibo",
                "workplace_learning_other", "mediation_guidance", "vacancy_referral_manual",
                "vacancy_referral_automatic", "application_assignment", "enforcement"]
    variables = ["education", "origin", "sex", "dutch"]
    profile = pd.DataFrame({
        "variable": np.repeat(variables, 6),
        "value": ["Lower secondary or less", "Higher secondary", "Higher education"] * 8,
        **{m: rng.uniform(0, 100, 24) for m in measures},
    })
    cells = [f"{o} ({g} generation)" for o in ("Southern EU", "Sub-Saharan", "Other non-EU")
             for g in ("first", "intermediate", "second")]
    rrr = pd.DataFrame({
        "origin_generation": np.tile(cells, 5), "outcome": np.repeat(measures[:5], len(cells)),
        "exp_estimate": rng.uniform(0.3, 2, 45), "exp_ci_low": rng.uniform(0.1, 0.3, 45),
        "exp_ci_high": rng.uniform(2, 4, 45), "identified": True,
        "n_persons": rng.integers(100, 10_000, 45), "true_exp_estimate": rng.uniform(0.3, 2, 45),
    })
    myst = "\n\n".join([
        table_markdown(profile, "Composition of the first inflows into each measure (% of "
                       "the measure's inflows).", "tbl-profile").data,
        table_markdown(rrr, "Relative risk ratios of the direct-link measures by cell.",
                       "tbl-rrr", decimals=dict.fromkeys(["exp_estimate", "exp_ci_low", "exp_ci_high",
                                                          "true_exp_estimate"], 2)).data,
    ])
    wide = pd.DataFrame(rng.normal(size=(6, 9)),
                        columns=[f"coefficient_{measure}" for measure in measures],
                        index=pd.Index([f"covariate_{i}" for i in range(6)], name="term"))
    return myst, wide.to_html()


def _build(tmp: Path, fit: bool) -> Path:
    """Build the fixture with Sphinx's LaTeX builder; the .tex file."""
    from sphinx.application import Sphinx

    src = tmp / "src"
    src.mkdir(parents=True)
    myst, html = _tables()
    html_block = textwrap.indent(html, "   ")
    (src / "conf.py").write_text(textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT / "book" / "_ext")!r})
        extensions = ["myst_parser", "latex_book"]
        myst_enable_extensions = ["colon_fence"]
        numfig = True
        latex_engine = "xelatex"
        latex_elements = {{"papersize": "a4paper"}}
        latex_documents = [("index", "fixture.tex", "Fixture", "MIA", "manual")]
        latex_fit_tables = {fit!r}
        """))
    # laid out like the book: a root page with the toctree, chapters, an appendix
    (src / "index.md").write_text("# Fixture\n\nIntroduction.\n\n```{toctree}\n"
                                  "notebooks/01_main\nnotebooks/A_appendix\n```\n")
    (src / "notebooks").mkdir()
    (src / "notebooks" / "01_main.md").write_text(
        f"# Chapter 1: Tables\n\n{myst}\n\n```{{raw}} html\n{html_block}\n```\n")
    small = pd.DataFrame({"measure": ["training_basic"], "n_persons": [12]})
    (src / "notebooks" / "A_appendix.md").write_text(
        "# Appendix A: Method\n\n" + table_markdown(small, "A small table.", "tbl-app").data)
    out = tmp / "latex"
    app = Sphinx(str(src), str(src), str(out), str(tmp / "doctrees"), "latex",
                 status=None, warning=None, freshenv=True)
    app.build()
    return out / "fixture.tex"


@pytest.fixture(scope="module")
def fitted(tmp_path_factory) -> Path:
    return _build(tmp_path_factory.mktemp("fit"), fit=True)


def _table_blocks(tex: str) -> list[str]:
    return re.findall(r"\\begin\{savenotes\}.*?\\end\{savenotes\}", tex, flags=re.DOTALL)


def test_every_fixture_table_gets_a_fitting_column_spec(fitted: Path) -> None:
    tex = fitted.read_text()
    blocks = _table_blocks(tex)
    assert len(blocks) == 4
    for block in blocks:
        env = re.search(r"\\begin\{(tabulary|longtable)\}(?:\{\\linewidth\}\[t\])?\{(.*)\}\n",
                        block)
        assert env, block[:400]
        colspec = env.group(2)
        # Sphinx's default for these tables would be tabulary "T" (justified, hyphenated)
        # columns or, in a longtable, "l" columns that never wrap
        assert not re.search(r"(?<![\\a-z])T(?![a-z])", colspec)
        # every column carries a font size; p columns do not hyphenate
        assert colspec.count(">{\\") >= colspec.count("}p{") + colspec.count("}l") // 2
        for p in re.findall(r">\{([^}]*)\}p\{", colspec):
            assert r"\hyphenpenalty=10000" in p
        assert sum(_spec_widths(colspec)) <= 1.0
    # the long RRR table breaks across pages; the caption stays at text size (no size
    # switch before the caption)
    assert "longtable" in blocks[1]
    assert r"\begingroup\setlength{\tabcolsep}" in tex
    for block in blocks:
        caption = block[: block.find("\\begin{longtable}" if "longtable" in block else
                                      "\\begin{tabulary}")]
        assert not re.search(r"\\(small|footnotesize|scriptsize)\b", caption)


def _fit(doc) -> None:
    """Run the layout transform on a docutils tree (A4, no Sphinx application)."""
    from latex_book import FitTablesToPage

    class Fit(FitTablesToPage):
        def __init__(self, document):
            self.document = document

        @property
        def config(self):
            return type("Config", (), {"latex_elements": {"papersize": "a4paper"},
                                       "latex_fit_tables": True})()

    Fit(doc).run()


def test_tabularcolumns_of_the_author_wins(tmp_path: Path) -> None:
    from docutils import nodes
    from latex_book import html_table_to_nodes
    from sphinx import addnodes

    html = "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>"
    doc, plain = nodes.section(), nodes.section()
    spec = addnodes.tabular_col_spec()
    spec["spec"] = "ll"
    table = html_table_to_nodes(html)[0]
    doc += [spec, table]
    plain += html_table_to_nodes(html)

    _fit(doc)
    assert list(doc.children) == [spec, table]
    _fit(plain)  # without the author's spec: group, spec, table, end of group
    kinds = [type(n).__name__ for n in plain.children]
    assert kinds == ["raw", "tabular_col_spec", "table", "raw"]


def _overfull_in_tables(tex_path: Path) -> list[float]:
    """Compile the fixture twice with xelatex; the overfull \\hbox widths inside tables."""
    for _ in range(2):  # longtable settles its column widths in the second pass
        subprocess.run(["xelatex", "-interaction=nonstopmode", "-halt-on-error",
                        tex_path.name], cwd=tex_path.parent, capture_output=True,
                       timeout=300, check=False)
    log = tex_path.with_suffix(".log")
    assert log.is_file() and tex_path.with_suffix(".pdf").is_file(), "xelatex failed"
    text = log.read_text(errors="replace")
    boxes, shipped = parse_log(text)
    assert shipped, "no page shipped out"
    spans = table_spans(tex_path.read_text(), tex_path.with_suffix(".aux").read_text())
    assert len(spans) == 4
    # an appendix's tables are numbered by its letter (Sphinx would print "Table 1.1")
    assert [s.number for s in spans if s.label.endswith("tbl-app")] == ["A.1"]
    m = re.search(r"^MIA-LINEWIDTH=([\d.]+)pt", text, flags=re.MULTILINE)
    if m:  # the fixture prints \linewidth: TEXTWIDTH_PT must be the real one
        assert float(m.group(1)) == pytest.approx(A4, abs=0.5)
    return [b.pt for b in boxes if b.kind == "Overfull" and b.box == "h"
            and table_of(b, spans) is not None]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("xelatex") is None, reason="xelatex not installed (make pdf)")
def test_fixture_pdf_has_no_overfull_box_in_tables_and_the_check_can_fail(
        fitted: Path, tmp_path: Path) -> None:
    tex = fitted.read_text().replace(
        "\\begin{document}", "\\begin{document}\\typeout{MIA-LINEWIDTH=\\the\\linewidth}", 1)
    fitted.write_text(tex)
    assert _overfull_in_tables(fitted) == []
    # control: Sphinx's own layout of the same tables overflows (tabulary squeezes the
    # 11 columns below their words, the longtable's l columns run past the margin)
    plain = _build(tmp_path, fit=False)
    assert "\\begingroup\\setlength{\\tabcolsep}" not in plain.read_text()
    widths = _overfull_in_tables(plain)
    assert widths and max(widths) > 10


def test_a_table_in_a_frame_breaks_across_pages() -> None:
    # an unbreakable table in an admonition or solution ran past the footer (page 75 of the
    # 158-page build) when the frame was split across pages; a longtable breaks with it
    from docutils import nodes
    from latex_book import html_table_to_nodes

    html = "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>"
    note, plain = nodes.note(), nodes.section()
    note += html_table_to_nodes(html)
    plain += html_table_to_nodes(html)

    _fit(note)
    _fit(plain)
    assert "longtable" in note.next_node(nodes.table)["classes"]
    assert "longtable" not in plain.next_node(nodes.table)["classes"]


def test_pdf_check_reads_boxes_pages_and_tables_from_a_log() -> None:
    # a hand-written xelatex log: page markers, a box display holding "[12]" that is not a
    # page, a line wrapped at 79 characters, and a \vbox overflow while shipping a page
    long = "x" * 79
    log = "\n".join([
        "[1] [2",
        "<./fig.png>] [3]",
        "Overfull \\hbox (12.5pt too wide) in paragraph at lines 20--21",
        "[]\\TU/FreeSerif(0)/m/n/10 see [12] and [4]",
        "",
        "[4] " + long[:75],
        long[75:] + " [5]",
        "Overfull \\hbox (3.0pt too wide) in alignment at lines 40--52",
        "[] []",
        "",
        "Overfull \\vbox (80.0pt too high) has occurred while \\output is active []",
        "[6]",
    ])
    boxes, shipped = parse_log(log)
    assert shipped == [1, 2, 3, 4, 5, 6]
    assert [(b.box, b.pt, b.first, b.page) for b in boxes] == [
        ("h", 12.5, 20, 4), ("h", 3.0, 40, 6), ("v", 80.0, None, 6)]
    tex = "\n".join(["x"] * 18 + [
        r"\begin{savenotes}", r"\begin{tabulary}{\linewidth}[t]{ll}",
        r"\label{\detokenize{ch:tbl-a}}", r"\end{tabulary}"] + ["x"] * 20 + [
        r"\begin{longtable}{ll}", r"\end{longtable}"])
    aux = r"\newlabel{ch:tbl-a}{{3.2}{4}{Title}{table.3.2}{}}"
    spans = table_spans(tex, aux)
    assert [(s.first, s.last, s.label, s.number, s.printed_page) for s in spans] == [
        (19, 22, "ch:tbl-a", "3.2", 4), (43, 44, "", "", None)]
    assert table_of(boxes[0], spans) is spans[0]
    assert table_of(boxes[1], spans) is None  # line 40 is between the two tables
