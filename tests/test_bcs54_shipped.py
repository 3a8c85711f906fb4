"""The shipped result files of the bias-corrected matching studies
(``results/montecarlo_bias_corrected.parquet``, run once in the fifty-first session on base
2028 by ``benchmarks/bias_corrected_study.py --run``, and
``results/montecarlo_bias_corrected_targeted.parquet``, base 2030, ``--design targeted``) are
the ones Appendix A reads: each written by
the code at hand (Monte Carlo code fingerprint and the corrected estimator's module), under
the design fixed before the study, and complete. A change to either makes this test fail, so
the change must say what becomes of the study (its reading is for the code that ran it; no
further data set of base 2028 is drawn: :mod:`mia_helpers.montecarlo_bias_corrected`)."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pandas as pd
import pytest

from mia_helpers import claims
from mia_helpers.files import read_parquet_metadata
from mia_helpers.montecarlo import replication_seeds

ROOT = Path(__file__).resolve().parents[1]
STUDIES = list(claims.BIAS_CORRECTED_STUDIES)


@pytest.mark.parametrize("study", STUDIES)
def test_shipped_study_is_read_under_this_code(study):
    spec = claims.BIAS_CORRECTED_STUDIES[study]
    md = read_parquet_metadata(ROOT / spec["results"]).schema_arrow.metadata or {}
    meta = json.loads(md[claims.BIAS_CORRECTED_METADATA_KEY.encode()])
    assert claims._bias_corrected_problem(meta, claims.bias_corrected_code(), study) is None
    text = claims.bias_corrected_study_section(study=study)[f"{spec['prefix']}sentence"]
    assert f"By rule {spec['rule']}2" in text and "not yet run" not in text


@pytest.mark.parametrize("study", STUDIES)
def test_shipped_study_has_every_data_set_of_its_design(study):
    spec = claims.BIAS_CORRECTED_STUDIES[study]
    bcs = importlib.import_module(spec["module"])
    df = pd.read_parquet(ROOT / spec["results"])
    seeds = replication_seeds(bcs.DESIGN["base_seed"], bcs.DESIGN["replications"])
    assert sorted(df["seed"].unique().tolist()) == sorted(int(s) for s in seeds)
    n = len(seeds) * len(bcs.ESTIMATORS) * bcs.DESIGN["max_quarter"]
    assert len(df) == n and not df.duplicated(["seed", "estimator",
                                                "quarter_since_start"]).any()
