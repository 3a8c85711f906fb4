"""Trial 22 (seed 3131, min_cell 9): a figure whose bars stood beside other cells' names."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from mia_helpers import plots  # noqa: E402


def _rows(ax):
    """The y centre of each bar of ``ax``, rounded."""
    return sorted({round(p.get_y() + p.get_height() / 2, 2) for p in ax.patches})


def test_gap_bars_keep_each_cell_on_its_row_in_every_panel():
    # chapter 3, Figure 4: the other-workplace-learning panel had the southern-EU
    # intermediate generation suppressed and drew its 17 cells over the first panel's 18 rows
    cells = ["southern_eu:first", "southern_eu:intermediate", "southern_eu:second"]
    g = pd.DataFrame({"origin_generation": cells * 2,
                      "outcome": ["workplace_learning_ibo"] * 3 + ["workplace_learning_other"] * 3,
                      "raw_gap": [-4.4, -3.7, 0.2, -0.8, "x", -0.3],
                      "adjusted_gap": [-1.8, -1.5, 0.8, -1.4, "x", -0.5]})
    fig = plots.gap_bars(g, ["workplace_learning_ibo", "workplace_learning_other"],
                         empty_note="nothing")
    ibo, other = fig.axes[:2]
    assert _rows(ibo) == [-0.2, 0.2, 0.8, 1.2, 1.8, 2.2]
    assert _rows(other) == [-0.2, 0.2, 1.8, 2.2]  # row 1 (the suppressed cell) left empty
    assert ibo.get_ylim() == other.get_ylim()
    assert ibo.get_ylim()[0] > ibo.get_ylim()[1]  # the table's first cell on top
    assert [t.get_text() for t in ibo.get_yticklabels()] == [
        "Southern EU (first generation)", "Southern EU (intermediate generation)",
        "Southern EU (second generation)"]
    # the second panel's bar of the second generation is at that label's tick
    assert list(other.get_yticks()) == list(ibo.get_yticks())
    plt.close(fig)


def test_support_tables_say_what_the_pool_counts():
    # chapter 4's common-support table printed a pool of 124,790 beside 12,000 residents
    # (seed 3131) without saying that it counts person-quarters, not persons
    from pathlib import Path

    import numpy as np

    from mia_helpers.effects import support_table

    books = Path(__file__).parents[1] / "notebooks"
    for name, unit, label in (("04_activation_effects.md", "jobseeker-quarters",
                               "tbl-effects-support"),
                              ("05_newcomer_integration.md", "newcomer-quarters",
                               "tbl-newcomers-support")):
        text = (books / name).read_text()
        end = text.index(f'"{label}"), display=False)')  # the caption's glue call
        caption = text[text.rindex(f'glue("{label}"', 0, end):end]
        assert f"pool ({unit} at risk" in caption.replace('"\n    "', ""), name

    class Result:  # two risk sets of one measure, the same pool members in both
        def support(self):
            return pd.DataFrame({"measure": ["m", "m"], "n_treated": [20, 30],
                                 "n_pool": [400, 380], "n_matched": [18, 27],
                                 "n_dropped": [2, 3]})

    table = support_table(Result(), min_cell=1).data
    # the pool is summed over the risk sets (elapsed durations): quarters, not persons
    assert int(table["n_pool"].iloc[0]) == 780 and np.isfinite(table["dropped_pct"].iloc[0])
