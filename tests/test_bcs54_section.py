"""Appendix A's section on the bias-corrected matching study
(:func:`mia_helpers.claims.bias_corrected_study_section`) on hand-made result files: missing,
computed under other code, and read with R2 met or not (no study data exists yet)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from mia_helpers import claims
from mia_helpers import montecarlo_bias_corrected as bcs

CODE = {"code_fingerprint": "0123456789abcdef", "corrected_sha256": "ab" * 32}


def _rows(book_bias: float, corrected_bias: float, n: int = 200, seed: int = 0) -> pd.DataFrame:
    """Rows of ``n`` data sets: expected errors N(bias, 0.1) pp, realised errors N(bias, 1)
    with 95 per cent intervals of half-width 1.96 (exact coverage)."""
    rng = np.random.default_rng(seed)
    out = []
    for est, bias in (("book", book_bias), ("corrected", corrected_bias)):
        for q in range(1, 13):
            truth = rng.normal(1.5, 0.5, n)
            att = truth + rng.normal(bias, 1.0, n)
            out.append(pd.DataFrame(dict(
                seed=np.arange(n), estimator=est, quarter_since_start=q, n_treated=300,
                att_pp=att, se_pp=1.0, ci_low=att - 1.96, ci_high=att + 1.96,
                expected_error_pp=rng.normal(bias, 0.1, n), true_att_matched_pp=truth,
                true_att_pp=truth)))
    return pd.concat(out, ignore_index=True)


def _write(path, df: pd.DataFrame, **meta_changes) -> None:
    meta = dict(study_params=dict(bcs.study_params()),
                code_fingerprint=CODE["code_fingerprint"],
                sha256={claims.BIAS_CORRECTED_MODULE: CODE["corrected_sha256"]},
                date="2026-12-06T08:00:00+00:00", run_seconds=1800.0, data_sets=400)
    meta.update(meta_changes)
    t = pa.Table.from_pandas(df, preserve_index=False)
    md = dict(t.schema.metadata or {})
    md[claims.BIAS_CORRECTED_METADATA_KEY.encode()] = json.dumps(meta).encode()
    pq.write_table(t.replace_schema_metadata(md), path)


def test_missing_file_says_not_yet_run(tmp_path):
    out = claims.bias_corrected_study_section(tmp_path / "none.parquet", CODE)
    assert "has not yet run" in out["a_bcs_sentence"]
    assert claims.BIAS_CORRECTED_COMMAND in out["a_bcs_sentence"]
    assert "| book | not yet run |" in out["tbl-a-bias-corrected"].data
    assert f"{bcs.DESIGN['replications']:,} data sets" in out["a_bcs_design"]


@pytest.mark.parametrize("change, words", [
    (dict(code_fingerprint="fedcba9876543210"), "another Monte Carlo code fingerprint"),
    (dict(sha256={claims.BIAS_CORRECTED_MODULE: "cd" * 32}),
     "another version of the corrected estimator's module"),
    (dict(study_params=dict(bcs.study_params(), replicas=16)), "another design")])
def test_stale_file_is_not_read(tmp_path, change, words):
    """The file's rows lack the study's columns: reading them would raise, so the section
    says why it does not read them instead."""
    path = tmp_path / "r.parquet"
    _write(path, pd.DataFrame({"x": [1.0]}), **change)
    out = claims.bias_corrected_study_section(path, CODE)
    assert "is not read" in out["a_bcs_sentence"] and words in out["a_bcs_sentence"]
    assert "| book | not read: computed under other code |" in out["tbl-a-bias-corrected"].data
    with pytest.raises(ValueError, match="lack the columns"):  # what reading it would do
        bcs.read_study(pd.read_parquet(path))


def test_file_without_its_module_at_hand_is_not_read(tmp_path):
    path = tmp_path / "r.parquet"
    _write(path, _rows(0.06, 0.0))
    out = claims.bias_corrected_study_section(path, dict(CODE, corrected_sha256=None))
    assert "is not at hand" in out["a_bcs_sentence"]


def test_r2_met(tmp_path):
    """Book bias 0.06 pp, corrected 0: pooled MC SE about 0.1 / sqrt(5 x 200) = 0.003, so R1
    and R2 hold by construction."""
    path = tmp_path / "r.parquet"
    _write(path, _rows(0.06, 0.0))
    s = claims.bias_corrected_study_section(path, CODE)["a_bcs_sentence"]
    assert "the bias of the earlier, uncorrected estimator is confirmed on fresh seeds" in s
    assert "the correction removes the bias, within the study's precision" in s
    assert "the next step was to make the corrected estimator the book's: it now is" in s
    assert "does not remove" not in s and "not the remedy" not in s
    assert "This study does not resolve issue 14 either way." in s
    r = bcs.read_study(_rows(0.06, 0.0))
    assert f"{r['pooled']['book'][0]:+.3f} points (Monte Carlo SE " in s
    assert f"{r['pooled']['corrected'][2]:,} data sets" in s
    assert "of such studies" in s and "of issue 14's 10 checks" in s.lower()


def test_r2_not_met(tmp_path):
    path = tmp_path / "r.parquet"
    _write(path, _rows(0.06, 0.06))
    out = claims.bias_corrected_study_section(path, CODE)
    s = out["a_bcs_sentence"]
    assert "the correction does not remove the bias" in s
    assert "bias-corrected matching is not the remedy, which this study's rules would have kept out" in s
    assert "removes the bias" not in s and "next step" not in s
    tab = out["tbl-a-bias-corrected"].data
    assert "tbl-a-bias-corrected" in tab and "bias-corrected" in tab
    assert tab.count("\n| book ") == len(bcs.QUARTERS)


def test_r1_not_confirmed_and_failed_checks_named(tmp_path):
    """No book bias: R1 not confirmed; intervals half as wide as the errors: the corrected
    estimator's coverage (about 0.68) fails at every quarter, each named."""
    df = _rows(0.0, 0.0)
    half = (df["ci_high"] - df["ci_low"]) / 4
    df["ci_low"], df["ci_high"] = df["att_pp"] - half, df["att_pp"] + half
    path = tmp_path / "r.parquet"
    _write(path, df)
    s = claims.bias_corrected_study_section(path, CODE)["a_bcs_sentence"]
    assert "the bias of the earlier, uncorrected estimator is not confirmed on fresh seeds" in s
    assert all(f"the coverage at quarter {q}" in s for q in bcs.QUARTERS)


def test_default_code_is_this_checkout():
    from mia_helpers import montecarlo_newcomers as mcn

    code = claims.bias_corrected_code()
    assert code["code_fingerprint"] == mcn.code_fingerprint()
    module = claims.Path(claims.__file__).resolve().parents[1] / claims.BIAS_CORRECTED_MODULE
    assert (code["corrected_sha256"] is None) == (not module.is_file())


# --- the second study (targeted design, mia_helpers.montecarlo_bias_corrected_targeted) ---
def _write_targeted(path, df: pd.DataFrame, **meta_changes) -> None:
    from mia_helpers import montecarlo_bias_corrected_targeted as bcst

    _write(path, df, **dict(dict(study_params=dict(bcst.study_params())), **meta_changes))


def test_targeted_missing_file_names_its_command(tmp_path):
    out = claims.bias_corrected_study_section(tmp_path / "none.parquet", CODE, "targeted")
    assert "--design targeted" in out["a_bcst_sentence"]
    assert "150 data sets of 40,000 newcomers" in out["a_bcst_design"]
    assert "base 2030" in out["a_bcst_design"]
    assert "tbl-a-bias-corrected-targeted" in out["tbl-a-bias-corrected-targeted"].data


def test_targeted_reads_only_its_own_design(tmp_path):
    """A file of the first study's design is not read as the second's (and vice versa)."""
    path = tmp_path / "r.parquet"
    _write(path, _rows(0.06, 0.0))  # the first study's design in the metadata
    s = claims.bias_corrected_study_section(path, CODE, "targeted")["a_bcst_sentence"]
    assert "another design" in s and "By rule" not in s
    _write_targeted(path, _rows(0.06, 0.0))
    s = claims.bias_corrected_study_section(path, CODE, "book")["a_bcs_sentence"]
    assert "another design" in s


def test_targeted_rules_t_r2_met_and_not(tmp_path):
    path = tmp_path / "r.parquet"
    _write_targeted(path, _rows(0.06, 0.0))
    s = claims.bias_corrected_study_section(path, CODE, "targeted")["a_bcst_sentence"]
    assert "By rule T-R1, the bias of the earlier, uncorrected estimator at the targeted design is " \
           "confirmed" in s
    assert "By rule T-R2, the primary reading, the correction removes the bias at the " \
           "targeted design" in s
    assert "the first study's rule R4 stands" in s and "rule T-R3" in s
    _write_targeted(path, _rows(0.06, 0.06))
    s = claims.bias_corrected_study_section(path, CODE, "targeted")["a_bcst_sentence"]
    assert "the correction does not remove the bias at the targeted design" in s
    assert "the first study's rule R4 is suspended" in s and "stands" not in s


def test_unknown_study_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown study 'other'"):
        claims.bias_corrected_study_section(tmp_path / "x.parquet", CODE, "other")


def test_second_study_reason_follows_the_first_reading():
    """The reason the appendix gives for the second study is read from the first study's R1,
    not typed: "did not confirm" where R1 fails, "confirmed" where it holds."""
    no = claims.bias_corrected_second_study_reason(dict(r1=False))
    yes = claims.bias_corrected_second_study_reason(dict(r1=True))
    assert "did not confirm the book's own bias" in no and "confirmed the book's bias" in yes
    assert "is not read here" in claims.bias_corrected_second_study_reason(None)


def test_second_study_glues_its_reason(tmp_path):
    out = claims.bias_corrected_study_section(tmp_path / "none.parquet", CODE, "targeted")
    assert out["a_bcst_why"].endswith(".")
