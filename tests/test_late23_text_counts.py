"""export-check's reading of text (late23): counts of persons named by the words of the effect
tables' few-entrants rule ("entrants", "non-entrants"), chapter 5's contract "signers" and a
hyphenated "school-leavers" were passed in a Markdown note; prose of a hand-written HTML page
(outside its ``<pre>`` blocks) was not read at all."""

from __future__ import annotations

import pytest

from mia_helpers import export_check
from mia_helpers.disclosure import small_counts_in_text


@pytest.mark.parametrize("text", ["Only 4 entrants went through IBO.", "3 non-entrants",
                                  "Entrants: 4", "3 signers in Antwerp", "4 non-signers",
                                  "4 school-leavers of Maghreb origin", "2 of 62 entrants"])
def test_small_counts_of_entrants_signers_school_leavers(text):
    assert small_counts_in_text(text, 10), text


# ec25: "fewer than 4 entrants" publishes that at most 3 entered, narrower than the marker <10
# allows, and is refused (tests/test_ec25_export_check.py); the rule at the threshold passes
@pytest.mark.parametrize("text", ["fewer than 10 entrants", "40 signers", "in 2009 signers",
                                  "35 % of entrants"])
def test_bounds_and_large_counts_still_pass(text):
    assert small_counts_in_text(text, 10) == [], text


def test_html_prose_is_read(tmp_path):
    (tmp_path / "note.html").write_text(
        "<html><body><h1>Note</h1>\n<p>Only 4 persons entered IBO in 2009; 35 % of 120 persons "
        "found a job.</p></body></html>\n", encoding="utf-8")
    res = export_check.scan(tmp_path, min_cell=10)
    found = [f for f in res.findings if f.rule == "small_count"]
    assert found and "4 persons" in str(found[0]), [str(f) for f in res.findings]
    assert "(line 2)" in str(found[0]), str(found[0])


def test_html_prose_large_counts_pass(tmp_path):
    (tmp_path / "note.html").write_text(
        "<html><body><p>Of 120 persons, 45 entered IBO in 2009 (37.5 %).</p>"
        # ec28: a script's text leaves with the page and is read (a small count there is
        # refused: test_ec28_adversarial); a large one passes
        "<script>var n = 40; // 40 persons</script></body></html>", encoding="utf-8")
    res = export_check.scan(tmp_path, min_cell=10)
    assert res.ok, [str(f) for f in res.findings]


NB_HTML = """<html><body>
<div class="jp-Cell jp-CodeCell"><div class="jp-InputArea"><pre>residents = 400</pre></div></div>
<div class="jp-Cell jp-MarkdownCell jp-Notebook-cell">
<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput">
<p>In 2009 only 4 persons entered IBO; see quarter 4.</p>
</div></div>
</body></html>
"""


def test_prose_of_a_notebook_rendered_to_html_is_read(tmp_path):
    """An analyst's own notebook exported to HTML (nbconvert), without its .ipynb: the
    markdown cells' prose was not read, only tables and output ``<pre>`` blocks."""
    (tmp_path / "analysis.html").write_text(NB_HTML, encoding="utf-8")
    found = [f for f in export_check.scan(tmp_path, min_cell=10).findings
             if f.rule == "small_count"]
    assert len(found) == 1 and "'4 persons' (line 5)" in str(found[0]), [str(f) for f in found]
    assert found[0].where == "prose"
    (tmp_path / "analysis.html").write_text(NB_HTML.replace("only 4", "only 40"),
                                            encoding="utf-8")
    assert export_check.scan(tmp_path, min_cell=10).ok
