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
    assert "(one per measure, pool and duration): 1 of the 2 for pool as defined" in s
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
    matching = [c for c in cells if "activation_effects(" in c and "import" not in c.split(
        "activation_effects(")[0].splitlines()[-1]]
    explained = re.findall(r'glue\("([^"]+)", claims\.(?:unidentified_logits_sentence|'
                           r"support_warnings_sentence)\(", text)
    assert len(matching) == 3  # the main cell, the caliper and the pool exercise
    assert len(explained) >= len(matching), explained
    for name in explained:
        assert f"{{glue:text}}`{name}`" in text, name
