"""dpo30c: the propensity and IPCW logits' warnings printed the direction of a separated
term ("term 'origin[southern_eu]' has only treated where it is 1": every Southern EU newcomer
of that risk set started the step; "has no treated" beside a group published as "<12"), a
class disclosure of a group of unknown, possibly one, persons. The printed text withholds it
as the separation over person-periods is withheld (dpo25)."""
from __future__ import annotations

import subprocess
import sys

from mia_helpers.disclosure import redact_small_counts, withhold_separation_counts

PRINTED = (  # chapter 5, seed 6464, 1,200 residents, 400 newcomers, min_cell 12
    "'mo' propensity logits: 5 risk set(s) have terms without treated or without controls "
    "(e.g. risk set 1: term 'origin[southern_eu]' has only treated where it is 1); the ridge",
    "pooled propensity logit: term 'dutch_level[native]' has no treated where it is 1; term "
    "'age_50_plus' has only treated where it is 1 (1 treated in 1 rows)",
    "IPCW logit: term 'sex[male]' has only later starts where it is 1; term 'quarter[4]' has "
    "no later starts where it is 1 (0 later starts in 2.5 rows)",
)


def test_the_direction_of_a_group_is_withheld():
    for text in PRINTED:
        out = withhold_separation_counts(redact_small_counts(text, 12))
        for said in ("only treated", "no treated", "only later starts", "no later starts",
                     " rows)"):
            assert said not in out, (said, out)
        assert "one group only where it is 1 (direction withheld)" in out
        assert out.split(" term ")[0] == text.split(" term ")[0]  # the rest is kept


def test_protect_warnings_prints_no_direction():
    code = ("import warnings\nfrom mia_helpers.disclosure import protect_warnings\n"
            "protect_warnings(12)\n"
            f"warnings.warn({PRINTED[1]!r})\n")
    err = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stderr
    assert "has one group only where it is 1 (direction withheld)" in err, err
    assert "only treated" not in err and "no treated" not in err, err
