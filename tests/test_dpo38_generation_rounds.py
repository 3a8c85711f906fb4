"""``competing._generations_withheld`` ran at most ``len(t) + 1`` rounds (``t``: the RRR
table's cells), each withholding one more origin or generation of an outcome, and returned
without a record when they ran out (dpo38). An outcome of few cells can need more rounds
than it has cells: origins its own origin groups need (``_own_total_withheld``), then its
generations, then the Belgian origin, before the round that records what stays narrowed.
Run out, the loop left such cells narrowed without listing them, so ``export-check`` passed
shares a reader could narrow. The narrowing is forced here (the composition check is stubbed
to leave the Turkish first generation's cell narrowed every round, and the own-total check to
name two origins), the rounds are the function's own: one outcome of three cells needs five,
and the old bound of four returned with no record."""

from __future__ import annotations

import numpy as np
from frames import ibo_inflows

from mia_helpers import competing as cr
from mia_helpers import disclosure

MIN_CELL = 10
NAME = "inflow cell rrr against the composition's generation markers"


def test_the_rounds_do_not_run_out_before_the_record(monkeypatch):
    d = ibo_inflows({"belgian:native": 100, "turkish:first": 30,
                     "maghreb:intermediate": 30, "subsaharan:second": 30})
    t = cr._cell_persons(d)
    assert len(t) == 3  # the natives are the reference: no cell of their own
    first = int(np.flatnonzero(t[cr.KEY].astype(str).to_numpy() == "turkish:first")[0])
    real = cr._suppress_cells
    rounds = []

    def narrowed(table, min_cell, composition, name, record, zeros=None):
        prot, _ = real(table, min_cell, composition, name, record, zeros)
        rounds.append(1)
        return prot, [first]  # the cell stays narrowed whatever is withheld

    own = [("ibo", "maghreb"), ("ibo", "subsaharan")]
    monkeypatch.setattr(cr, "_suppress_cells", narrowed)
    monkeypatch.setattr(cr, "_own_total_withheld", lambda *a, **k: own.pop(0) if own else None)
    disclosure.reset_record()
    cr.profile_table(d, ("origin", "generation"), MIN_CELL, withhold={})
    assert len(rounds) > len(t) + 1  # more rounds than the old bound
    rec = disclosure.checking_record().set_index("output")
    assert NAME in rec.index, list(rec.index)
    assert "turkish:first" in str(rec.loc[NAME, "narrowed"]), rec.loc[NAME]
