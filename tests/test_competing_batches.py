"""origin_gap predicts its groups in batches (one design matrix per batch of at most
``competing._GAP_BATCH_ROWS`` spells); the batching must not change a number: batches of a
few hundred spells (many batches) give the same table, bit for bit, as one batch, and each
group's adjusted gap equals the difference of two direct predict_cif calls for that group."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mia_helpers import competing as cr


@pytest.fixture(scope="module")
def model_and_data(small_data):
    from mia_helpers.panel import load_panel

    cd = cr.competing_data(load_panel(small_data))
    with pytest.warns(Warning):  # small data: some cells are not identified (warned)
        inflow = cr.fit_inflow(cd, ["duration", "origin"])
        exits = cr.fit_exits(cd, ["duration", "origin"])
    return cr.CompetingModel(inflow, exits), cd


def test_batches_do_not_change_the_gaps(model_and_data, monkeypatch):
    fit, cd = model_and_data
    one = cr.origin_gap(cd, fit, horizon=6)
    monkeypatch.setattr(cr, "_GAP_BATCH_ROWS", 150)
    many = cr.origin_gap(cd, fit, horizon=6)
    pd.testing.assert_frame_equal(one, many, check_exact=True)
    assert len(one) > 0


def test_adjusted_gap_is_own_minus_reference_prediction(model_and_data):
    fit, cd = model_and_data
    gaps = cr.origin_gap(cd, fit, horizon=6)
    base = cd[cd["u"] == cd.groupby(["person_id", "spell"])["u"].transform("min")]
    c = gaps[cr.KEY].iloc[-1]
    b = base[base[cr.KEY].astype(str) == c]
    own = cr.predict_cif(fit, b.assign(profile="x"), horizon=6)
    ref = cr.predict_cif(fit, b.assign(profile="x", low_link=0.0, **{cr.KEY: cr.REFERENCE_GROUP}),
                         horizon=6)
    for m in gaps.loc[gaps[cr.KEY] == c, "outcome"]:
        pick = (own["u"] == 6) & (own["outcome"] == m)
        want = 100 * (own.loc[pick, "cum_incidence"].item() - ref.loc[pick, "cum_incidence"].item())
        got = gaps.loc[(gaps[cr.KEY] == c) & (gaps["outcome"] == m), "adjusted_gap"].item()
        assert np.isclose(got, want, rtol=0, atol=1e-12)  # same sums, rows in another frame
