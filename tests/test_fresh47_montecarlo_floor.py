"""fresh47: Appendix A accepted `-p mc_nc_newcomers 50` (its rule: integer >= 0), computed its
other studies and then stopped in a cell with "NoMatchError: 'inburgering': no treated unit
matched within the caliper (0.2 SD of the logit score); widen the caliper", a remedy the
appendix has no parameter for. The Monte Carlo sizes get floors like the chapters'
`residents` (chapters.MATCHING_FLOOR), checked before any work and whatever `data_dir` is
(the Monte Carlo data sets are always synthetic). Measured (seed streams of
montecarlo.replication_seeds, bootstrap 0): inburgering replications failed so in 19 of 30 data
sets at 50 newcomers, 14 of 30 at 100, 20 of 200 at 150, 2 of 200 at 200, none of 200 at 300;
the activation replications (IBO, basic training, vacancy referral (automatic)) in 9 of 30 at
100 residents, none of 30 at 200."""

import pytest

from mia_helpers import chapters


def _refusal(given):
    params = chapters.read_parameters(chapters.resolve_chapter("matching_method")[1])
    with pytest.raises(chapters.ChapterError) as err:
        chapters.check_parameters("matching_method", params, given)
    return str(err.value)


@pytest.mark.parametrize("name,value", [("mc_nc_newcomers", "50"), ("mc_nc_newcomers", "0"),
                                        ("mc_residents", "100")])
def test_too_small_monte_carlo_data_sets_are_refused_by_name(name, value):
    text = _refusal([(name, value)])
    least = chapters.MONTECARLO_FLOOR["matching_method"][name]
    assert f"parameter {name!r} is {value}" in text, text
    assert f"-p {name} {least} or more" in text, text
    assert "caliper" not in text.split("or more")[-1], text


def test_the_floor_holds_beside_a_data_dir(tmp_path):
    """The Monte Carlo data sets are synthetic whatever the book's data are."""
    text = _refusal([("data_dir", str(tmp_path)), ("mc_nc_newcomers", "50")])
    assert "'mc_nc_newcomers'" in text, text


def test_the_suite_sizes_pass():
    params = chapters.read_parameters(chapters.resolve_chapter("matching_method")[1])
    chapters.check_parameters("matching_method", params, [("mc_residents", "2000"),
                                                          ("mc_nc_newcomers", "1500")])
