"""Chapter 3 on an extract that holds only some of the nine measure codes (user45): it failed
in a cell after half a minute whatever its parameters. With all nine outcomes the absent codes
have no rows ("leave them out of measures"), and with ``measures`` set to the codes present
the pooled rest ("other_measure") had none either, so no value of ``measures`` ran. The pooled
rest without any start is now no outcome (no spell is dropped: none flows there), and the
runner refuses outcomes without any start in the window before a kernel starts, naming the
``measures`` value that runs."""

from __future__ import annotations

import pandas as pd
import pytest

from mia_helpers import competing as cr
from mia_helpers.chapters import ChapterError, check_parameters, read_parameters, resolve_chapter
from mia_helpers.panel import build_panel, load_panel
from mia_helpers.synthetic import generate

KEPT = ["training_basic", "workplace_learning_ibo", "mediation_guidance"]


@pytest.fixture(scope="module")
def extract(tmp_path_factory):
    d = tmp_path_factory.mktemp("three")
    generate(d, seed=45, residents=2500, newcomers=0, truth=False)
    m = pd.read_parquet(d / "vdab_measures.parquet")
    m[m["measure"].isin(KEPT)].reset_index(drop=True).to_parquet(d / "vdab_measures.parquet")
    build_panel(d)
    return d


def test_the_pooled_rest_without_starts_is_no_outcome(extract):
    cd = cr.competing_data(load_panel(extract), measures=KEPT)
    assert cd.attrs["outcomes"] == [cr.NO_INFLOW, *KEPT]
    assert len(cd) == len(cr.competing_data(load_panel(extract)))  # no row dropped
    fit = cr.fit_inflow(cd, blocks=("duration", "origin"))
    assert fit.outcomes == [cr.NO_INFLOW, *KEPT]


def test_an_asked_outcome_without_starts_is_still_refused(extract):
    cd = cr.competing_data(load_panel(extract))
    with pytest.raises(ValueError, match="training_vocational"):
        cr.fit_inflow(cd, blocks=("duration", "origin"))


def test_the_runner_refuses_absent_measures_before_a_kernel(extract):
    params = read_parameters(resolve_chapter("activation_inflow")[1])
    with pytest.raises(ChapterError) as err:
        check_parameters("activation_inflow", params, [("data_dir", str(extract))])
    msg = str(err.value)
    assert "'measures'" in msg and "training_vocational" in msg
    assert f"-p measures '[{', '.join(KEPT)}]'" in msg
    given = [("data_dir", str(extract)), ("measures", f"[{', '.join(KEPT)}]")]
    assert check_parameters("activation_inflow", params, given)["measures"] == KEPT


def test_chapter_4_refuses_measures_nobody_starts_before_a_kernel(extract):
    """Chapter 4 at its default nine measures stopped in a cell after 24 s: "nobody starts
    'training_vocational' in the risk sets"."""
    params = read_parameters(resolve_chapter("activation_effects")[1])
    with pytest.raises(ChapterError) as err:
        check_parameters("activation_effects", params, [("data_dir", str(extract))])
    msg = str(err.value)
    assert "'measures'" in msg and "training_vocational" in msg and "resident" in msg
    assert f"-p measures '[{', '.join(KEPT)}]'" in msg
    given = [("data_dir", str(extract)), ("measures", f"[{', '.join(KEPT)}]")]
    assert check_parameters("activation_effects", params, given)["measures"] == KEPT
