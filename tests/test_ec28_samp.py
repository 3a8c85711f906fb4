"""ec28: the chapter runner wrote a ``{samp}`` role of a markdown cell as "{samp}" before a
plain ``<code>``, and export-check read that example in the HTML as a statement of the page
(refused) while it listed it for review in the notebook; and the braces of a variable part
(``{samp}`n = {4}```, which Sphinx shows as "n = 4") hid the count from the example reader,
so it was neither refused nor listed. The runner now writes ``<code class="samp">`` as Sphinx
does, and both files list the same examples for review."""

from __future__ import annotations

from pathlib import Path

from export_files import scan_notebook_and_html

from mia_helpers import export_check as ec
from mia_helpers.notebook_run import paste_glue

SOURCE = ("# Chapter\n\nThe rule refuses {samp}`3 treated` and {samp}`n = {4}`.\n\n"
          "A larger one: {samp}`40 persons`.")


def _scan_both(tmp_path: Path) -> tuple[ec.ScanResult, ec.ScanResult, str]:
    return scan_notebook_and_html(tmp_path, SOURCE, 10)


def test_the_runner_writes_samp_as_sphinx_and_both_files_list_the_same_examples(tmp_path):
    nb_res, html_res, page = _scan_both(tmp_path)
    assert '<code class="samp">3 treated</code>' in page and "{samp}" not in page
    assert '<code class="samp">n = <em>4</em></code>' in page
    assert [f.rule for f in html_res.findings if f.rule == "small_count"] == []
    assert [f.rule for f in nb_res.findings] == []
    assert sorted(p for _, _, p in nb_res.examples) == ["3 treated", "n = 4"]
    assert sorted(p for _, _, p in html_res.examples) == ["3 treated", "n = 4"]


def test_a_variable_part_does_not_hide_a_count(tmp_path):
    (tmp_path / "page.md").write_text("# Page\n\nWe write {samp}`n = {4}` here.\n",
                                      encoding="utf-8")
    res = ec.scan(tmp_path, 10)
    assert [p for _, _, p in res.examples] == ["n = 4"]


def test_samp_html_escapes_its_text():
    out = paste_glue(r"see {samp}`a <b> \{c\}`", {})
    assert out == 'see <code class="samp">a &lt;b&gt; {c}</code>'
