"""Panel construction: agreement with the simulation, property tests against slow reference
implementations, and one test per class of bad input (book/design.md section 3)."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest
from frames import assert_frame_equal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mia_helpers import codes
from mia_helpers.panel import PanelSpec, build_panel, load_panel, panel_from_registers
from mia_helpers.quarters import Window
from mia_helpers.schemas import SPECS, RegisterError
from mia_helpers.synthetic import make_population, simulate
from mia_helpers.synthetic.config import GeneratorConfig

# --------------------------------------------------------------------------- agreement


def test_panel_stable_starts_match_the_simulated_jobs(small_data):
    """Every simulated job of >= 4 quarters that can be confirmed inside the window (it starts by
    quarter 44) is a stable-job start in the panel, and nothing else is (jobs already running at
    the window start are not entries)."""
    cfg, w = GeneratorConfig(), Window()
    pop = make_population(cfg, 11, 1500, 750, w)
    hist = simulate(pop, cfg, 11, w, full=False)
    rows, cols = np.nonzero(hist.job_len >= 4)
    rows, cols = rows[cols + 3 <= 47], cols[cols + 3 <= 47]
    expected = set(zip(pop.person_id[rows].tolist(), cols.tolist(), strict=True))
    panel = load_panel(small_data, with_persons=False)
    got = panel.loc[panel.stable_job_start, ["person_id", "quarter"]]
    assert set(map(tuple, got.to_numpy().tolist())) == expected


def test_panel_registration_clock_and_exclusion_log(small_data):
    panel = load_panel(small_data, with_persons=False)
    reg = panel[panel.registered]
    assert (reg.elapsed_registration >= 0).all()
    assert (reg.quarter - reg.registration_start == reg.elapsed_registration).all()
    assert panel.loc[~panel.registered, "elapsed_registration"].isna().all()
    log = pd.read_csv(small_data / "exclusion_log.csv")
    assert {"table", "rule", "rows"} <= set(log.columns)
    dropped = ~log["rule"].str.endswith("(kept)")
    assert (log.loc[dropped, "rows"] == 0).all()  # clean synthetic data: nothing excluded
    # spells still running at the window end are censored there, and kept
    assert (log.loc[~dropped, "rows"] > 0).all()


def test_stable_definition_parameters(small_data, tmp_path):
    base = load_panel(small_data, with_persons=False)
    r8 = build_panel(small_data, PanelSpec(stable_quarters=8), out=tmp_path / "p8.parquet")
    p8 = pd.read_parquet(r8.path)
    rf = build_panel(small_data, PanelSpec(min_fte=1.0), out=tmp_path / "pf.parquet")
    pf = pd.read_parquet(rf.path)
    assert 0 < p8.stable_job_start.sum() < base.stable_job_start.sum()
    assert 0 < pf.stable_job_start.sum() < base.stable_job_start.sum()
    assert set(pf.loc[pf.stable_job_start, "fte_fraction"]) == {1.0}


# ------------------------------------------------------------------- property tests

def _slow_runs(quarters: list[int], employed: list[bool], sq: int, ws: int, we: int):
    """Obviously-correct reference: walk the quarters one by one."""
    starts, lengths = [], {}
    run_start, prev_q = None, None
    for q, e in zip(quarters, employed, strict=True):
        if e and run_start is not None and prev_q == q - 1:
            lengths[run_start] += 1
        elif e:
            run_start = q
            lengths[q] = 1
        else:
            run_start = None
        prev_q = q
    for s, n in lengths.items():
        if n >= sq and s > ws:
            starts.append(s)
    return sorted(starts)


def _write_registers(folder, persons_rows, ksz_rows, reg_rows, write=True):
    """The register frames of the rows given, written as Parquet files into ``folder`` (unless
    not ``write``: frames only, for tests that build the panel in memory)."""
    if write:
        folder.mkdir(parents=True, exist_ok=True)
    n = len(persons_rows)
    cat = lambda v, c: pd.Categorical(v, categories=list(c))  # noqa: E731
    persons = pd.DataFrame({
        "person_id": np.array(persons_rows, dtype=np.int64),
        "sample": cat(["resident"] * n, codes.SAMPLES),
        "sex": cat(["female"] * n, codes.SEXES),
        "birth_year": np.full(n, 1980, np.int16),
        "origin": cat(["belgian"] * n, codes.ORIGINS),
        "generation": cat(["native"] * n, codes.GENERATIONS),
        "education": cat(["mid"] * n, codes.EDUCATIONS),
        "study_field": cat(["general"] * n, codes.STUDY_FIELDS),
        "dutch_level": cat(["native"] * n, codes.DUTCH_LEVELS),
        "household": cat(["single"] * n, codes.HOUSEHOLDS),
        "children": np.zeros(n, np.int8),
        "parent_employed": np.ones(n, bool),
        "parent_education": cat(["mid"] * n, codes.PARENT_EDUCATIONS),
        "school_leaving_quarter": pd.array([None] * n, dtype="Int16"),
        "arrival_quarter": pd.array([None] * n, dtype="Int16"),
        "residence_ground": cat([None] * n, codes.RESIDENCE_GROUNDS),
    })
    pid, q, pos = zip(*ksz_rows, strict=True) if ksz_rows else ((), (), ())
    emp = np.isin(pos, ["salaried", "self_employed"])
    ksz = pd.DataFrame({
        "person_id": np.array(pid, dtype=np.int64),
        "quarter": np.array(q, dtype=np.int16),
        "position": cat(list(pos), codes.POSITIONS),
        "fte_fraction": np.where(emp, 1.0, 0.0),
        "wage_class": cat(np.where(emp, "mid", None).tolist(), codes.WAGE_CLASSES),
        "regular": pd.array(np.where(emp, True, None).tolist(), dtype="boolean"),
    })
    rp, rs, re_ = zip(*reg_rows, strict=True) if reg_rows else ((), (), ())
    reg = pd.DataFrame({
        "person_id": np.array(rp, dtype=np.int64),
        "start_quarter": np.array(rs, dtype=np.int16),
        "end_quarter": pd.array(list(re_), dtype="Int16"),
        "end_reason": cat([None if e is None else "employment" for e in re_], codes.END_REASONS),
    })
    empty = {
        "vdab_measures": pd.DataFrame({
            "person_id": np.array([], np.int64), "measure": cat([], codes.MEASURES),
            "start_quarter": np.array([], np.int16), "end_quarter": pd.array([], dtype="Int16")}),
        "abb_inburgering": pd.DataFrame({
            "person_id": np.array([], np.int64), "step": cat([], codes.INBURGERING_STEPS),
            "quarter": np.array([], np.int16), "obligated": np.array([], bool)}),
        "wse_permits": pd.DataFrame({
            "person_id": np.array([], np.int64), "permit_type": cat([], codes.PERMIT_TYPES),
            "quarter": np.array([], np.int16)}),
    }
    for name, df in {"persons": persons, "ksz_positions": ksz, "vdab_registrations": reg,
                     **empty}.items() if write else ():
        df.to_parquet(folder / f"{name}.parquet", index=False)
    return {"persons": persons, "ksz_positions": ksz, "vdab_registrations": reg, **empty}


histories = st.lists(
    st.lists(st.sampled_from(["salaried", "inactive", "jobseeker_no_benefit", None]),
             min_size=1, max_size=20),
    min_size=1, max_size=6,
).filter(lambda hs: any(p is not None for h in hs for p in h))  # an empty KSZ table is an error


def _panel_of(frames, spec: PanelSpec) -> pd.DataFrame:
    """The panel of register frames valid by construction, in memory (the schema checks are
    tested with the bad input below; that the in-memory panel equals build_panel's Parquet
    panel, value for value, is tested below on the small synthetic registers, with
    exclusions and in chunks): a third of the time of writing the registers and the panel
    as Parquet files for each hypothesis example."""
    return panel_from_registers(frames, spec, validate=False, with_persons=False,
                                exclusions=False)[0]


@settings(max_examples=25, deadline=None)
@given(histories=histories, sq=st.integers(1, 5))
def test_stable_job_detection_matches_reference(histories, sq):
    """Runs of employed quarters (gaps = no KSZ row break a run) -> stable starts."""
    ksz, expected = [], {}
    for i, hist in enumerate(histories, start=1):
        qs = [q for q, p in enumerate(hist) if p is not None]
        ps = [p for p in hist if p is not None]
        ksz += [(i, q, p) for q, p in zip(qs, ps, strict=True)]
        expected[i] = _slow_runs(qs, [p == "salaried" for p in ps], sq, 0, 47)
    frames = _write_registers(None, list(range(1, len(histories) + 1)), ksz, [(1, 0, 0)],
                              write=False)
    panel = _panel_of(frames, PanelSpec(stable_quarters=sq))
    got = panel[panel.stable_job_start].groupby("person_id")["quarter"].apply(sorted).to_dict()
    assert {k: v for k, v in expected.items() if v} == got


spells = st.lists(
    st.tuples(st.integers(0, 6), st.integers(0, 5), st.booleans()), min_size=1, max_size=4
)


@settings(max_examples=25, deadline=None)
@given(gaps=spells, we=st.integers(10, 30))
def test_spell_expansion_matches_reference(gaps, we):
    """Registration spells -> registered quarters and elapsed duration u."""
    rows, q = [], 0
    for gap, length, running in gaps:
        start = q + gap
        end = start + length
        if start > we:
            break
        last = running or end >= we
        rows.append((1, start, None if last else end))
        if last:
            break
        q = end + 1
    ksz = [(1, t, "jobseeker_no_benefit") for t in range(0, we + 1)]
    frames = _write_registers(None, [1], ksz, rows, write=False)
    panel = _panel_of(frames, PanelSpec(window=Window(0, we))).set_index("quarter")
    ref_u = {}
    for _, s, e in rows:
        for t in range(s, (we if e is None else e) + 1):
            ref_u[t] = t - s
    assert set(panel.index[panel.registered]) == set(ref_u)
    got = panel.loc[panel.registered, "elapsed_registration"].astype(int).to_dict()
    assert got == ref_u


# ----------------------------------------------------------------------- bad input

@pytest.fixture()
def bad(tmp_path, small_data):
    """A writable copy of the small registers to damage."""
    dst = tmp_path / "bad"
    shutil.copytree(small_data, dst, ignore=shutil.ignore_patterns("panel*", "truth"))
    return dst


def _damage(folder, table, fn):
    df = pd.read_parquet(folder / f"{table}.parquet")
    df = fn(df.copy())
    df.to_parquet(folder / f"{table}.parquet", index=False)


def _error(folder) -> RegisterError:
    with pytest.raises(RegisterError) as info:
        build_panel(folder)
    return info.value


def test_duplicate_person_quarters_raise(bad):
    _damage(bad, "ksz_positions", lambda d: pd.concat([d, d.iloc[[5, 9]]], ignore_index=True))
    err = _error(bad)
    assert (err.table, err.rule, err.count) == ("ksz_positions", "duplicate_key", 4)
    assert "ksz_positions" in str(err) and len(err.examples) == 4


def test_duplicate_persons_raise(bad):
    _damage(bad, "persons", lambda d: pd.concat([d, d.iloc[[0]]], ignore_index=True))
    err = _error(bad)
    assert (err.table, err.rule) == ("persons", "duplicate_key")


def test_overlapping_registration_spells_raise(bad):
    def overlap(d):
        row = d[d.end_quarter.notna()].iloc[[0]].copy()
        row["start_quarter"] = row["end_quarter"]
        row["end_quarter"] = row["end_quarter"].astype("Int16") + 1
        return pd.concat([d, row], ignore_index=True)

    _damage(bad, "vdab_registrations", overlap)
    err = _error(bad)
    assert (err.table, err.rule) == ("vdab_registrations", "overlapping_spells")
    assert err.count >= 1


def test_end_before_start_raises(bad):
    def flip(d):
        i = d.index[d.end_quarter.notna() & (d.end_quarter > d.start_quarter)][0]
        d.loc[i, "end_quarter"] = d.loc[i, "start_quarter"] - 1
        return d

    _damage(bad, "vdab_measures", flip)
    err = _error(bad)
    assert (err.table, err.rule, err.count) == ("vdab_measures", "end_before_start", 1)


def test_unknown_codes_raise(bad):
    def unknown(d):
        d["measure"] = d["measure"].astype(str)
        d.loc[[3, 4, 8], "measure"] = "coaching"
        return d

    _damage(bad, "vdab_measures", unknown)
    err = _error(bad)
    assert (err.table, err.rule, err.count) == ("vdab_measures", "unknown_code", 3)
    assert "coaching" in str(err)


def test_wrong_dtype_raises(bad):
    _damage(bad, "ksz_positions", lambda d: d.assign(quarter=d["quarter"].astype(str)))
    err = _error(bad)
    assert (err.table, err.rule) == ("ksz_positions", "wrong_dtype")
    assert "quarter" in str(err)


def test_missing_column_raises(bad):
    _damage(bad, "wse_permits", lambda d: d.drop(columns="permit_type"))
    err = _error(bad)
    assert (err.table, err.rule) == ("wse_permits", "missing_column")


def test_null_in_required_column_raises(bad):
    def null(d):
        d["sex"] = d["sex"].astype(object)
        d.loc[[1, 2], "sex"] = None
        return d

    _damage(bad, "persons", null)
    err = _error(bad)
    assert (err.table, err.rule, err.count) == ("persons", "null_value", 2)


def test_empty_required_table_raises(bad):
    _damage(bad, "vdab_registrations", lambda d: d.iloc[0:0])
    err = _error(bad)
    assert (err.table, err.rule, err.count) == ("vdab_registrations", "empty_table", 0)


def test_orphan_ids_are_excluded_and_counted(bad):
    def orphan(d):
        extra = d.iloc[[0, 1, 2]].copy()
        extra["person_id"] = [900001, 900002, 900003]
        return pd.concat([d, extra], ignore_index=True)

    _damage(bad, "abb_inburgering", orphan)
    res = build_panel(bad)
    log = res.exclusions.set_index(["table", "rule"])["rows"]
    assert log[("abb_inburgering", "orphan_id")] == 3
    assert log[("ksz_positions", "orphan_id")] == 0


def test_quarters_outside_window_are_excluded_and_counted(bad):
    def outside(d):
        extra = d.iloc[[0, 1]].copy()
        extra["quarter"] = np.array([48, 60], dtype=np.int16)
        return pd.concat([d, extra], ignore_index=True)

    _damage(bad, "ksz_positions", outside)
    before = len(pd.read_parquet(bad / "ksz_positions.parquet"))
    res = build_panel(bad)
    log = res.exclusions.set_index(["table", "rule"])["rows"]
    assert log[("ksz_positions", "outside_window")] == 2
    assert res.rows == before - 2  # nothing else lost


def test_overlapping_measure_spells_are_excluded_and_counted(bad):
    def dup(d):
        row = d[d.end_quarter.notna() & (d.end_quarter > d.start_quarter)].iloc[[0]].copy()
        row["start_quarter"] = row["end_quarter"].astype(np.int16)
        return pd.concat([d, row], ignore_index=True)

    _damage(bad, "vdab_measures", dup)
    res = build_panel(bad)
    log = res.exclusions.set_index(["table", "rule"])["rows"]
    assert log[("vdab_measures", "overlapping_measure")] == 1


def _put(col, rows, value):
    """A damage that sets ``col`` to ``value`` in ``rows`` (values that fit the dtype)."""
    def fn(d):
        d.loc[rows, col] = value
        return d
    return fn


def _school_leaving_at_age_5(d):
    i = d.index[d.school_leaving_quarter.notna()][0]
    d.loc[i, "school_leaving_quarter"] = (int(d.loc[i, "birth_year"]) + 5 - 2005) * 4
    return d


@pytest.mark.parametrize("table, damage, column, count, shown", [
    ("persons", _put("birth_year", [3, 7], 1200), "birth_year", 2, "found 1200"),
    ("persons", _put("birth_year", [2], 2017), "birth_year", 1, "1905..2016"),
    ("persons", _put("children", [5], -1), "children", 1, "found -1"),
    ("persons", _school_leaving_at_age_5, "school_leaving_quarter", 1, "age"),
    ("ksz_positions", _put("quarter", [4], 2011), "quarter", 1, "2011 (2507Q4)"),
    ("ksz_positions", _put("fte_fraction", [6], 1.5), "fte_fraction", 1, "found 1.5"),
])
def test_implausible_values_raise_naming_file_column_count_and_values(bad, table, damage, column,
                                                                      count, shown):
    """Values no register can hold (book/design.md section 3): a birth year of 1200 or after
    the window, negative children, leaving school at 5, a year stored as a quarter index, a
    job of 1.5 FTE."""
    _damage(bad, table, damage)
    err = _error(bad)
    assert (err.table, err.rule, err.count) == (table, "implausible_value", count)
    msg = str(err)
    assert str(bad / f"{table}.parquet") in msg and repr(column) in msg and shown in msg
    assert "what to do" in msg and len(err.examples) == count


def test_plausible_ranges_follow_the_window():
    from mia_helpers.schemas import plausible_ranges

    base = plausible_ranges("persons")["birth_year"]
    shifted = plausible_ranges("persons", Window.from_labels("2008Q1", "2019Q4"))["birth_year"]
    assert (base.low, base.high) == (1905, 2016)
    assert (shifted.low, shifted.high) == (1908, 2019)
    q = plausible_ranges("vdab_registrations")["end_quarter"]
    assert (q.low, q.high) == (-400, 447)  # 1905Q1..2116Q4


def test_left_truncated_spells_are_counted_apart_from_spells_outside_the_window(bad, small_data):
    """A spell that starts before the window and runs into it is excluded whole (its start is
    not observed) and counted as left_truncated_spell; a spell ending before the window or
    starting after it is outside_window. The panel is that of the undamaged registers."""
    reg = pd.read_parquet(bad / "vdab_registrations.parquet")
    pid = int(reg.person_id.iloc[0])

    def spells(d, rows):
        extra = pd.DataFrame(rows, columns=["start_quarter", "end_quarter"]).assign(
            person_id=pid)
        extra = extra.astype({"start_quarter": d.start_quarter.dtype,
                              "end_quarter": d.end_quarter.dtype})
        return pd.concat([d, extra], ignore_index=True)

    # into the window, running past its start (ended, and still running), wholly before, after
    _damage(bad, "vdab_registrations",
            lambda d: spells(d, [(-2, 3), (-3, None), (-8, -5), (50, None)]))
    _damage(bad, "vdab_measures", lambda d: spells(d, [(-1, 2)]).assign(
        measure=lambda x: x.measure.fillna(codes.MEASURES[0])))
    res = build_panel(bad)
    log = res.exclusions.set_index(["table", "rule"])["rows"]
    assert log[("vdab_registrations", "left_truncated_spell")] == 2
    assert log[("vdab_registrations", "outside_window")] == 2
    assert log[("vdab_measures", "left_truncated_spell")] == 1
    assert log[("vdab_measures", "outside_window")] == 0
    assert "left_truncated_spell" not in set(res.exclusions.query("table == 'ksz_positions'").rule)
    assert_frame_equal(pd.read_parquet(res.path),
                                  pd.read_parquet(small_data / "panel.parquet"))
    frames = _frames(bad)
    _, mem_log = panel_from_registers(frames)
    assert_frame_equal(mem_log, res.exclusions, check_exact=True)


def test_register_columns_not_in_the_schema_are_warned_about_and_recorded(bad, small_data):
    """Extra columns are not an error, but never ignored silently: a warning names the file
    and the columns, panel_meta.json and a run's manifest record them, and load_panel does
    not join them to the panel."""
    import json

    from mia_helpers.manifest import data_fingerprints
    from mia_helpers.schemas import IgnoredColumnsWarning

    _damage(bad, "persons", lambda d: d.assign(nationality="BE", postcode=9000))
    _damage(bad, "ksz_positions", lambda d: d.assign(source_system="KSZ"))
    with pytest.warns(IgnoredColumnsWarning) as record:
        build_panel(bad)
    messages = [str(w.message) for w in record]
    assert len(messages) == 2
    assert str(bad / "persons.parquet") in messages[0]
    assert "['nationality', 'postcode']" in messages[0] and "ignored" in messages[0]
    assert str(bad / "ksz_positions.parquet") in messages[1] and "source_system" in messages[1]
    expected = {"persons.parquet": ["nationality", "postcode"],
                "ksz_positions.parquet": ["source_system"]}
    assert json.loads((bad / "panel_meta.json").read_text())["ignored_columns"] == expected
    assert data_fingerprints(bad)["ignored_columns"] == expected
    assert "ignored_columns" not in data_fingerprints(small_data)
    assert_frame_equal(load_panel(bad), load_panel(small_data))


# ------------------------------------------------------------- in-memory registers


def _frames(folder) -> dict[str, pd.DataFrame]:
    return {t: pd.read_parquet(folder / f"{t}.parquet") for t in SPECS}


def _assert_same_panel(folder, spec: PanelSpec, tmp_path) -> None:
    """The in-memory panel equals, value for value, dtype for dtype and row for row, the panel
    that build_panel writes and load_panel reads (with and without persons), and the exclusion
    logs are equal."""
    res = build_panel(folder, spec, out=tmp_path / "panel.parquet")
    ref = pd.read_parquet(res.path)
    frames = _frames(folder)
    got, log = panel_from_registers(frames, spec, with_persons=False)
    assert_frame_equal(got, ref, check_exact=True)
    assert_frame_equal(log, res.exclusions, check_exact=True)
    ref_p = ref.merge(frames["persons"], on="person_id", how="left")
    got_p, _ = panel_from_registers(frames, spec, validate=False)
    assert_frame_equal(got_p, ref_p, check_exact=True)


@pytest.mark.parametrize("spec", [PanelSpec(), PanelSpec(stable_quarters=8, min_fte=1.0),
                                  PanelSpec(min_wage_class=codes.WAGE_CLASSES[1],
                                            chunk_persons=400)])
def test_in_memory_panel_equals_the_parquet_panel(small_data, tmp_path, spec):
    _assert_same_panel(small_data, spec, tmp_path)


def test_in_memory_panel_equals_load_panel(small_data):
    """The published reader (load_panel, persons joined) gives the same frame."""
    got, _ = panel_from_registers(_frames(small_data))
    assert_frame_equal(got, load_panel(small_data), check_exact=True)


def test_in_memory_panel_equals_with_exclusions(bad, tmp_path):
    """Orphans, quarters outside the window and overlapping measure spells are excluded and
    counted alike by both paths."""
    _damage(bad, "abb_inburgering", lambda d: pd.concat(
        [d, d.iloc[[0, 1]].assign(person_id=[900001, 900002])], ignore_index=True))
    _damage(bad, "ksz_positions", lambda d: pd.concat(
        [d, d.iloc[[0, 1]].assign(quarter=np.array([48, 60], dtype=np.int16))],
        ignore_index=True))
    _damage(bad, "vdab_measures", lambda d: pd.concat(
        [d, d[d.end_quarter.notna() & (d.end_quarter > d.start_quarter)].iloc[[0]].assign(
            start_quarter=lambda r: r["end_quarter"].astype(np.int16))], ignore_index=True))
    _assert_same_panel(bad, PanelSpec(), tmp_path)
    log = panel_from_registers(_frames(bad))[1].set_index(["table", "rule"])["rows"]
    assert log[("abb_inburgering", "orphan_id")] == 2
    assert log[("ksz_positions", "outside_window")] == 2
    assert log[("vdab_measures", "overlapping_measure")] == 1


def test_in_memory_panel_refuses_bad_registers(small_data):
    frames = _frames(small_data)
    with pytest.raises(RegisterError, match="wse_permits"):
        panel_from_registers({t: d for t, d in frames.items() if t != "wse_permits"})
    with pytest.raises(RegisterError, match="wse_permits"):
        panel_from_registers({t: d for t, d in frames.items() if t != "wse_permits"},
                             validate=False)
    dup = dict(frames, persons=pd.concat([frames["persons"], frames["persons"].iloc[[0]]],
                                         ignore_index=True))
    with pytest.raises(RegisterError) as info:
        panel_from_registers(dup, validate=False)
    assert (info.value.table, info.value.rule) == ("persons", "duplicate_key")


# ------------------------------------------- the two formulations of the runs (panel_sql)

_POSITIONS = ("salaried", "self_employed", "unemployed_benefit", "inactive", None)
person_histories = st.lists(
    st.lists(st.tuples(st.sampled_from(_POSITIONS), st.booleans(), st.sampled_from((0.5, 1.0)),
                       st.frozensets(st.integers(0, len(codes.MEASURES) - 1), max_size=3)),
             min_size=1, max_size=70),
    min_size=1, max_size=5,
)


def _history_frames(tmp, hists, ws):
    """Registers of persons 1.. whose quarter ws + t has position, regular flag, FTE and
    measure starts ``hists[i][t]`` (no KSZ row where the position is None), registered in
    one spell over their whole history (frames for the in-memory panel: nothing is written;
    ``tmp`` is unused)."""
    ksz, meas, reg = [], [], []
    for i, hist in enumerate(hists, start=1):
        for t, (pos, regular, fte, starts) in enumerate(hist):
            q = ws + t
            if pos is not None:
                ksz.append((i, q, pos, regular, fte))
            meas += [(i, codes.MEASURES[m], q) for m in sorted(starts)]
        reg.append((i, ws, None))
    frames = _write_registers(tmp, list(range(1, len(hists) + 1)), [(1, ws, "inactive")],
                              reg, write=False)  # replaced below: files would go unread
    cat = lambda v, c: pd.Categorical(v, categories=list(c))  # noqa: E731
    pid, q, pos, regular, fte = zip(*ksz, strict=True) if ksz else ((),) * 5
    emp = np.isin(pos, ["salaried", "self_employed"])
    frames["ksz_positions"] = pd.DataFrame({
        "person_id": np.array(pid, dtype=np.int64), "quarter": np.array(q, dtype=np.int16),
        "position": cat(list(pos), codes.POSITIONS),
        "fte_fraction": np.where(emp, fte, 0.0),
        "wage_class": cat(np.where(emp, "mid", None).tolist(), codes.WAGE_CLASSES),
        "regular": pd.array([r if e else None for r, e in zip(regular, emp, strict=True)],
                            dtype="boolean"),
    })
    mp, mm, mq = zip(*meas, strict=True) if meas else ((), (), ())
    frames["vdab_measures"] = pd.DataFrame({
        "person_id": np.array(mp, dtype=np.int64), "measure": cat(list(mm), codes.MEASURES),
        "start_quarter": np.array(mq, dtype=np.int16),
        "end_quarter": pd.array(list(mq), dtype="Int16"),
    })
    return frames


def _both_formulations(frames, spec):
    """The in-memory panel by the bit masks and by the window functions (forced). The
    exclusion log is not compared (the formulations differ in the panel query only), so its
    counting query is not run (``exclusions=False``: a third of a small panel's time)."""
    from unittest import mock

    from mia_helpers import panel as panel_mod

    kw = dict(validate=False, with_persons=False, exclusions=False)
    masks = panel_from_registers(frames, spec, **kw)[0]
    with mock.patch.object(panel_mod, "MASK_QUARTERS", 0):
        window = panel_from_registers(frames, spec, **kw)[0]
    return masks, window


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(hists=person_histories, ws=st.integers(0, 6), extra=st.integers(0, 70),
       sq=st.integers(1, 5), min_fte=st.sampled_from((None, 1.0)))
def test_mask_and_window_formulations_agree(tmp_path_factory, hists, ws, extra, sq, min_fte):
    """Runs, stable starts (all, regular), job starts, experience and earlier measure starts
    by the bit masks equal those of the window functions, column for column: gaps (no KSZ row)
    and non-qualifying quarters break runs, runs touch the window's ends, several measures
    start in one quarter, windows of up to 62 quarters (64-bit masks) and longer (128-bit)."""
    we = ws + max(len(h) for h in hists) - 1 + extra
    frames = _history_frames(tmp_path_factory.mktemp("forms"), hists, ws)
    spec = PanelSpec(window=Window(ws, we), stable_quarters=sq, min_fte=min_fte)
    masks, window = _both_formulations(frames, spec)
    assert_frame_equal(masks, window, check_exact=True)


def test_formulations_agree_on_the_synthetic_registers(small_data):
    frames = _frames(small_data)
    for spec in (PanelSpec(), PanelSpec(stable_quarters=8, min_fte=1.0),
                 PanelSpec(min_wage_class=codes.WAGE_CLASSES[1]),
                 PanelSpec(window=Window(0, 100))):
        masks, window = _both_formulations(frames, spec)
        assert_frame_equal(masks, window, check_exact=True)
        assert masks["stable_job_start"].any() and masks["experience"].max() > 10


def test_too_many_measure_starts_in_one_quarter_are_refused(tmp_path):
    """The bit masks count at most 2**_START_COUNT_BITS - 1 measure starts of one person in one
    quarter (one per measure is kept, so 9 at most): more is refused, never miscounted."""
    import duckdb

    from mia_helpers import panel as panel_mod

    frames = _history_frames(tmp_path, [[("inactive", False, 1.0, frozenset({0, 1}))] * 3], 0)
    from unittest import mock

    with mock.patch.object(panel_mod, "_START_COUNT_BITS", 1), \
            pytest.raises(duckdb.Error, match="measure starts of one person in one quarter"):
        panel_from_registers(frames, PanelSpec(window=Window(0, 10)))
    got = panel_from_registers(frames, PanelSpec(window=Window(0, 10)), with_persons=False)[0]
    assert got["prior_measure_starts"].tolist() == [0, 2, 4]


def test_unsorted_registers_give_the_sorted_panel(small_data):
    """Registers in any row order: the in-memory panel is sorted by person and quarter all the
    same (DuckDB sorts when the query's rows are not)."""
    frames = _frames(small_data)
    rng = np.random.default_rng(3)
    shuffled = {t: d.iloc[rng.permutation(len(d))].reset_index(drop=True)
                for t, d in frames.items()}
    got = panel_from_registers(shuffled, with_persons=False)[0]
    ref = panel_from_registers(frames, with_persons=False)[0]
    assert_frame_equal(got, ref, check_exact=True)


def test_panel_columns(small_data):
    """OUTPUT_COLUMNS are the panel's; ``columns`` gives those (and the keys, and the person
    covariates) with the same values; an unknown column is refused, naming it."""
    from mia_helpers.panel import OUTPUT_COLUMNS

    frames = _frames(small_data)
    full = panel_from_registers(frames)[0]
    assert list(full.columns[:len(OUTPUT_COLUMNS)]) == list(OUTPUT_COLUMNS)
    some = ["stable_job_start", "registered", "start_training_basic"]
    got = panel_from_registers(frames, columns=some)[0]
    keep = [c for c in full.columns if c in {"person_id", "quarter", *some}
            or c in frames["persons"].columns]
    assert_frame_equal(got, full[keep], check_exact=True)
    with pytest.raises(ValueError, match="not_a_column"):
        panel_from_registers(frames, columns=["not_a_column"])


@pytest.mark.parametrize("we", [47, 100, 200])
def test_duplicate_person_quarters_raise_in_any_window(small_data, we):
    """The duplicate-key test of the KSZ rows (a mask of each person's quarters up to 126
    quarters, 64 or 128 bits; the grouping by person and quarter beyond) finds them, and the
    error names them as the rule's own query does."""
    frames = _frames(small_data)
    ksz = frames["ksz_positions"]
    frames["ksz_positions"] = pd.concat([ksz, ksz.iloc[[5, 9]]], ignore_index=True)
    with pytest.raises(RegisterError) as info:
        panel_from_registers(frames, PanelSpec(window=Window(0, we)), validate=False)
    err = info.value
    assert (err.table, err.rule, err.count) == ("ksz_positions", "duplicate_key", 4)
