"""``ensure_data(truth=False)``: the cached synthetic data without the truth tables (for the
tests that read registers, panel or parameters only), cached apart from the data with truth."""

from __future__ import annotations

import hashlib

import pytest

from mia_helpers.data import ensure_data, has_truth, load_parameters, load_truth, synthetic_dir
from mia_helpers.panel import load_panel
from mia_helpers.synthetic import REGISTERS, generate

SIZE = dict(seed=4, residents=60, newcomers=30)


def _digests(folder) -> dict[str, str]:
    return {r: hashlib.sha256((folder / f"{r}.parquet").read_bytes()).hexdigest()
            for r in REGISTERS}


@pytest.fixture()
def root(tmp_path, monkeypatch):
    monkeypatch.setenv("MIA_DATA_ROOT", str(tmp_path / "cache"))
    return tmp_path


def test_without_truth_the_registers_panel_and_parameters_are_those_of_synth(root):
    d = ensure_data(**SIZE, truth=False)
    assert has_truth(d) is False and load_truth(d, "activation_effects") is None
    assert load_parameters(d)["seed"] == SIZE["seed"]
    ref = root / "ref"
    generate(ref, **SIZE, truth=False)  # `synth --no-truth`
    assert _digests(d) == _digests(ref)
    assert len(load_panel(d)) > 0
    assert ensure_data(**SIZE, truth=False) == d  # cached: the same folder again


@pytest.mark.parametrize("kw", [
    {}, {"tag": "fem", "overrides": {"job.female_origin_generation.maghreb:second": -0.4},
         "window": ("2006Q1", "2016Q4")}])
def test_data_without_truth_are_cached_apart_from_data_with_truth(root, kw):
    """A later call asking for the truth must never get the folder without it: the folder
    without truth is the one with truth's name followed by ``_notruth``."""
    from mia_helpers.quarters import Window

    window = Window.from_labels(*kw["window"]) if "window" in kw else None
    with_truth = synthetic_dir(SIZE["seed"], SIZE["residents"], SIZE["newcomers"], window,
                               kw.get("tag", ""))
    d = ensure_data(**SIZE, **kw, truth=False)
    assert d == with_truth.parent / f"{with_truth.name}_notruth"
    assert not with_truth.exists() and has_truth(d) is False
    par = load_parameters(d)
    if "overrides" in kw:
        assert par["config"]["job"]["female_origin_generation"]["maghreb:second"] == -0.4
    if window is not None:
        assert (par["window_start"], par["window_end"]) == (window.start, window.end)
