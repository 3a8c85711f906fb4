"""A non-default observation window (2008Q1-2019Q4 = quarters 12..59) versus the default one.

Shifting the window by 12 quarters (3 calendar years) should shift the data and nothing else:
every quarter column by 12 and every birth year by 3 (ages are calendar-based, so persons keep
their ages relative to the window), with all other values identical.

- The panel build honours the window exactly (tested on shifted registers).
- The generator keys its random draws by the quarter's position in the window
  (``t - window.start``), so the same seed over a shifted window gives the same registers,
  shifted. A second test patches the draws to a key that a 12-quarter shift leaves unchanged
  and checks the truth tables as well.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from frames import assert_frame_equal

from mia_helpers.panel import PanelSpec, build_panel
from mia_helpers.quarters import Window, to_index
from mia_helpers.schemas import SPECS
from mia_helpers.synthetic import draws, generate

SHIFT = 12
SHIFTED = Window(to_index("2008Q1"), to_index("2019Q4"))
SEED, RESIDENTS, NEWCOMERS = 7, 800, 400
#: panel columns that hold quarter indices (the rest are flags, counts or durations)
PANEL_QUARTER_COLUMNS = ("quarter", "run_start", "registration_start")


def _registers(folder: Path) -> dict[str, pd.DataFrame]:
    return {t: pd.read_parquet(folder / f"{t}.parquet") for t in SPECS}


def _unshift(regs: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Subtract 12 from every quarter column and 3 from birth years (dtypes kept)."""
    out = {}
    for table, df in regs.items():
        df = df.copy()
        for col, spec in SPECS[table].items():
            if spec.kind == "quarter":
                df[col] = (df[col] - SHIFT).astype(df[col].dtype)
        if table == "persons":
            df["birth_year"] = (df["birth_year"] - SHIFT // 4).astype(df["birth_year"].dtype)
        out[table] = df
    return out


def _assert_same(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> None:
    for table in SPECS:
        assert_frame_equal(a[table], b[table], obj=table)


@pytest.fixture(scope="module")
def default_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("w0") / "data"
    generate(out, SEED, RESIDENTS, NEWCOMERS, window=Window(), truth=False)
    return out


def test_shifted_window_is_2008q1_2019q4():
    assert (SHIFTED.start, SHIFTED.end) == (Window().start + SHIFT, Window().end + SHIFT)
    assert SHIFTED.labels() == ("2008Q1", "2019Q4")


def test_panel_honours_a_shifted_window(default_dir, tmp_path):
    """Registers shifted by 12 quarters, panel over 2008Q1-2019Q4 = default panel shifted."""
    build_panel(default_dir)
    shifted = tmp_path / "shifted"
    shifted.mkdir()
    for table, df in _registers(default_dir).items():
        df = df.copy()
        for col, spec in SPECS[table].items():
            if spec.kind == "quarter":
                df[col] = (df[col] + SHIFT).astype(df[col].dtype)
        if table == "persons":
            df["birth_year"] = (df["birth_year"] + SHIFT // 4).astype(df["birth_year"].dtype)
        df.to_parquet(shifted / f"{table}.parquet", index=False)
    res = build_panel(shifted, PanelSpec(window=SHIFTED))
    a = pd.read_parquet(default_dir / "panel.parquet")
    b = pd.read_parquet(res.path)
    assert len(b) == len(a) > 0
    for col in PANEL_QUARTER_COLUMNS:
        b[col] = (b[col] - SHIFT).astype(b[col].dtype)
    assert_frame_equal(a, b)
    log_a = pd.read_csv(default_dir / "exclusion_log.csv")
    assert_frame_equal(log_a, res.exclusions.astype(log_a.dtypes.to_dict()))


def test_generator_shift_changes_persons_only_by_birth_year(default_dir, tmp_path):
    """Static covariates do not use quarter-keyed draws: identical up to birth year + 3."""
    generate(tmp_path, SEED, RESIDENTS, NEWCOMERS, window=SHIFTED, truth=False)
    a = _registers(default_dir)["persons"]
    b = _unshift(_registers(tmp_path))["persons"]
    assert_frame_equal(a, b)


def test_generator_is_shift_equivariant_given_window_invariant_draws(tmp_path, monkeypatch):
    """Key the draws by quarter mod 12 (unchanged by the shift, whether the generator passes
    absolute or window-relative quarters): registers and truth then match exactly."""
    original = draws.stream_key

    def periodic(seed: int, stream: int, quarter: int) -> int:
        return original(seed, stream, quarter if quarter < 0 else quarter % SHIFT)

    monkeypatch.setattr(draws, "stream_key", periodic)
    n_res, n_new = 300, 150  # truth re-simulates every treated start: keep it small
    generate(tmp_path / "a", SEED, n_res, n_new, window=Window(), truth=True)
    generate(tmp_path / "b", SEED, n_res, n_new, window=SHIFTED, truth=True)
    _assert_same(_registers(tmp_path / "a"), _unshift(_registers(tmp_path / "b")))
    for name in ("activation_effects", "newcomer_effects"):
        ta = pd.read_parquet(tmp_path / "a" / "truth" / f"{name}.parquet")
        tb = pd.read_parquet(tmp_path / "b" / "truth" / f"{name}.parquet")
        assert len(ta) > 0
        assert_frame_equal(ta, tb, obj=name)


def test_generator_is_shift_equivariant(default_dir, tmp_path):
    """Same seed, window shifted by 12 quarters: the same registers, shifted."""
    generate(tmp_path, SEED, RESIDENTS, NEWCOMERS, window=SHIFTED, truth=False)
    _assert_same(_registers(default_dir), _unshift(_registers(tmp_path)))


def test_estimates_equal_on_a_shifted_window(tmp_path):
    """Data generated over 2008Q1-2019Q4 are the default data shifted by 12 quarters, so the
    chapter 4 estimator (matching + both estimands) must give the same numbers on both."""
    from mia_helpers.effects import activation_effects

    a, b = tmp_path / "a", tmp_path / "b"
    generate(a, SEED, 2000, 0, window=Window(), truth=False)
    generate(b, SEED, 2000, 0, window=SHIFTED, truth=False)
    build_panel(a)
    build_panel(b, PanelSpec(window=SHIFTED))
    kw = dict(measures=["mediation_guidance"], bootstrap=0, progress=False, with_hazard=False)
    ea = activation_effects(a, **kw).tidy
    eb = activation_effects(b, **kw).tidy
    assert len(ea) > 0 and ea["att_pp"].notna().any()
    assert_frame_equal(ea, eb)
