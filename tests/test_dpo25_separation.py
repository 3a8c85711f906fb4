"""A model's separation detail over person-periods is no count of persons (dpo25).

Chapter 2 (seed 3131, 1,500 residents, 300 newcomers, ``min_cell`` 14) printed, in its
KHB-by-sex cell and the warnings above it, "male, job: ... Dutch level: No Dutch cannot be
identified (no events where it is 1 (0 events in 24 trials))": one male school leaver has no
Dutch, so the 24 trials were his 24 quarters at risk, none with a job; and "(0 events in 100
trials)" for five Sub-Saharan intermediate-generation women, none with a stable job.
``redact_small_counts`` keeps a count of trials of ``min_cell`` or more (a few rows are at
most as many persons, but many rows can be one person).
"""

from __future__ import annotations

import subprocess
import sys

from fit_by_sex_refusal import fit_by_sex_refused

from mia_helpers.disclosure import redact_small_counts, withhold_separation_counts

PRINTED = (
    "male, job: not decomposed: term Dutch level: No Dutch cannot be identified (no events "
    "where it is 1 (0 events in 24 trials))",
    "hazard model M0: term 'origin_generation[subsaharan:intermediate]' is not identified: no "
    "events among the rows where it is 1 (0 events in 100 trials; quasi-complete separation). "
    "Its estimate is reported as NaN (identified=False) and those rows are left out of the fit.",
    "g: (quasi-)complete separation: term(s) ['x'] have infinite estimates; 12 rows (0 events "
    "in 48 trials) are predicted perfectly and are left out; the terms are reported as not "
    "identified.",
)


def test_separation_detail_withheld():
    out = [withhold_separation_counts(t) for t in PRINTED]
    for t in out:
        assert "trials" not in t and "no events" not in t and "only events" not in t, t
    assert out[0].endswith("cannot be identified (one outcome only where it is 1 (counts "
                           "withheld))")
    assert "(counts withheld; quasi-complete separation)" in out[1]
    assert "some rows (counts withheld) are predicted perfectly" in out[2]
    # the redaction of small counts alone keeps them: the hole
    assert "24 trials" in redact_small_counts(PRINTED[0], 14)
    # other counts stay
    assert withhold_separation_counts("3 events in 92 trials") == "3 events in 92 trials"


def test_protected_warnings_withhold_the_separation_detail():
    code = ("import warnings\nfrom mia_helpers.disclosure import protect_warnings\n"
            f"protect_warnings(14)\nwarnings.warn({PRINTED[1]!r})\n")
    err = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stderr
    assert "100 trials" not in err and "counts withheld" in err, err


def test_fit_by_sex_reason_withholds_the_separation_detail(monkeypatch):
    out, caught = fit_by_sex_refused(
        monkeypatch, "no events where it is 1 (0 events in 24 trials)", "job")
    why = out["male"]["not_decomposed"]["job"]
    assert why == ("term Dutch level: No Dutch cannot be identified (one outcome only where it "
                   "is 1 (counts withheld))")
    assert caught and all("trials" not in str(w.message) for w in caught)


def test_export_check_refuses_a_printed_separation_detail(tmp_path):
    import json

    from mia_helpers.export_check import scan_notebook

    def notebook(text: str) -> dict:
        return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
            {"cell_type": "code", "source": "print(why)", "metadata": {}, "execution_count": 1,
             "outputs": [{"output_type": "stream", "name": "stdout", "text": text}]}]}

    for i, text in enumerate((PRINTED[0], withhold_separation_counts(PRINTED[0]))):
        path = tmp_path / f"nb{i}.ipynb"
        path.write_text(json.dumps(notebook(text + "\n")))
        found, _ = scan_notebook(path, min_cell=14)
        separation = [f for f in found if "separation" in f.detail]
        assert bool(separation) == (i == 0), found


def test_sex_dropped_terms_sentence_withholds_the_separation_detail():
    from types import SimpleNamespace

    from mia_helpers.claims import sex_dropped_terms_sentence

    def fit(why):
        return SimpleNamespace(not_identified={"dutch_level[none]": why})

    by_sex = {"male": {"fits": {
        "job": {"M1": fit("no events where it is 1 (0 events in 24 trials)")},
        "stable": {"M1": fit("no events where it is 1 (0 events in 21 trials)")}}},
        "female": {"fits": {"job": {"M1": SimpleNamespace(not_identified={})}}}}
    text = sex_dropped_terms_sentence(by_sex, {"job": {}}, "the cell above")
    assert "trials" not in text and "no events" not in text, text
    # the two events' reasons merge into one item once their counts are withheld
    assert text.count("counts withheld") == 1 and "both events" in text, text
