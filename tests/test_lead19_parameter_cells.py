"""A parameters cell's assignments are not count phrases (dpo19: with ``-p seed 7`` export-check
flagged "7\\nresidents" of "seed = 7\\nresidents = 400")."""

from mia_helpers.disclosure import redact_small_counts, small_counts_in_text


def test_assignments_of_a_parameters_cell_state_no_count():
    cell = "seed = 7  # seed of the microsimulation\nresidents = 400\nnewcomers = 200\n"
    assert small_counts_in_text(cell, 10) == []
    assert small_counts_in_text("seed = 7\nresidents = 400", 10) == []
    assert redact_small_counts("seed = 7\nresidents = 400", 10) == "seed = 7\nresidents = 400"


def test_counts_in_prose_and_comparisons_are_still_found():
    assert small_counts_in_text("of them 7\nresidents left", 10) == ["7\nresidents"]
    assert small_counts_in_text("3 persons == 3 persons", 10) == ["3 persons", "3 persons"]
    assert small_counts_in_text("only 4 treated in 2 rows", 10) == ["4 treated", "2 rows"]
