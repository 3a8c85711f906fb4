"""Appendix A's sensitivity exercise with ``-p unobserved_job 0`` (user44, seed 2005, 5
replications): the question read "unobserved_job = 0: this run's loading is already zero, so
there is nothing to halve", but the solution answered "With the full loading the bias (-1.46
points) is within its Monte Carlo error (1.25) of zero over these 5 data sets, so no ratio of
the two biases is read", of two runs that are one and the same. With identical runs and a
bias beyond its Monte Carlo error it read "1.00 times the bias with the full loading"."""
from pathlib import Path

import numpy as np
import pandas as pd

from mia_helpers import exercise_answers as ea

PICK = "estimand == 'now_vs_later' and estimator == 'matched' and quarter_since_start == 5"
NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "A_matching_method.md"


def _mc(bias: float) -> pd.DataFrame:
    noise = np.random.default_rng(44).normal(0, 1, 20)
    return pd.DataFrame({"replication": range(20), "estimand": "now_vs_later",
                         "estimator": "matched", "quarter_since_start": 5,
                         "att_pp": 5.0 + bias + noise, "true_att_pp": 5.0})


def test_a_zero_loading_is_not_compared_with_itself():
    same = _mc(4.0)
    s = ea.half_loading_sentence(same, same, PICK, loading=0.0)
    assert s.startswith("This run's loading on job entry is zero"), s
    assert "times the bias" not in s and "within its Monte Carlo error" not in s, s
    # a non-zero loading still reads the ratio
    assert "times the bias with the full loading" in ea.half_loading_sentence(
        _mc(2.0), _mc(4.0), PICK, loading=0.5)


def test_the_appendix_passes_its_loading():
    text = NOTEBOOK.read_text(encoding="utf-8")
    part = text[text.index("```{solution-start} ex-matching-sensitivity"):]
    part = part[:part.index("```{solution-end}")]
    assert "loading=unobserved_job" in part
