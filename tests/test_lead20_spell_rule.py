"""analyst20's proposal: a VDAB registration spell none of whose quarters has a KSZ row of its
person is in no panel row, and was counted by no rule (a small number came back as the
register's rows minus chapter 3's spells minus the published rules): now
``no_ksz_quarter_in_spell``, so that the register's rows less its dropping rules are exactly
the spells in the panel."""

from __future__ import annotations

import pandas as pd

from mia_helpers.panel import PanelSpec, build_panel


def test_spells_without_a_ksz_quarter_are_counted_and_the_rest_are_in_the_panel(regs):
    win = PanelSpec().window
    reg = pd.read_parquet(regs / "vdab_registrations.parquet")
    ksz = pd.read_parquet(regs / "ksz_positions.parquet")
    inside = reg[reg.start_quarter.between(win.start, win.end)]
    closed = inside[inside.end_quarter.notna()].iloc[:5]
    # take every KSZ row of those spells' quarters away, and the start quarter of 4 others
    end = closed.end_quarter.astype(int)
    gone = pd.concat([pd.DataFrame({"person_id": p, "quarter": range(s, e + 1)})
                      for p, s, e in zip(closed.person_id, closed.start_quarter, end,
                                         strict=True)])
    others = inside[inside.end_quarter.notna()
                    & (inside.end_quarter > inside.start_quarter)].iloc[10:14]
    gone = pd.concat([gone, others[["person_id", "start_quarter"]].rename(
        columns={"start_quarter": "quarter"})])
    hole = ksz.merge(gone.drop_duplicates(), how="left", indicator=True)["_merge"] == "both"
    ksz[~hole.to_numpy()].to_parquet(regs / "ksz_positions.parquet", index=False)
    # independent count of spells with no KSZ row in any of their quarters
    k = ksz[~hole.to_numpy()]
    have = set(zip(k.person_id, k.quarter, strict=True))
    persons = set(pd.read_parquet(regs / "persons.parquet").person_id)
    kept = inside[inside.person_id.isin(persons)]
    lost = sum(not any((p, q) in have for q in range(s, int(min(e, win.end)) + 1))
               for p, s, e in zip(kept.person_id, kept.start_quarter,
                                  kept.end_quarter.fillna(win.end), strict=True))
    assert lost >= 5
    res = build_panel(regs, out=regs / "p" / "panel.parquet")
    log = res.exclusions.set_index(["table", "rule"])["rows"]
    assert log[("vdab_registrations", "no_ksz_quarter_in_spell")] == lost
    assert log[("vdab_registrations", "no_ksz_row_in_quarter")] >= lost + len(others)
    panel = pd.read_parquet(res.path, columns=["person_id", "registered", "registration_start"])
    spells = panel[panel.registered].drop_duplicates(["person_id", "registration_start"])
    dropped = sum(log[("vdab_registrations", r)] for r in (
        "orphan_id", "outside_window", "left_truncated_spell", "no_ksz_quarter_in_spell"))
    assert len(reg) - dropped == len(spells)
