"""Chapter 6's policy section cites the IBO estimates as evidence; where the generator's
value lies outside an estimate's interval, the citation says so (seed 6161: newcomer IBO
60 % (33 to 86) against the generator's 17 %, cited without a word)."""

from mia_helpers import conclusions as cc


def _rows(truth: float) -> dict:
    return {f.key: {"estimate": 60.0, "ci_low": 33.0, "ci_high": 86.0, "n_persons": 100,
                    "truth": truth} for f in cc.STUDY_FINDINGS}


def test_evidence_says_when_the_interval_misses_the_generator():
    g = cc.glue_texts(cc.findings_table(_rows(17.0), synthetic=True))
    assert g["ibo_newcomers_q4_evidence"] == (
        "60 per cent (33 per cent to 86 per cent; the interval misses the generator's value, 17 per cent)")


def test_evidence_is_the_estimate_where_the_interval_holds_the_truth_or_none_is_known():
    g = cc.glue_texts(cc.findings_table(_rows(50.0), synthetic=True))
    assert g["ibo_newcomers_q4_evidence"] == g["ibo_newcomers_q4"] == "60 per cent (33 per cent to 86 per cent)"
    real = cc.glue_texts(cc.findings_table(_rows(17.0), synthetic=False))
    assert real["ibo_residents_q5_evidence"] == real["ibo_residents_q5"]
