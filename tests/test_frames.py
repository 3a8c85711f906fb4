"""The tests' fast frame comparison (``tests/frames.py``) fails wherever pandas' does."""

import pandas as pd
import pytest
from frames import assert_frame_equal


def _frame(values, categories=("a", "b", "c")):
    return pd.DataFrame({"x": pd.Categorical(values, categories=list(categories)),
                         "y": [1, 2, 3]})


def test_equal_categoricals_pass():
    assert_frame_equal(_frame(["a", "b", "c"]), _frame(["a", "b", "c"]), check_exact=True)


@pytest.mark.parametrize("right", [
    _frame(["a", "b", "b"]),                        # a value
    _frame(["a", "b", "c"], categories="cba"),      # the category order
    _frame(["a", "b", "c"], categories="abcd"),     # an unused category
    _frame(["a", "b", "c"]).assign(x=lambda d: d["x"].astype(str)),  # not categorical
])
def test_any_difference_pandas_sees_fails(right):
    left = _frame(["a", "b", "c"])
    with pytest.raises(AssertionError):
        pd.testing.assert_frame_equal(left, right)
    with pytest.raises(AssertionError):
        assert_frame_equal(left, right)
