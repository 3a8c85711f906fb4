"""tidy47: issue 14's judged quarters are typed once (montecarlo.calibration's default, a
fingerprinted file) and every other reader of the criteria imports
:data:`mia_helpers.montecarlo_confirmation.ISSUE14_QUARTERS`."""
import inspect
import re
from pathlib import Path

from mia_helpers import claims, montecarlo, montecarlo_confirmation

ROOT = Path(__file__).resolve().parents[1]


def _default(f):
    return inspect.signature(f).parameters["quarters"].default


def test_one_constant_is_every_default():
    q = montecarlo_confirmation.ISSUE14_QUARTERS
    assert q == _default(montecarlo.calibration) == (4, 8)
    for f in (montecarlo_confirmation.issue14_criteria,
              montecarlo_confirmation.confirmation_verdicts,
              claims.truth_scope_table, claims.truth_scope_reads):
        assert _default(f) is q, f.__name__


def test_no_other_typed_copy():
    # the pair typed as a judged-quarters default or constant: only in montecarlo.py
    # (fingerprinted); describe.py's ``stable_quarters`` (4, 8) is the stable-job lengths
    pat = re.compile(r"(quarters: tuple\[int, int\] = \(4, 8\)|^(QUARTERS|JUDGED) = \(4, 8\))",
                     re.M)
    hits = [str(p.relative_to(ROOT)) for d in ("mia_helpers", "benchmarks")
            for p in sorted((ROOT / d).rglob("*.py")) if pat.search(p.read_text())]
    assert hits == ["mia_helpers/montecarlo.py"], hits
