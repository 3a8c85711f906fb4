"""The stages of one Monte Carlo replication (:func:`mia_helpers.montecarlo.replication`).

- The in-memory panel of a replication (:func:`replication_panel`) equals, value for value,
  dtype for dtype and row for row, the panel that the book's file path gives for the same
  registers (written as Parquet, :func:`build_panel`, :func:`load_panel`), which is how a
  replication built its panel before: exact equality, no tolerance.
- :func:`replication_data` is a function of its seed: the same seed gives identical data and
  truth, another seed other data.
"""

from __future__ import annotations

import numpy as np
from frames import assert_frame_equal

from mia_helpers.montecarlo import replication_data, replication_panel
from mia_helpers.panel import PanelSpec, build_panel, load_panel
from mia_helpers.synthetic import write_parquet
from mia_helpers.synthetic.registers import all_registers

SIZE = dict(residents=600, newcomers=80, measure="workplace_learning_ibo")


def test_replication_panel_equals_the_parquet_panel(tmp_path):
    data = replication_data(21, **SIZE)
    for name, df in all_registers(data.population, data.history).items():
        write_parquet(df, tmp_path / f"{name}.parquet")
    build_panel(tmp_path, PanelSpec(window=data.window, threads=1))
    assert_frame_equal(replication_panel(data), load_panel(tmp_path),
                                  check_exact=True)


def test_replication_data_is_a_function_of_the_seed():
    a, b, c = (replication_data(s, **SIZE) for s in (5, 5, 6))
    for name in ("state", "position", "measure_start"):
        assert np.array_equal(getattr(a.history, name), getattr(b.history, name))
    assert not np.array_equal(a.history.state, c.history.state)
    assert_frame_equal(a.truth, b.truth, check_exact=True)
    assert not a.truth["true_att_pp"].equals(c.truth["true_att_pp"])
