"""Descriptive tables and series of chapter 1 (panel construction).

Every function returns an aggregate table that has already gone through
:func:`mia_helpers.disclosure.suppress_small_cells` (counts are numbers of persons).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb
import pandas as pd

from mia_helpers.disclosure import suppress_small_cells
from mia_helpers.panel import PanelSpec, build_panel
from mia_helpers.schemas import SPECS

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


def register_overview(data_dir: str | Path, min_cell: int = 10) -> pd.DataFrame:
    """Rows and distinct persons per register (and quarter range where the register has one)."""
    data_dir = Path(data_dir)
    con = duckdb.connect()
    rows = []
    for table in SPECS:
        src = f"read_parquet('{(data_dir / f'{table}.parquet').as_posix()}')"
        qcol = next((c for c in ("quarter", "start_quarter") if c in SPECS[table]), None)
        qsel = f"min({qcol}), max({qcol})" if qcol else "NULL, NULL"
        n, persons, q0, q1 = con.execute(
            f"SELECT count(*), count(DISTINCT person_id), {qsel} FROM {src}"
        ).fetchone()
        rows.append(dict(register=table, rows=n, persons=persons, first_quarter=q0,
                         last_quarter=q1))
    con.close()
    out = pd.DataFrame(rows)
    return suppress_small_cells(out, count_cols=["persons"], min_cell=min_cell)


def sample_profile(persons: pd.DataFrame, min_cell: int = 10) -> pd.DataFrame:
    """Persons by sample x origin x generation with the share (%) of women, of high education,
    of good or native Dutch, of school leavers, and the mean birth year."""
    p = persons.assign(
        female=persons["sex"].astype(str).eq("female"),
        high_education=persons["education"].astype(str).eq("high"),
        good_dutch=persons["dutch_level"].astype(str).isin(["good", "native"]),
        school_leaver=persons["school_leaving_quarter"].notna(),
    )
    keys = ["sample", "origin", "generation"]
    g = p.groupby(keys, observed=True)
    out = pd.DataFrame({
        "persons": g.size(),
        "women_pct": 100 * g["female"].mean(),
        "high_education_pct": 100 * g["high_education"].mean(),
        "good_dutch_pct": 100 * g["good_dutch"].mean(),
        "school_leavers_pct": 100 * g["school_leaver"].mean(),
        "mean_birth_year": g["birth_year"].mean(),
    }).round(1).reset_index()
    values = [c for c in out.columns if c not in keys + ["persons"]]
    return suppress_small_cells(out, count_cols=["persons"], min_cell=min_cell,
                                value_cols={v: "persons" for v in values})


def position_shares(
    panel: pd.DataFrame, by: str = "origin", min_cell: int = 10
) -> pd.DataFrame:
    """Share of persons in each position group by quarter and ``by`` group (long format).

    Columns: quarter, ``by``, position_group, persons (in the group and quarter), n (in the
    position), share (n / persons). Shares behind fewer than ``min_cell`` persons are removed,
    so that plots built on this table never show a small cell.
    """
    grp = panel["position"].map(POSITION_GROUPS)
    counts = (
        panel.assign(position_group=grp)
        .groupby(["quarter", by, "position_group"], observed=True)["person_id"].nunique()
        .rename("n").reset_index()
    )
    totals = panel.groupby(["quarter", by], observed=True)["person_id"].nunique().rename("persons")
    out = counts.merge(totals.reset_index(), on=["quarter", by])
    out["share"] = out["n"] / out["persons"]
    small = (out["n"] < min_cell) | (out["persons"] < min_cell)
    return out.loc[~small].reset_index(drop=True)


def stable_definition_comparison(
    data_dir: str | Path,
    stable_quarters: tuple[int, ...] = (4, 8),
    by: str = "origin",
    min_cell: int = 10,
) -> pd.DataFrame:
    """Persons with a stable-job start, and stable-job starts, under each definition.

    Rebuilds the panel once per definition (in a temporary folder) with the same registers.
    """
    data_dir = Path(data_dir)
    persons = pd.read_parquet(data_dir / "persons.parquet", columns=["person_id", by])
    frames = []
    with tempfile.TemporaryDirectory() as tmp:
        for sq in stable_quarters:
            res = build_panel(data_dir, PanelSpec(stable_quarters=sq),
                              out=Path(tmp) / f"panel_{sq}.parquet", validate=False)
            p = pd.read_parquet(res.path, columns=["person_id", "stable_job_start", "job_start"])
            p = p.merge(persons, on="person_id")
            g = p.groupby(by, observed=True)
            frames.append(pd.DataFrame({
                "stable_quarters": sq,
                "persons": g["person_id"].nunique(),
                "persons_with_stable_start": g.apply(
                    lambda d: d.loc[d.stable_job_start, "person_id"].nunique(),
                    include_groups=False),
                "stable_starts": g["stable_job_start"].sum(),
                "job_starts": g["job_start"].sum(),
            }).reset_index())
    out = pd.concat(frames, ignore_index=True)
    out["stable_share_of_job_starts_pct"] = (100 * out["stable_starts"] / out["job_starts"]).round(1)
    return suppress_small_cells(
        out,
        count_cols=["persons", "persons_with_stable_start"],
        min_cell=min_cell,
        value_cols=["stable_starts", "job_starts", "stable_share_of_job_starts_pct"],
    )


def exclusion_log(data_dir: str | Path) -> pd.DataFrame:
    """The exclusion log of the panel build (register rows, not persons: no suppression)."""
    return pd.read_csv(Path(data_dir) / "exclusion_log.csv")


def truth_summary(parameters: dict) -> pd.DataFrame:
    """The generator's measure parameters (allocation and effect) as a table."""
    m = parameters["config"]["measures"]
    df = pd.DataFrame(m).T
    df.index.name = "measure"
    cols = ["base", "self_reliance", "low_link", "duration_quarters", "lockin", "gain",
            "gain_quarters"]
    return df[cols].reset_index()

