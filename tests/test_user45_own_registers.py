"""book/design.md section 2.5 (user45): the helpers it gives for registers written without
``adapt`` turn text pseudonyms and dates into the documented encoding, and registers so
written build the same panel as the originals."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from mia_helpers.panel import build_panel, load_panel
from mia_helpers.quarters import to_label
from mia_helpers.synthetic import generate

ROOT = Path(__file__).resolve().parents[1]
TABLES = ("persons", "ksz_positions", "vdab_registrations", "vdab_measures",
          "abb_inburgering", "wse_permits")
QUARTER_COLUMNS = {"persons": ("school_leaving_quarter", "arrival_quarter"),
                   "ksz_positions": ("quarter",), "abb_inburgering": ("quarter",),
                   "wse_permits": ("quarter",),
                   "vdab_registrations": ("start_quarter", "end_quarter"),
                   "vdab_measures": ("start_quarter", "end_quarter")}


def _helpers() -> dict:
    text = (ROOT / "book" / "design.md").read_text(encoding="utf-8")
    section = text.split("### 2.5 Writing the registers yourself")[1].split("(design-panel)=")[0]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 - the book's own snippet
    return namespace


def _as_dates(q: pd.Series) -> pd.Series:
    """An extract's dates: the middle month of each quarter, missing kept."""
    return pd.Series([None if pd.isna(v) else f"{to_label(int(v))[:4]}-"
                      f"{3 * int(to_label(int(v))[-1]) - 1:02d}-15" for v in q], index=q.index)


def test_the_helpers_rebuild_the_documented_registers(tmp_path):
    h = _helpers()
    orig, own = tmp_path / "orig", tmp_path / "own"
    generate(orig, seed=48, residents=600, newcomers=200, truth=False)
    raw = {t: pd.read_parquet(orig / f"{t}.parquet") for t in TABLES}
    for t, df in raw.items():  # the extract as delivered: text ids and dates
        df["person_id"] = "PSN-" + df["person_id"].astype(str).str.zfill(7)
        for c in QUARTER_COLUMNS[t]:
            df[c] = _as_dates(df[c])
    regs = h["number_ids"](raw)
    own.mkdir()
    for t, df in regs.items():
        for c in QUARTER_COLUMNS[t]:
            df[c] = h["quarter_index"](df[c])
        df.to_parquet(own / f"{t}.parquet", index=False)
    build_panel(orig)
    build_panel(own)
    a, b = load_panel(orig), load_panel(own)
    assert len(a) == len(b) > 0
    # persons come first in the numbering, in the order of the original ids 1, 2, ...: the
    # same ids, so the whole panel is the same
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))
