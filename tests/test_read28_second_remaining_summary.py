"""Chapter 3's summary is no surer than its section about what remains of the second
generation's gap: where no second-generation IBO gap is published, the section says "no such
gap is published here to show it" (trial28), and the summary said "what remains of the second
generation's gap is the low-link term the generator built in" all the same (read28)."""
import numpy as np
import pandas as pd
from second_rrr_inputs import rrr_inputs

from mia_helpers import claims
from mia_helpers.covariates import KEY


def _gaps(raw: float, adj: float) -> pd.DataFrame:
    return pd.DataFrame({KEY: "maghreb:second",
                         "outcome": ["workplace_learning_ibo", "training_basic"],
                         "generation": ["second", "second"], "raw": [raw, 1.65],
                         "adj": [adj, 1.25]})


def test_summary_hedged_without_a_published_gap() -> None:
    short = claims.second_remaining_claims(_gaps(np.nan, np.nan), True)[
        "inflow_second_remaining_short"]
    assert "what remains of" not in short, short
    assert short == ("on these synthetic data what would remain of the second generation's IBO "
                     "gap is the low-link term the generator built in, but no such gap is "
                     "published here")


def test_summary_unchanged_with_a_published_gap() -> None:
    short = claims.second_remaining_claims(_gaps(-2.6, -1.8), True, **rrr_inputs(
        ["maghreb:second"]))["inflow_second_remaining_short"]
    # claims51: "up to sampling error" says the interval it was checked by
    assert short == ("on these synthetic data what remains of the second generation's gap is "
                     "the low-link term the generator built in, up to sampling error (the "
                     "true IBO RRR inside M1's 95 per cent interval for the one cell checked)")
    assert "registers cannot tell" in claims.second_remaining_claims(
        _gaps(np.nan, np.nan), False)["inflow_second_remaining_short"]
