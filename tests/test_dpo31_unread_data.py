"""dpo31: export-check passed data it did not read: a page's data URI (an ``<iframe
src="data:text/html;base64,...">`` holding a table of 3 persons, a Markdown download link
``data:text/csv,...``) and JSON tables written as rows (a header row first, or
``{"columns": [...], "values": [[...]]}``). The data URIs are refused as unreadable; the
JSON rows are read as tables."""
from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from mia_helpers import export_check as ec

TABLE = "<table><tr><th>n_persons</th></tr><tr><td>3</td></tr></table>"


def _scan(tmp_path: Path, name: str, text: str) -> ec.ScanResult:
    folder = tmp_path / "out"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text)
    return ec.scan(folder, 10)


@pytest.mark.parametrize(("name", "text"), [
    ("page.html", '<html><body><iframe src="data:text/html;base64,'
                  + base64.b64encode(TABLE.encode()).decode() + '"></iframe></body></html>'),
    ("note.md", "[download](data:text/csv,origin%2Cn_persons%0Aa%2C3)\n"),
    ("page2.html", '<html><body><a href="data:;base64,MywgNDA=">x</a></body></html>'),
])
def test_embedded_data_is_refused_as_unreadable(tmp_path, name, text):
    res = _scan(tmp_path, name, text)
    assert [f.rule for f in res.findings] == ["unreadable"], res.findings
    assert "embedded data" in res.findings[0].detail


def test_images_fonts_and_prose_about_metadata_pass(tmp_path):
    png = base64.b64encode(b"\x89PNG\r\n").decode()
    res = _scan(tmp_path, "ok.html",
                f'<html><head><style>@font-face {{src: url(data:font/woff2;base64,AAAA)}}'
                f'</style></head><body><p>The metadata:text/plain, is fine.</p>'
                f'<img src="data:image/png;base64,{png}"></body></html>')
    assert not [f for f in res.findings if f.rule == "unreadable"], res.findings


@pytest.mark.parametrize("obj", [
    [["origin", "n_persons"], ["a", 3], ["b", 40]],
    {"columns": ["origin", "n_persons"], "values": [["a", 3], ["b", 40]]},
    {"fields": ["origin", "n_persons"], "rows": [["a", 3], ["b", 40]]},
])
def test_json_rows_are_read_as_tables(tmp_path, obj):
    res = _scan(tmp_path, "t.json", json.dumps(obj))
    assert [f.rule for f in res.findings] == ["small_count"], res.findings
    obj_ok = json.loads(json.dumps(obj).replace(", 3]", ", 30]"))
    assert _scan(tmp_path, "t.json", json.dumps(obj_ok)).ok
