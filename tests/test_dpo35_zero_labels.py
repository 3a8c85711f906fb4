"""dpo35: export-check's ``linked_zero_groups`` keeps refusing a zero of a small group when
its row labels differ in case or spacing (within one table, and across files where labels
are matched case- and space-blind); the across-tables match is on row labels only."""

from __future__ import annotations

from pathlib import Path

from mia_helpers.export_check import scan

MIN_CELL = 10


def _rules(path: Path) -> list:
    return [f for f in scan(path, MIN_CELL).findings if f.rule == "linked_zero_groups"]


def test_same_table_zero_refused_whatever_the_labels_case_and_spacing(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('origin,n_persons,n_started\n"  TURKISH   second ",<10,0\n'
                    "Maghreb,40,12\n")
    found = _rules(path)
    assert len(found) == 1 and "n_started" in found[0].detail


def test_across_files_labels_matched_case_and_space_blind(tmp_path):
    (tmp_path / "persons.csv").write_text('origin,n_persons\n"Turkish  Second",<10\n'
                                          "Maghreb,40\n")
    (tmp_path / "starts.csv").write_text('origin,cum_incidence_pct\n" turkish second ",0.0\n'
                                         "maghreb,0.0\n")
    found = _rules(tmp_path)
    assert len(found) == 1 and found[0].file == "starts.csv"


def test_across_files_different_labels_are_not_matched(tmp_path):
    """The documented limit: a zero whose group is labelled differently elsewhere
    ("Turkey" against "Turkish") is not linked to its count."""
    (tmp_path / "persons.csv").write_text("origin,n_persons\nTurkey,<10\nMaghreb,40\n")
    (tmp_path / "starts.csv").write_text("origin,cum_incidence_pct\nturkish,0.0\n"
                                         "maghreb,3.0\n")
    assert _rules(tmp_path) == []
