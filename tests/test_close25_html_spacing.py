"""close25: ``export-check`` read the text of HTML with a tag replaced by one space, so a glued
number inside nested tags ("fewer than  <span><b>3</b></span>  persons") stood more than the
phrase reader's two spaces from its words and was not read. Runs of whitespace are now one
space (or their newlines alone, so line numbers stay the file's)."""

from __future__ import annotations

import pytest

from mia_helpers.export_check import html_prose, scan

NESTED = "<p>Rows held by fewer than  <span><b>3</b></span>  persons are dropped.</p>"


def test_a_glued_number_in_nested_tags_is_one_space_from_its_words():
    assert "fewer than 3 persons are dropped." in html_prose(NESTED)


@pytest.mark.parametrize("html,phrase", [
    (NESTED, "'fewer than 3 persons'"),
    ("<p>only <span> <i>\t<b>4</b> </i> </span>&nbsp; persons</p>", "'4 persons'"),
])
def test_an_html_page_with_a_nested_glued_count_is_refused(tmp_path, html, phrase):
    (tmp_path / "p.html").write_text(f"<html><body>{html}</body></html>")
    found = scan(tmp_path / "p.html", 10).findings
    assert [f.rule for f in found] == ["small_count"], found
    assert phrase in found[0].detail, found[0]


def test_newlines_are_kept_so_a_phrase_keeps_its_line(tmp_path):
    html = "<html>\n<body>\n<p>intro</p>\n\n<p>fewer  than <span>\n  <b>3</b></span>  persons</p>"
    text = html_prose(html)
    assert text.count("\n") == html.count("\n")
    (tmp_path / "p.html").write_text(html)
    found = scan(tmp_path / "p.html", 10).findings
    assert [f.rule for f in found] == ["small_count"], found
    assert "(line 5)" in found[0].detail, found[0]


def test_the_rule_and_a_wide_count_still_pass(tmp_path):
    html = ("<p>fewer than  <span><b>10</b></span>  persons; "
            "<span><b>1234</b></span>   persons</p>")
    (tmp_path / "p.html").write_text(html)
    assert scan(tmp_path / "p.html", 10).findings == []
