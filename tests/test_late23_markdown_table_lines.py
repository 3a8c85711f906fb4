"""export-check on a Markdown note (late23): its tables were numbered out of the file's order
(an HTML table "table 1" below a fenced to_string table "table 3") and only pasted to_string
tables named their line; every table now carries its line and they are numbered in order."""

from __future__ import annotations

import re

from mia_helpers import export_check

NOTE = """# Note

| origin | persons |
|---|---:|
| Belgian | 120 |
| Turkish | 4 |

```
      origin  persons
0    Belgian      120
1    Maghreb        7
```

<table><tr><th>origin</th><th>persons</th></tr><tr><td>Belgian</td><td>200</td></tr>
<tr><td>Turkish</td><td>3</td></tr></table>

  origin  persons
 Belgian      120
 Maghreb        6
"""


def test_markdown_tables_are_numbered_in_order_with_their_lines(tmp_path):
    (tmp_path / "note.md").write_text(NOTE, encoding="utf-8")
    found = [f for f in export_check.scan(tmp_path, min_cell=10).findings
             if f.rule == "small_count"]
    assert all(re.search(r"in \(0, 10\)", f.detail) for f in found)
    assert sorted(f.where for f in found) == ["table 1 at line 3", "table 2 at line 9", "table 3 at line 14",
                             "table 4 at line 17"], [str(f) for f in found]


def test_named_book_table_keeps_its_label_without_a_line():
    md = ":::{table} C.\n:name: tbl-x\n\n| a | persons |\n|---|---:|\n| b | 4 |\n:::\n"
    (t,), _ = export_check.markdown_tables(md)
    assert t.attrs.get("label") == "tbl-x" and "line" not in t.attrs
