"""dpo30c: a whole group stated in words ("All 31 asylum newcomers signed", "100.0 % of the
31 newcomers", "alle 31 nieuwkomers") passed export-check, which refused the same in a table."""
from __future__ import annotations

from export_files import scan_files


def _whole(res) -> list[str]:
    return [f.detail for f in res.findings if f.rule == "whole_group"]


def test_a_whole_group_in_text_is_refused(tmp_path):
    for i, text in enumerate(("All 31 asylum newcomers signed a contract.",
                              "In the asylum ground 100.0 % of the 31 newcomers signed.",
                              "Every one of the 45 work migrants started NT2.",
                              "Alle 31 nieuwkomers tekenden een contract.",
                              "100 % van de werkzoekenden kreeg een job.")):
        res = scan_files(tmp_path / str(i), {"chapter.md": text + "\n"}, 10)
        found = _whole(res)
        assert found and "states a whole group" in found[0], (text, res.findings)


def test_other_alls_pass(tmp_path):
    text = ("We fit all 3 propensity logits and all 12 propensity logits for residents. "
            "The share is 100.0 % of 10,976 at seed 2005 in the rules page. All persons are "
            "followed; every quarter each person is absent or present. In 4 such periods, "
            "all 69 transplanted patients found a patient still waiting within the caliper; "
            "all 126 starters were matched. The logits hold all 6 for newcomers.\n")
    res = scan_files(tmp_path, {"chapter.md": text}, 10)
    assert _whole(res) == [], res.findings
