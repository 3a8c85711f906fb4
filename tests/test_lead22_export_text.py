"""export-check's reading of printed text (trial22, Appendix C on any seed: three findings on a
page that publishes no small count, so the appendix could never pass; and a weighted count
that a warning printed unredacted)."""

from __future__ import annotations

import pandas as pd

from mia_helpers import claims
from mia_helpers.disclosure import redact_small_counts, small_counts_in_text
from mia_helpers.export_check import _text_id_headers


def _schema_text() -> str:
    schema = pd.DataFrame({"column": ["id", "period", "death"],
                           "dtype": ["int64", "int64", "bool"]})
    return schema.to_string()


def test_a_printed_row_is_not_a_header():
    text = _schema_text()  # "0      id  int64" is a row of the table, "column dtype" its header
    assert "0" in text.split("\n")[1].split()[0]
    assert _text_id_headers(text) == []
    # a real header naming an identifier is still found
    assert _text_id_headers("   person_id  quarter\n0          7        3") == ["person_id"]


def test_a_column_gap_is_not_a_count_phrase():
    assert small_counts_in_text(_schema_text(), 9) == []  # "2  death": row 2, value "death"
    assert small_counts_in_text("4             death", 9) == []
    # counts written as prose still count, also across a line break
    assert small_counts_in_text("1 death, 3  persons and 2\npatients", 9) == [
        "1 death", "3  persons", "2\npatients"]


def test_weighted_rows_are_a_count():
    text = "(<9 later starts in 1 weighted rows)"
    assert small_counts_in_text(text, 9) == ["1 weighted rows"]
    assert redact_small_counts(text, 9) == "(<9 later starts in <9 weighted rows)"


def test_the_k_of_the_matching_is_not_written_as_a_count():
    pairs = pd.DataFrame({"treated": [0, 0, 0, 1, 1, 2, 3, 3, 3]})
    for k in (1, 3):
        s = claims.short_matches_sentence(pairs, k, min_cell=1, who="matched patients",
                                          pool="patients still waiting")
        assert small_counts_in_text(s.replace("2 of the 4", "many"), 9) == [], s
