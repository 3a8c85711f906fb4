"""Referee ref54: the bias-corrected study's reading sentence states issue 14's bias check
as the realised bias against the matched starters' truth within two Monte Carlo SE of zero
(:func:`mia_helpers.montecarlo_bias_corrected.read_study` tests ``abs(bias) <= 2 SE``), not
"within two Monte Carlo SE of the truth". No tolerance: string checks only."""

from __future__ import annotations

from test_bcs54_section import CODE, _rows, _write

from mia_helpers import claims


def test_r3_bias_check_is_worded_against_zero(tmp_path):
    path = tmp_path / "r.parquet"
    _write(path, _rows(0.06, 0.0))
    s = claims.bias_corrected_study_section(path, CODE)["a_bcs_sentence"]
    assert ("the realised bias against the truth over the matched starters within two "
            "Monte Carlo SE of zero and the coverage of that truth in [0.90, 0.98]") in s
    assert "Monte Carlo SE of the truth" not in s
