"""A fit with nothing left after its guards states "the 5 rows left hold only one outcome
(0 events in 24 trials)" (``core.glm._nothing_left``): the same events-in-trials detail over
person-periods as a separation's, which dpo25 withheld (24 trials were one person's quarters),
so it is withheld too, and export-check refuses text that still states it."""
from mia_helpers.disclosure import withhold_separation_counts

LEFT = "hazard: the 5 rows left hold only one outcome (0 events in 24 trials)"


def test_the_one_outcome_detail_is_withheld():
    out = withhold_separation_counts(LEFT)
    assert "24 trials" not in out and "events in" not in out
    assert out == "hazard: the 5 rows left hold only one outcome (counts withheld)"


def test_other_text_is_kept():
    text = "only one outcome is modelled (the 3 measures are pooled)"
    assert withhold_separation_counts(text) == text


def test_export_check_refuses_the_printed_detail(tmp_path):
    import json

    from mia_helpers.export_check import scan_notebook

    for i, text in enumerate((LEFT, withhold_separation_counts(LEFT))):
        nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
            {"cell_type": "code", "source": "print(why)", "metadata": {}, "execution_count": 1,
             "outputs": [{"output_type": "stream", "name": "stdout", "text": text + "\n"}]}]}
        path = tmp_path / f"nb{i}.ipynb"
        path.write_text(json.dumps(nb))
        found, _ = scan_notebook(path, min_cell=14)
        assert bool([f for f in found if "separation" in f.detail]) == (i == 0), found
