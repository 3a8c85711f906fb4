"""Cells passed as any iterable (mend45): a generator as ``groups``/``cells`` gave a
``TypeError`` deep inside (``len()`` of a generator, subgroups) or, read twice, an empty or
partial result without a word (``competing.profiles`` built no row;
``claims.inflow_generator_claims`` split the cells on an exhausted generator). One helper,
:func:`mia_helpers.labels.cell_list`, reads them once and refuses one string or a
non-iterable with a ``ValueError`` naming the function and parameter."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from mia_helpers import claims, competing, labels
from mia_helpers import hazard as hz
from mia_helpers import subgroups as sg
from mia_helpers.data import ensure_data, load_parameters

CELLS = ["maghreb:second", "turkish:first", "southern_eu:second"]


@pytest.fixture(scope="module")
def params():
    return load_parameters(ensure_data(residents=3000, newcomers=1500))


@pytest.mark.parametrize("make", [list, tuple, pd.Index, pd.Series, lambda c: (x for x in c),
                                  lambda c: iter(c)])
def test_cell_list_reads_any_iterable_once(make):
    assert labels.cell_list(make(CELLS), "f") == CELLS


@pytest.mark.parametrize("bad, match", [("maghreb:second", "f: cells must be a list of cells"),
                                        (3, "f: cells must be an iterable of cells.*int"),
                                        (None, "f: cells must be an iterable.*NoneType")])
def test_cell_list_refuses_a_string_or_a_non_iterable(bad, match):
    with pytest.raises(ValueError, match=match):
        labels.cell_list(bad, "f")


def test_true_sex_difference_takes_a_generator(params):
    cells = sorted(set(sg.true_terms_by_sex(params)["group"]))[:3]  # cells with a term
    want = sg.true_sex_difference(params, cells)
    assert np.isfinite(want) and len(cells) == 3
    assert sg.true_sex_difference(params, (c for c in cells)) == want
    with pytest.raises(ValueError, match="true_sex_difference: groups must be an iterable"):
        sg.true_sex_difference(params, 7)


def _fake_by_sex():
    terms = [hz.key_term(c) for c in CELLS]
    cov = pd.DataFrame(np.diag([0.01, 0.04, 0.09]), index=terms, columns=terms)
    fit = SimpleNamespace(cov=cov)
    return {s: {"fits": {"job": {"M0": fit}}} for s in sg.SEXES}


def test_non_eu_average_se_takes_a_generator():
    by_sex = _fake_by_sex()
    want = sg.non_eu_average_se(by_sex, "M0", "job", CELLS)
    # hand computation: both sexes' variances summed, sqrt, over the 3 cells
    # rel 1e-12: float64 rounding of a sum of six variances, a sqrt and a division (about
    # 1e-16 each), far inside; leaving out a sex would move it by a factor sqrt(2)
    assert want == pytest.approx(np.sqrt(2 * 0.14) / 3, rel=1e-12)
    assert sg.non_eu_average_se(by_sex, "M0", "job", (c for c in CELLS)) == want
    with pytest.raises(ValueError, match="non_eu_average_se: groups must be an iterable"):
        sg.non_eu_average_se(by_sex, "M0", "job", 1.5)


def test_profiles_from_a_generator_has_every_cell():
    want = competing.profiles(CELLS)
    got = competing.profiles(c for c in CELLS)  # read twice before: no row
    assert len(got) == len(CELLS)
    pd.testing.assert_frame_equal(got, want)
    with pytest.raises(ValueError, match="competing.profiles: cells must be a list"):
        competing.profiles("maghreb:second")


def test_inflow_generator_claims_from_a_generator(params):
    direct = ["workplace_learning_ibo"]
    want = claims.inflow_generator_claims(params, CELLS, direct)
    assert claims.inflow_generator_claims(params, (c for c in CELLS), direct) == want
    with pytest.raises(ValueError, match="inflow_generator_claims: cells must be an iterable"):
        claims.inflow_generator_claims(params, 0, direct)
