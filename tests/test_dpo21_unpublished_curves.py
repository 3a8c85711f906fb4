"""coarsen_steps(drop_unpublished=True): a curve with some but fewer than min_cell events is
left out, not drawn at 0 (dpo21, seed 5757, 2,500 residents, min_cell 15: chapter 3 drew the
IBO inflow of other non-EU jobseekers, 14 persons by quarter 8, at 0 and wrote "0.0 to 3.4 %
for the non-EU origins")."""

from __future__ import annotations

import pandas as pd

from mia_helpers.disclosure import coarsen_steps


def _curves() -> pd.DataFrame:
    rows = []
    for origin, events in (("belgian", [10, 8, 0, 5]), ("other_non_eu", [5, 4, 0, 5]),
                           ("none", [0, 0, 0, 0])):
        n, cum = 400, 0
        for u, e in enumerate(events):
            cum += e
            rows.append({"origin": origin, "u": u, "cum_incidence": cum / n, "events": e,
                         "at_risk": n - 20 * u})
    return pd.DataFrame(rows)


def test_a_curve_without_a_publishable_step_is_left_out():
    kw = dict(time="u", value="cum_incidence", events="events", at_risk="at_risk", by=["origin"],
              min_cell=15, start=0.0, exact_at=3)
    held = coarsen_steps(_curves(), **kw)  # the old behaviour: held at 0 (14 events)
    assert (held.loc[held.origin == "other_non_eu", "cum_incidence"] == 0).all()
    out = coarsen_steps(_curves(), **kw, drop_unpublished=True)
    assert "other_non_eu" not in set(out["origin"])
    # a curve with no event keeps its true level, and a published one its steps
    assert (out.loc[out.origin == "none", "cum_incidence"] == 0).all()
    pd.testing.assert_frame_equal(out[out.origin == "belgian"].reset_index(drop=True),
                                  held[held.origin == "belgian"].reset_index(drop=True))
    assert out.loc[out.origin == "belgian", "cum_incidence"].iloc[-1] == 23 / 400
