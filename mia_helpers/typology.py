"""The consultants' allocation typology: inflow by ideal type and what registers can recover.

VDAB consultants interviewed in the seed study (VIONA, 2020) allocate measures by a
jobseeker's self-reliance (zelfredzaamheid: language, education, work experience, digital
skills, motivation) and self-direction (zelfsturing), which gives four ideal types; the less
self-reliant are sent to competence-building measures. The synthetic generator implements this
as its allocation mechanism (:class:`mia_helpers.synthetic.config.SelfRelianceConfig`) and
writes the true ideal type of every registration spell to ``truth/spell_types.parquet``.

Registers hold three of the five self-reliance items (Dutch level, education, work experience)
and none of self-direction. :func:`register_proxy` scores the three items and
:func:`recovery_table` measures how far that proxy recovers the true typology.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import cohen_kappa_score

from mia_helpers import codes
from mia_helpers.competing import NO_INFLOW
from mia_helpers.synthetic.config import IDEAL_TYPES
from mia_helpers.synthetic.simulate import ideal_types

#: proxy classes of the self-reliance axis (registers have no self-direction item)
PROXY_CLASSES = ("self_reliant", "less_self_reliant")
#: true types on the self-reliant side of the cut
SELF_RELIANT_TYPES = ("autonomous", "needs_direction")


def load_spell_types(data_dir: str | Path) -> pd.DataFrame | None:
    """``truth/spell_types.parquet`` (one row per registration spell) or None for real data
    (read through :func:`mia_helpers.data.load_truth`: an incomplete ``truth/`` is refused)."""
    from mia_helpers.data import load_truth

    return load_truth(data_dir, "spell_types", group=None)


def spell_intake(cd: pd.DataFrame, spell_types: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per registration spell at its first quarter (the intake), with the true type.

    Parameters
    ----------
    cd : competing-risk data of :func:`mia_helpers.competing.competing_data` (needs person_id,
        spell, u, dutch_level, education, experience, outcome, outcome_label).
    spell_types : :func:`load_spell_types` or None (real data: no ``ideal_type`` column).

    Returns
    -------
    DataFrame with the ``cd`` columns of the u = 0 rows, plus ``self_reliance``,
    ``self_direction`` and ``ideal_type`` when ``spell_types`` is given.

    Raises
    ------
    ValueError if a spell lacks its true type (the truth file belongs to other data).
    """
    need = {"person_id", "spell", "u", "dutch_level", "education", "experience"}
    missing = need - set(cd.columns)
    if missing:
        raise ValueError(f"competing data lack columns {sorted(missing)}; build them with "
                         "competing.competing_data")
    intake = cd[cd["u"].to_numpy() == 0].reset_index(drop=True)
    if spell_types is None:
        return intake
    st = spell_types[["person_id", "spell", "self_reliance", "self_direction", "ideal_type"]]
    out = intake.merge(st.astype({"spell": np.int64}), on=["person_id", "spell"], how="left",
                       validate="one_to_one")
    lost = int(out["ideal_type"].isna().sum())
    if lost:
        raise ValueError(f"{lost} registration spells have no row in truth/spell_types.parquet: "
                         "the truth belongs to other data; regenerate the synthetic data")
    return out


def type_spells(cd: pd.DataFrame, intake: pd.DataFrame, column: str) -> pd.DataFrame:
    """``cd`` with the spell-level ``column`` of ``intake`` (e.g. ideal_type) on every row."""
    key = intake[["person_id", "spell", column]]
    out = cd.merge(key, on=["person_id", "spell"], how="inner", validate="many_to_one")
    out.attrs = cd.attrs
    return out


def register_proxy(
    intake: pd.DataFrame, share_self_reliant: float = 0.5, weights: Mapping[str, Any] | None = None
) -> pd.DataFrame:
    """Register proxy of the self-reliance axis from Dutch level, education and experience.

    Without ``weights`` each item is scored by its rank (Dutch none..native = 0..3, education
    low..high = 0..2, ``min(experience, 20) / 4``), standardised over the spells and averaged:
    the equal-weight index a researcher without interview data would build. With ``weights``
    (the generator's ``self_reliance`` config: dutch, education, experience) the generator's
    own weights are used: the best a register proxy can do. The proxy class is
    ``self_reliant`` for the top ``share_self_reliant`` of the spells.

    Returns
    -------
    DataFrame: ``intake`` plus ``proxy_score`` (float) and ``proxy_class`` (categorical over
    :data:`PROXY_CLASSES`).
    """
    if not 0.0 < share_self_reliant < 1.0:
        raise ValueError(f"share_self_reliant must lie in (0, 1), got {share_self_reliant}")
    dutch = intake["dutch_level"].astype(str)
    edu = intake["education"].astype(str)
    exper = np.minimum(intake["experience"].to_numpy(float), 20.0) / 4.0
    unknown = (set(dutch) - set(codes.DUTCH_LEVELS)) | (set(edu) - set(codes.EDUCATIONS))
    if unknown:
        raise ValueError(f"dutch_level/education hold unknown codes {sorted(unknown)}")
    if weights is None:
        items = np.column_stack([
            dutch.map({k: i for i, k in enumerate(codes.DUTCH_LEVELS)}).to_numpy(float),
            edu.map({k: i for i, k in enumerate(codes.EDUCATIONS)}).to_numpy(float),
            exper,
        ])
        sd = items.std(axis=0)
        sd[sd == 0] = 1.0
        score = ((items - items.mean(axis=0)) / sd).mean(axis=1)
    else:
        score = (dutch.map(weights["dutch"]).to_numpy(float)
                 + edu.map(weights["education"]).to_numpy(float)
                 + float(weights["experience"]) * exper)
    cut = np.quantile(score, 1.0 - share_self_reliant)
    cls = np.where(score >= cut, 0, 1)
    return intake.assign(
        proxy_score=score,
        proxy_class=pd.Categorical.from_codes(cls, categories=list(PROXY_CLASSES)),
    )


def recovery_table(proxied: pd.DataFrame, min_cell: int = 10) -> dict[str, Any]:
    """How far the register proxy recovers the true typology (synthetic data only).

    Parameters
    ----------
    proxied : :func:`register_proxy` output with the true ``self_reliance``,
        ``self_direction`` and ``ideal_type`` (:func:`spell_intake` with spell types).
    min_cell : cells of the cross-table below this many spells are reported as NaN.

    Returns
    -------
    dict with ``crosstab`` (spells by true ideal type x proxy class, NaN below ``min_cell``),
    ``agreement`` (share of spells whose proxy class matches the true self-reliance side),
    ``kappa`` (Cohen's kappa of that agreement, scikit-learn), ``r2_self_reliance`` (share of
    the variance of the true index s explained by a least-squares fit on the register items
    Dutch level, education and experience), ``r2_self_direction`` (the same for d), and
    ``four_type_ceiling``: the share of spells a four-type classifier built from register
    items can place correctly at best when self-direction is unobserved (the proxy's correct
    self-reliance side times the larger self-direction share within it).
    """
    need = {"ideal_type", "self_reliance", "self_direction", "proxy_class"}
    if need - set(proxied.columns):
        raise ValueError(f"recovery_table needs columns {sorted(need)}: pass spell_intake with "
                         "spell types through register_proxy")
    true_sr = proxied["ideal_type"].astype(str).isin(SELF_RELIANT_TYPES).to_numpy()
    proxy_sr = (proxied["proxy_class"].astype(str) == PROXY_CLASSES[0]).to_numpy()
    ct = pd.crosstab(pd.Categorical(proxied["ideal_type"].astype(str), categories=IDEAL_TYPES),
                     pd.Categorical(proxied["proxy_class"].astype(str),
                                    categories=PROXY_CLASSES), dropna=False)
    ct.index.name, ct.columns.name = "ideal_type", "proxy_class"
    ct = ct.astype(float).where(ct >= min_cell)
    X = pd.get_dummies(proxied[["dutch_level", "education"]].astype(str), drop_first=True)
    X = np.column_stack([np.ones(len(proxied)), X.to_numpy(float),
                         np.minimum(proxied["experience"].to_numpy(float), 20.0)])

    def r2(y: np.ndarray) -> float:
        beta, *_ = np.linalg.lstsq(X, y, rcond=None)
        return float(1.0 - np.var(y - X @ beta) / np.var(y))

    correct = true_sr == proxy_sr
    sd_share = np.mean(proxied["self_direction"].to_numpy(float) >= 0)
    return {
        "crosstab": ct,
        "agreement": float(correct.mean()),
        "kappa": float(cohen_kappa_score(true_sr, proxy_sr)),
        "r2_self_reliance": r2(proxied["self_reliance"].to_numpy(float)),
        "r2_self_direction": r2(proxied["self_direction"].to_numpy(float)),
        "four_type_ceiling": float(correct.mean() * max(sd_share, 1.0 - sd_share)),
        "n_spells": int(len(proxied)),
    }


def intake_allocation_probabilities(intake: pd.DataFrame, parameters: Mapping[str, Any]
                                    ) -> pd.DataFrame:
    """The generator's true probability of starting each measure in the intake quarter.

    In a spell's first quarter no measure runs, so the generator's multinomial logit applies
    unchanged: ``eta_m = base_m + self_reliance_m * s + self_direction_m * d + low_link_m * L
    + feeder_measures * feeder`` (duration term zero at u = 0), ``p_m = exp(eta_m) / (1 +
    sum_k exp(eta_k))`` (:mod:`mia_helpers.synthetic.simulate`).

    Parameters
    ----------
    intake : :func:`spell_intake` with spell types (columns self_reliance, self_direction,
        low_link, optionally feeder).
    parameters : ``truth/parameters.json`` (:func:`mia_helpers.data.load_parameters`).

    Returns
    -------
    DataFrame (n spells x 9 measures, codes.MEASURES order) of probabilities.
    """
    cfg = parameters["config"]
    ms = [cfg["measures"][m] for m in codes.MEASURES]
    par = {k: np.array([float(m.get(k, 0.0)) for m in ms])
           for k in ("base", "self_reliance", "self_direction", "low_link")}
    feeder = intake["feeder"].to_numpy(float) if "feeder" in intake else np.zeros(len(intake))
    eta = (par["base"] + par["self_reliance"] * intake["self_reliance"].to_numpy(float)[:, None]
           + par["self_direction"] * intake["self_direction"].to_numpy(float)[:, None]
           + par["low_link"] * intake["low_link"].to_numpy(float)[:, None]
           + cfg["newcomer"]["feeder_measures"] * feeder[:, None])
    w = np.exp(eta)
    return pd.DataFrame(w / (1.0 + w.sum(axis=1, keepdims=True)), columns=list(codes.MEASURES),
                        index=intake.index)


def intake_inflow_by_type(intake: pd.DataFrame, parameters: Mapping[str, Any] | None = None,
                          by: str = "ideal_type", min_cell: int = 10) -> pd.DataFrame:
    """Share of spells (%) starting each measure in the intake quarter, by type.

    Parameters
    ----------
    intake : :func:`spell_intake` (with ``by`` as a column; outcome_label per spell).
    parameters : generator parameters; when given, ``true_pct`` holds the generator's expected
        share (mean of :func:`intake_allocation_probabilities`) and ``se_pct`` its binomial
        standard error ``100 sqrt(sum p (1 - p)) / n``.
    min_cell : shares whose spells or starts number fewer are NaN (disclosure control).

    Returns
    -------
    Long DataFrame: by, outcome, n_spells, n_starts, pct (and true_pct, se_pct).
    """
    if by not in intake:
        raise ValueError(f"intake has no column {by!r}")
    lab = intake["outcome_label"].astype(str)
    unknown = sorted(set(lab) - {*codes.MEASURES, NO_INFLOW})
    if unknown:
        raise ValueError(f"intake outcomes {unknown} are not measure codes: build the "
                         "competing data with grouping='codes' and all measures")
    labels = list(codes.MEASURES)
    rows = []
    probs = intake_allocation_probabilities(intake, parameters) if parameters else None
    for m in labels:  # loop over nine measures, vectorised over spells
        g = pd.DataFrame({by: intake[by].astype(str).to_numpy(),
                          "start": (lab == m).to_numpy(float)})
        if probs is not None:
            g["p"] = probs[m].to_numpy()
            g["v"] = g["p"] * (1 - g["p"])
        agg = g.groupby(by, sort=False).agg(
            n_spells=("start", "size"), n_starts=("start", "sum"),
            **({"true": ("p", "mean"), "var": ("v", "sum")} if probs is not None else {}))
        agg["pct"] = 100 * agg["n_starts"] / agg["n_spells"]
        if probs is not None:
            agg["true_pct"] = 100 * agg.pop("true")
            agg["se_pct"] = 100 * np.sqrt(agg.pop("var")) / agg["n_spells"]
        rows.append(agg.reset_index().assign(outcome=m))
    out = pd.concat(rows, ignore_index=True)
    small = (out["n_spells"] < min_cell) | (out["n_starts"].between(1, min_cell - 1))
    out.loc[small, "pct"] = np.nan
    out["n_starts"] = out["n_starts"].astype(int)
    cols = [by, "outcome", "n_spells", "n_starts", "pct"]
    return out[cols + [c for c in ("true_pct", "se_pct") if c in out]]


__all__ = [
    "IDEAL_TYPES",
    "PROXY_CLASSES",
    "ideal_types",
    "intake_allocation_probabilities",
    "intake_inflow_by_type",
    "load_spell_types",
    "plot_inflow_by_type",
    "recovery_table",
    "register_proxy",
    "spell_intake",
    "type_spells",
]


def plot_inflow_by_type(table: pd.DataFrame, by: str = "ideal_type",
                        outcomes: list[str] | None = None):
    """Bar chart of :func:`intake_inflow_by_type`: intake inflow (%) per measure and type, with
    the generator's expected share as black ticks when ``true_pct`` is present.

    Returns the matplotlib Figure. Raises ``ValueError`` naming the missing columns (``by``,
    ``outcome``, ``pct``) when ``table`` is not that table.
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    from mia_helpers.labels import require_columns

    require_columns(table, [by, "outcome", "pct"], "typology.plot_inflow_by_type",
                    "typology.intake_inflow_by_type")

    show = table if outcomes is None else table[table["outcome"].isin(outcomes)]
    order = [t for t in (*IDEAL_TYPES, *PROXY_CLASSES) if t in set(show[by])]
    cols = list(dict.fromkeys(show["outcome"]))
    fig, axes = plt.subplots(1, len(cols), figsize=(2.6 * len(cols), 3.4), sharey=False,
                             squeeze=False)
    for ax, m in zip(axes[0], cols, strict=True):
        d = show[show["outcome"] == m].set_index(by).reindex(order)
        sns.barplot(x=d.index, y=d["pct"].to_numpy(float), ax=ax, color="#4c72b0")
        if "true_pct" in d:
            ax.scatter(range(len(order)), d["true_pct"], marker="_", s=300, color="black",
                       zorder=3, label="generator")
        ax.set(title=m, xlabel="", ylabel="started at intake (%)" if ax is axes[0][0] else "")
        ax.tick_params(axis="x", rotation=60)
    fig.tight_layout()
    return fig


def ticks_sentence(table: pd.DataFrame, outcomes: list[str] | None = None, level: float = 0.95
                   ) -> str:
    """Chapter 3's reading of the intake figure's ticks: how many shown shares of
    :func:`intake_inflow_by_type` (``pct`` published, ``true_pct`` known) lie within the
    two-sided ``level`` binomial band ``true_pct +- z se_pct`` of the generator's expected share,
    among ``outcomes`` (default all). Empty string without truth (real data: no ticks).
    Raises ``ValueError`` naming the missing columns (``outcome``, ``pct``; ``se_pct`` when
    ``true_pct`` is present) when ``table`` is not that table."""
    from mia_helpers.core.levels import critical_value
    from mia_helpers.labels import require_columns

    require_columns(table, ["outcome", "pct", *(("se_pct",) if "true_pct" in table else ())],
                    "typology.ticks_sentence", "typology.intake_inflow_by_type")
    if "true_pct" not in table:
        return ""
    t = table if outcomes is None else table[table["outcome"].isin(outcomes)]
    pct = pd.to_numeric(t["pct"], errors="coerce")
    shown = pct.notna() & t["true_pct"].notna() & (t["se_pct"] > 0)
    z = critical_value(level)
    inside = ((pct - t["true_pct"]).abs() <= z * t["se_pct"]) & shown
    return (f" Of the {int(shown.sum())} bars with a tick, {int(inside.sum())} lie within the "
            f"{100 * level:g} % binomial band of the generator's expected share (about "
            f"{100 * level:g} % would by chance alone).")
