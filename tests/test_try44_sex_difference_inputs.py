"""Odd inputs to chapter 2's women-minus-men average (try44): a ``by_sex`` that is not the
:func:`~mia_helpers.subgroups.fit_by_sex` behind the gap table gave a silently different
standard error (other models under the same name, the other link) or a bare ``KeyError``
('M3', 'male'); a model or event the table lacks gave ``KeyError: 'female'``; a cell name
passed as one string was split into letters. And with ``-p min_cell 1`` the prose read
"once 1 more persons have entered" and "fewer than 1 person or events lie behind it"."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

from mia_helpers import claims
from mia_helpers import hazard as hz
from mia_helpers import subgroups as sg
from mia_helpers.data import ensure_data, load_parameters

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


@pytest.fixture(scope="module")
def fits():
    data = ensure_data(residents=3000, newcomers=1500)
    periods = {ev: hz.school_leaver_periods(data, ev, stable_quarters=4)
               for ev in ("job", "stable")}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a = sg.fit_by_sex(periods, ["individual", "household", "parental"])
        c = sg.fit_by_sex(periods, ["household", "individual"])  # another M1 under one name
        d = sg.fit_by_sex(periods, ["individual", "household", "parental"], link="cloglog")
    return a, c, d, sg.gap_table(a), load_parameters(data)


def test_the_fits_behind_the_table_pass(fits):
    a, _, _, gaps, _ = fits
    r = sg.non_eu_sex_difference(gaps, "M3", "job", by_sex=a)
    assert r["n_cells"] >= 1 and r["se"] > 0


@pytest.mark.parametrize("which, model", [(1, "M1"), (2, "M3")])
def test_by_sex_of_other_models_is_refused(fits, which, model):
    with pytest.raises(ValueError, match=rf"by_sex.*{model}.*job.*not the fit_by_sex"):
        sg.non_eu_sex_difference(fits[3], model, "job", by_sex=fits[which])


def test_by_sex_lacking_a_sex_event_or_model_is_named(fits):
    a, _, _, gaps, _ = fits
    with pytest.raises(ValueError, match="by_sex has no 'male' fit"):
        sg.non_eu_sex_difference(gaps, "M3", "job", by_sex={"female": a["female"]})
    cut = {s: {**a[s], "fits": {"job": {"M0": a[s]["fits"]["job"]["M0"]}}} for s in a}
    with pytest.raises(ValueError, match="by_sex has no 'female' 'job' 'M3' fit"):
        sg.non_eu_sex_difference(gaps, "M3", "job", by_sex=cut)


@pytest.mark.parametrize("model, event", [("M9", "job"), ("M0", "jobs")])
def test_a_model_or_event_the_table_lacks_is_named(fits, model, event):
    with pytest.raises(ValueError, match=rf"{model!r}.*{event!r}.*not in the gap table"):
        sg.non_eu_sex_difference(fits[3], model, event)


def test_one_cell_name_as_a_string_is_refused(fits):
    a, _, _, _, params = fits
    with pytest.raises(ValueError, match="groups must be a list of cells"):
        sg.true_sex_difference(params, "maghreb:second")
    with pytest.raises(ValueError, match="groups must be a list of cells"):
        sg.non_eu_average_se(a, "M0", "job", "maghreb:second")


def test_min_cell_one_reads_in_the_singular():
    one = claims.min_cell_phrases(1)
    assert one["par_min_cell_persons"] == "1 person"
    assert claims.min_cell_phrases(10)["par_min_cell_persons"] == "10 persons"
    note = claims.nested_hidden_note(1)  # cell45: no bound at 1, the dof rule alone
    assert note.startswith("x: a ratio hidden where its model has fewer than") and "1 " not in note
    assert "fewer than 10 persons or events lie behind it" in claims.nested_hidden_note(10)
    for nb in NOTEBOOKS.glob("*.md"):  # the count glued before a plural noun
        hit = re.search(r"`par_min_cell`\s+(more\s+)?(persons|newcomers)", nb.read_text())
        assert hit is None, f"{nb.name}: {hit.group(0)} reads '1 persons' at min_cell 1"
