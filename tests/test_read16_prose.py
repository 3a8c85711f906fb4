"""A reader's check of chapters 2, 4 and 5 at the default parameters (seed 2005): sentences
read against the tables they cite, at the decimals those tables print."""
import pandas as pd

from mia_helpers import claims


def test_lpm_sentence_compares_gaps_as_the_table_prints_them():
    # seed 2005, defaults: Southern EU (second generation) printed -1.2 for any job and -1.2
    # for a stable job in M0, and the sentence called the stable-job gap larger
    t = pd.DataFrame({"origin_generation": ["southern_eu:second", "maghreb:second"],
                      "n_persons": [475, 799],
                      "job M0 (pp)": [-1.16, -4.1], "job M3 (pp)": [-0.4, -3.2],
                      "stable M0 (pp)": [-1.24, -3.5], "stable M3 (pp)": [-0.7, -2.9]})
    s = claims.lpm_sentence(t, "M0", "M3")
    assert "in M0 no stable-job gap is larger in size than the any-job gap" in s
    assert "in M3 the stable-job gap is larger in size than the any-job gap for Southern EU" in s
    # two decimals printed: the same gaps differ, and the sentence says so
    s2 = claims.lpm_sentence(t, "M0", "M3", decimals=2)
    assert "in M0 the stable-job gap is larger in size than the any-job gap for Southern EU" in s2
    # a gap the controls leave at the same printed value is not called shrunk
    t2 = t.assign(**{"job M3 (pp)": [-1.18, -3.2]})
    s3 = claims.lpm_sentence(t2, "M0", "M3")
    assert "shrink the gaps for any job in 1 of 2 cells (not for Southern EU" in s3


def test_support_warnings_sentence_names_what_its_keys_are():
    # chapter 4's pool exercise runs the same population with two pools: its sentence must
    # not call them populations
    sup = pd.DataFrame({"measure": ["vacancy_referral_automatic"] * 2,
                        "not_identified": ["term 'x' has no treated", ""]})
    s = claims.support_warnings_sentence({"pool as defined": sup, "other starters excluded": sup},
                                         "the cell above", "runs[name].support()", kind="pool")
    assert "(one per measure, pool and duration): one of the 2 for pool as defined" in s
    assert "population" not in s


def test_chapter_4_explains_the_warnings_of_every_cell_that_matches():
    # seed 2005, defaults: the caliper and pool exercises printed NotIdentifiedWarnings on
    # the propensity logits (6 risk sets of IBO per caliper; 1 of automatic vacancy referral
    # per pool) that no sentence explained, unlike the chapter's main cell and chapter 5's
    # exercise
    import re
    from pathlib import Path

    text = (Path(__file__).parents[1] / "notebooks" / "04_activation_effects.md").read_text()
    cells = re.findall(r"```\{code-cell\} python\n(.*?)```", text, flags=re.S)
    # cal27: the caliper exercise's matching runs in effect_tables.caliper_exercise_rows
    matching = [c for c in cells for call in ("activation_effects(", "caliper_exercise_rows(")
                if call in c and "import" not in c.split(call)[0].splitlines()[-1]]
    explained = re.findall(r'glue\("([^"]+)", claims\.(?:unidentified_logits_sentence|'
                           r"support_warnings_sentence)\(", text)
    assert len(matching) == 3  # the main cell, the caliper and the pool exercise
    assert len(explained) >= len(matching), explained
    for name in explained:
        assert f"{{glue:text}}`{name}`" in text, name


class _Fit:
    def __init__(self, dropped):
        self.not_identified = dropped


def test_sex_dropped_terms_sentence_explains_the_per_sex_warnings():
    # seed 2005, defaults: chapter 2's per-sex fits printed 18 warnings (age at leaving
    # collinear, work experience without variation) that no sentence explained
    age = {"age_at_leaving": "collinear with earlier terms"}
    both = {**age, "experience_years": "no variation (zero in every row)"}
    by_sex = {s: {"fits": {"job": {"M0": _Fit({}), "M1": _Fit(both)},
                           "stable": {"M0": _Fit({}), "M1": _Fit(age)}},
                  "not_decomposed": {}} for s in ("female", "male")}
    pooled = {"job": {"M0": _Fit({}), "M1": _Fit(both)}, "stable": {"M1": _Fit(age)}}
    s = claims.sex_dropped_terms_sentence(by_sex, pooled)
    assert s.startswith("The warnings printed under the cell above name the terms")
    assert "age at leaving (collinear with earlier terms; for both sexes, both events)" in s
    assert "experience (years) (no variation (zero in every row); for both sexes, the first job)" in s
    assert "the same terms the pooled models drop" in s
    one = {"female": by_sex["female"], "male": {"fits": {"job": {"M1": _Fit({})}},
                                                "not_decomposed": {"job": "x"}}}
    s1 = claims.sex_dropped_terms_sentence(one, {"job": {"M1": _Fit({})}})
    assert "for women, both events" in s1 and "the pooled models drop none" in s1
    assert "no KHB decomposition" in s1
    none = {"female": {"fits": {"job": {"M1": _Fit({})}}, "not_decomposed": {}}}
    assert claims.sex_dropped_terms_sentence(none, pooled) == "No model fitted by sex drops a term."


def test_chapter_2_glues_the_per_sex_warnings_sentence():
    from pathlib import Path

    text = (Path(__file__).parents[1] / "notebooks" / "02_school_leaver_entry.md").read_text()
    assert "claims.sex_dropped_terms_sentence(by_sex, fits)" in text
    assert "{glue:text}`ch2_sex_dropped`" in text


def test_hazard_q1_sentence_says_where_it_disagrees_with_the_lock_in_sentence():
    # seed 2005, defaults: the lock-in sentence named Other workplace learning (curve) and the
    # hazard sentence put it among those whose interval reaches one, without a word
    below = ["training_basic", "training_vocational", "workplace_learning_ibo"]
    above = ["workplace_learning_other", "mediation_guidance"]
    locked = [*below, "workplace_learning_other"]
    s = claims.hazard_q1_sentence(below, above, locked=locked)
    assert s.startswith(claims.hazard_q1_sentence(below, above))
    assert ("So Other workplace learning shows a lock-in in the curves above but not in this "
            "hazard model") in s
    agree = claims.hazard_q1_sentence(below, above, locked=below)
    assert agree == claims.hazard_q1_sentence(below, above)
    rev = claims.hazard_q1_sentence(below, above, locked=below[:1])
    assert "shows a lock-in in this hazard model but not in the curves above" not in rev
    assert "show a lock-in in this hazard model but not in the curves above" in rev


def test_chapter_4_hazard_sentence_reads_the_lock_in_measures():
    import inspect

    src = inspect.getsource(claims.effects_claims)
    # the lock-in measures of the curves, read from the published effects (min_cell, and
    # what the summary table hides: prose29)
    assert "locked = lock_in(tidy, estimand, min_cell=min_cell, summary=summary)" in src
    assert "locked=locked," in src


def test_km_gaps_without_a_published_curve_fills_no_bool_into_floats():
    # chapter 2 at the defaults printed pandas' "'bool' is not supported as a fill value for
    # float64 dtype" from km_gaps (a future pandas raises): a group with no published curve
    import warnings

    rows = []
    for g, n0 in (("belgian:native", 400), ("maghreb:second", 200), ("turkish:second", 5)):
        n = n0
        for u in range(12):
            ev = (20 if u < 8 else 0) if n0 > 5 else (1 if u < 3 else 0)
            rows.append(dict(origin_generation=g, u=u, events=ev,
                             n_at_risk=n if (u < 10 or g == "belgian:native") else 5))
            n -= ev
    k = pd.DataFrame(rows)
    k["cum_incidence"] = (k.groupby("origin_generation")["events"].cumsum()
                          / k.groupby("origin_generation")["n_at_risk"].transform("first"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        gj, gs, at, coarse = claims.km_gaps({"job": k, "stable": k}, 10, "belgian:native")
    assert at == {"maghreb:second": 9} and coarse == []
    assert list(gj.index) == ["maghreb:second"] and gj.equals(gs)
