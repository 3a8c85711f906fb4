"""A text covariate is a categorical covariate of the discrete-time hazard model whatever its
pandas dtype: ``object``, ``category`` or pandas 3's ``str`` (what ``read_csv`` and
``read_parquet`` give text columns under the pinned pandas). Found by the R reference test
(tests/test_ref34_hazard_glm.py): a ``str`` column was taken as a number and failed with
"could not convert string to float", naming no column."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mia_helpers import hazard


@pytest.mark.parametrize("dtype", ["object", "category", "str"])
def test_text_covariate_is_dummy_coded_whatever_its_dtype(dtype):
    frame = pd.DataFrame({"dur": [1, 1, 2, 2], "group": ["a", "b", "a", "c"]})
    frame["group"] = frame["group"].astype(dtype)
    X, names = hazard.design_matrix(frame, ["group"], bins=(1, 2))
    assert names == ["dur[1]", "dur[2]", "group[b]", "group[c]"]
    np.testing.assert_array_equal(X[:, 2:], [[0, 0], [1, 0], [0, 0], [0, 1]])
