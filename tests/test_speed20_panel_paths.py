"""The Parquet panel (build_panel) equals the in-memory panel (panel_from_registers) on the
edge cases of test_panel's property tests, all in one register set.

test_panel's property tests (stable job starts, registration spells) build their panels in
memory (a third of the time of writing registers and panel as Parquet files for each
hypothesis example); test_panel checks that both paths give the same panel on the small
synthetic registers. This test adds the property tests' edge cases to that equality, in one
build per specification: KSZ histories with gaps (no row) and non-employed quarters, runs
that touch the window's first and last quarter, and registration spells that follow each
other after a gap, start and end in one quarter, end in the window's last quarter or run on.
"""

from __future__ import annotations

import pandas as pd
import pytest
from frames import assert_frame_equal
from test_panel import _write_registers

from mia_helpers.panel import PanelSpec, build_panel, panel_from_registers
from mia_helpers.quarters import Window

WE = 20  # the window 0..WE of the registration spells

#: KSZ histories of persons 1..: position per quarter from 0, None = no KSZ row
HISTORIES = [
    ["salaried"] * 21,  # a run over the whole window
    ["salaried", "salaried", None, "salaried", "salaried", "salaried"],  # a gap breaks the run
    ["inactive", "salaried", "salaried", "jobseeker_no_benefit", "salaried"] * 4,
    [None] * 5 + ["salaried"] * 16,  # a run that reaches the window's last quarter
    ["jobseeker_no_benefit"] * 21,  # never employed
    ["salaried"],  # one quarter only
]

#: registration spells (start, end; None = still running) of persons 1..
SPELLS = [
    [(0, None)],
    [(0, 2), (5, 5), (8, None)],  # a gap, a spell of one quarter, a running spell
    [(3, 7), (8, 12)],  # spells that follow each other without a gap
    [(0, WE)],  # ends in the window's last quarter
    [(2, 2), (4, 4), (6, 6)],
    [(10, 15)],
]


def _registers(write_to=None):
    ksz = [(i, q, p) for i, h in enumerate(HISTORIES, start=1)
           for q, p in enumerate(h) if p is not None]
    # every person has a KSZ row in each quarter of its registration spells
    known = {(i, q) for i, q, _ in ksz}
    ksz += [(i, q, "jobseeker_no_benefit") for i, spells in enumerate(SPELLS, start=1)
            for s, e in spells for q in range(s, (WE if e is None else e) + 1)
            if (i, q) not in known]
    reg = [(i, s, e) for i, spells in enumerate(SPELLS, start=1) for s, e in spells]
    persons = list(range(1, len(HISTORIES) + 1))
    return _write_registers(write_to, persons, sorted(ksz), reg, write=write_to is not None)


@pytest.mark.parametrize("spec", [PanelSpec(window=Window(0, WE)),
                                  PanelSpec(window=Window(0, WE), stable_quarters=1),
                                  PanelSpec(window=Window(0, WE), stable_quarters=5,
                                            chunk_persons=2)])
def test_parquet_and_in_memory_panels_agree_on_the_property_tests_edge_cases(tmp_path, spec):
    folder = tmp_path / "data"
    frames = _registers(folder)
    res = build_panel(folder, spec, validate=False, out=tmp_path / "panel.parquet")
    ref = pd.read_parquet(res.path)
    got, log = panel_from_registers(frames, spec, validate=False, with_persons=False)
    assert_frame_equal(got, ref, check_exact=True)
    assert_frame_equal(log, res.exclusions, check_exact=True)
    # the edge cases are in the panel: stable starts and registered quarters of every kind
    assert ref["stable_job_start"].any() and ref["registered"].any()
    assert set(ref.loc[ref["registered"], "person_id"]) == set(range(1, len(SPELLS) + 1))
