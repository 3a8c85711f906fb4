"""dpo53: a share of the treated beside a count the horizon rule hid.

Appendix C's ``heart.published_effects`` hid a count that changed by fewer than ``min_cell``
since the last published one (``x``) and kept the estimates beside it, the treated's
cumulative share dead among them (seed 4250: 0.1167 beside ``x`` after 69 matched patients).
A share of a nearly known denominator gives it back: of 60 to 69 only 60 has a whole number
of deaths at 0.1167 (7 of 60), so the 9 who left follow-up, which the rule hid, were given
back. ``export-check`` refused a CSV of those rows (through ``unsupported_share``) while
reading ``treated_outcome`` as no share at all, and passed a share beside ``x``
(``"Share dead (%)"`` of 11.67 between 69 and 58) as safe. The principle (a share is hidden
where a count behind it is hidden, book/disclosure.md's derived rule) decides for the check;
both now hide or refuse the share.

Appendix C runs on public teaching data (the Stanford heart transplant patients), but the
same code path runs on registers (``published_effects`` is the book's one table maker for
``dynamic_effects`` by group), so it must be safe whatever the data: these tests use
hand-made rows of the shape ``dynamic_effects`` returns, with no public data."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from mia_helpers.export_check import scan
from mia_helpers.heart import effects_display, published_effects, shown_effects


def _effects() -> pd.DataFrame:
    """Matched ``dynamic_effects``-like rows of group "all": 69 matched, then 60 treated at 4
    and 13 periods (9 left: hidden), 58 at 26 and 55 at 52, with the shares of Appendix C's
    seed-4250 run (7/60, 25/60, 29/58, 33/55; the controls' share in treated-equivalents)."""
    rows = []
    for h, n, m1, m0 in ((4, 60, 7 / 60, 0.169444), (13, 60, 25 / 60, 0.369444),
                         (26, 58, 29 / 58, 0.525862), (52, 55, 33 / 55, 0.690909)):
        att = 100 * (m1 - m0)
        rows.append(dict(group="all", estimand="now_vs_later", estimator="matched", horizon=h,
                         n_treated=n, treated_outcome=m1, control_outcome=m0, att_pp=att,
                         att_rel=(m1 - m0) / m0, se=8.0, ci_low=att - 15, ci_high=att + 15,
                         point_identified=True))
    return pd.DataFrame(rows).round(4)


def _check(tmp_path: Path, name: str, table: pd.DataFrame) -> list[tuple[str, str]]:
    folder = tmp_path / name
    folder.mkdir()
    table.to_csv(folder / "effects.csv", index=False)
    return [(f.rule, f.detail) for f in scan(folder, min_cell=10).findings]


def test_published_effects_hides_the_share_beside_a_hidden_count():
    out = published_effects(_effects(), pd.Series({"all": 69}), [4, 13, 26, 52], min_cell=10)
    hidden = out["n_treated"].astype(str) == "x"
    assert hidden.tolist() == [True, True, False, True]  # the premise: 69 -> 60 by 9, ...
    # the old code kept 0.1167 here, which is 7 of 60 and of no other count from 60 to 69
    assert (out.loc[hidden, "treated_outcome"] == "x").all(), out
    assert (out.loc[hidden, "control_outcome"] == "x").all(), out
    assert (out.loc[hidden, "att_rel"] == "x").all(), out  # att / att_rel is the controls'
    assert out.loc[~hidden, "treated_outcome"].tolist() == [0.5]  # 29 of 58: both >= 10
    # the effect beside a published count of enough deaths either side stays (heart53 hides
    # the others: tests/test_heart53_effects_of_few.py)
    assert out.loc[~hidden, "att_pp"].tolist() == [-2.6]  # one decimal, as printed (heart54)


def test_the_share_rule_hides_a_share_of_few_deaths_beside_its_count():
    eff = _effects()
    eff["n_treated"] = [80, 70, 58, 45]  # every step >= 10: all published
    eff["treated_outcome"] = [round(7 / 80, 4), round(25 / 70, 4), 0.5, round(40 / 45, 4)]
    out = published_effects(eff, pd.Series({"all": 95}), [4, 13, 26, 52], min_cell=10)
    assert out["n_treated"].tolist() == [80, 70, 58, 45]
    # 7 dead of 80 and 5 alive of 45 are small counts; 25 of 70 and 29 of 58 are not
    assert out["treated_outcome"].tolist() == ["x", 0.3571, 0.5, "x"], out


def test_export_check_refuses_a_share_beside_a_hidden_count(tmp_path):
    # the old published_effects rows without the columns that made the check refuse them
    old = _effects().astype({"n_treated": object})
    old.loc[[0, 1, 3], "n_treated"] = "x"
    found = _check(tmp_path, "old", old)
    assert any(k == "share_count" and "'treated_outcome'" in m and "is hidden" in m
               for k, m in found), found
    plain = pd.DataFrame({"Quarter": [0, 4, 13], "Persons": [69, "x", 58],
                          "Share dead (%)": [0.0, 11.67, 41.67]})
    found = _check(tmp_path, "plain", plain)
    assert [(k, "'Share dead (%)'" in m) for k, m in found] == [("share_count", True)], found


def test_export_check_passes_what_the_book_publishes(tmp_path):
    """Harmless: the share hidden with its count, a share beside a published count of enough
    persons either way, and Appendix C's printed table of the fixed rows."""
    plain = pd.DataFrame({"Quarter": [0, 4, 13], "Persons": [69, "x", 58],
                          "Share dead (%)": [0.0, "x", 41.38]})
    assert _check(tmp_path, "plain", plain) == []
    out = published_effects(_effects(), pd.Series({"all": 69}), [4, 13, 26, 52], min_cell=10)
    assert _check(tmp_path, "shown", effects_display(shown_effects(out))) == []
