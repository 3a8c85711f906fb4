"""The bias-corrected studies' result files record the SHA-256 of the corrected estimator's
module as it ran; its documentation is mended after the run (the reference list lacked the
journals), so a file is read when the module's code (docstrings excluded,
:func:`mia_helpers.montecarlo.source_digest`) is the code that ran, and refused when the code
differs."""

from __future__ import annotations

from mia_helpers import claims
from mia_helpers import montecarlo_bias_corrected as bcs

RAN = claims.BIAS_CORRECTED_RAN_MODULE


def _meta():
    return dict(study_params=dict(bcs.study_params()), code_fingerprint="f" * 16,
                sha256={claims.BIAS_CORRECTED_MODULE: RAN["sha256"]})


def test_a_documentation_change_keeps_the_study_read():
    code = dict(code_fingerprint="f" * 16, corrected_sha256="0" * 64,
                corrected_code_sha256=RAN["code_sha256"])
    assert claims._bias_corrected_problem(_meta(), code) is None


def test_a_code_change_hides_the_study():
    code = dict(code_fingerprint="f" * 16, corrected_sha256="0" * 64,
                corrected_code_sha256="1" * 64)
    assert "another version" in claims._bias_corrected_problem(_meta(), code)


def test_this_checkout_runs_the_code_that_ran():
    """The module at hand has the recorded code digest (a change to its code must say what
    becomes of the two studies)."""
    assert claims.bias_corrected_code()["corrected_code_sha256"] == RAN["code_sha256"]
