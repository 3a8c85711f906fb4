"""Chapter 5's summary when no step's naive and matched estimates are compared because some
matched ones are bounds: it names dpo26's grid rule among the reasons, and keeps the clause on
a step whose matched estimate speaks for few of its starters (prose28b: that clause was
overwritten)."""
import pandas as pd
from newcomer_claims_inputs import newcomer_inputs

from mia_helpers import claims

QUARTERS = [4, 5, 6, 7, 8]


def _tidy() -> pd.DataFrame:
    rows = [{"measure": step, "estimand": "now_vs_later", "estimator": est,
             "quarter_since_start": q, "att_pp": v, "ci_low": v - 2, "ci_high": v + 2,
             "se": 1.0, "n_treated": 300, "true_att_pp": t,
             # inburgering's matched estimate at quarter 5 is a worst-case bound
             "point_identified": not (step == "inburgering" and est == "matched" and q == 5)}
            for step, (naive, matched, t) in {"inburgering": (0.5, 2.7, 1.4),
                                              "nt2": (-1.0, 1.5, 0.6)}.items()
            for est, v in (("naive", naive), ("matched", matched)) for q in QUARTERS]
    return pd.DataFrame(rows)


def test_bounds_summary_names_the_grid_rule_and_keeps_the_scope_clause() -> None:
    steps, feeder, comp = newcomer_inputs()
    c = claims.newcomer_claims(_tidy(), steps, feeder, comp, "now_vs_later", min_cell=10,
                               scope={"nt2": 12.0})
    summary = c["nc_naive_summary"]
    assert summary.startswith("no step's naive and matched estimates are compared"), summary
    assert "would give away a starters count the table hides" in summary, summary
    assert "NT2 (Dutch course), with 12.0 per cent of its starters dropped" in summary, summary
