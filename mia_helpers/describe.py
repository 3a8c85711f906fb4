"""Descriptive tables and series of chapter 1 (panel construction).

Every function returns an aggregate table that has already gone through
:func:`mia_helpers.disclosure.suppress` (a :class:`~mia_helpers.disclosure.Protected` table,
or figure data from which hidden cells are removed); counts are numbers of distinct persons or,
where named ``rows``, of register rows (suppressed alike: a few rows are a few persons).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import numpy as np
import pandas as pd

from mia_helpers.disclosure import (
    Protected,
    check_min_cell,
    contributions,
    hide_more,
    split_bounds,
    suppress,
    whole_group_cells,
    zeros_of_small_groups,
)
from mia_helpers.labels import fewer_than, require_columns
from mia_helpers.panel import PanelSpec, build_panel
from mia_helpers.quarters import Window
from mia_helpers.schemas import SPECS

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: the position groups shown in the state plots
POSITION_GROUPS = {
    "salaried": "employed",
    "self_employed": "employed",
    "unemployed_benefit": "jobseeker",
    "jobseeker_no_benefit": "jobseeker",
    "inactive": "inactive",
    "unknown": "inactive",
    "student": "student",
}


#: the panel's indicator columns summarised in chapter 1, with their reader names
INDICATORS = {
    "employed": "Employed",
    "regular": "Employed in a regular job",
    "registered": "Registered at VDAB",
    "in_measure": "In a VDAB measure",
    "job_start": "Job start",
    "stable_job_start": "Stable-job start",
    "inburgering_started": "Inburgering contract signed (this or an earlier quarter)",
    "labour_market_access": "Access to the labour market",
}


#: key of the sample profile's rows whose origin total no table publishes (their sum is known:
#: the register total minus the published origin totals)
HIDDEN_TOTALS = "(origins whose total is hidden)"


def hidden_group_totals(counts: pd.Series, min_cell: int = 10) -> pd.Series:
    """Which groups' totals of persons (e.g. persons per origin) a table may not publish,
    given that the groups add up to a total the reader knows.

    Chapter 1 publishes the persons of the persons register (:func:`register_overview`), and
    the origins partition them: the stable-definition table's persons per origin
    (:func:`stable_definition_comparison`) and the sample profile's rows summed over an origin
    (:func:`sample_profile`) must not leave a single small origin recoverable as the register
    total minus the other origins. (A real extract with 7 sub-Saharan persons, ``min_cell``
    10: the stable-definition table hid them, and 1,091 in the register minus the six
    published origins' 1,084 gave 7.) The totals go through
    :func:`mia_helpers.disclosure.suppress` as one group of known total (``groups``, with its
    complementary suppression and exact audit); the helper table is not published and not in
    the checking record. Both tables call this on the same counts and hide the same totals.

    Parameters
    ----------
    counts : pandas.Series
        Persons per group (index: group labels, any order; int >= 0).
    min_cell : int
        Disclosure threshold.

    Returns
    -------
    pandas.Series of bool
        Same index as ``counts``: True where the group's total must be hidden (small, or
        hidden so that the small ones cannot be recovered by subtraction).
    """
    frame = pd.DataFrame({"persons": pd.to_numeric(counts, errors="raise").to_numpy()})
    prot = suppress(frame, count_cols=["persons"], min_cell=min_cell,
                    groups={"persons": []}, name="group totals (helper)", record=False)
    return pd.Series(prot.mask["persons"].to_numpy(), index=counts.index, dtype=bool)


def known_total_hidden(values: np.ndarray, lo: np.ndarray, hi: np.ndarray,
                       hidden: np.ndarray, min_cell: int = 10,
                       cost: np.ndarray | None = None) -> np.ndarray:
    """Which cells of one column to hide when the reader knows the column's total: ``hidden``
    with further cells set (a new array; ``hidden`` itself where nothing needs adding).

    The hidden cells' sum is the total less the published cells, so with the other hidden
    cells' bounds it bounds each hidden cell. ``lo`` and ``hi`` are each cell's bounds as the
    reader reads them from its own table once it is hidden (``hi`` may be ``inf``). A hidden
    cell ``i`` is protected when the total lets it lie at least ``min(hi_i - v_i,
    min_cell - 1)`` above its value ``v_i`` and ``min(v_i - lo_i, min_cell - 1)`` below it:
    the others' slack, ``sum(v_j - lo_j)`` and ``sum(hi_j - v_j)`` over the other hidden
    cells, must reach that far (a cell hidden alone has no slack beside it). Until every
    hidden cell is protected, the published cell with the most slack on its smaller side is
    hidden too; where no published cell is left, the mask is returned as it stands. The total
    is taken as known exactly (conservative where it is known only up to rounding). dpo23:
    chapter 1's indicator table gives the share of person-quarters with a stable-job start,
    times the KSZ rows the total of the stable-definition table's stable starts over the
    origins within about +-6 on 2,900 persons.

    With ``cost`` (one per cell), the published cell of least cost (ties: the first) whose
    hiding protects every hidden cell at once is hidden instead, where one exists (dpo27:
    the school leavers of :func:`leavers_withheld`, where the cell of most slack would be the
    natives).
    """
    v = np.asarray(values, dtype=float)
    lo, hi = np.asarray(lo, dtype=float), np.asarray(hi, dtype=float)
    out = np.asarray(hidden, dtype=bool).copy()
    if not out.any():
        return out
    cap = float(max(min_cell - 1, 0))
    below, above = np.clip(v - lo, 0, None), np.clip(hi - v, 0, None)  # slack per cell

    def protected(mask: np.ndarray) -> bool:
        idx = np.flatnonzero(mask)
        a, inf = above[idx], np.isinf(above[idx])  # an unbounded cell: unbounded slack
        finite = np.where(inf, 0.0, a)
        others_above = np.where(inf.sum() - inf > 0, np.inf, finite.sum() - finite)
        need_up, need_down = np.minimum(a, cap), np.minimum(below[idx], cap)
        ok = (below[idx].sum() - below[idx] >= need_up) & (others_above >= need_down)
        return bool(ok.all())

    while not protected(out):
        free = np.flatnonzero(~out)
        if not len(free):
            return out
        if cost is not None:
            for j in free[np.argsort(np.asarray(cost, dtype=float)[free], kind="stable")]:
                trial = out.copy()
                trial[j] = True
                if protected(trial):
                    return trial
        out[free[np.argmax(np.minimum(below[free], above[free]))]] = True
    return out


def indicator_means(panel: pd.DataFrame, min_cell: int = 10) -> Protected:
    """Percentage of person-quarters in which each indicator column of :data:`INDICATORS` is
    true, after disclosure control.

    Parameters
    ----------
    panel : DataFrame
        The person-quarter panel (:func:`mia_helpers.panel.load_panel`): ``person_id`` and the
        boolean columns of :data:`INDICATORS`.
    min_cell : int, default 10
        A percentage is hidden where fewer than ``min_cell`` persons have the indicator true
        in some quarter, or fewer than ``min_cell`` have it false in some quarter: with the
        panel's size published (Table 1's rows) a share of person-quarters is a count of
        person-quarters, and a handful of persons behind it (or behind its complement) would
        be told apart. A share of 0 % (nobody) is shown. On a large panel nothing is hidden;
        on a small or skewed extract (few newcomers, a short window) it can be.

    Returns
    -------
    Protected
        One row per indicator: ``indicator`` (reader names) and ``percent`` (float, 0-100);
        the persons' counts the rule reads are not published.

    Raises
    ------
    ValueError
        Missing columns, named (:func:`mia_helpers.labels.require_columns`).
    """
    from mia_helpers.labels import require_columns

    cols = list(INDICATORS)
    require_columns(panel, ["person_id", *cols], "describe.indicator_means", "panel.load_panel")
    flags = panel[cols].astype(bool)
    means = 100 * flags.astype(float).mean()
    ids = panel["person_id"]
    with_ = [ids[flags[c]].nunique() for c in cols]
    without = [ids[~flags[c]].nunique() for c in cols]
    table = pd.DataFrame({"indicator": [INDICATORS[k] for k in cols],
                          "percent": means.to_numpy(), "persons_with": with_,
                          "persons_without": without})
    return suppress(table, count_cols=["persons_with", "persons_without"], min_cell=min_cell,
                    value_cols={"percent": ["persons_with", "persons_without"]},
                    name="panel indicators").drop(["persons_with", "persons_without"])


def register_overview(data_dir: str | Path, min_cell: int = 10) -> Protected:
    """Rows and distinct persons per register (and quarter range where the register has one,
    as calendar labels such as ``"2006Q3"``, ``None`` without one: the earliest quarter by
    which ``min_cell`` persons have a row and the latest from which ``min_cell`` persons have
    one, so that no single record sets either end, ``None`` with fewer persons); small counts of rows or
    persons hidden. (The range was the quarter index counted from 2005Q1, which a reader of a
    window starting in 2006Q3 saw as "6".) A register's rows less its persons are the rows of
    persons with more than one (between 1 and that many persons): where fewer than
    ``min_cell``, the persons are hidden (a remainder of ``relations``, as in chapter 3's
    inflow counts). The rows of a register whose exclusion rules drop between 1 and
    ``min_cell - 1`` rows in all (:func:`small_drop_registers`, read from ``data_dir``'s
    ``exclusion_log.csv``) are hidden too (``complement``): with the rows kept, which later
    chapters publish, they would give the few dropped rows back (log30); for the persons
    register (one row per person) its persons too, against chapter 1's sample table, which
    counts the persons of the panel (:func:`analysis_persons`; user31). KSZ's distinct persons
    are hidden where they exceed the panel's persons by 1 to ``min_cell - 1`` (persons with KSZ
    rows outside the window only, or KSZ rows of persons not in the persons register)."""
    from mia_helpers.quarters import to_label

    data_dir = Path(data_dir)
    con = duckdb.connect()
    rows = []
    for table in SPECS:
        src = f"read_parquet('{(data_dir / f'{table}.parquet').as_posix()}')"
        qcol = next((c for c in ("quarter", "start_quarter") if c in SPECS[table]), None)
        # the range ends at the min_cell-th person from either end, as a histogram's axis
        # does (dpo24: the raw min and max are one record's quarter: 15 inburgering rows of 4
        # persons dated 2020Q1, outside the window, set the last quarter)
        m = check_min_cell(min_cell, "register_overview")
        qsel = (f"(SELECT lo FROM p ORDER BY lo LIMIT 1 OFFSET {m - 1}), "
                f"(SELECT hi FROM p ORDER BY hi DESC LIMIT 1 OFFSET {m - 1})"
                if qcol else "NULL, NULL")
        per_person = (f"WITH p AS (SELECT min({qcol}) AS lo, max({qcol}) AS hi FROM {src} "
                      "WHERE person_id IS NOT NULL GROUP BY person_id) " if qcol else "")
        n, persons, q0, q1 = con.execute(
            f"{per_person}SELECT count(*), count(DISTINCT person_id), {qsel} FROM {src}"
        ).fetchone()
        rows.append(dict(register=table, rows=n, persons=persons,
                         first_quarter=None if q0 is None else to_label(int(q0)),
                         last_quarter=None if q1 is None else to_label(int(q1))))
    con.close()
    out = pd.DataFrame(rows)
    prot = suppress(out, count_cols=["rows", "persons"], min_cell=min_cell, keys=["register"],
                    relations=[("rows", ["persons"], False)], name="register overview")
    few = small_drop_registers(data_dir, min_cell)
    # the persons register has one row per person: its persons are its rows (user31)
    hidden_persons = out["register"].eq("persons") & out["register"].isin(few)
    # KSZ's distinct persons less the panel's (chapter 1's sample table) are the persons with
    # KSZ rows outside the window only, or not in the persons register: a few are hidden
    panel = data_dir / "panel.parquet"
    if panel.exists():
        in_panel = pd.read_parquet(panel, columns=["person_id"])["person_id"].nunique()
        ksz = out["register"].eq("ksz_positions")
        gap = out["persons"].astype(int) - in_panel
        hidden_persons |= ksz & gap.gt(0) & gap.lt(min_cell)
    return hide_more(prot, {"rows": out["register"].isin(few).to_numpy(),
                            "persons": hidden_persons.to_numpy(dtype=bool)}, "complement",
                     "register overview: rows of registers dropping few rows", min_cell)


def sample_profile(persons: pd.DataFrame, min_cell: int = 10) -> Protected:
    """Persons by sample x origin x generation with the share (%) of women, of high education,
    of good or native Dutch, of school leavers, and the mean birth year.

    Disclosure control: small groups hidden with their values; a share hidden when the persons
    with or without the characteristic are fewer than ``min_cell`` (a 0 % or 100 % share of a
    small group would tell every member's value), a share of 100 % whatever the group's size
    (every member has the characteristic: class disclosure, :func:`mia_helpers.disclosure.
    whole_group_cells`, recorded as ``share``; a 0 % share is shown, as a zero count is), and
    the share of school leavers also where
    they number more than ``min_cell`` and fewer than ``2 min_cell - 1``
    (:func:`leavers_withheld`: chapter 2 publishes parts of them); the mean birth year is a
    magnitude, hidden when two persons dominate its total (acro's N-K and p-ratio rules);
    and, because the rows
    of an origin add up to that origin's persons, which chapter 1 publishes in
    :func:`stable_definition_comparison` (its ``persons`` per origin), further rows of the
    origin are hidden until no hidden one can be recovered by subtraction (the exact audit of
    :func:`mia_helpers.disclosure.suppress`, ``groups`` by origin). The origins' totals add up
    to the persons of the register (:func:`register_overview`): an origin total that the
    stable-definition table hides (:func:`hidden_group_totals`) is not known, but the sum of
    the hidden origins' totals is (the register total minus the published ones), so the rows
    of those origins form one group together. (With the register total as the only known
    total, as before, seed 2005 with 800 residents, 400 newcomers and ``min_cell`` 20 hid
    three small resident cells, one per origin, and the stable-definition table's persons per
    origin gave each of them exactly: eastern EU intermediate 119 - 22 - 92 = 5.) A cell
    whose share of school leavers is withheld and whose persons number more than
    ``min_cell`` and fewer than ``2 min_cell - 1`` has its persons withheld too, with
    further persons of its origin until the reader's upper bound of them is at least
    ``2 min_cell - 1`` (:func:`_persons_withheld`: chapter 2's risk sets are parts of them;
    dpo30a); so does a newcomer origin of that many persons or of exactly ``min_cell``,
    which chapter 5's feeder table splits into its persons and their first starts (dpo37,
    dpo37b).
    """
    out, values, flags = _profile_frame(persons, min_cell)
    hide, _ = _persons_withheld(out, values, flags, persons, min_cell)
    prot = _profile_suppress(out, values, flags, min_cell, hide, record=True)
    # chapter 2's risk sets split a cell's school leavers into parts (persons at risk, those
    # with a first job) whose markers would bound the rest: the split rule on the count, with
    # further cells where chapter 2's total of school leavers would give the withheld back
    withheld = withheld_leaver_cells(persons, min_cell)
    cell = out["origin"] + ":" + out["generation"]
    prot = hide_more(prot, {"school_leavers_pct": cell.map(withheld).fillna(False).to_numpy(
        dtype=bool)}, "complement", "sample profile: school leavers split in chapter 2",
        min_cell)
    # a share of 100 %: every person of the cell has the characteristic (class disclosure;
    # dpo30b: seed 6161, 3,500 residents, min_cell 13, Belgian natives 100.0 % good Dutch)
    whole = {k: whole_group_cells(out, "persons", f"_n_{k}") for k in flags}
    prot = hide_more(prot, whole, "share", "sample profile: whole groups", min_cell)
    return prot.drop([f"_n_{k}" for k in flags] + ["_origin_group"])


#: the samples whose persons can be school leavers (chapter 2's risk set: residents who leave
#: school in the window); a newcomer arrives as an adult, after school
LEAVER_SAMPLES = ("resident",)


def profile_shown(profile: Protected | pd.DataFrame) -> pd.DataFrame:
    """:func:`sample_profile` as chapter 1 shows it: a sample's share of school leavers that
    is 0 because its persons cannot be school leavers (a sample not in
    :data:`LEAVER_SAMPLES`: the newcomers) is not applicable, NaN ("–" in
    :func:`mia_helpers.labels.table_markdown`), not a computed "0.0" (prose47). The same
    information as the 0 it replaces; every other cell, and the markers of disclosure
    control, as :meth:`~mia_helpers.disclosure.Protected.render` shows them. A non-zero share
    of such a sample (a real extract with newcomers who left school in the window) is shown.
    Raises ``ValueError`` naming the missing columns."""
    shown = profile.render() if hasattr(profile, "render") else profile.copy()
    require_columns(shown, ["sample", "school_leavers_pct"], "describe.profile_shown",
                    "describe.sample_profile")
    zero = pd.to_numeric(shown["school_leavers_pct"], errors="coerce").eq(0)  # markers: NaN
    na = zero & ~shown["sample"].astype(str).isin(LEAVER_SAMPLES)
    shown["school_leavers_pct"] = shown["school_leavers_pct"].astype(object).where(~na, np.nan)
    return shown


def profile_note(shown: pd.DataFrame) -> str:
    """The caption's note on :func:`profile_shown`'s not-applicable cells, with a leading
    space, or "" where the table has none. ``shown``: :func:`profile_shown`'s table. Raises
    ``ValueError`` naming the missing columns (a bare ``KeyError`` before, rev47)."""
    require_columns(shown, ["sample", "school_leavers_pct"], "describe.profile_note",
                    "describe.profile_shown")
    na = shown["school_leavers_pct"].isna() & ~shown["sample"].astype(str).isin(LEAVER_SAMPLES)
    if not na.any():
        return ""
    return (" School leavers are residents who leave school in the window: the share is not "
            "applicable to newcomers, who arrive after school (–).")


def _profile_frame(persons: pd.DataFrame, min_cell: int
                   ) -> tuple[pd.DataFrame, list[str], dict]:
    """The unprotected table of :func:`sample_profile` (persons, the counts behind each share,
    the shares, the mean birth year and its contributions, ``_origin_group``), its value
    columns and its share flags."""
    flags = {
        "women_pct": persons["sex"].astype(str).eq("female"),
        "high_education_pct": persons["education"].astype(str).eq("high"),
        "good_dutch_pct": persons["dutch_level"].astype(str).isin(["good", "native"]),
        "school_leavers_pct": persons["school_leaving_quarter"].notna(),
    }
    p = persons.assign(**{f"_n_{k}": v for k, v in flags.items()})
    keys = ["sample", "origin", "generation"]
    g = p.groupby(keys, observed=True)
    n = g.size()
    cols = {"persons": n}
    for k in flags:
        cols[f"_n_{k}"] = g[f"_n_{k}"].sum()
    for k in flags:
        cols[k] = (100 * g[f"_n_{k}"].mean()).round(1)
    cols["mean_birth_year"] = g["birth_year"].mean().round(1)
    out = pd.DataFrame(cols).reset_index()
    out = out.merge(contributions(p, keys, "birth_year", person_col="person_id"), on=keys,
                    how="left", validate="one_to_one")
    for k in keys:
        out[k] = out[k].astype(str)
    # the rows of an origin add up to its persons where the stable-definition table publishes
    # them; the rows of the origins whose total is hidden add up to the register total minus
    # the published origin totals: one group of known total
    hidden = hidden_group_totals(persons.groupby(persons["origin"].astype(str),
                                                 observed=True).size(), min_cell)
    out["_origin_group"] = out["origin"].where(~out["origin"].map(hidden).fillna(False),
                                               HIDDEN_TOTALS)
    return out, [*flags, "mean_birth_year"], flags


def _profile_suppress(out: pd.DataFrame, values: list[str], flags: dict, min_cell: int,
                      hide: np.ndarray, record: bool) -> Protected:
    """:func:`suppress` of :func:`sample_profile`'s table, the persons of ``hide`` withheld
    (``complement``); with ``record`` False neither recorded nor in the ledger (the reader's
    bounds that chapter 2 reads, :func:`profile_person_bounds`)."""
    return suppress(out, count_cols=["persons"], min_cell=min_cell,
                    value_cols={v: "persons" for v in values},
                    shares={k: (f"_n_{k}", "persons") for k in flags},
                    groups={"persons": ["_origin_group"]},
                    keys=["sample", "origin", "generation"] if record else None,
                    name="sample profile", magnitudes={"mean_birth_year": "birth_year"},
                    hide={"persons": hide}, hide_rule="complement", record=record)


def _persons_withheld(out: pd.DataFrame, values: list[str], flags: dict,
                      persons: pd.DataFrame, min_cell: int
                      ) -> tuple[np.ndarray, pd.Series]:
    """The persons :func:`sample_profile` withholds beyond its rules, and the reader's upper
    bound of each cell's persons so withheld.

    A cell whose share of school leavers is withheld (:func:`withheld_leaver_cells`) bounds
    chapter 2's risk sets only by its persons, ``n``; a risk set's persons of the cell marked
    ``x`` (at least ``min_cell``) leave the cell's persons outside the risk set (mostly those
    who never left school) at most ``n - min_cell``, narrower than ``[1, min_cell - 1]``
    where ``min_cell < n < 2 min_cell - 1``: the split rule of
    :mod:`mia_helpers.disclosure` on ``n``, which the risk-set table cannot apply (dpo30a:
    seed 4242, 1,500 residents, 500 newcomers, ``min_cell`` 20: 38 Turkish intermediate
    residents, 22 at risk marked ``x``, so at most 18 not at risk, in fact 16; export-check
    refused chapters 2 and 6). Those persons are withheld (``complement``), and further
    persons of the same origin group (the smallest published first) until the reader's upper
    bound of each (the exact audit's interval, :func:`mia_helpers.disclosure.feasible_intervals`,
    over the groups of known total) is at least ``2 min_cell - 1``.

    The newcomers of an origin are split likewise by chapter 5's feeder table
    (:func:`mia_helpers.linked_tables.feeder_against_profile`: the origin's persons in the
    feeder model and their first starts), which runs later and cannot hide this count: a
    feeder count marked ``x`` leaves the rest at most ``n - min_cell``. So a newcomer row with
    ``min_cell < n < 2 min_cell - 1`` is withheld the same way, whatever chapter 5's cohort
    and grounds (dpo37: seed 2005, 300 residents, 100 newcomers, ``min_cell`` 10: 14
    Maghrebi newcomers, in the feeder 14 persons and 13 first starts, both ``x``: at most 4
    without a start, in fact 1; Turkish 16, 16 and 13; the record listed them as narrowed and
    ``export-check`` refused chapter 5). So is a newcomer row of exactly ``min_cell``
    persons (dpo37b): feeder persons and first starts both ``x`` (each at least
    ``min_cell``, at most ``n``) would give both as ``n``, every one of the origin's newcomers
    started, a whole-group disclosure at any group size (seed 2021, 200 residents, 100
    newcomers, ``min_cell`` 12: 12 Turkish newcomers, in the feeder 12 persons and 12 first
    starts).

    Returns the mask over the rows of ``out`` (:func:`_profile_frame`) and the upper bounds
    of the resident cells so withheld (``"origin:generation"``, whole persons; a cell whose bound
    stays below ``2 min_cell - 1``, with no published persons left in its group, keeps it:
    chapter 2 then lists its remainder as narrowed).
    """
    from mia_helpers.disclosure import feasible_intervals

    cell = out["origin"] + ":" + out["generation"]
    lv = cell.map(withheld_leaver_cells(persons, min_cell)).fillna(False).to_numpy(dtype=bool)
    n = out["persons"].to_numpy(dtype=float)
    newcomer = (out["sample"] == "newcomer").to_numpy()  # split by chapter 5's feeder (dpo37)
    # from min_cell on for newcomers: at n = min_cell two feeder parts marked x give n of n
    # (dpo37b)
    with np.errstate(invalid="ignore"):
        whole = (n == min_cell)
    # a resident cell of exactly min_cell persons whose school leavers are withheld: its
    # persons bound them at min_cell, so risk-set parts 'x' would be all of them (dpo38)
    need = np.flatnonzero((lv & (split_bounds(n, min_cell) | whole))
                          | (newcomer & (split_bounds(n, min_cell) | whole)))
    hide = np.zeros(len(out), bool)
    hide[need] = True
    groups = {"persons": ["_origin_group"]}
    group = out["_origin_group"].to_numpy()
    high = pd.Series(dtype=float)
    for _ in range(len(out) + 1):  # each round hides one more cell or stops
        if not len(need):
            break
        prot = _profile_suppress(out, values, flags, min_cell, hide, record=False)
        iv = feasible_intervals(prot, groups=groups, table=out)
        iv = iv[(iv["kind"] == "cell") & (iv["column"] == "persons")].set_index("row")["high"]
        high = pd.Series({int(i): float(iv.get(i, n[i])) for i in need})
        bad = [int(i) for i in need if high[int(i)] < 2 * min_cell - 1 - 1e-7]
        if not bad:
            break
        shown = np.flatnonzero((group == group[bad[0]]) & (prot.reason["persons"] == "").to_numpy()
                               & (n > 0))
        if not len(shown):
            break
        hide[shown[np.argmin(n[shown])]] = True
    bounds = pd.Series({cell.iat[i]: np.floor(min(h, float(len(persons))) + 1e-7)
                        for i, h in high.items() if not newcomer[i]}, dtype=float,
                       name="persons_high")
    return hide, bounds


def profile_person_bounds(persons: pd.DataFrame, min_cell: int = 10) -> pd.Series:
    """The reader's upper bound of the persons of each cell (``"origin:generation"``) whose
    persons :func:`sample_profile` withholds because chapter 2's risk sets split them
    (:func:`_persons_withheld`): what chapter 2's audit
    (:func:`mia_helpers.hazard.school_leavers_by_cell`) takes as the most the reader knows
    of such a cell. Empty where the profile withholds none. Computed as the profile computes
    it, neither recorded nor in the ledger."""
    out, values, flags = _profile_frame(persons, min_cell)
    return _persons_withheld(out, values, flags, persons, min_cell)[1]


def leavers_withheld(leavers: np.ndarray, min_cell: int = 10,
                     persons: np.ndarray | None = None) -> np.ndarray:
    """Boolean mask of the school-leaver counts whose share :func:`sample_profile` withholds:
    the ``split`` rule of :mod:`mia_helpers.disclosure` (``min_cell < n < 2 min_cell - 1``,
    :func:`~mia_helpers.disclosure.split_bounds`), since chapter 2's risk sets
    (:func:`mia_helpers.hazard.risk_set_table`) publish parts of a cell's school leavers: an
    ``x`` part (``min_cell`` or more) of ``n`` such leavers leaves at most ``n - min_cell``,
    fewer than ``min_cell - 1``, for the rest, which the risk-set table cannot widen, since
    it cannot hide chapter 1's count (prof24: seed 6161, 2,500 residents, 400 newcomers,
    ``min_cell`` 11, 20 Other non-EU intermediate school leavers, the 14 with a first job
    marked ``x``, so at most 9 persons at risk without one, in fact 6). Hiding the count
    (``x``) leaves each part its whole interval; at ``2 min_cell - 1`` or more an ``x`` part
    leaves the rest ``[1, min_cell - 1]``. At exactly ``min_cell`` an ``x`` part leaves none:
    the persons at risk and those of them with a first job, both ``x``, are then all of the
    cell's school leavers, every one of them with a first job (a whole group; dpo38: seed 33,
    300 residents, ``min_cell`` 10, 10 Turkish second-generation school leavers, all at risk
    and all with a first job), so that count is withheld too.

    With ``persons`` (the persons of each cell, which the profile publishes: the most a
    withheld cell's school leavers can be), the cells are taken to add up to a total the
    reader knows (chapter 2's exclusion table counts the school leavers with panel rows and
    those in each risk set; taken as known exactly, which is conservative), so that further
    cells are withheld until that total narrows no withheld count by less than ``min_cell - 1``
    on either side of its value (or its bounds 0 and its persons): the smallest cell (fewest
    persons) that achieves it (:func:`known_total_hidden` with ``cost``). dpo27: seed 5252,
    3,000 residents, 1,200 newcomers, ``min_cell`` 11 withheld only the 16 Eastern EU
    intermediate school leavers, and chapter 2's 1,488 at risk less the published cells (all
    school leavers at risk, none left out) gave 44 for them and the Other non-EU intermediate
    cell, whose 49.1 % of 57 are 28: so 16, and 16 less the ``<11`` with a first job left at
    least 6 without one; ``export-check`` refused chapters 2 and 6 (narrowed).
    """
    with np.errstate(invalid="ignore"):  # exactly min_cell: an x part of them is all (dpo38)
        split = split_bounds(leavers, min_cell) | (np.asarray(leavers, dtype=float) == min_cell)
    if persons is None:
        return split
    n = np.asarray(persons, dtype=float)
    return known_total_hidden(np.asarray(leavers, dtype=float), np.zeros(len(n)), n, split,
                              min_cell, cost=n)


def withheld_leaver_cells(persons: pd.DataFrame, min_cell: int = 10) -> pd.Series:
    """Which origin x generation cells (``"origin:generation"``, sorted) have their share of
    school leavers withheld by :func:`sample_profile`: :func:`leavers_withheld` on the persons
    register's school leavers (persons with a school-leaving quarter) and persons per cell.
    The one rule that chapter 1's profile and chapter 2's audit
    (:func:`mia_helpers.hazard.school_leavers_by_cell`) both read, so both hide the same cells.

    Raises
    ------
    ValueError
        Missing columns of ``persons``, named.
    """
    from mia_helpers.labels import require_columns

    require_columns(persons, ["origin", "generation", "school_leaving_quarter"],
                    "describe.withheld_leaver_cells", "the persons register")
    key = persons["origin"].astype(str) + ":" + persons["generation"].astype(str)
    n = key.value_counts().sort_index()
    leavers = key[persons["school_leaving_quarter"].notna()].value_counts().reindex(
        n.index, fill_value=0)
    return pd.Series(leavers_withheld(leavers.to_numpy(), min_cell, persons=n.to_numpy()),
                     index=n.index, dtype=bool)


def position_shares(
    panel: pd.DataFrame, by: str = "origin", min_cell: int = 10
) -> pd.DataFrame:
    """Share of persons in each position group by quarter and ``by`` group (long format),
    figure data after disclosure control.

    Columns: quarter, ``by``, position_group, persons (in the group and quarter), n (in the
    position), share (n / persons). Rows whose count is hidden are removed: counts below
    ``min_cell``, shares whose complement is below it, and (because the position groups of a
    quarter add up to the published ``persons``) enough further rows that no removed count
    can be recovered by subtraction. Plots built on this table never show a small cell.

    The figure publishes a row's share or nothing: no count and no marker. Where every row
    of a quarter and ``by`` group is removed, the figure publishes nothing of the group, so
    its total is no equation of this output either: the checking record then describes the
    group as the figure shows it, all its counts hidden and its total (``persons``) not
    published (:data:`mia_helpers.disclosure.NO_GROUP`). Audited with the total as known,
    such a group lists its small counts as narrowed although the figure tells nothing about
    them (dpo30a: seed 4242, 1,500 residents, 500 newcomers, ``min_cell`` 20: the 61
    Sub-Saharan persons of quarter 5 in four positions of 12 to 18 persons each, each
    ``<20``, so each at least 4; 67 Other non-EU persons of quarter 7, three positions ``x``
    and students ``<20``, so at most 7; export-check refused chapter 1). The groups are
    independent (no relation links two of them), so the second audit hides exactly the
    first's cells elsewhere.
    """
    from mia_helpers.disclosure import NO_GROUP

    grp = panel["position"].map(POSITION_GROUPS)
    counts = (
        panel.assign(position_group=grp)
        .groupby(["quarter", by, "position_group"], observed=True)["person_id"].nunique()
        .rename("n").reset_index()
    )
    totals = panel.groupby(["quarter", by], observed=True)["person_id"].nunique().rename("persons")
    out = counts.merge(totals.reset_index(), on=["quarter", by])
    out["share"] = out["n"] / out["persons"]
    out["_group"] = out[by].astype(str)

    def protect(withheld: np.ndarray, record: bool):
        table = out.assign(_group=out["_group"].where(~withheld, NO_GROUP))
        return suppress(table, count_cols=["n", "persons"], min_cell=min_cell,
                        value_cols={"share": ["n", "persons"]},
                        shares={"share": ("n", "persons")},
                        groups={"n": ["quarter", "_group"]}, name="position shares",
                        hide={"n": withheld, "persons": withheld}, hide_rule="complement",
                        record=record)

    def shown(prot) -> np.ndarray:
        return ~prot.mask[["n", "persons", "share"]].any(axis=1).to_numpy()

    none = np.zeros(len(out), bool)
    first = protect(none, record=False)  # with every group's total known: which are shown
    gid = out.groupby(["quarter", by], observed=True, sort=False).ngroup().to_numpy()
    withheld = ~np.isin(gid, gid[shown(first)])  # groups the figure shows nothing of
    prot = protect(withheld, record=True)
    keep = shown(prot)
    return out.loc[keep].drop(columns="_group").reset_index(drop=True)


def stable_definition_comparison(
    data_dir: str | Path,
    stable_quarters: tuple[int, ...] = (4, 8),
    by: str = "origin",
    min_cell: int = 10,
    window: Window | tuple[str, str] | None = None,
) -> pd.DataFrame:
    """Persons with a stable-job start, and stable-job starts, under each definition.

    Rebuilds the panel once per definition (in a temporary folder) with the same registers,
    over ``window`` (a :class:`mia_helpers.quarters.Window` or a pair of quarter labels such
    as ``("2007Q1", "2018Q4")``, the window the chapter runs with); ``None`` takes the window
    the folder's own panel was built with (its ``panel_meta.json``), else the default
    2005Q1-2016Q4. (seed34: the panels were rebuilt over the default window whatever the
    chapter's, so on a window from 2007Q1 the table counted the starts of 2005-2016, not
    those of the panel the chapter reads.)
    The numbers of starts are magnitudes (a person may start several jobs): hidden when two
    persons dominate them (acro's N-K and p-ratio rules), with the share computed on them.
    The definitions are nested (a job that lasts ``2k`` quarters lasts ``k``), so a group's
    persons with a stable start under two successive definitions may not differ by fewer
    than ``min_cell`` (:func:`mia_helpers.disclosure.suppress`'s ``sequence`` rule, in the
    order of ``stable_quarters``: the later count is hidden); and the stable starts and their
    share of the job starts under two successive definitions differ by the starts of the
    persons whose start is stable under one of them only: where those persons are fewer than
    ``min_cell`` the later row's starts and share are hidden (their count is not published).
    The groups add up to the persons of the register (:func:`register_overview`): a group's
    persons are hidden where :func:`hidden_group_totals` says so (a small group and enough
    others that it cannot be recovered by subtraction), recorded as ``horizon`` (the caller's
    ``hide``), the rest of the row stays. A group of fewer than ``min_cell`` persons with no
    stable start has its 0 hidden too (it would tell each of them had none:
    :func:`mia_helpers.disclosure.zeros_of_small_groups`; dpo36). Rows come in ascending
    ``stable_quarters``.
    """
    data_dir = Path(data_dir)
    window = _comparison_window(data_dir, window)
    persons = pd.read_parquet(data_dir / "persons.parquet", columns=["person_id", by])
    frames = []
    previous = None  # the previous (shorter) definition's stable starts, person-quarter
    with tempfile.TemporaryDirectory() as tmp:
        for sq in sorted(set(stable_quarters)):
            res = build_panel(data_dir, PanelSpec(stable_quarters=sq, window=window),
                              out=Path(tmp) / f"panel_{sq}.parquet", validate=False)
            p = pd.read_parquet(res.path, columns=["person_id", "quarter", "stable_job_start",
                                                   "job_start"])
            p = p.merge(persons, on="person_id")
            if previous is None:
                p["changed"] = False
            else:  # a start stable under one of two successive definitions only
                p = p.merge(previous, on=["person_id", "quarter"], how="left",
                            validate="one_to_one")
                p["changed"] = p["stable_job_start"].ne(p.pop("stable_before").fillna(False))
            previous = p[["person_id", "quarter", "stable_job_start"]].rename(
                columns={"stable_job_start": "stable_before"})
            g = p.groupby(by, observed=True)
            starts = contributions(p.assign(stable_job_start=p["stable_job_start"].astype(float),
                                            job_start=p["job_start"].astype(float)),
                                   [by], ["stable_job_start", "job_start"]).set_index(by)
            frames.append(pd.DataFrame({
                "stable_quarters": sq,
                "persons": g["person_id"].nunique(),
                "persons_with_stable_start": g.apply(
                    lambda d: d.loc[d.stable_job_start, "person_id"].nunique(),
                    include_groups=False),
                "persons_changed": g.apply(lambda d: d.loc[d.changed, "person_id"].nunique(),
                                           include_groups=False),
                "stable_starts": g["stable_job_start"].sum(),
                "job_starts": g["job_start"].sum(),
            }).join(starts).reset_index())
    out = pd.concat(frames, ignore_index=True)
    out["stable_share_of_job_starts_pct"] = (100 * out["stable_starts"] / out["job_starts"]).round(1)
    out[by] = out[by].astype(str)
    # the groups add up to the persons of the register (published by register_overview): a
    # small group's persons hidden alone would be the register total minus the others (the
    # panel's persons per group, the same under every definition, are those of the register
    # on a complete extract; both are checked)
    register = persons.groupby(persons[by].astype(str), observed=True).size()
    own = out.drop_duplicates(by).set_index(by)["persons"]
    hide_total = (hidden_group_totals(register, min_cell).reindex(own.index, fill_value=False)
                  | hidden_group_totals(own, min_cell))
    # the stable starts (and their share of the job starts, which do not depend on the
    # definition) of two successive definitions differ by the starts of `persons_changed`
    # persons: hidden in the later row when those are fewer than min_cell
    nested = ["persons", "persons_with_stable_start", "persons_changed"]
    prot = suppress(
        out,
        count_cols=["persons", "persons_with_stable_start", "persons_changed"],
        min_cell=min_cell,
        value_cols={"stable_starts": nested,
                    "job_starts": ["persons", "persons_with_stable_start"],
                    "stable_share_of_job_starts_pct": [*nested, "stable_starts", "job_starts"]},
        relations=[("persons", ["persons_with_stable_start"], False)],
        # dpo36: no stable start among a group of fewer than min_cell persons is hidden too
        zeros=zeros_of_small_groups(out, ["persons_with_stable_start"], "persons", min_cell),
        # nested definitions: a stable start under a longer definition is one under a shorter
        # one, so the difference of two definitions' persons is a count of persons too
        sequence=("stable_quarters", [by]),
        hide={"persons": out[by].map(hide_total).fillna(False).to_numpy(dtype=bool)},
        magnitudes={"stable_starts": "stable_job_start", "job_starts": "job_start"},
        name="stable job definitions",
    )
    # a group's stable starts less its persons with one are the repeated starts: between 1
    # and that many persons started more than one stable job, so where fewer than min_cell the
    # starts are hidden, and their share of the job starts, which gives them back (dpo22: the
    # rule of chapter 3's spells and persons, mia_helpers.competing.inflow_counts)
    repeated = (out["stable_starts"] - out["persons_with_stable_start"]).to_numpy(dtype=float)
    few = (repeated > 0) & (repeated < min_cell)
    cols = ["stable_starts", "stable_share_of_job_starts_pct"]
    few &= prot.data[cols].notna().any(axis=1).to_numpy()
    prot = hide_more(prot, dict.fromkeys(cols, few), "complement",
                     "stable job definitions: repeated stable starts", min_cell)
    prot = _hide_against_indicator_totals(prot, out, few, by, _panel_definitions(
        data_dir, stable_quarters), min_cell)
    prot = prot.drop(["persons_changed"])
    # the starts are whole numbers: a hidden one made the column float, printed "1,676.0"
    # (trial27, seed 4242, 2,000 residents, min_cell 20); nullable integers print "1,676"
    for col in ("stable_starts", "job_starts"):
        prot.data[col] = prot.data[col].round().astype("Int64")
    return prot


def _comparison_window(data_dir: Path, window: Window | tuple[str, str] | None) -> Window:
    """The window of :func:`stable_definition_comparison`: ``window`` itself, a pair of quarter
    labels as a :class:`Window`, or (``None``) the window of ``panel_meta.json``'s spec, else
    the default one. Raises ``ValueError`` for a window of another kind."""
    import json

    if isinstance(window, Window):
        return window
    if isinstance(window, (tuple, list)) and len(window) == 2:
        return Window.from_labels(*(str(w) for w in window))
    if window is not None:
        raise ValueError(f"stable_definition_comparison: window must be a Window or a pair of "
                         f"quarter labels such as ('2005Q1', '2016Q4'), not {window!r}")
    try:
        start, end = json.loads((data_dir / "panel_meta.json").read_text())["spec"]["window"]
        return Window(int(start), int(end))
    except (OSError, ValueError, KeyError, TypeError):
        return Window()


def _panel_definitions(data_dir: Path, stable_quarters: tuple[int, ...]) -> set[int]:
    """The stable-job definitions whose totals over all persons chapter 1's indicator table
    publishes (:func:`indicator_means` of the data folder's panel): the one of
    ``panel_meta.json``; every one of ``stable_quarters`` where it cannot be read."""
    import json

    try:
        spec = json.loads((data_dir / "panel_meta.json").read_text())["spec"]
        return {int(spec["stable_quarters"])}
    except (OSError, ValueError, KeyError, TypeError):
        return {int(q) for q in stable_quarters}


def _hide_against_indicator_totals(prot: Protected, out: pd.DataFrame, few: np.ndarray,
                                   by: str, definitions: set[int], min_cell: int
                                   ) -> Protected:
    """The stable-definition table with more stable starts and job starts hidden where the
    indicator table's totals would narrow a hidden one (:func:`known_total_hidden`, rule
    ``complement``): the percentage of person-quarters with a (stable) job start times the
    panel's rows is the sum over the groups of the panel's own definition. A stable start's
    bounds: at least the persons with one (one more where the repeated-starts rule hid it, at
    most ``min_cell - 1`` more), at most the job starts; a job start's: at least the stable
    starts. Job starts, the same under every definition, are hidden in all of a group's rows;
    the share goes with either."""
    data = prot.data
    share = "stable_share_of_job_starts_pct"
    hide = {c: np.zeros(len(data), bool) for c in ("stable_starts", "job_starts", share)}
    for sq in sorted(definitions):
        rows = np.flatnonzero(data["stable_quarters"].to_numpy() == sq)
        if not len(rows):
            continue
        d = data.iloc[rows]
        persons = d["persons_with_stable_start"].to_numpy(dtype=float, na_value=np.nan)
        jobs = d["job_starts"].to_numpy(dtype=float, na_value=np.nan)
        starts = d["stable_starts"].to_numpy(dtype=float, na_value=np.nan)
        lo = np.nan_to_num(persons, nan=0.0) + few[rows]
        hi = np.where(few[rows], persons + min_cell - 1, np.nan_to_num(jobs, nan=np.inf))
        more = known_total_hidden(out["stable_starts"].to_numpy(dtype=float)[rows], lo, hi,
                                  np.isnan(starts), min_cell)
        hide["stable_starts"][rows[more]] = True
        lo_j = np.where(more, np.nan_to_num(persons, nan=0.0), starts)
        more_j = known_total_hidden(out["job_starts"].to_numpy(dtype=float)[rows], lo_j,
                                    np.full(len(rows), np.inf), np.isnan(jobs), min_cell)
        groups = set(d[by].astype(str).to_numpy()[more_j])
        hide["job_starts"] |= data[by].astype(str).isin(groups).to_numpy()
    hide[share] = hide["stable_starts"] | hide["job_starts"]
    return hide_more(prot, hide, "complement",
                     "stable job definitions: totals of the indicator table", min_cell)


#: (register, rule) of the exclusion log whose rows stay in the panel as spells: a VDAB
#: registration whose start quarter has no KSZ row of its person loses that quarter only, and
#: chapter 3 counts the spell from its next KSZ quarter (analyst20: 1,238 such rows; chapter
#: 3's 39,910 spells are the register's 51,699 rows less orphan 40, outside 8,761, truncated
#: 2,717 and 271 spells without any KSZ quarter, now the dropping rule
#: ``no_ksz_quarter_in_spell``). So the register's rows minus chapter 3's
#: spells do not count them, and they are in no dropping group (:func:`exclusion_log`): in
#: the group, the suppression took them as the complement of a small orphan count, which
#: that difference then gave back.
SPELL_STAYS = frozenset({("vdab_registrations", "no_ksz_row_in_quarter")})

#: registers whose delivered rows the book cannot hide: none since user31. The persons
#: register's total was the sum of chapter 1's sample table, so a few persons without any KSZ
#: quarter in the window (``no_ksz_quarter_in_window``) were that total less the persons of
#: the stable-definition table (the panel's), and the checking record marked the exclusion log
#: ``fail``: chapter 1 could never leave. Chapter 1's sample table now counts the persons of
#: the panel (:func:`analysis_persons`), so the persons register's delivered rows are hidden
#: like any other register's (:func:`small_drop_registers`).
ROWS_PUBLISHED_ELSEWHERE: frozenset[str] = frozenset()


def analysis_persons(data_dir: str | Path) -> pd.DataFrame:
    """The rows of ``data_dir``'s ``persons.parquet`` whose person has a row in its
    ``panel.parquet`` (at least one KSZ quarter in the window): the persons every analysis
    studies, which chapter 1's sample table counts. A person of the register without one is
    dropped by the panel build and counted in ``exclusion_log.csv``
    (``no_ksz_quarter_in_window``), so the sample table's total is the persons register's
    rows less that count, and the same as the panel's persons by origin
    (:func:`stable_definition_comparison`).

    Returns
    -------
    DataFrame
        ``persons.parquet``'s columns, the rows of persons in the panel, in the register's
        order (all rows when every person has a panel row, as in the synthetic data).

    Raises
    ------
    FileNotFoundError
        Naming ``panel.parquet`` in ``data_dir`` and the command that builds it.
    """
    data_dir = Path(data_dir)
    persons = pd.read_parquet(data_dir / "persons.parquet")
    panel = data_dir / "panel.parquet"
    if not panel.exists():
        raise FileNotFoundError(
            f"{panel}: no panel beside the registers, so the persons of the analyses are not "
            f"known; build it with `python -m mia_helpers panel --data {data_dir}`")
    ids = pd.read_parquet(panel, columns=["person_id"])["person_id"].unique()
    return persons[persons["person_id"].isin(ids)].reset_index(drop=True)


def _dropping_rules(log: pd.DataFrame) -> np.ndarray:
    """bool per row of the panel's ``exclusion_log.csv``: the rules whose rows leave the panel
    (an ``of_rows``, or a rule not marked ``(kept)``), not the rules of :data:`SPELL_STAYS`."""
    stays = np.array([(t, r) in SPELL_STAYS for t, r in zip(
        log["table"].astype(str), log["rule"].astype(str), strict=True)], dtype=bool)
    return ((log["of_rows"].notna() | ~log["rule"].astype(str).str.endswith("(kept)"))
            .to_numpy() & ~stays)


def small_drop_registers(data_dir: str | Path, min_cell: int = 10) -> set[str]:
    """The registers whose exclusion rules drop between 1 and ``min_cell - 1`` rows in all,
    read from the panel build's ``exclusion_log.csv`` in ``data_dir`` (empty set without that
    file or its columns ``table``, ``rule``, ``rows``, ``of_rows``), less
    :data:`ROWS_PUBLISHED_ELSEWHERE`.

    A register's dropped rows are its delivered rows less the rows kept, which later chapters
    publish (chapter 3's spells are the registrations kept). For these registers the book
    hides the delivered rows (chapter 1's registers table, :func:`register_overview`, and the
    log's ``of_rows``, :func:`exclusion_log`), so that the difference is never published and
    the few dropped rows stay ``<min_cell`` (log30: one permit outside the window and two
    measure rows delivered twice failed the record, and chapter 1 could never leave). The
    full log, exact counts included, stays in ``data_dir`` for the analyst: it is a build file
    beside the panel, not in a run's output folder that export-check reads."""
    path = Path(data_dir) / "exclusion_log.csv"
    if not path.exists():
        return set()
    log = pd.read_csv(path)
    if not {"table", "rule", "rows", "of_rows"} <= set(log.columns):
        return set()
    dropped = log[_dropping_rules(log)].groupby(log["table"].astype(str))["rows"].sum()
    return {str(t) for t, n in dropped.items()
            if 0 < n < min_cell and t not in ROWS_PUBLISHED_ELSEWHERE}


def exclusion_log(data_dir: str | Path, min_cell: int = 10) -> Protected:
    """The exclusion log of the panel build (register, rule, rows dropped). A few dropped rows
    are a few persons' records, so counts of rows in ``(0, min_cell)`` are hidden too.

    The rows a register's exclusion rules drop (the rules with an ``of_rows``: orphan id,
    outside the window, left-truncated spell) add up to a total the reader knows: the
    register's rows (``of_rows``, and :func:`register_overview`) minus the rows the book
    counts after the build (chapter 3's spells are the registrations kept). So they are one
    group of :func:`mia_helpers.disclosure.suppress`: with a single rule dropping 3
    registrations, ``<10`` in the log, 2,442 rows in the registers table and 2,439 spells in
    chapter 3 gave the 3 back. Further rules of the register are hidden until the small one
    cannot be recovered; where nothing can protect it (a register whose dropped rows are
    themselves fewer than ``min_cell``) the register's delivered rows are hidden instead
    (``of_rows`` here and in :func:`register_overview`, reason ``complement``; log30,
    :func:`small_drop_registers`), its rules then in no group, the persons register's too
    since chapter 1's sample table counts the panel's persons (:func:`analysis_persons`;
    user31: before, a few persons without a KSZ quarter marked the table ``fail``). The
    rules that keep their rows (marked ``(kept)``, ``of_rows`` empty) are in no group. The
    measures' ``duplicate_measure`` and ``overlapping_measure`` drop rows without an
    ``of_rows`` (:func:`mia_helpers.panel.clean_registers`): they are in the register's group
    all the same, since the register's rows minus the rows kept count them too (dpo18: left
    out, ``overlapping_measure`` 4 hidden beside ``duplicate_measure`` 30 and ``orphan_id`` 20
    came back as 54 dropped less 50 shown, and a lone orphan 3 beside 25 overlaps failed the
    record as the register's only dropped rows). The rules of :data:`SPELL_STAYS` are in no
    group: their rows stay in the panel as spells (a registration whose first quarter has no
    KSZ row), so that difference does not count them, and their rule is shown with the suffix
    ``" (kept)"`` (``no_ksz_row_in_quarter (kept)``), as the rules whose records stay in.
    A rule's 0 rows of a register that delivered fewer than ``min_cell`` rows (its
    ``of_rows`` hidden as small) would tell of each of those few records that the rule kept
    it: hidden (:func:`mia_helpers.disclosure.zeros_of_small_groups`, ``suppress(zeros=)``;
    dpo36), its rules in no group (its delivered rows are hidden, so no reader knows the
    total they drop)."""
    from mia_helpers.disclosure import NO_GROUP, record_unresolved

    log = pd.read_csv(Path(data_dir) / "exclusion_log.csv")
    counts = [c for c in ("rows", "of_rows") if c in log.columns]
    groups = None
    few_hidden: set[str] = set()
    if {"table", "rows", "of_rows"} <= set(log.columns):
        stays = np.array([(t, r) in SPELL_STAYS for t, r in zip(
            log["table"].astype(str), log["rule"].astype(str), strict=True)], dtype=bool)
        dropped = _dropping_rules(log)
        # a register dropping few rows has its delivered rows hidden (small_drop_registers):
        # its dropped total is then known to no reader, so its rules form no group
        few_hidden = small_drop_registers(data_dir, min_cell)
        # dpo36: so does a register of fewer than min_cell delivered rows (hidden as small,
        # here and in register_overview), whose 0s are hidden below (zeros)
        delivered = pd.to_numeric(log["of_rows"], errors="coerce").groupby(
            log["table"].astype(str)).transform("max").to_numpy(float)
        small = (delivered > 0) & (delivered < min_cell)
        grouped = dropped & ~log["table"].astype(str).isin(few_hidden).to_numpy() & ~small
        log["_group"] = np.where(grouped, log["table"].astype(str), NO_GROUP)
        groups = {"rows": ["_group"]}
        # shown among the rules marked kept: the table's caption calls the other rows dropped,
        # and chapter 1's sentence said "no rule excludes a record" beside 1,238 of them
        # under a rule not so marked (trial20)
        log.loc[stays, "rule"] = log.loc[stays, "rule"].astype(str) + " (kept)"
    # dpo36: a rule's 0 rows beside a register of fewer than min_cell delivered rows (hidden
    # as small) tells of each of its few records that the rule kept it
    zeros = (None if groups is None
             else zeros_of_small_groups(log, ["rows"], delivered, min_cell))
    prot = suppress(log, count_cols=counts, min_cell=min_cell, name="exclusion log",
                    groups=groups, zeros=zeros)
    if groups is None:
        return prot
    prot = prot.drop(["_group"])
    if "of_rows" in counts:
        prot = hide_more(prot, {"of_rows": log["table"].astype(str).isin(few_hidden).to_numpy()},
                         "complement", "exclusion log: rows of registers dropping few rows",
                         min_cell)
    dropped_total = log[dropped].groupby("table")["rows"].sum()
    few = [t for t, n in dropped_total.items() if 0 < n < min_cell and t not in few_hidden]
    record_unresolved("exclusion log: rows dropped per register", prot.reason, min_cell,
                      [f"{t}: its rules drop {fewer_than(min_cell, 'row')} in all, which the "
                       "register's rows minus the rows kept tell whatever the log hides; "
                       "only the output checker can let it leave (it counts register rows "
                       "excluded by the panel's rules, not persons with an attribute)"
                       for t in few])
    return prot


def truth_summary(parameters: dict) -> pd.DataFrame:
    """The generator's measure parameters (allocation and effect) as a table."""
    m = parameters["config"]["measures"]
    df = pd.DataFrame(m).T
    df.index.name = "measure"
    cols = ["base", "self_reliance", "low_link", "duration_quarters", "lockin", "gain",
            "gain_quarters"]
    return df[cols].reset_index()



def column_schema(frame: pd.DataFrame, meanings: dict[str, str]) -> pd.DataFrame:
    """The columns of a person-level table as a reader may see them: name, dtype and meaning,
    and no value of any row (the book shows no person-level rows, also of public data).

    Parameters
    ----------
    frame : DataFrame
        Any table (not modified); only its column names and dtypes are read.
    meanings : mapping ``{column: meaning}``
        One entry per column of ``frame``, in any order.

    Returns
    -------
    DataFrame
        One row per column of ``frame``, in its order: ``column`` (str), ``dtype`` (str, as
        pandas names it, e.g. ``int64``, ``bool``, ``string``, ``category``), ``meaning``
        (str).

    Raises
    ------
    ValueError
        Naming the columns of ``frame`` without a meaning, or the meanings of columns that
        ``frame`` lacks.
    """
    missing = [c for c in frame.columns if c not in meanings]
    extra = [c for c in meanings if c not in frame.columns]
    if missing or extra:
        raise ValueError("column_schema: "
                         + "; ".join(p for p in (
                             f"no meaning for the columns {missing}" if missing else "",
                             f"meanings of columns the table lacks: {extra}" if extra else "")
                             if p))
    return pd.DataFrame({"column": [str(c) for c in frame.columns],
                         "dtype": [str(t) for t in frame.dtypes],
                         "meaning": [meanings[c] for c in frame.columns]})


#: the counts of :func:`support_summary` (persons: treated, matched and dropped treated)
SUPPORT_COUNTS = ("n_treated", "n_matched", "n_dropped")


def support_summary(support: pd.DataFrame, min_cell: int = 10,
                    name: str = "common support") -> Protected:
    """Common support of a dynamic matching over all its risk sets, in one row, disclosure
    controlled: the risk sets' table itself counts a few treated per period (Appendix C,
    ``min_cell`` 20: 14, 8, 9, ... transplanted patients per week, and 3 dropped) and is not
    published.

    Parameters
    ----------
    support : DataFrame
        :attr:`mia_helpers.dynamic.DynamicMatch.support`: one row per risk set with
        ``n_treated``, ``n_matched`` and ``n_dropped`` (persons; a person is treated once).
    min_cell : int
        Disclosure threshold (persons).
    name : str
        The table's name in the run's checking record.

    Returns
    -------
    Protected
        One row: ``risk_sets`` (periods with a treatment start; not a count of persons),
        ``n_treated``, ``n_matched``, ``n_dropped`` (sums over the risk sets). The treated
        are the total of the identity ``n_treated = n_matched + n_dropped`` and are never
        the cell hidden to protect a small part (a chapter states them elsewhere, e.g. as
        the patients transplanted), so a small ``n_dropped`` hides ``n_matched`` too; a 0
        matched or dropped of fewer than ``min_cell`` treated is hidden too (each treated's
        outcome: :func:`mia_helpers.disclosure.zeros_of_small_groups`; dpo36).

    Raises
    ------
    ValueError
        Naming the columns ``support`` lacks.
    """
    from mia_helpers.labels import require_columns

    require_columns(support, list(SUPPORT_COUNTS), "describe.support_summary",
                    "dynamic_match(...).support")
    row = {"risk_sets": len(support)}
    row |= {c: int(pd.to_numeric(support[c]).sum()) for c in SUPPORT_COUNTS}
    table = pd.DataFrame([row])
    # dpo36: 0 dropped (or matched) of fewer than min_cell treated: each found a twin (none did)
    return suppress(table, count_cols=list(SUPPORT_COUNTS), min_cell=min_cell,
                    relations=[("n_treated", ["n_matched", "n_dropped"], True)], name=name,
                    zeros=zeros_of_small_groups(table, ["n_matched", "n_dropped"], "n_treated",
                                                min_cell))


def _year_ticks(lo: float, hi: float, most: int = 3) -> list[float]:
    """At most ``most`` evenly spread whole years in ``[lo, hi]`` (calendar time, 2010.0 is
    2010Q1), or ``[lo]`` when the range holds no year's start."""
    years = list(range(int(np.ceil(lo)), int(np.floor(hi)) + 1))
    if not years:
        return [lo]
    step = int(np.ceil(len(years) / most))
    return [float(y) for y in years[::step]]


def _calendar_tick(x: float, _pos: object = None) -> str:
    """A calendar-time tick: "2008" at a year's start, else its quarter ("2005Q3")."""
    q = int(round((x - 2005) * 4))
    return str(2005 + q // 4) if q % 4 == 0 else f"{2005 + q // 4}Q{q % 4 + 1}"


def plot_position_shares(shares: pd.DataFrame, by: str = "origin", col_wrap: int = 4
                         ) -> Figure:
    """Small multiples of :func:`position_shares`: one panel per ``by`` group (the book's
    order), the share of persons in each position group by quarter.

    The quarter axis is named once for the figure (a long label under every panel would run
    into its neighbours' labels) and the legend sits to the right of the panels.

    Parameters
    ----------
    shares : DataFrame
        :func:`position_shares` (``quarter``, ``by``, ``position_group``, ``share`` in [0, 1]);
        suppressed points already removed.
    by : str
        The grouping column (one panel per value).
    col_wrap : int
        Panels per row (>= 1).

    Returns
    -------
    matplotlib.figure.Figure
        A note figure (:func:`mia_helpers.plots.note_figure`) saying so when ``shares`` has no
        share to draw (every point suppressed: a small extract or a large ``min_cell``; the
        chapter crashed with seaborn's ``KeyError: 'origin'``, newuser21). Raises
        ``ValueError`` naming the missing columns, when a (quarter, group, position group)
        appears in more than one row, or when ``col_wrap`` < 1.
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    from mia_helpers.labels import book_rank, label, relabel, require_columns
    from mia_helpers.plots import note_figure, unique_rows

    require_columns(shares, ["quarter", by, "position_group", "share"],
                    "describe.plot_position_shares", "describe.position_shares")
    if col_wrap < 1:
        raise ValueError(f"col_wrap must be >= 1, got {col_wrap!r}")
    if shares["share"].notna().sum() == 0:
        fig = note_figure("no share to draw: every point rests on fewer persons than the "
                          "disclosure threshold (min_cell)")
        plt.close(fig)
        return fig
    # seaborn would average repeated points and draw a bootstrap band around them
    unique_rows(shares, ["quarter", by, "position_group"], "describe.plot_position_shares")
    groups = sorted(dict.fromkeys(shares[by].astype(str)), key=book_rank)
    hue = [g for g in dict.fromkeys(POSITION_GROUPS.values())
           if g in set(shares["position_group"].astype(str))]
    data = shares.assign(**{by: relabel(shares[by]),
                            "position_group": relabel(shares["position_group"])})
    data = data[data["share"].notna()].sort_values([by, "position_group", "quarter"])
    # fresh48: a line stops where quarters are left out (suppressed) and starts again after
    # them; seaborn joined the points on either side (seed 4048, 2,600 persons, min_cell 20:
    # one straight Sub-Saharan employment line over six years without a published quarter).
    # A published quarter between two gaps is drawn as a dot.
    step = data.groupby([by, "position_group"], observed=True)["quarter"].diff().ne(1)
    data["segment"] = step.cumsum()
    data["single"] = data.groupby("segment")["quarter"].transform("size").eq(1)
    data["quarter"] = 2005 + data["quarter"] / 4  # calendar time: 2010.0 is 2010Q1
    hue_order = [label(x) for x in hue]
    palette = dict(zip(hue_order, sns.color_palette(n_colors=len(hue_order)), strict=True))
    g = sns.relplot(data=data, x="quarter", y="share", hue="position_group", col=by,
                    col_wrap=min(col_wrap, max(len(groups), 1)), kind="line", height=2.4,
                    aspect=1.2, col_order=[label(x) for x in groups], errorbar=None,
                    hue_order=hue_order, palette=palette, units="segment", estimator=None,
                    facet_kws={"sharex": True})
    for key, ax in g.axes_dict.items():
        dots = data[(data[by] == key) & data["single"]]
        if len(dots):
            ax.scatter(dots["quarter"], dots["share"], s=9, zorder=3,
                       c=[palette[h] for h in dots["position_group"]])
    g.set_titles("{col_name}")
    g.set_axis_labels("", "share of persons")
    from matplotlib.ticker import FixedLocator, FuncFormatter

    ticks = _year_ticks(float(data["quarter"].min()), float(data["quarter"].max()))
    for ax in g.axes.flat:  # few ticks inside the data, so that "2008" labels do not touch
        ax.xaxis.set_major_locator(FixedLocator(ticks))
        ax.xaxis.set_major_formatter(FuncFormatter(_calendar_tick))
    g.legend.set_title("position")
    fig = g.figure
    fig.supxlabel("quarter (calendar year; a year's mark is its first quarter)",
                  fontsize="medium")
    fig.tight_layout(rect=(0, 0, 0.88, 1))
    plt.close(fig)
    return fig


#: the panel's event registers as the prose names one of their rows
#: (:func:`register_coverage_sentence`)
EVENT_NOUNS = {"vdab_registrations": "VDAB registration start",
               "vdab_measures": "measure start",
               "abb_inburgering": "inburgering step"}
def register_coverage_sentence(exclusions: Protected, empty: list[str], min_cell: int) -> str:
    """Chapter 1's sentence on what the panel holds of the event registers: their rows in a
    quarter without a KSZ row of their person (the exclusion log's ``no_ksz_row_in_quarter``,
    :func:`mia_helpers.panel.unplaced_events`: the panel, one row per KSZ person-quarter, has
    no row for them), read off the published log so that it says no more than the log does,
    and registers without rows (:func:`mia_helpers.data.empty_registers`,
    :data:`mia_helpers.data.NOT_DELIVERED`), which no log can show.

    Parameters
    ----------
    exclusions : Protected
        :func:`exclusion_log` (columns ``table``, ``rule``, ``rows``).
    empty : list of str
        Register names without rows.
    min_cell : int
        The threshold the log was protected with ("fewer than min_cell ...").

    Returns
    -------
    str
        A clause starting in lower case, without a final full stop.

    Raises
    ------
    ValueError
        The log lacks a column, or its ``no_ksz_row_in_quarter`` rows name a register
        :data:`EVENT_NOUNS` does not know.
    """
    from mia_helpers.claims import count_text
    from mia_helpers.data import NOT_DELIVERED
    from mia_helpers.labels import require_columns

    require_columns(exclusions.data, ["table", "rule", "rows"],
                    "describe.register_coverage_sentence", "describe.exclusion_log")
    shown = exclusions.render().reset_index(drop=True)
    # the registrations' rows read "no_ksz_row_in_quarter (kept)" (SPELL_STAYS, exclusion_log)
    rule = exclusions.data["rule"].astype(str).str.replace(r" \(kept\)$", "", regex=True)
    at = (rule == "no_ksz_row_in_quarter").to_numpy()
    tables = exclusions.data.loc[at, "table"].astype(str).tolist()
    unknown = sorted(set(tables) - set(EVENT_NOUNS))
    if unknown:
        raise ValueError(f"describe.register_coverage_sentence: unknown registers {unknown}; "
                         f"expected some of {list(EVENT_NOUNS)}")
    cells = shown.loc[at, "rows"].astype(str).str.strip().tolist()
    lost = [count_text(c, min_cell, EVENT_NOUNS[t]) for t, c in zip(tables, cells, strict=True)
            if c not in ("0", "0.0")]
    if lost:
        listed = lost[0] if len(lost) == 1 else f"{', '.join(lost[:-1])} and {lost[-1]}"
        # one published count of 1 (possible at min_cell 1) is one row: singular (trial21)
        one = len(lost) == 1 and lost[0].startswith("1 ")
        text = (f"{listed} in the window {'falls' if one else 'fall'} in a quarter in which "
                f"{'its' if one else 'their'} person has no KSZ row (counted in the exclusion "
                "log above): the panel, one row per KSZ person-quarter, does not hold "
                f"{'it' if one else 'them'} (a registration spell is in the panel from its "
                "next KSZ quarter, if any; a lost measure start counts its person as "
                "untreated then)")
    else:
        text = ("every VDAB registration start, measure start and inburgering step in the "
                "window falls in a quarter with a KSZ row of its person, so the panel holds "
                "them all")
    for t in empty:
        text += (f"; the register {t} holds no rows (not delivered?), read as one in which "
                 f"nothing happened ({NOT_DELIVERED.get(t, 'it adds nothing here')})")
    return text


def few_dropped_note(data_dir: str | Path, min_cell: int = 10) -> str:
    """A sentence for the captions of chapter 1's registers table and exclusion log: why the
    delivered rows of some registers read ``x`` (:func:`small_drop_registers`), naming them by
    their labels; ``""`` when no register is so hidden (the default book's captions stay as
    they were)."""
    from mia_helpers.labels import label

    few = small_drop_registers(data_dir, min_cell)
    text = ""
    if "persons" in few:  # user31: persons without any KSZ quarter in the window
        text += (f" The persons register's rows and persons are hidden (x): fewer than "
                 f"{min_cell} of its persons have no KSZ quarter in the window, which the "
                 "persons delivered less the persons of the sample table (those in the "
                 "panel) would give back.")
        few = few - {"persons"}
    if not few:
        return text
    names = ", ".join(sorted(label(t) for t in few))
    return text + (f" The rows of {names} are hidden (x): their rules drop "
                   f"{fewer_than(min_cell, 'row')} in all, which the rows delivered less the "
                   "rows kept would give back.")


def ksz_gap_sentence(data_dir: str | Path, window_start: str, window_end: str) -> str:
    """Chapter 1's sentence on quarters inside the window, between the KSZ register's first
    and last quarter, that hold no KSZ row at all (:func:`mia_helpers.data.ksz_gap_warning`,
    which the commands print). user37: an extract without any KSZ row in 2012Q2 gave the panel
    372 stable-job starts in 2012Q3 against about 55 in other quarters, and the published
    chapters read them as entries with no word; the sentence names the quarters (no count of
    persons), so a reader of the export knows.

    Parameters
    ----------
    data_dir : a register folder with ``ksz_positions.parquet`` (column ``quarter``, quarter
        indices 2005Q1 = 0).
    window_start, window_end : the chapter's window, quarter labels (``"2012Q3"``).

    Returns
    -------
    str
        ``""`` when no such quarter exists, else a sentence with a leading space and its full
        stop, to follow another sentence.

    Raises
    ------
    OSError, ValueError
        As :func:`pandas.read_parquet` for a missing or unreadable register, and as
        :func:`mia_helpers.quarters.to_index` for a misspelt quarter.
    """
    from mia_helpers.claims import _joined
    from mia_helpers.data import ksz_gap_runs
    from mia_helpers.quarters import Window, to_index, to_label

    q = pd.read_parquet(Path(data_dir) / "ksz_positions.parquet", columns=["quarter"])["quarter"]
    runs = ksz_gap_runs(q, Window(to_index(window_start), to_index(window_end)))
    if not runs:
        return ""
    gaps = _joined([to_label(a) if a == b else f"{to_label(a)} to {to_label(b)}"
                    for a, b in runs])
    after = _joined([to_label(b + 1) for _, b in runs])
    return (f" The KSZ register of these data holds no row at all in {gaps}, so the panel has "
            "no row there for anybody: an employment run breaks there, and a person employed "
            f"on both sides counts a new job start, and a new stable-job start, in {after}. "
            f"Part of the job starts in {after}, and of the next chapter's entries into work "
            "there, are an artefact of the missing rows; ask the data owner for them.")

