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
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from sklearn.metrics import cohen_kappa_score

from mia_helpers import codes
from mia_helpers.competing import NO_INFLOW
from mia_helpers.labels import none_or_fewer
from mia_helpers.synthetic.config import IDEAL_TYPES
from mia_helpers.synthetic.simulate import ideal_types

if TYPE_CHECKING:
    from IPython.display import Markdown
    from matplotlib.figure import Figure

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
    ValueError if ``cd`` lacks a needed column (naming them), or a spell lacks its true type
    (the truth file belongs to other data).
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
    """``cd`` with the spell-level ``column`` of ``intake`` (e.g. ideal_type) on every row.

    Joined on ``person_id`` and ``spell`` (inner: rows of spells without an intake row are
    dropped); ``cd.attrs`` kept. Raises ``KeyError`` for a missing column and
    :class:`pandas.errors.MergeError` when ``intake`` holds a spell twice.
    """
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

    Raises
    ------
    ValueError
        If ``share_self_reliant`` is not in (0, 1), or ``dutch_level``/``education`` hold a
        code outside :data:`mia_helpers.codes.DUTCH_LEVELS`/:data:`~mia_helpers.codes.EDUCATIONS`.

    The project's own index; the items follow the seed study's self-reliance axis (VIONA 2020).
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
    Dutch level, education and experience), ``r2_self_direction`` (the same for d),
    ``four_type_ceiling``: the share of spells a four-type classifier that takes this proxy's
    self-reliance side can place correctly at best when self-direction is unobserved and
    independent of the registers (the proxy's correct self-reliance side times the larger
    self-direction share), and ``self_direction_ceiling``: that larger self-direction share,
    the most of the spells *any* classifier from register items can place on the right side
    of self-direction, and so in the right type, under the same independence. The first is no
    bound for every register classifier: one fitted to the true self-reliance side does better
    than the equal-weight proxy (concl50, seed 4104: a logistic fit on the same items puts 89
    per cent on the right side against the proxy's 85, so a four-type share of about 45 per
    cent against the "at most 43" chapter 3 printed for every classification from registers).

    Raises
    ------
    ValueError
        If ``proxied`` lacks ``ideal_type``, ``self_reliance``, ``self_direction`` or
        ``proxy_class`` (real data, or :func:`register_proxy` not applied).
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
        "self_direction_ceiling": float(max(sd_share, 1.0 - sd_share)),
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

    Raises ``KeyError`` when ``parameters`` lacks ``config.measures.<code>`` or
    ``config.newcomer.feeder_measures``, or ``intake`` lacks ``self_reliance``,
    ``self_direction`` or ``low_link``.
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
        standard error ``100 sqrt(sum p (1 - p)) / n``: the same spells, quarter and covariates
        as the generator's draw (``tests/test_tick50_intake_ticks.py`` replays every intake
        spell's outcome exactly with the generator's uniforms; the spells' draws are independent
        given their covariates, so persons with several spells need no cluster term). The
        band's coverage over many seeds: ``benchmarks/intake_ticks.py``.
    min_cell : disclosure threshold (:func:`mia_helpers.disclosure.suppress`): spell and start
        counts below it are missing, and a share is missing with them or when the spells
        without a start are fewer (share rule), so that the figure and every sentence read
        only published shares. A zero of starts beside fewer than ``min_cell`` spells is
        missing too (a zero of a small group, ``zeros_of_small_groups``; dpo35).

    Returns
    -------
    Long DataFrame: by, outcome, n_spells, n_starts (nullable integers, missing where hidden),
    pct (NaN where hidden) and, with ``parameters``, true_pct, se_pct.

    Raises
    ------
    ValueError
        If ``intake`` has no column ``by``, or its outcome labels are not measure codes (competing
        data built with another grouping); and as :func:`mia_helpers.disclosure.suppress`.
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
    from mia_helpers.disclosure import suppress, zeros_of_small_groups

    out = pd.concat(rows, ignore_index=True)
    out["n_starts"] = out["n_starts"].astype(np.int64)
    cols = [by, "outcome", "n_spells", "n_starts", "pct"]
    out = out[cols + [c for c in ("true_pct", "se_pct") if c in out]]
    # dpo35: a zero of starts beside a type of fewer than min_cell spells (so fewer persons)
    # tells of each of them that they did not start; hidden as complement. A type of
    # min_cell spells or more but fewer persons is not seen here (the table has no persons).
    zeros = zeros_of_small_groups(out, ["n_starts"], "n_spells", min_cell)
    return suppress(out, count_cols=["n_spells", "n_starts"], min_cell=min_cell,
                    value_cols={"pct": ["n_spells", "n_starts"]},
                    shares={"pct": ("n_starts", "n_spells")}, zeros=zeros,
                    name="intake inflow by type").data


#: rows of :func:`intake_inflow_by_type` on the less self-reliant side (true types or proxy)
LESS_SELF_RELIANT = ("needs_competences", "needs_both", "less_self_reliant")
#: true types that are self-directed
SELF_DIRECTED_TYPES = ("autonomous", "needs_competences")

__all__ = [
    "IDEAL_TYPES",
    "PROXY_CLASSES",
    "ideal_types",
    "intake_allocation_probabilities",
    "intake_inflow_by_type",
    "intake_sentence",
    "load_spell_types",
    "plot_inflow_by_type",
    "recovery_sentence",
    "recovery_table",
    "register_proxy",
    "spell_intake",
    "type_spells",
]


def intake_sentence(table: pd.DataFrame, by: str = "ideal_type") -> str:
    """Chapter 3's reading of :func:`intake_inflow_by_type`: how often the less self-reliant
    start basic training (and IBO) at intake against the self-reliant, and, with the true
    types (``by="ideal_type"``), automatic vacancy referrals and guidance for the
    self-directed against the others. Means over the types with a published share ("on
    average, not for every type" where a type of one side lies beyond one of the other); a
    comparison without published shares on both sides is said in words, never as a number.
    Raises ``ValueError`` naming the missing columns (``by``, ``outcome``, ``pct``)."""
    from mia_helpers.claims import direction
    from mia_helpers.labels import require_columns

    require_columns(table, [by, "outcome", "pct"], "typology.intake_sentence",
                    "typology.intake_inflow_by_type")
    w = table.assign(pct=pd.to_numeric(table["pct"], errors="coerce")).pivot_table(
        index=by, columns="outcome", values="pct", dropna=False)
    low = w.index.isin(LESS_SELF_RELIANT)

    def means(col: str, rows: np.ndarray) -> tuple[float, float]:
        if col not in w.columns:
            return float("nan"), float("nan")
        return float(w.loc[rows, col].mean()), float(w.loc[~rows, col].mean())

    def more(col: str, rows: np.ndarray, than: str = "") -> str:
        a, b = means(col, rows)
        if not (np.isfinite(a) and np.isfinite(b)):
            return "at a rate that cannot be compared (cells suppressed)"
        # compared as the sentence prints its shares (one decimal): a difference the figure's
        # bars cannot show is not a direction (fig31)
        word = direction(round(a, 1) - round(b, 1), up="more", down="less", same="as")
        if word == "as":
            return "as often" + (" as the others" if than else "")
        inside, outside = w.loc[rows, col].dropna(), w.loc[~rows, col].dropna()
        # a comparison of means: said so where a type of one side lies beyond one of the
        # other (trial20, seed 8080: "guidance less often" for the self-directed, 1.8 and
        # 3.2 %, beside 3.0 and 4.9 % of the others)
        every = (inside.min() > outside.max() if word == "more"
                 else inside.max() < outside.min())
        return f"{word} often{than}" + ("" if every else " on average, not for every type")

    lo, hi = means("training_basic", low)
    ibo_lo, ibo_hi = means("workplace_learning_ibo", low)
    ibo_shown = np.isfinite(ibo_lo) and np.isfinite(ibo_hi)
    if np.isfinite(lo) and np.isfinite(hi):
        text = (f"The less self-reliant start basic training at intake about {lo:.1f} per cent of the "
                f"time against {hi:.1f} per cent for the self-reliant")
        if "workplace_learning_ibo" in w.columns:
            text += (f", and IBO {more('workplace_learning_ibo', low)}" if ibo_shown else
                     "; their intake shares of IBO are not both published, so they are not "
                     "compared")
    else:
        # one clause for both measures where neither compares (trial27, seed 4242, min_cell
        # 20: "..., so they are not compared, and IBO at a rate that cannot be compared")
        both = "workplace_learning_ibo" in w.columns and not ibo_shown
        text = (f"The intake shares of basic training{' and of IBO' if both else ''} of the "
                "less self-reliant and the self-reliant are not both published, so they are "
                "not compared")
        if "workplace_learning_ibo" in w.columns and ibo_shown:
            text += f"; the less self-reliant start IBO {more('workplace_learning_ibo', low)}"
    if by != "ideal_type":
        return text + ". On a real extract the register proxy has no self-direction axis."
    if not {"vacancy_referral_automatic", "mediation_guidance"} <= set(w.columns):
        return text + (". This grouping of the measures has no automatic vacancy referral or "
                       "guidance of its own to compare.")
    sd = w.index.isin(SELF_DIRECTED_TYPES)
    return text + (". The self-directed start automatic vacancy referrals "
                   f"{more('vacancy_referral_automatic', sd, ' than the others')}, and guidance "
                   f"{more('mediation_guidance', sd)}.")


def types_table_sentence(table: pd.DataFrame, horizon: int) -> str:
    """Chapter 3's reading of its table of cumulative inflow by ideal type (or proxy class):
    the mean share of the less self-reliant rows that start basic training, and IBO, within
    ``horizon`` quarters, against the self-reliant rows'.

    Parameters
    ----------
    table : DataFrame
        Index: ideal types (:data:`IDEAL_TYPES`) or proxy classes (:data:`PROXY_CLASSES`);
        columns: outcome codes; values: cumulative inflow in % (NaN where disclosure control
        hides it). Means run over the published rows of each side.
    horizon : int
        The table's horizon in quarters since registration (for the wording only).

    Returns
    -------
    str
        One sentence without its full stop. A measure whose shares are not published on both
        sides is said to be not compared, never given as a number; where basic training or IBO
        has no column (``grouping="types"``, a ``measures`` subset) the sentence says so and
        compares nothing (reader31: the table had no reading after it; the intake figure's
        sentence reads the intake quarter only).
    """
    low = table.index.isin(LESS_SELF_RELIANT)
    absent = [n for c, n in (("training_basic", "basic training"),
                             ("workplace_learning_ibo", "IBO")) if c not in table.columns]
    if absent:  # grouping="types" or a `measures` subset: no column of its own, none hidden
        one = len(absent) == 1
        return (f"{' and '.join(absent)} {'has' if one else 'have'} no column of "
                f"{'its' if one else 'their'} own in this run, so the two sides are not compared")
    parts, missing, signs = [], [], []
    for code, name in (("training_basic", "basic training"), ("workplace_learning_ibo", "IBO")):
        col = pd.to_numeric(table[code], errors="coerce")
        a, b = float(col[low].mean()), float(col[~low].mean())
        if np.isfinite(a) and np.isfinite(b):
            parts.append(f"to {name} in {a:.1f} per cent of cases against {b:.1f} per cent")
            signs.append(np.sign(a - b))
        else:
            missing.append(name)
    if not parts:
        return ("the shares of the less self-reliant and of the self-reliant are not both "
                "published for basic training or IBO, so they are not compared")
    from mia_helpers.claims import quarters_after

    # "within 1 quarter", not "within 1 quarters" (read50, seed 4097, horizon 1)
    text = (f"within {quarters_after(horizon)} of registration, the spells of the less "
            "self-reliant lead on average " + " and ".join(parts) + " for the self-reliant")
    if missing:
        return text + f" ({' and '.join(missing)}: not published for both, so not compared)"
    # the consultants' account: the less self-reliant to competence building (more basic
    # training), the self-reliant to the measure with an employer (more IBO)
    agree = signs == [1.0, -1.0]
    return text + (": the allocation the consultants describe" if agree else
                   ": not the allocation the consultants describe (more basic training and "
                   "less IBO for the less self-reliant)")


def recovery_sentence(recovery: Mapping[str, Any] | None) -> str:
    """Chapter 3's reading of :func:`recovery_table` (None on a real extract, whose true types
    are unknown: the sentence says so). Shares in per cent; the four-type ceilings rounded up
    (upper bounds): ``four_type_ceiling`` for a classification that takes this proxy's
    self-reliance side, ``self_direction_ceiling`` (where given) for any classification from
    register items. The sentence said "a four-type classification from registers can be right
    for at most 43 per cent of the spells" from the proxy's ceiling, which a classifier fitted
    on the same register items exceeds (concl50, seed 4104: about 45 per cent). The sentence
    on what the bounds rest on is the synthetic branch's own: chapter 3 followed the real
    extract's sentence, which states no bound, with "Such a bound holds for this generator"."""
    from mia_helpers.claims import at_most, small_share

    if recovery is None:
        return ("On a real extract the true types are unknown, so how far the register proxy "
                "recovers them cannot be measured here; the synthetic data show it.")
    r = recovery
    better = ("better than" if r["r2_self_reliance"] > r["r2_self_direction"]
              else "no better than")
    return (f"On these data the proxy puts {100 * r['agreement']:.0f} per cent of the spells on the "
            f"right side of the self-reliance cut (Cohen's kappa {r['kappa']:.2f}); the "
            f"register items explain {100 * r['r2_self_reliance']:.0f} per cent of the variance of "
            "the true self-reliance index (the rest is digital skills, motivation and "
            f"pre-window experience) and {small_share(100 * r['r2_self_direction'])} per cent of "
            f"self-direction. So registers recover the self-reliance axis {better} the "
            "self-direction axis, and a four-type classification that takes this proxy's "
            "self-reliance side can be right for at most "
            f"{at_most(100 * r['four_type_ceiling'])} per cent of the spells"
            + (f"; one from any register items, which can only guess the self-direction side, "
               f"for at most {at_most(100 * r['self_direction_ceiling'])} per cent"
               if r.get("self_direction_ceiling") is not None else "")
            + ". These bounds hold for this generator, in which self-direction is independent "
            "of everything registered.")


def recovery_table_markdown(recovery: Mapping[str, Any] | None, min_cell: int) -> Markdown:
    """Chapter 3's table ``tbl-inflow-proxy``: :func:`recovery_table`'s crosstab of spells by
    true ideal type (rows) and register proxy class (columns), as a numbered MyST table.

    On a real extract (``recovery`` None: no true types) the table keeps its label and states
    in one row that the proxy cannot be checked, so the prose's reference to it resolves on
    every extract (prose35). ``min_cell`` (persons) is the disclosure threshold named in the
    caption. Returns an ``IPython.display.Markdown`` to glue and paste with ``glue:md``.
    """
    from mia_helpers import labels

    name = "tbl-inflow-proxy"
    if recovery is None:
        note = pd.DataFrame({"Register proxy": [
            "no true ideal types in these data: the proxy cannot be checked"]})
        return labels.table_markdown(note, "Spells by true ideal type and register proxy class "
                                     "at intake: not available on a real extract.", name)
    ct = recovery["crosstab"]
    return labels.table_markdown(
        ct, "Spells by true ideal type (rows) and register proxy class (columns) at intake; "
        f"–: {none_or_fewer(min_cell, 'spell')}.", name,  # mend46: "fewer than 1 spell" at 1
        decimals=dict.fromkeys(ct.columns, 0))


def plot_inflow_by_type(table: pd.DataFrame, by: str = "ideal_type",
                        outcomes: list[str] | None = None) -> Figure:
    """Bar chart of :func:`intake_inflow_by_type`: intake inflow (%) per measure and type, with
    the generator's expected share as black ticks when ``true_pct`` is present.

    Returns the matplotlib Figure. Raises ``ValueError`` naming the missing columns (``by``,
    ``outcome``, ``pct``) when ``table`` is not that table.
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    from mia_helpers.labels import label, require_columns

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
        ax.set(title=label(m), xlabel="",
               ylabel="started at intake (%)" if ax is axes[0][0] else "")
        ax.set_xticks(range(len(order)), [label(t) for t in order])
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
    n, k = int(shown.sum()), int(inside.sum())
    band = (f"the {100 * level:g} per cent binomial band of the generator's expected share (about "
            f"{100 * level:g} per cent would by chance alone).")
    if n == 0:
        return " No bar with a tick is published, so none is set against its band."
    # a full count in words (trial27, seed 4242, min_cell 20: "Of the 12 bars with a tick,
    # 12 lie within")
    if k == n:
        return (f" The one bar with a tick lies within {band}" if n == 1 else
                f" All {n} bars with a tick lie within {band}")
    return (f" Of the {n} bars with a tick, {k} {'lies' if k == 1 else 'lie'} within {band}")
