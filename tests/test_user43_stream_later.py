"""The streamed engine and ``TreatmentSpec.later_start_at_risk`` (user43): the field is read
only by the censoring model of "now versus never", so the streamed "now versus later" of a
spec that sets it runs (it was refused whatever the estimands), and the refusal beside "now
versus never" names the two ways on instead of "leave it None", which would leave the starts
outside the risk set unmodelled."""

from __future__ import annotations

import pytest

from mia_helpers.matching import TreatmentSpec
from mia_helpers.panel import build_panel
from mia_helpers.stream import stream_effects
from mia_helpers.synthetic import generate

MEASURE = "workplace_learning_ibo"


def test_never_with_the_field_is_refused_with_both_ways_on(tmp_path):
    spec = TreatmentSpec.measure(MEASURE, later_start_at_risk="registered")
    for estimands in (("now_vs_never",), ("now_vs_later", "now_vs_never")):
        with pytest.raises(ValueError, match="later_start_at_risk") as err:
            stream_effects(tmp_path / "no_data", spec, estimands=estimands)
        msg = str(err.value)
        assert "'registered'" in msg and "biased" in msg
        assert "estimate_effects" in msg and "estimands=('now_vs_later',)" in msg
        assert "leave it None" not in msg
    with pytest.raises(ValueError, match="later_start_at_risk"):  # the default: both
        stream_effects(tmp_path / "no_data", spec)
    assert list(tmp_path.iterdir()) == []  # refused before anything is read or written


def test_later_alone_is_streamed_and_ignores_the_field(tmp_path):
    generate(tmp_path, seed=11, residents=3000, newcomers=0, truth=False)
    build_panel(tmp_path)
    spec = TreatmentSpec.measure(MEASURE)
    kw = dict(k=3, min_treated=1, estimands=("now_vs_later",), max_quarter=4)
    plain = stream_effects(tmp_path, spec, **kw)
    field = stream_effects(tmp_path, spec.with_(later_start_at_risk="registered"), **kw)
    assert plain.tidy.equals(field.tidy)
    assert plain.tidy["att_pp"].notna().any()
