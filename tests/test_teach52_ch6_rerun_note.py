"""teach52: chapter 6's exercise asks for runs at ``-p stable_quarters 8`` and
``-p caliper 0.05``; in those runs (seed 4210, 5,000 residents) it still read "Re-run this
chapter twice, once with a stricter stable job (-p stable_quarters 8)", as chapters 2, 3 and
Appendix C did before teach51 gave their re-run exercises ``claims.rerun_exercise_note``.
Chapter 6 now glues the same note after each value it asks for."""
from __future__ import annotations

import re
from pathlib import Path

from mia_helpers import claims

NB = Path(__file__).resolve().parents[1] / "notebooks" / "06_conclusions.md"


def test_the_exercise_notes_a_run_at_either_value():
    text = NB.read_text(encoding="utf-8")
    ex = text[text.index(":label: ex-ch6-parameters"):]
    ex = ex[:ex.index("```")]
    assert "`-p stable_quarters 8`{glue:text}`ch6_stable8_this_run`" in ex
    assert "`-p caliper 0.05`{glue:text}`ch6_caliper_this_run`" in ex
    for name, param, value in (("ch6_stable8_this_run", "stable_quarters", "8"),
                               ("ch6_caliper_this_run", "caliper", "0.05")):
        call = re.search(rf'glue\("{name}", claims\.rerun_exercise_note\(\s*(\w+), ([\d.]+),',
                         text)
        assert call and call.groups() == (param, value), name


def test_the_note_reads_as_the_other_chapters():
    assert claims.rerun_exercise_note(8, 8, "set its table beside a run at the default, "
                                      "stable_quarters 4") == (
        ", as this run did: set its table beside a run at the default, stable_quarters 4")
    assert claims.rerun_exercise_note(4, 8, "x") == ""
