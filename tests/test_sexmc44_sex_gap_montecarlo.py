"""benchmarks/sex_gap_montecarlo.py computes what it claims (Monte Carlo of chapter 2's
women's-minus-men's non-EU gap).

Tolerances
----------
- Generator's value and table arithmetic: exact identities (floating-point, rtol 1e-12: a
  mean of a few terms).
- The chapter's parameters: equality with the notebook's parameter cell (the benchmark must
  run the chapter as it is run).
- The replication itself: two tiny data sets (3,000 residents, 100 newcomers, ``min_cell`` 5,
  a few seconds each); only identities are checked (the pipeline's own mean and interval, the
  generator's value over the cells it averaged), no statistical property.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from benchmark_module import load_benchmark
from nbrun import ROOT

from mia_helpers import codes

#: women's extra direct terms given through the data API (``overrides``), and a reference
#: term for native women, so that the value is each term minus the reference
OVERRIDES = {"job.female_origin_generation.maghreb:second": -0.4,
             "job.female_origin_generation.turkish:intermediate": 0.3,
             "job.female_origin_generation.belgian:native": 0.1}
TINY = {"residents": 3000, "newcomers": 100, "min_cell": 5}


@pytest.fixture(scope="module")
def bench():
    return load_benchmark("sex_gap_montecarlo")


def _parameter_cell() -> dict:
    text = (ROOT / "notebooks" / "02_school_leaver_entry.md").read_text()
    cell = re.search(r"```\{code-cell\} python\n:tags: \[parameters\]\n\n(.*?)```", text, re.S)
    assert cell, "chapter 2 has no parameter cell"
    ns: dict = {}
    exec(cell.group(1), ns)  # plain assignments
    return ns


def test_benchmark_runs_the_chapter_as_its_parameter_cell_sets_it(bench):
    p = _parameter_cell()
    c = bench.CHAPTER
    assert (c["residents"], c["newcomers"]) == (p["residents"], p["newcomers"])
    assert c["window"] == (p["window_start"], p["window_end"])
    assert (c["stable_quarters"], c["max_age"], c["link"]) == (
        p["stable_quarters"], p["max_age"], p["link"])
    assert list(c["blocks"]) == list(p["blocks"])
    assert (c["min_cell"], c["level"]) == (p["min_cell"], p["level"])
    # the chapter's ``top`` is the last of M0..Mk
    assert bench.models_read(p["blocks"]) == ["M0", f"M{len(p['blocks'])}"]


def test_generator_value_is_the_mean_of_the_women_only_terms_minus_native_womens(bench):
    fog = {f"{o}:{g}": 0.0 for o in codes.ORIGINS for g in codes.GENERATIONS}
    fog.update({"maghreb:second": -0.4, "turkish:intermediate": 0.3, "belgian:native": 0.1})
    og = {k: -0.2 for k in fog} | {"belgian:native": 0.0}  # shared by both sexes: cancels
    params = {"config": {"job": {"origin_generation": og, "female_origin_generation": fog}}}
    groups = ["maghreb:second", "turkish:intermediate", "subsaharan:second"]
    want = np.mean([-0.4 - 0.1, 0.3 - 0.1, 0.0 - 0.1])
    assert bench.generator_value(params, groups) == pytest.approx(want, rel=1e-12)
    assert np.isnan(bench.generator_value(params, []))
    with pytest.raises(ValueError, match="no generator term"):
        bench.generator_value(params, ["atlantis:second"])


def test_summary_arithmetic(bench):
    rows = pd.DataFrame({"event": "job", "model": "M3", "mean": [0.1, 0.3, -0.1, 0.5],
                         "se": 0.1, "ci_low": [0.0, 0.2, -0.2, 0.4],
                         "ci_high": [0.2, 0.4, 0.0, 0.6], "n_cells": [8, 8, 7, 8],
                         "truth": [0.0, 0.0, 0.0, 0.1],
                         "covered": [True, False, True, False]})
    s = bench.summarise(rows).iloc[0]
    err = np.array([0.1, 0.3, -0.1, 0.4])
    assert s["R"] == 4 and s["bias"] == pytest.approx(err.mean(), rel=1e-12)
    assert s["mc_se"] == pytest.approx(err.std(ddof=1) / 2, rel=1e-12)
    assert s["cover"] == 0.5 and s["mc_cover"] == pytest.approx(0.25, rel=1e-12)
    assert s["n_cells"] == pytest.approx(7.75, rel=1e-12)
    # bias 1.6 MC SE, coverage 0.5 inside 0.95 -+ 2 x 0.25: no flag
    assert abs(s["bias/mc_se"]) < 2 and not s["flag"]
    # none covered: 0 against 0.95 -+ 2 x sqrt(0.95 x 0.05 / 4) (the nominal SE, not 0)
    assert bench.summarise(rows.assign(covered=False)).iloc[0]["flag"]
    # bias beyond 2 MC SE: errors 0.3 +- 0.01
    far = rows.assign(mean=[0.31, 0.29, 0.30, 0.40], covered=True)
    assert bench.summarise(far).iloc[0]["flag"]
    ok = rows.assign(mean=[0.1, -0.1, 0.05, 0.05], truth=0.0, covered=True)
    assert not bench.summarise(ok).iloc[0]["flag"]


@pytest.mark.parametrize("overrides", [None, OVERRIDES], ids=["default", "women_terms"])
def test_replication_reads_the_chapter_and_the_configured_terms(bench, tmp_path, monkeypatch,
                                                                overrides):
    monkeypatch.setenv("MIA_DATA_ROOT", str(tmp_path))
    p = {**bench.CHAPTER, **TINY}
    rows, cells = bench.run(1, 7100, tmp_path / "rows.parquet", p, overrides=overrides,
                            tag="women" if overrides else "")
    assert not [f for f in tmp_path.iterdir() if f.name.startswith("s7100")]  # deleted
    assert set(zip(rows["event"], rows["model"], strict=True)) == {
        (e, m) for e in ("job", "stable") for m in ("M0", "M3")}
    terms = {k.rsplit(".", 1)[1]: v for k, v in (overrides or {}).items()}
    ref = terms.get("belgian:native", 0.0)
    for r in rows.itertuples():
        c = cells[(cells["event"] == r.event) & (cells["model"] == r.model)]
        assert len(c) == r.n_cells > 0
        assert set(c["group"].str.split(":").str[0]) <= set(codes.NON_EU_ORIGINS)
        # the chapter's mean and interval: the cells' differences; the SE from each sex's
        # covariance of its cells (subgroups.non_eu_average_se, which the benchmark's se_cov
        # also calls: this checks that the chapter's path passes by_sex), and not smaller than the sum of the variances here (the cells of a
        # sex covary positively through the shared native reference)
        assert r.mean == pytest.approx(c["diff"].mean(), rel=1e-12)
        assert r.se == pytest.approx(r.se_cov, rel=1e-9)
        assert r.ci_low == pytest.approx(r.mean - 1.959963984540054 * r.se, rel=1e-9)
        independent = np.sqrt((c["diff_se"] ** 2).sum()) / len(c)
        assert r.se > independent
        # the generator's value: the configured women-only terms over the cells averaged
        want = np.mean([terms.get(g, 0.0) - ref for g in c["group"]])
        assert r.truth == pytest.approx(want, rel=1e-12, abs=1e-15)
        assert r.covered == (r.ci_low <= r.truth <= r.ci_high)
    if overrides:
        assert (rows["truth"] != 0).all()  # -0.1 for every cell without a term of its own


def test_average_se_reads_the_covariance_of_the_cells(bench):
    """subgroups.non_eu_average_se (through the benchmark's average_se) on hand-made
    covariances."""
    from types import SimpleNamespace

    from mia_helpers import hazard as hz

    groups = ["maghreb:second", "turkish:second"]
    terms = [hz.key_term(g) for g in groups] + ["education[low]"]

    def fit(v, c):  # variances v of the two cells, covariance c between them
        cov = pd.DataFrame([[v, c, 0.5], [c, v, 0.5], [0.5, 0.5, 1.0]], index=terms,
                           columns=terms)
        return {"fits": {"job": {"M3": SimpleNamespace(cov=cov)}}}

    by_sex = {"female": fit(0.04, 0.0), "male": fit(0.01, 0.0)}
    # independent cells: the chapter's SE, sqrt(sum of the differences' variances) / n
    assert bench.average_se(by_sex, "job", "M3", groups) == pytest.approx(
        np.sqrt(2 * 0.04 + 2 * 0.01) / 2, rel=1e-12)
    by_sex = {"female": fit(0.04, 0.01), "male": fit(0.01, 0.005)}
    assert bench.average_se(by_sex, "job", "M3", groups) == pytest.approx(
        np.sqrt(2 * 0.04 + 2 * 0.01 + 2 * 0.01 + 2 * 0.005) / 2, rel=1e-12)
    assert np.isnan(bench.average_se(by_sex, "job", "M3", []))


def test_chapters_pass_the_fits_to_the_sex_difference():
    """The chapters' averages take the covariance of a sex's cells (sexmc44): chapter 2 passes
    ``by_sex`` to ``sex_difference_table``, chapter 6's row (conclusions) to
    ``non_eu_sex_difference``."""
    nb = (ROOT / "notebooks" / "02_school_leaver_entry.md").read_text()
    calls = re.findall(r"sg\.sex_difference_table\((.*?)\)\n", nb)
    assert calls and all("by_sex=by_sex" in c for c in calls)
    src = (ROOT / "mia_helpers" / "conclusions.py").read_text()
    calls = re.findall(r"sg\.non_eu_sex_difference\((.*?)\)\n", src)
    assert calls and all("by_sex=by_sex" in c for c in calls)
