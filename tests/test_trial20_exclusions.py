"""Trial20: chapter 1's exclusion log shows the registrations that stay in the panel as spells
(describe.SPELL_STAYS: a registration whose start quarter has no KSZ row of its person) among
the rules marked kept.

Before, their row read "in a quarter without a KSZ row of the person (no panel row for that
quarter)", under a caption that calls every unmarked rule's records dropped, while the
sentence beside the table said "no rule excludes a record" (it leaves them out since lead20):
with 1,238 such registrations and nothing else, table and sentence contradicted each other.
"""

from __future__ import annotations

import pandas as pd

from mia_helpers import claims, describe, labels


def _log(tmp_path, registrations: int, measures: int = 0):
    pd.DataFrame({
        "table": ["vdab_registrations"] * 4 + ["vdab_measures"],
        "rule": ["orphan_id", "outside_window", "censored_at_window_end (kept)",
                 "no_ksz_row_in_quarter", "no_ksz_row_in_quarter"],
        "rows": [0, 0, 500, registrations, measures],
        "of_rows": [51_000, 51_000, None, None, None]}).to_csv(
            tmp_path / "exclusion_log.csv", index=False)
    return tmp_path


def test_staying_registrations_are_shown_as_kept(tmp_path):
    prot = describe.exclusion_log(_log(tmp_path, 1_238), min_cell=10)
    rules = prot.data["rule"].tolist()
    assert rules[3] == "no_ksz_row_in_quarter (kept)"
    assert rules[4] == "no_ksz_row_in_quarter"  # a measure start without a KSZ row is dropped
    assert labels.label(rules[3]).endswith("(kept)")
    assert not labels.label(rules[4]).endswith("(kept)")


def test_sentence_and_table_agree_on_staying_registrations(tmp_path):
    prot = describe.exclusion_log(_log(tmp_path, 1_238), min_cell=10)
    log = prot.data
    rule = log["rule"].astype(str)
    shown = pd.to_numeric(log["rows"], errors="coerce")
    unmarked = shown[~rule.str.endswith("(kept)")].sum()
    # the sentence's excluded records are the table's counts of rules not marked kept
    stays = rule.str.endswith("(kept)") | pd.Series(
        [(t, r) in describe.SPELL_STAYS for t, r in zip(log["table"], rule, strict=True)])
    assert unmarked == pd.to_numeric(log.loc[~stays, "rows"]).sum() == 0
    assert claims.exclusion_sentence(int(unmarked), 0, kept=True).startswith(
        "no rule excludes a record")


def test_coverage_sentence_still_reads_the_kept_registrations(tmp_path):
    prot = describe.exclusion_log(_log(tmp_path, 1_238, 30), min_cell=10)
    s = describe.register_coverage_sentence(prot, [], 10)
    assert s.startswith("1,238 VDAB registration starts and 30 measure starts in the window")
