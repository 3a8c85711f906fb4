"""``KHBNotIdentifiedError.reason`` is the reason the tables and prose print (bib47).

The exception carried a ``reason`` of its own wording ('term "Dutch level: No Dutch" not
identified (no events where it is 1)') that no caller used, beside ``in_words`` ('term Dutch
level: No Dutch cannot be identified (...)'), which :func:`mia_helpers.khb.khb`'s flagged
result (``KHBResult.note``, :func:`mia_helpers.khb.share_table`'s ``note``) and chapter 2's
by-sex cells print with a separation's direction withheld. A user who catches the error and
prints ``err.reason`` got the direction the note withholds (dpo25: "no events where it is 1"
says each of an unknown, possibly small, number of persons never entered). Now ``reason`` is
the note's text after "not decomposable: ", the flagged result's note is built from it, and
the by-sex cells use it.

Data: hand-made grouped person-periods of ``tests/test_khb.py`` (a control with no events
where it is 1); no tolerance (text only).
"""

from __future__ import annotations

import pytest
from test_khb import _separated

from mia_helpers import core
from mia_helpers.khb import KHBNotIdentifiedError, khb, not_decomposable_note, share_table


def test_the_errors_reason_is_the_flagged_results_note():
    g, _ = _separated()
    with pytest.warns(core.NotIdentifiedWarning), pytest.raises(KHBNotIdentifiedError) as caught:
        khb(g, "x", {"language": ["d"]})
    err = caught.value
    with pytest.warns(core.NotIdentifiedWarning):
        flagged = khb(g, "x", {"language": ["d"]}, not_identified="flag")
    assert flagged.note == "not decomposable: " + err.reason == not_decomposable_note(err)
    assert share_table({"job": flagged}).loc[0, "note"] == flagged.note
    # the raw detail stays on the exception, not in its reason
    assert "no events where it is 1" in err.not_identified["d"]
    assert "no events" not in err.reason and "'d'" not in err.reason
    assert err.reason.startswith("term ") and "cannot be identified" in err.reason


def test_the_by_sex_cells_print_the_errors_reason(monkeypatch):
    from fit_by_sex_refusal import fit_by_sex_refused

    out, _ = fit_by_sex_refused(monkeypatch, "no events where it is 1", "stable")
    why = out["female"]["not_decomposed"]["stable"]
    err = KHBNotIdentifiedError({"dutch_level[none]": "no events where it is 1"}, ["g"])
    assert why == err.reason
    assert "no events" not in why
