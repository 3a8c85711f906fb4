"""Publication figures of the book: effect curves, cumulative incidence, heatmaps.

Every function takes a publishable (disclosure-controlled) long table, returns a
:class:`matplotlib.figure.Figure` with reader labels (:func:`mia_helpers.labels.label`),
integer ticks on quarter axes and one legend outside the panels that names every line drawn
(the truth included). The chapters glue the figure (``glue(name, fig, display=False)``) and
paste it with ``{glue:figure}``, which gives it a number and a caption.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from mia_helpers.covariates import KEY
from mia_helpers.labels import label, level_label, not_point_identified

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.container import ErrorbarContainer

#: estimator -> colour (colour-blind safe tab10 entries), shared by every effect figure
ESTIMATOR_COLOURS = {"naive": "#1f77b4", "matched": "#ff7f0e"}

# column names of the effect tables (one place to change when the tidy vocabulary changes)
QUARTER, ESTIMATE, LOW, HIGH, TRUTH = ("quarter_since_start", "att_pp", "ci_low", "ci_high",
                                       "true_att_pp")

# ---------------------------------------------------------------------------------------------
# effects that are not point-identified: the one convention of every effect figure
# ---------------------------------------------------------------------------------------------
# A row whose ``point_identified`` is False (:func:`mia_helpers.labels.not_point_identified`)
# holds worst-case bounds (Manski 1990; :func:`mia_helpers.effects.estimate_effects`) in
# ``ci_low``/``ci_high`` and no estimate of the effect. The tables print it as "bounds [lo, hi]"
# without a point (:func:`mia_helpers.labels.bound_text`); the figures draw it the same way: a
# bar between caps from the lower to the upper bound, no point marker, not joined to the curve
# and not part of its confidence band, keyed in the legend (:data:`BOUNDS_LABEL`) and named in
# the caption (:func:`figure_bounds_note`). Chapter 4 drew the matched "now versus never"
# point of a horizon without support as if estimated, between bounds read as its interval.

#: legend entry of an effect drawn as its worst-case bounds
BOUNDS_LABEL = "worst-case bounds (no point)"
#: columns blanked in a bounded row before its curve and band are drawn
_POINT_COLUMNS = (ESTIMATE, LOW, HIGH, "att_rel", "se")


def point_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` (a copy) with the estimate and interval of every row that is not
    point-identified missing (``att_pp``, ``ci_low``, ``ci_high``, ``att_rel``, ``se`` where
    present): what a curve and its confidence band may draw. Rows without a
    ``point_identified`` column are all kept as they are."""
    out = rows.copy()
    bound = not_point_identified(out)
    if bound.any():
        cols = [c for c in _POINT_COLUMNS if c in out.columns]
        out[cols] = out[cols].astype(float)
        out.loc[bound, cols] = np.nan
    return out


def with_point_identified(curves: pd.DataFrame, tidy: pd.DataFrame,
                          keys: Sequence[str] = ("measure", "estimand", QUARTER, "estimator")
                          ) -> pd.DataFrame:
    """``curves`` with the ``point_identified`` flag of its rows in ``tidy`` (the effect rows
    they were drawn from), for curves built without it (as
    :func:`mia_helpers.newcomers.effect_curves` builds them), so that :func:`effect_curves`
    draws a bounded row as its bounds. ``curves`` is returned as it is where ``tidy`` has no
    such column or ``curves`` already has it; a row without a match in ``tidy`` gets a missing
    flag (no flag: drawn as a point).

    Raises
    ------
    ValueError
        Naming the key columns ``curves`` or ``tidy`` lacks, or where a key repeats in
        ``tidy``.
    """
    from mia_helpers.labels import require_columns

    if "point_identified" in curves.columns or "point_identified" not in tidy.columns:
        return curves
    keys = list(keys)
    require_columns(curves, keys, "plots.with_point_identified", "the effect curves")
    require_columns(tidy, keys, "plots.with_point_identified", "effects tidy rows")
    flags = tidy[[*keys, "point_identified"]].astype({k: str for k in keys if k != QUARTER})
    if flags.duplicated(keys).any():
        raise ValueError(f"plots.with_point_identified: tidy has repeated rows of {keys}")
    left = curves[keys].astype({k: str for k in keys if k != QUARTER})
    merged = left.merge(flags, on=keys, how="left", validate="many_to_one")
    return curves.assign(point_identified=merged["point_identified"].to_numpy())


def _drawn_bounds(rows: pd.DataFrame) -> np.ndarray:
    """Whether each row is drawn as its bounds: not point-identified with both bounds
    finite (a suppressed bound is NaN in a figure's data)."""
    bound = not_point_identified(rows)
    if not bound.any():
        return bound
    low, high = (pd.to_numeric(rows[c], errors="coerce").to_numpy(dtype=float)
                 for c in (LOW, HIGH))
    return bound & np.isfinite(low) & np.isfinite(high)


def draw_bounds(ax: Axes, rows: pd.DataFrame, colour: object, x: str = QUARTER
                ) -> ErrorbarContainer | None:
    """Draw the rows of ``rows`` that are not point-identified as bars from ``ci_low`` to
    ``ci_high`` with caps at ``x``, without a point (an ``ErrorbarContainer`` with no data
    line, ``gid`` "bounds"); returns the container, or None where there is none."""
    drawn = _drawn_bounds(rows)
    if not drawn.any():
        return None
    xs = pd.to_numeric(rows[x], errors="coerce").to_numpy(dtype=float)[drawn]
    low, high = (pd.to_numeric(rows[c], errors="coerce").to_numpy(dtype=float)[drawn]
                 for c in (LOW, HIGH))
    half = (high - low) / 2
    bars = ax.errorbar(xs, low + half, yerr=[half, half], fmt="none", capsize=3, lw=1.5,
                       color=colour)
    for artist in (*bars.lines[1], *bars.lines[2]):
        artist.set_gid("bounds")
    return bars


def bounds_handle(colour: object = "black") -> ErrorbarContainer:
    """A legend handle of :func:`draw_bounds`' bar (caps, no point), drawn nowhere."""
    from matplotlib.collections import LineCollection
    from matplotlib.container import ErrorbarContainer
    from matplotlib.lines import Line2D

    cap = Line2D([], [], marker="_", markersize=6, linestyle="none", color=colour)
    return ErrorbarContainer((None, (cap, cap), (LineCollection([], colors=colour,
                                                                linewidths=1.5),)),
                             has_xerr=False, has_yerr=True)


def figure_bounds_note(rows: pd.DataFrame, horizons: Sequence[int] | None = None) -> str:
    """A figure caption's closing sentence where the figure's effect rows (the frame given to
    :func:`effect_curves` or :func:`group_effect_curves`) hold an effect that is not
    point-identified (a leading space, a full stop), else "": the figure draws its worst-case
    bounds without a point (:func:`draw_bounds`), or, where not even a bound is given (the
    table's "–", :func:`mia_helpers.labels.bounds_note`), nothing. ``horizons``
    (:func:`mia_helpers.effect_tables.bound_horizons`): where bounds are drawn, the note states
    the range along which the figure and the table alike hide a bound that would reveal a
    small count (claims51); None: not stated."""
    from mia_helpers.effect_tables import horizon_range_words as _horizon_words
    from mia_helpers.labels import require_columns

    bound = not_point_identified(rows)
    if not bound.any():
        return ""
    require_columns(rows, [ESTIMATE, LOW, HIGH], "plots.figure_bounds_note",
                    "the rows given to the figure")
    drawn = _drawn_bounds(rows)
    est = pd.to_numeric(rows[ESTIMATE], errors="coerce").to_numpy(dtype=float)
    none = bound & ~drawn & np.isfinite(est)
    parts = []
    if drawn.any():
        parts.append("an effect that is not point-identified is drawn as its worst-case "
                     "bounds, a bar between caps without a point, as the tables give it"
                     + ("" if horizons is None else
                        ", both hiding a bound that would reveal a small count beside another "
                        f"of {_horizon_words(horizons)}"))
    if none.any():
        parts.append("one without even a bound is not drawn")
    if not parts:
        return ""
    text = "; ".join(parts)
    return f" {text[0].upper()}{text[1:]}."


def _grid(n: int, ncols: int, width: float = 3.4, height: float = 2.6):
    ncols = max(1, min(ncols, n))
    nrows = int(np.ceil(n / ncols))
    fig, axes = plt.subplots(nrows, ncols, figsize=(width * ncols, height * nrows + 0.9),
                             squeeze=False)
    for ax in axes.flat[n:]:
        ax.set_visible(False)
    return fig, axes.flat[:n]


def _legend_below(fig: Figure, handles, labels_, ncol: int | None = None) -> None:
    """One legend centred below the panels; the panels (with their axis labels) are laid out
    above the legend's measured height, so that no row of the legend covers them."""
    leg = fig.legend(handles, labels_, loc="lower center", ncol=ncol or min(len(handles), 4),
                     frameon=False, bbox_to_anchor=(0.5, 0.0))
    height = leg.get_window_extent().height / fig.bbox.height
    fig.tight_layout(rect=(0, min(height + 0.02, 0.6), 1, 1))


def _lone(values) -> np.ndarray:
    """Whether each value (in drawing order) is finite while both neighbours are not: a point
    a line or a band drawn through the values does not show (a band of one point has no
    width, a dashed line of one point no dash)."""
    v = pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(dtype=float)
    f = np.isfinite(v)
    return f & ~np.r_[False, f[:-1]] & ~np.r_[f[1:], False]


def _lone_bands(ax: Axes, x, est, low, high, colour, alpha: float = 0.35) -> None:
    """Draw the band of every lone point of a curve (:func:`_lone`) as a vertical bar:
    ``fill_between`` leaves it out (trial23b, seed 8181, ``min_cell`` 12: chapter 4 drew the
    Southern EU vocational-training effect at quarter 9, -24 pp, without its band)."""
    x = np.asarray(x, dtype=float)
    est, low, high = (pd.to_numeric(pd.Series(v), errors="coerce").to_numpy(dtype=float)
                      for v in (est, low, high))
    lone = _lone(low) & np.isfinite(high) & np.isfinite(est)
    if lone.any():
        ax.vlines(x[lone], low[lone], high[lone], color=colour, alpha=alpha, lw=4)


def effect_curves(curves: pd.DataFrame, panels: Sequence[str] | None = None, *,
                  panel_col: str = "measure", level: float = 0.95,
                  other_truth: pd.DataFrame | None = None, other_label: str | None = None,
                  ncols: int = 3, ylabel: str = "effect on cumulative entry (pp)") -> Figure:
    """Effect curves per panel: every estimator with its band, and the true effect.

    Parameters
    ----------
    curves : DataFrame
        Long table, one row per ``panel_col`` x ``estimator`` x ``quarter_since_start`` with
        ``att_pp``, ``ci_low``, ``ci_high`` (pp; NaN where suppressed: not drawn) and
        ``true_att_pp`` (pp, NaN without truth), e.g. from
        :func:`mia_helpers.effects.curves_for_plot` or :func:`mia_helpers.newcomers.effect_curves`.
    panels : sequence of str, optional
        Panel codes in drawing order (default: order of appearance).
    panel_col : str
        Column holding the panel code.
    level : float
        Confidence level of the bands (for the legend only; the bands come from the data).
    other_truth : DataFrame, optional
        A second truth (same columns, e.g. the other estimand), drawn dotted grey.
    other_label : str, optional
        Legend entry of ``other_truth``.
    ncols : int
        Panels per row.
    ylabel : str
        Label of the y axes.

    Returns
    -------
    Figure
        The legend below the panels names every estimator, the band and the truth. A row that
        is not point-identified (``point_identified`` False) is drawn as its worst-case bounds
        without a point (:func:`draw_bounds`, keyed in the legend; the caption's sentence is
        :func:`figure_bounds_note`).

    Raises
    ------
    ValueError
        If ``curves`` lacks a needed column or a panel is not in it.
    """
    need = {panel_col, "estimator", QUARTER, ESTIMATE, LOW, HIGH}
    missing = need - set(curves.columns)
    if missing:
        raise ValueError(f"effect_curves: curves lacks columns {sorted(missing)}")
    d = curves.astype({panel_col: str})
    panels = list(panels) if panels is not None else list(dict.fromkeys(d[panel_col]))
    absent = [p for p in panels if p not in set(d[panel_col])]
    if absent:
        raise ValueError(f"effect_curves: panels {absent} not in column {panel_col!r}")
    fig, axes = _grid(len(panels), ncols)
    handles: dict[str, object] = {}
    has_truth = TRUTH in d.columns and d[TRUTH].notna().any()
    for ax, p in zip(axes, panels, strict=True):
        sub = d[d[panel_col] == p]
        for est, rows in sub.groupby("estimator", sort=False):
            rows = rows.sort_values(QUARTER)
            g = point_rows(rows)  # a bounded row: its bounds alone (draw_bounds)
            colour = ESTIMATOR_COLOURS.get(str(est), None)
            ax.fill_between(g[QUARTER], g[LOW], g[HIGH], color=colour, alpha=0.18, lw=0)
            _lone_bands(ax, g[QUARTER], g[ESTIMATE], g[LOW], g[HIGH], colour)
            (line,) = ax.plot(g[QUARTER], g[ESTIMATE], marker="o", ms=3, color=colour)
            handles.setdefault(label(est), line)
            bars = draw_bounds(ax, rows, colour)
            if bars is not None:
                handles.setdefault(f"{label(est)}: {BOUNDS_LABEL}", bars)
        if has_truth:
            m = sub[sub["estimator"] == "matched"].sort_values(QUARTER)
            (t,) = ax.plot(m[QUARTER], m[TRUTH], color="black", linestyle="--")
            handles.setdefault("Truth", t)
        if other_truth is not None and TRUTH in other_truth.columns:
            o = other_truth[(other_truth[panel_col].astype(str) == p)
                            & (other_truth["estimator"] == "matched")].sort_values(QUARTER)
            if o[TRUTH].notna().any():
                (t2,) = ax.plot(o[QUARTER], o[TRUTH], color="grey", linestyle=":")
                handles.setdefault(other_label or "Truth (other estimand)", t2)
        ax.axhline(0, color="grey", linewidth=0.8)
        ax.set_title(label(p), fontsize=10)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("quarters since start")
        # one label for the figure where the panels stand in several rows: a label per row ran
        # into the next row's (seed 6464, chapter 4: "(pp) effect on cumulative entry (pp)")
        ax.set_ylabel(ylabel if ax.get_subplotspec().is_first_col() and len(panels) <= ncols
                      else "")
    if len(panels) > ncols:
        fig.supylabel(ylabel)
    band = Patch(color="grey", alpha=0.3, label=f"{round(100 * level)} % confidence interval")
    items = list(handles.items()) + [(band.get_label(), band)]
    _legend_below(fig, [h for _, h in items], [k for k, _ in items])
    return fig


def cumulative_incidence(data: pd.DataFrame, *, x: str = "u", y: str = "cum_incidence",
                         hue: str, style: str | None = None, panel: str | None = None,
                         steps: bool = False, xlabel: str = "quarters",
                         ylabel: str = "cumulative incidence", percent: bool = False,
                         band: tuple[str, str] | None = None, ncols: int = 3) -> Figure:
    """Cumulative incidence curves, one line per ``hue`` (x ``style``) level, per ``panel``.

    Parameters
    ----------
    data : DataFrame
        Long, publishable table (points behind fewer than ``min_cell`` persons already NaN).
    x, y : str
        Columns of the (integer) time axis and the cumulative incidence (share 0-1).
    hue, style, panel : str
        Columns for colour, line style and panels (codes; reader labels are drawn).
    steps : bool
        Draw step functions (Kaplan-Meier, Aalen-Johansen) instead of lines, with a dot at
        each curve's last published point (a step at the last time has no width).
    xlabel, ylabel : str
        Axis labels.
    percent : bool
        Multiply ``y`` (and ``band``) by 100 (ylabel should then say %).
    band : (str, str), optional
        Columns of a pointwise interval drawn as a shaded band around each line.
    ncols : int
        Panels per row.

    Returns
    -------
    Figure
        One legend below the panels naming every line; for ``data`` without a finite ``y``
        (every curve hidden or not identified, api53: matplotlib's legend of no line raised)
        a figure that says no curve is drawn.

    Raises
    ------
    ValueError
        If a named column is missing.
    """
    cols = [c for c in (x, y, hue, style, panel) if c is not None]
    missing = sorted(set(cols) - set(data.columns))
    if missing:
        raise ValueError(f"cumulative_incidence: data lacks columns {missing}")
    if not np.isfinite(pd.to_numeric(data[y], errors="coerce").to_numpy(float)).any():
        fig, ax = plt.subplots(figsize=(6, 1.5))
        ax.axis("off")
        ax.text(0.5, 0.5, "no curve to draw (every curve hidden or not estimable; see the "
                "caption)", ha="center", va="center", wrap=True)
        return fig
    d = data.copy()
    for c in (hue, style, panel):
        if c is not None:
            d[c] = d[c].astype(str)
    if percent:
        for col in [y, *(band or ())]:
            d[col] = 100 * d[col]
    panels = list(dict.fromkeys(d[panel])) if panel else [None]
    fig, axes = _grid(len(panels), ncols, width=4.2, height=3.0)
    colours = dict(zip(dict.fromkeys(d[hue]), plt.get_cmap("tab10").colors, strict=False))
    dashes = dict(zip(dict.fromkeys(d[style]) if style else [None],
                      ["-", "--", ":", "-."], strict=False))
    handles: dict[str, object] = {}
    for ax, p in zip(axes, panels, strict=True):
        sub = d if p is None else d[d[panel] == p]
        keys = [hue] + ([style] if style else [])
        for key, g in sub.groupby(keys, sort=False):
            key = key if isinstance(key, tuple) else (key,)
            g = g.sort_values(x)
            name = ", ".join(level_label(col, k) for col, k in zip(keys, key, strict=True))
            (line,) = ax.plot(g[x], g[y], color=colours[key[0]],
                              linestyle=dashes[key[1] if style else None],
                              drawstyle="steps-post" if steps else "default")
            handles.setdefault(name, line)
            if steps:  # the last step (e.g. the exact value at the horizon) has no width to
                # draw: a dot shows where each curve ends and at which value
                end = g.dropna(subset=[y]).tail(1)
                ax.plot(end[x], end[y], marker="o", markersize=3.5, linestyle="none",
                        color=colours[key[0]])
            if band is not None:
                ax.fill_between(g[x], g[band[0]], g[band[1]], color=colours[key[0]],
                                alpha=0.2, lw=0, step="post" if steps else None)
        if p is not None:
            ax.set_title(label(p), fontsize=10)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel if ax.get_subplotspec().is_first_col() else "")
        ax.set_ylim(bottom=0)
    _legend_below(fig, list(handles.values()), list(handles.keys()),
                  ncol=min(len(handles), 3))
    return fig


def heatmap(matrix: pd.DataFrame, *, colorbar_label: str, center: float = 0.0,
            limit: float | None = None, annotate: str = "{:.2f}", ax: Axes | None = None,
            cmap: str = "RdBu_r", log_base: float | None = None) -> Figure:
    """Annotated heatmap with a colour bar and reader labels on both axes.

    Parameters
    ----------
    matrix : DataFrame
        Rows x columns of values (codes as index and columns; NaN cells left blank).
    colorbar_label : str
        What the colour encodes (with units), e.g. "log2 relative risk ratio".
    center : float
        Value drawn white.
    limit : float, optional
        Half-width of the colour scale around ``center`` (default: the largest deviation).
    annotate : str
        Format of the cell annotations; "" for none.
    ax : matplotlib Axes, optional
        Draw into this axes (its figure is returned).
    cmap : str
        Diverging colour map.
    log_base : float, optional
        Colour by the logarithm of the values in this base (e.g. 2 for ratios: 0.5 and 2 get
        opposite colours of equal strength); the annotations keep the values themselves, and
        ``center``/``limit`` are on the log scale, and the colour bar's ticks are labelled
        with the values (``log_base ** tick``: 0.5, 1, 2), at whole (else half) powers.

    Returns
    -------
    Figure
    """
    shown = matrix.to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        values = shown if log_base is None else np.log(shown) / np.log(log_base)
    if limit is None:
        dev = np.nanmax(np.abs(values - center)) if np.isfinite(values).any() else 1.0
        limit = float(dev) or 1.0
    if ax is None:
        fig, ax = plt.subplots(figsize=(1.0 + 0.9 * values.shape[1], 1.0 + 0.45 * values.shape[0]))
    else:
        fig = ax.figure
    im = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, vmin=center - limit,
                   vmax=center + limit, aspect="auto")
    ax.set_xticks(range(values.shape[1]), [label(c) for c in matrix.columns], rotation=40,
                  ha="right")
    ax.set_yticks(range(values.shape[0]), [label(r) for r in matrix.index])
    if annotate:
        for (i, j), v in np.ndenumerate(values):
            if np.isfinite(v):
                dark = abs(v - center) > 0.6 * limit
                ax.text(j, i, annotate.format(shown[i, j]), ha="center", va="center", fontsize=8,
                        color="white" if dark else "black")
    ax.grid(False)
    bar = fig.colorbar(im, ax=ax, label=colorbar_label, shrink=0.9)
    if log_base is not None:  # ticks in the values' own units (a ratio of 0.5, 1, 2), not the
        # logarithms that set the colour: a "relative risk ratio" bar read -1.5 to 1.5 (trial20)
        lo, hi = center - limit, center + limit
        ticks = np.arange(np.ceil(lo), np.floor(hi) + 1)
        if len(ticks) < 3:
            ticks = np.arange(np.ceil(2 * lo), np.floor(2 * hi) + 1) / 2
        bar.set_ticks(ticks)
        bar.set_ticklabels([f"{log_base ** t:.3g}" for t in ticks])
    fig.tight_layout()
    return fig


def note_figure(note: str, width: float = 6.0, height: float = 1.0) -> Figure:
    """A figure holding only ``note`` (centred text, no axes): what a chapter glues in place of
    a figure that has nothing to draw in this run (e.g. no measure of the kind it shows), so
    that the figure's number and caption stay and say why it is empty. The text sits in an
    axes with its frame hidden: IPython renders no image of a figure without axes (its
    ``print_figure`` returns nothing), so a bare ``fig.text`` would glue no PNG."""
    fig, ax = plt.subplots(figsize=(width, height))
    ax.set_axis_off()
    ax.text(0.5, 0.5, note, ha="center", va="center", transform=ax.transAxes)
    return fig


def gap_bars(gaps: pd.DataFrame, outcomes: Sequence[str], *, empty_note: str,
             xlabel: str = "gap with natives (pp)") -> Figure:
    """Raw and adjusted origin gaps per cell (bars) and the true adjusted gap (markers).

    Parameters
    ----------
    gaps : DataFrame
        Published :func:`mia_helpers.competing.origin_gap` rows (``origin_generation``,
        ``outcome``,
        ``raw_gap``, ``adjusted_gap``, optional ``true_adjusted_gap``; suppressed cells as
        text or NaN are not drawn).
    outcomes : sequence of str
        Outcomes drawn, one panel each.
    empty_note : str
        Text of the figure when no gap can be drawn (e.g. all suppressed).
    xlabel : str
        Label of the gap axis.

    Returns
    -------
    Figure
        One legend below the panels: raw gap, adjusted gap and (with truth) the true adjusted
        gap.
    """
    d = gaps[gaps["outcome"].astype(str).isin(list(outcomes))].copy()
    cols = [c for c in ("raw_gap", "adjusted_gap", "true_adjusted_gap") if c in d.columns]
    for c in cols:
        d[c] = pd.to_numeric(d[c], errors="coerce")
    d = d.dropna(subset=["raw_gap", "adjusted_gap"])
    if d.empty:
        return note_figure(empty_note)
    panels = [o for o in outcomes if o in set(d["outcome"].astype(str))]
    # one row per cell in every panel, in the order of the table: a panel whose cell is
    # suppressed leaves that row empty (trial22, seed 3131: the panel of other workplace
    # learning, one cell short, spread its 17 rows over the 18 labels of the first panel, so
    # its bars stood beside other cells' names)
    cells = list(dict.fromkeys(d[KEY]))
    row = {c: i for i, c in enumerate(cells)}
    fig, axes = _grid(len(panels), len(panels), width=4.0,
                      height=0.45 * len(cells) + 1.5)
    handles: dict[str, object] = {}
    for ax, o in zip(axes, panels, strict=True):
        s = d[d["outcome"].astype(str) == o]
        y = s[KEY].map(row).to_numpy(dtype=float)
        handles["Raw gap"] = ax.barh(y - 0.2, s["raw_gap"], height=0.4, color="#1f77b4")
        handles["Adjusted gap (M1)"] = ax.barh(y + 0.2, s["adjusted_gap"], height=0.4,
                                               color="#ff7f0e")
        if "true_adjusted_gap" in s and s["true_adjusted_gap"].notna().any():
            handles["True adjusted gap"] = ax.plot(s["true_adjusted_gap"], y + 0.2, "kx",
                                                   ms=7)[0]
        ax.set_yticks(np.arange(len(cells)),
                      [label(c) for c in cells] if ax.get_subplotspec().is_first_col()
                      else [""] * len(cells))
        ax.set_ylim(len(cells) - 0.4, -0.6)  # the first cell on top, as in the table
        ax.axvline(0, color="grey", lw=0.8)
        ax.set_title(label(o), fontsize=10)
        ax.set_xlabel(xlabel)
    _legend_below(fig, list(handles.values()), list(handles.keys()))
    return fig


def unique_rows(frame: pd.DataFrame, keys: Sequence[str], where: str) -> pd.DataFrame:
    """``frame`` itself, after checking that no two rows share the values of ``keys``: the
    rows a figure draws as one point each. seaborn's line plots average rows that repeat a
    point and draw a band around the mean without a word (trial21: Appendix A's Monte Carlo
    figures would have averaged two measures' or two studies' rows into one line).

    Raises
    ------
    ValueError
        Naming ``where``, the columns ``frame`` lacks, or the keys and the first repeated
        point.
    """
    from mia_helpers.labels import require_columns

    require_columns(frame, list(keys), f"plots.unique_rows ({where})", "the figure's table")
    repeated = frame.duplicated(list(keys), keep=False)
    if repeated.any():
        first = frame.loc[repeated, list(keys)].iloc[0].to_dict()
        raise ValueError(f"{where}: {int(repeated.sum())} rows repeat a point of "
                         f"({', '.join(keys)}), e.g. {first}; a line plot would average them "
                         "silently: pass one row per point (filter or aggregate first)")
    return frame


def distinct_colours(n: int) -> list:
    """``n`` colours, all different: the colour cycle's while it has enough, else ``n`` evenly
    spaced colours of the ``turbo`` colour map (:func:`group_effect_curves` cycled the 10
    colours four times: more than 40 groups raised a bare KeyError, and from the 11th group
    two groups shared a colour)."""
    cycle = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    if n <= len(cycle):
        return list(cycle[:n])
    from matplotlib.colors import to_hex

    return [to_hex(c) for c in plt.get_cmap("turbo")(np.linspace(0.05, 0.95, n))]


def group_effect_curves(curves: pd.DataFrame, *, group_col: str = "group",
                        panel_col: str = "measure", xlabel: str = "quarters since start",
                        ylabel: str = "effect (pp)", legend_title: str = "origin") -> Figure:
    """Effect curves of several groups per panel: each group's estimate (solid, dots) with its
    band, and its truth (dashed, same colour) where known; whole quarters on the x axis.

    Chapter 4's effects by origin drew this with seaborn's ``FacetGrid`` in the notebook: the
    quarter axis read 2.5, 5.0, 7.5 (trial20, seed 8080) and the legend showed only the
    dashed truth lines, titled "dashed: truth", with no key to the solid estimates.

    Parameters
    ----------
    curves : DataFrame
        One row per ``panel_col`` x ``group_col`` x ``quarter_since_start`` with ``att_pp``,
        ``ci_low``, ``ci_high`` (pp; NaN where suppressed: not drawn) and, optionally,
        ``true_att_pp`` (pp; NaN or absent without truth). Panel and group values are drawn
        as given (relabel them first).
    group_col, panel_col : str
        Columns holding the group (colour) and the panel.
    xlabel, ylabel, legend_title : str
        Axis labels and the title of the groups' part of the legend.

    Returns
    -------
    Figure
        One panel per value of ``panel_col`` in order of appearance, each with its own y
        axis; one legend below: the colours of the groups drawn in some panel (a group whose
        every estimate and truth is hidden is not keyed), then "estimate (solid)" and, where
        any truth is drawn, "generator's truth (dashed)". A point whose neighbours are hidden
        gets its band as a vertical bar, and a lone truth point a dash. A row that is not
        point-identified (``point_identified`` False) is drawn as its worst-case bounds
        without a point (:func:`draw_bounds`, keyed in the legend; the caption's sentence is
        :func:`figure_bounds_note`).

    Raises
    ------
    ValueError
        Naming the columns ``curves`` lacks.
    """
    from matplotlib.lines import Line2D

    from mia_helpers.labels import require_columns

    require_columns(curves, [panel_col, group_col, "quarter_since_start", "att_pp", "ci_low",
                             "ci_high"], "plots.group_effect_curves",
                    "origin_effects.effects_by_group (published rows)")
    panels = list(dict.fromkeys(curves[panel_col]))
    groups = list(dict.fromkeys(curves[group_col]))
    colours = dict(zip(groups, distinct_colours(len(groups)), strict=True))
    fig, axes = _grid(len(panels), len(panels), width=3.8, height=2.8)
    truth_drawn, bounds_drawn, drawn = False, False, set()
    for ax, p in zip(axes, panels, strict=True):
        d = curves[curves[panel_col] == p]
        for grp in groups:
            rows = d[d[group_col] == grp].sort_values("quarter_since_start")
            g = point_rows(rows)  # a bounded row: its bounds alone (draw_bounds)
            x = g["quarter_since_start"].to_numpy(float)
            ax.fill_between(x, pd.to_numeric(g["ci_low"]), pd.to_numeric(g["ci_high"]),
                            color=colours[grp], alpha=0.12, lw=0)
            _lone_bands(ax, x, g["att_pp"], g["ci_low"], g["ci_high"], colours[grp], 0.25)
            ax.plot(x, pd.to_numeric(g["att_pp"]), marker="o", markersize=3.5,
                    color=colours[grp])
            if draw_bounds(ax, rows, colours[grp]) is not None:
                drawn.add(grp)
                bounds_drawn = True
            if pd.to_numeric(g["att_pp"]).notna().any():
                drawn.add(grp)
            if "true_att_pp" in g and pd.to_numeric(g["true_att_pp"]).notna().any():
                truth = pd.to_numeric(g["true_att_pp"]).to_numpy(dtype=float)
                ax.plot(x, truth, linestyle="--", color=colours[grp])
                lone = _lone(truth)  # a dash where a lone truth point has no line to show it
                ax.plot(x[lone], truth[lone], marker="_", markersize=9, linestyle="none",
                        color=colours[grp])
                truth_drawn = True
                drawn.add(grp)
        ax.axhline(0, color="grey", lw=0.8)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_title(str(p), fontsize=10)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel if ax.get_subplotspec().is_first_col() else "")
    # the key names only the groups drawn in some panel (trial23b, seed 8181, min_cell 12:
    # "origin: Eastern EU" beside no Eastern EU point or truth in any panel)
    keyed = [g for g in groups if g in drawn]
    handles = [Line2D([], [], color=colours[g], marker="o", markersize=3.5) for g in keyed]
    names = [f"{legend_title}: {g}" for g in keyed]
    handles.append(Line2D([], [], color="black", marker="o", markersize=3.5))
    names.append("estimate (solid)")
    if truth_drawn:
        handles.append(Line2D([], [], color="black", linestyle="--"))
        names.append("generator's truth (dashed)")
    if bounds_drawn:
        handles.append(bounds_handle())
        names.append(BOUNDS_LABEL)
    _legend_below(fig, handles, names, ncol=min(len(handles), 3))
    return fig
