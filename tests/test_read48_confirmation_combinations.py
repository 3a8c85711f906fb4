"""Appendix A's confirmation paragraph for every combination of verdicts (read48).

Seed 4049 (2 replications per study, base seeds 4049 and 4050) read: "On the confirmation
seeds the "now versus later" intervals cover 1.000 at the quarters judged (first study's
seeds: 1.000). The "now versus later" bias fails on the first study's seeds only (quarters 6
to 8) ...": the opening coverage carried no verdict, so it read as an aside before the
failure; the paragraph after the table then opened "Where the confirmation seeds fail for "now
versus never", as the project's shipped runs did, the project looked for the cause ..." on a
run whose confirmation seeds did not fail for "now versus never", and a "now versus later"
failure read as a defect was left beside a diagnosis that never looked at it.

Every combination of the five criteria's readings (holds, chance, open, defect; 4^5) is
written from hand-made verdict and criteria tables, and each text is read for: every failing
criterion named once with its reading, the criteria that hold said to hold, the opening
coverage with its verdict where it holds, no "nan", whole sentences; the diagnosis lead says
whether this run's confirmation seeds fail for "now versus never"; the note on "now versus
later" appears exactly where it fails as a defect or stays open.
"""

from __future__ import annotations

import itertools
import re

import pandas as pd
import pytest

from mia_helpers import claims

ROWS = [("now_vs_later", "bias"), ("now_vs_later", "coverage"), ("now_vs_never", "bias"),
        ("now_vs_never", "coverage"), ("now_vs_never", "bound_coverage")]
#: (fails_shipped, fails_confirmation, fails_pooled) of each reading, as confirmation_verdicts
#: derives the reading from them
FAILS = {"holds": ((), (), ()), "chance": ((6,), (), ()), "open": ((6,), (), (6,)),
         "defect": ((), (5,), (5,))}
SHIPPED_PAIR = (2005, 2007)


def _verdicts(readings) -> pd.DataFrame:
    return pd.DataFrame([dict(estimand=e, criterion=c, fails_shipped=FAILS[r][0],
                              fails_confirmation=FAILS[r][1], fails_pooled=FAILS[r][2],
                              not_judged_confirmation=(), reading=r)
                         for (e, c), r in zip(ROWS, readings, strict=True)])


def _criteria() -> pd.DataFrame:
    """issue14_criteria-like rows of one study at quarters 4 to 8 (values made up: a bias of
    0.3 on an MC SE of 0.1, coverage 0.95 in the band [0.90, 0.98], bounds' 0.97 above 0.90)."""
    rows = []
    for (e, c), q in itertools.product(ROWS, range(4, 9)):
        value, mc_se, low, high = {"bias": (0.3, 0.1, None, None),
                                   "coverage": (0.95, 0.01, 0.90, 0.98),
                                   "bound_coverage": (0.97, 0.01, 0.90, 1.0)}[c]
        rows.append(dict(estimand=e, criterion=c, quarter_since_start=q, value=value,
                         mc_se=mc_se, low=low, high=high, judged=True, holds=True))
    return pd.DataFrame(rows)


COMBOS = list(itertools.product(FAILS, repeat=len(ROWS)))


def _named(estimand: str, criterion: str) -> str:
    return claims._criterion_named(estimand, criterion)


@pytest.mark.parametrize("seeds", ["shipped seeds", "first study's seeds"])
def test_every_combination_reads_right(seeds):
    crit = _criteria()
    for readings in COMBOS:
        s = claims.confirmation_sentence(_verdicts(readings), crit, crit, seeds)
        assert "nan" not in s and "  " not in s and ".." not in s and " ." not in s, s
        # whole sentences, each opening with a capital
        assert all(p[:1].isupper() for p in re.split(r"(?<=\.) ", s)), s
        for (e, c), r in zip(ROWS, readings, strict=True):
            opens = s.count(f"The {_named(e, c)} fails")
            assert opens == (r != "holds"), (readings, s)
        later_cov = readings[1]
        failing = [r for r in readings if r != "holds"]
        if later_cov == "holds" and failing:  # the opening coverage carries its verdict
            assert s.startswith('On the confirmation seeds the "now versus later" intervals '
                                "cover 0.950 at the quarters judged"), s
            assert "within the band on both studies" in s.split(". ")[0], s
        else:  # its own sentence gives the verdict (or all hold, said next); none here
            assert "within the band" not in s.split(". ")[0], s
        holding = len(readings) - len(failing)
        if not failing:
            assert s.endswith("every criterion holds at every quarter judged on both "
                              "studies."), s
        elif holding > (later_cov == "holds"):  # criteria holding besides the opener's
            assert s.endswith("Every other criterion holds at every quarter judged on both "
                              "studies."), s
        else:
            assert "Every other criterion" not in s, s


def test_the_seed_4049_paragraph():
    """The combination seed 4049 gave: "now versus later" bias chance, the rest holding."""
    v = _verdicts(["chance", "holds", "holds", "holds", "holds"])
    crit = _criteria()
    s = claims.confirmation_sentence(v, crit, crit, "first study's seeds")
    assert s == ('On the confirmation seeds the "now versus later" intervals cover 0.950 at '
                 "the quarters judged (first study's seeds: 0.950), within the band on both "
                 'studies. The "now versus later" bias fails on the first study\'s seeds only '
                 "(quarter 6) and holds on both studies pooled: by the rule fixed in advance, "
                 "Monte Carlo chance. Every other criterion holds at every quarter judged on "
                 "both studies."), s


@pytest.mark.parametrize("base_seeds", [SHIPPED_PAIR, (4049, 4050), None])
def test_diagnosis_lead_says_whether_this_run_fails_for_never(base_seeds):
    for readings in COMBOS:
        v = _verdicts(readings)
        lead = claims.confirmation_diagnosis_lead(v, base_seeds)
        never_defect = "defect" in readings[2:]
        shipped = base_seeds == SHIPPED_PAIR
        assert lead.endswith(",") and lead[:1].isupper(), lead
        if shipped and never_defect:  # the book's own run: as it read before
            assert lead == ('Where the confirmation seeds fail for "now versus never", as the '
                            "project's shipped runs did,"), lead
        elif never_defect:
            assert "as they do on this run" in lead, lead
        else:  # this run's confirmation seeds hold for "now versus never"
            assert "this run" in lead.lower() and "do not" in lead, lead


def test_later_note_only_where_later_fails_as_a_defect_or_stays_open():
    for readings in COMBOS:
        note = claims.confirmation_later_note(_verdicts(readings))
        later = readings[:2]
        if "defect" in later:
            assert "a defect of the estimator" in note and "now versus later" in note, note
            failing = [c for (e, c), r in zip(ROWS[:2], later, strict=True) if r == "defect"]
            assert ("bias and coverage" in note) == (len(failing) == 2), (later, note)
        elif "open" in later:
            assert "open" in note and "now versus later" in note, note
        else:
            assert note == "", (readings, note)
        if note:
            assert note[:1].isupper() and note.endswith(".") and "nan" not in note, note
