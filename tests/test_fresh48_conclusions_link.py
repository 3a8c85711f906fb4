"""fresh48: chapter 6 with ``-p link cloglog`` called hazard ratios odds ratios.

`chapter conclusions -p seed 4048 -p link cloglog` fits chapter 2's rows with the
complementary log-log link, whose exponentiated coefficients are hazard ratios, but its
findings table gave their unit as "odds ratio" and "log-odds difference (women - men)", and the
estimand paragraph, the school leavers' reading, the women's reading and Exercise 1's solution
typed "odds ratio" and "log-odds". The rows now carry their link's unit
(``conclusions.link_units``) and the prose reads ``conclusions.link_words``.
"""

import re
from pathlib import Path

import pytest

from mia_helpers import conclusions as cc

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "06_conclusions.md"


def _rows(unit_of=None):
    rows = {f.key: {"estimate": 0.6, "ci_low": 0.5, "ci_high": 0.7, "n_persons": 100}
            for f in cc.STUDY_FINDINGS}
    for key, unit in (unit_of or {}).items():
        rows[key]["unit"] = unit
    return rows


def test_cloglog_rows_are_hazard_ratios_in_the_table():
    table = cc.findings_table(_rows(cc.link_units("cloglog")), synthetic=True)
    unit = table.set_index("key")["unit"]
    assert unit["nonEU_gap_job"] == unit["nonEU_gap_stable"] == "hazard ratio"
    assert unit["nonEU_women_job"] == "log-hazard difference (women - men)"
    assert unit["feeder_or"] == "odds ratio"  # the feeder is a logit whatever chapter 2's link


def test_logit_rows_keep_the_odds_ratio():
    table = cc.findings_table(_rows(cc.link_units("logit")), synthetic=True)
    unit = table.set_index("key")["unit"]
    assert unit["nonEU_gap_job"] == "odds ratio"
    assert unit["nonEU_women_job"] == "log-odds difference (women - men)"
    # the same as the findings' own units, so the default run reads as before
    own = {f.key: f.unit for f in cc.STUDY_FINDINGS}
    assert all(unit[k] == own[k] for k in cc.link_units("logit"))


def test_link_words_and_refusal():
    words = cc.link_words("cloglog")
    assert (words["gap_ratio"], words["gap_scale"]) == ("hazard ratio", "log-hazard")
    assert cc.link_words("logit")["gap_ratio"] == "odds ratio"
    with pytest.raises(ValueError, match="parameter 'link'"):
        cc.link_words("probit")


def test_school_leaver_rows_carry_the_links_unit():
    """The computed rows say their unit (old code: no ``unit``, the table typed odds ratio)."""
    from mia_helpers.data import ensure_data

    data = ensure_data(seed=2005, residents=3000, newcomers=1500)
    rows = cc.school_leaver_rows(data, ["individual"], link="cloglog")
    assert rows["nonEU_gap_job"]["unit"] == "hazard ratio"
    assert rows["nonEU_women_job"]["unit"].startswith("log-hazard")


def test_chapter_prose_types_no_odds_ratio_for_chapter_2_rows():
    """The chapter 2 rows' ratio and scale are glued (ch6_gap_ratio, ch6_gap_scale); the
    feeder's odds ratio stays typed."""
    text = NOTEBOOK.read_text(encoding="utf-8")
    typed = [m.group(0) for m in re.finditer(
        r"odds\s+ratio\s+of\s+entry|non-EU\s+odds\s+ratio|\(the\s+odds\s+ratio,|"
        r"gaps\s+in\s+log-odds|`\s+log-odds", text)]
    assert not typed, typed
    assert "{glue:text}`ch6_gap_ratio`" in text and "{glue:text}`ch6_gap_scale`" in text


def test_generator_value_beside_a_log_hazard_row_says_its_scale():
    """The generator's female term is log-odds whatever the link: beside the cloglog row its
    value is said to be only roughly comparable (chapter 2 says so of its own table)."""
    rows = _rows(cc.link_units("cloglog"))
    rows["nonEU_women_job"]["truth"] = 0.0
    texts = cc.glue_texts(cc.findings_table(rows, synthetic=True), {})
    assert "on the log-odds scale of its terms" in texts["nonEU_women_job_truth"]
    rows = _rows(cc.link_units("logit"))
    rows["nonEU_women_job"]["truth"] = 0.0
    texts = cc.glue_texts(cc.findings_table(rows, synthetic=True), {})
    assert texts["nonEU_women_job_truth"] == " (generator: 0.00)"
