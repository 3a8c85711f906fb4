"""seed45: sentences of the book that were typed for the default build and are not true in
every run, now phrased from the run (prose read on seed 2015)."""

from pathlib import Path

import numpy as np
import pandas as pd
from second_rrr_inputs import rrr_inputs

from mia_helpers import claims
from mia_helpers.claims import pinned_versions_clause
from mia_helpers.synthetic.config import GeneratorConfig

ROOT = Path(__file__).resolve().parent.parent


def _req(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "requirements.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_own_package_is_not_called_pinned(tmp_path):
    # Appendix B typed "(all are pinned in `requirements.txt`)" under a table listing
    # mia_helpers, which requirements.txt installs with "-e ." (no version pinned)
    req = _req(tmp_path, "numpy==2.4.6\nPyYAML==6.0.4\n-e .\n")
    text = pinned_versions_clause({"mia_helpers": "0.1.0", "numpy": "2.4.6",
                                   "pyyaml": "6.0.4"}, req)
    assert text.startswith("each but mia_helpers is the version pinned"), text
    assert "mia_helpers, this book's own package, is installed from the repository" in text
    assert "all are pinned" not in text
    assert "`" not in text  # glued as plain text: backticks would show literally


def test_a_version_other_than_the_pin_is_named(tmp_path):
    req = _req(tmp_path, "numpy==2.4.6\nscipy==1.17.1  # pinned\n")
    text = pinned_versions_clause({"numpy": "2.0.0", "scipy": "1.17.1", "pandas": "3.1.1",
                                   "duckdb": None}, req)
    assert "each" not in text
    assert "scipy is at the version pinned" in text
    assert "numpy 2.0.0 against 2.4.6" in text
    assert "pandas is not pinned there" in text and "duckdb is not installed" in text


def test_without_requirements_nothing_is_claimed(tmp_path):
    text = pinned_versions_clause({"numpy": "2.4.6"}, tmp_path / "requirements.txt")
    assert "no requirements.txt was found" in text
    assert pinned_versions_clause({"numpy": "2.4.6"}, None) == text


def test_appendix_b_glues_the_clause_and_types_no_pin_claim():
    src = (ROOT / "notebooks" / "B_reproducibility.md").read_text(encoding="utf-8")
    assert "all are pinned" not in src
    assert "{glue:text}`b-pins`" in src and "claims.pinned_versions_clause(" in src


def _second_gaps(adj_ibo: float) -> pd.DataFrame:
    from mia_helpers.covariates import KEY
    return pd.DataFrame({KEY: "maghreb:second",
                         "outcome": ["workplace_learning_ibo", "training_basic"],
                         "generation": ["second", "second"], "raw": [-2.6, 1.65],
                         "adj": [adj_ibo, 1.25]})


#: the RRR interval the verdict reads (claims51): it covers the truth
_RRR = rrr_inputs(["maghreb:second"])


def test_second_generation_is_not_said_to_have_the_natives_dutch():
    # chapter 3 typed "the second generation has the natives' command of Dutch"; the
    # generator gives it native Dutch for 70 per cent against the natives' 95
    # (population.dutch_by_generation): what leaves the built-in term is M1's adjustment
    dutch = GeneratorConfig().population.dutch_by_generation
    assert dutch["second"] != dutch["native"]  # the premise of the test
    for adj in (-1.8, np.nan):
        text = claims.second_remaining_claims(_second_gaps(adj), True, **_RRR)[
            "inflow_second_remaining"]
        assert "natives' command of Dutch" not in text, text
        assert "M1 holds its Dutch, education and experience equal" in text, text


def test_without_self_reliance_the_remainder_is_not_only_the_built_in_term():
    # covariate_blocks = [] (the chapter's exercise): M1 equals M0, so the second
    # generation's remaining gap still holds its composition
    for adj in (-1.8, np.nan):
        c = claims.second_remaining_claims(_second_gaps(adj), True, blocks=[])
        assert "is that built-in term" not in c["inflow_second_remaining"], c
        assert "does not hold the self-reliance components" in c["inflow_second_remaining"], c
        assert "is the low-link term" not in c["inflow_second_remaining_short"], c
        assert ("published here" in c["inflow_second_remaining_short"]) == np.isnan(adj), c
    held = claims.second_remaining_claims(_second_gaps(-1.8), True,
                                          blocks=["self_reliance", "newcomer"], **_RRR)
    assert held == claims.second_remaining_claims(_second_gaps(-1.8), True, **_RRR)
    real = claims.second_remaining_claims(_second_gaps(-1.8), False, blocks=[])
    assert "registers cannot tell" in real["inflow_second_remaining"]


def test_model_deviation_caveat_follows_m1s_blocks():
    # the adults' mismeasured experience can shift M1's profile curves only where M1 holds
    # experience; with covariate_blocks = [] the departure holds the cells' composition
    default = claims.model_deviation_sentence(1.1, truth=True)
    assert "mismeasured work experience" in default
    assert claims.model_deviation_sentence(1.1, True, blocks=["self_reliance"]) == default
    bare = claims.model_deviation_sentence(1.1, True, blocks=[])
    assert "mismeasured work experience" not in bare, bare
    assert "is 1.1 points: this run's M1 does not hold Dutch, education and experience" in bare


def test_model_curves_hold_the_profile_only_with_self_reliance():
    # chapter 3 typed "The model-based curves ... hold the composition fixed" also for
    # covariate_blocks = [], where M1 holds no Dutch, education or experience
    assert "hold the composition fixed" in claims.inflow_m1_words(
        ["self_reliance", "newcomer"])["inflow_m1_profile"]
    for blocks in ([], ["demographics", "newcomer"]):
        text = claims.inflow_m1_words(blocks)["inflow_m1_profile"]
        assert "hold the composition fixed" not in text and "cell's own" in text, text
    src = (ROOT / "notebooks" / "03_activation_inflow.md").read_text(encoding="utf-8")
    assert "{glue:text}`inflow_m1_profile`" in src
    assert "`fig-inflow-ci-model` hold the composition fixed" not in src


def test_appendix_c_warnings_are_not_said_to_be_per_age_group_only():
    # seed 2015 (k = 1): the no-variation and not-point-identified warnings named group 'all',
    # the prose "per age group" and "A third may name an age group"; and the now-versus-never
    # warnings have two causes (positivity, too few effective twins), the prose named one
    src = (ROOT / "notebooks" / "C_heart_transplant.md").read_text(encoding="utf-8")
    text = " ".join(src.split())
    assert "Another warning may name, per age group" not in text
    assert "A third may name an age group" not in text
    assert "for all patients (group `all`) or for an age group" in text
    assert "(positivity, or too few effective twins; read below)" in text
