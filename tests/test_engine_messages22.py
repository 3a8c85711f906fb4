"""Errors of the engines on data too small for a model say so and name what to change
(newuser21: "needs both outcomes" on a tiny extract said nothing of its size)."""

from __future__ import annotations

import numpy as np
import pytest

from mia_helpers.core import glm
from mia_helpers.matching import fit_logit


def test_logit_with_one_outcome_names_the_rows_and_the_remedy():
    X = np.arange(10.0)[:, None]
    with pytest.raises(ValueError, match=r"m: a logit needs both outcomes .*all 10 rows are 0, "
                                         r"as on a small extract.*larger extract"):
        fit_logit(X, np.zeros(10), model="m")
    with pytest.raises(ValueError, match=r"it has no rows, as on a small extract"):
        fit_logit(np.zeros((0, 1)), np.zeros(0), model="m")


def test_glm_with_one_outcome_names_the_outcome_and_the_remedy():
    X = np.column_stack([np.ones(6), np.arange(6.0)])
    with pytest.raises(ValueError, match=r"g: needs both outcomes; no events among its rows: "
                                         r"every row has the same outcome.*larger extract") as e:
        glm.fit_binary(X, np.zeros(6), model="g")
    # no events or trials counted (fp26: trials can be one person's person-periods)
    assert "6 trials" not in str(e.value) and "events in" not in str(e.value)
    with pytest.raises(ValueError, match=r"g: needs both outcomes; only events among its rows"):
        glm.fit_binary(X, np.ones(6), model="g")
