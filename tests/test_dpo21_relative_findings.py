"""Chapter 6 may not print a relative effect (nor its interval) that chapter 4's summary table
or chapter 5's comparison hides by the rule ``share`` (dpo21: seed 5757, 2,500 residents,
1,000 newcomers, min_cell 15: chapter 4 hid IBO's relative effect at quarter 5, where 126 of
307 starters had entered by quarter 4 and 138 of 300 by quarter 5, and chapter 6 printed
"25 % [7 %, 42 %]" beside chapter 4's 9.1 pp: the few who entered in quarter 5 back to within
4 to 16)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers import conclusions as cc
from mia_helpers.disclosure import checking_record, reset_record

IBO = "workplace_learning_ibo"


class FakeResult:
    """What the tables read of an ``EffectsResult``: ``tidy`` and ``support()``."""

    def __init__(self, tidy: pd.DataFrame, matched: int):
        self.tidy = tidy
        self._support = pd.DataFrame({"measure": [IBO], "n_matched": [matched]})

    def support(self) -> pd.DataFrame:
        return self._support


def _tidy(rows: dict[int, tuple[int, int, float]]) -> pd.DataFrame:
    """Matched and naive IBO rows: quarter -> (starters, entered, controls' mean)."""
    out = []
    for q, (n, entered, m0) in rows.items():
        m1 = entered / n
        for est in ("matched", "naive"):
            out.append({"measure": IBO, "estimand": "now_vs_later", "estimator": est,
                        "quarter_since_start": q, "att_pp": 100 * (m1 - m0),
                        "att_rel": m1 / m0 - 1, "ci_low": 100 * (m1 - m0) - 6.5,
                        "ci_high": 100 * (m1 - m0) + 6.5, "n_treated": n,
                        "treated_outcome": m1, "control_outcome": m0, "true_att_pp": 9.7})
    return pd.DataFrame(out)


# the seed's numbers: 126/307 at 4, 138/300 at 5 (12 entered in between), 167/274 at 8
SEED = {4: (307, 126, 0.317590), 5: (300, 138, 0.369444), 8: (274, 167, 0.5)}


def test_relative_hidden_where_chapter_4_hides_it():
    r = FakeResult(_tidy(SEED), 364)
    for population in ("resident", "newcomer"):
        assert not cc._relative_published(r, 5, "now_vs_later", population, 12, 15)
        assert cc._relative_published(r, 4, "now_vs_later", population, 12, 15)
    # 40 starters entered in between, and the twins' side steps by at least min_cell too
    # (twins25's rule: the seed's 0.317590 x 307 = 97.5 to 0.369444 x 300 = 110.8 twins who
    # entered is a step of 13.3 < 15, which now hides it; 0.40 x 300 = 120 is 22.5): shown
    # (and the starters 307 at both quarters: 300 at quarter 5, hidden by the horizon rule
    # after 307, would be narrowed by the relative effect's treated mean, 166/300, which
    # hides it since dpo26: effect_tables.share_pins_count)
    wide = dict(SEED) | {5: (307, 166, 0.40)}
    assert cc._relative_published(FakeResult(_tidy(wide), 364), 5, "now_vs_later",
                                  "resident", 12, 15)


def test_findings_table_hides_relative_and_interval():
    rows = {f.key: {"estimate": 1.0, "ci_low": 0.5, "ci_high": 1.5, "n_persons": 400,
                    "truth": np.nan} for f in cc.STUDY_FINDINGS}
    rows["ibo_residents_q5"] = {"estimate": 24.5, "ci_low": 6.7, "ci_high": 42.3,
                                "n_persons": 300, "truth": 28.0, "persons_hidden": True,
                                "relative_hidden": True}
    reset_record()
    table = cc.findings_table(rows, synthetic=True, min_cell=15)
    row = table.set_index("key").loc["ibo_residents_q5"]
    # the checking record says what this table hid beyond suppress (it said "pass")
    rec = checking_record().set_index("output")
    entry = rec.loc["ch6_findings: counts and relative effects the source chapters hide"]
    assert (entry["share"], entry["horizon"], entry["status"]) == (3, 1, "review")
    assert row[["estimate", "ci_low", "ci_high"]].isna().all()
    # both said, "as in the chapter's own table" once (prose39)
    assert row["note"] == ("relative effect hidden and persons hidden by disclosure control, "
                           "both as in the chapter's own table"), row["note"]
    numbers, _ = cc.findings_display(table, 0.95, 15)
    text = numbers.to_string() + " ".join(cc.glue_texts(table).values())
    assert not any(f"{v} %" in text for v in (25, 7, 42))  # 24 % is the study's value
    assert numbers.set_index("finding").loc["IBO effect, residents (5 quarters)",
                                            "persons"] == "x"
