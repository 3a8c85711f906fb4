"""prose32, seed 2727 (4,000 residents, min_cell 14, window from 2005Q3): chapter 2's summary
named Eastern EU (second generation)'s lead over the natives twice in one sentence: "though
the first-job curve of Eastern EU (second generation) lies above the natives' ...; for a
stable job, ...; above the natives lies Eastern EU (second generation), read at quarter 4,
for any job, ...". The second clause no longer names a group the first names, unless it
adds an event the first does not give."""
from mia_helpers import claims

EAST, MAGHREB = "eastern_eu:second", "maghreb:second"
AT = {EAST: 4, MAGHREB: 12}


def _summary(ahead: dict, below: int = 8, n: int = 8, not_slower: tuple = ()) -> str:
    args = (below, n, list(not_slower), [g for g, e in ahead.items() if "job" in e])
    return (claims.entry_summary_sentence(*args) + "; for a stable job, "
            + claims.km_widen_sentence(5, [MAGHREB], 2, at=AT, ahead=ahead,
                                       named_before=claims.entry_summary_ahead(*args)))


def test_lead_named_once() -> None:
    s = _summary({EAST: ["job"]})
    assert s.count("Eastern EU (second generation)") == 1, s
    assert "first-job curve of Eastern EU (second generation) lies above the natives'" in s, s
    assert "; the first-job lead named before is not read as a gap that widens or narrows;" \
        in s, s
    assert "behind the natives for both events" in s, s


def test_lead_named_again_where_the_clause_adds_an_event() -> None:
    s = _summary({EAST: ["job", "stable"]})
    assert s.count("Eastern EU (second generation)") == 2, s
    assert "for any job and a stable job, so its gap is not read" in s, s


def test_lead_named_where_the_first_clause_does_not_name_it() -> None:
    # not every group lower: the entry summary counts and names no group above the natives
    assert claims.entry_summary_ahead(7, 8, [], [EAST]) == []
    s = _summary({EAST: ["job"]}, below=7)
    assert "above the natives lies Eastern EU (second generation), read at quarter 4" in s, s
    # named by M0 as no slower: the first clause gives no curve, so the second names it
    assert claims.entry_summary_ahead(8, 8, [EAST], [EAST]) == []
    s = _summary({EAST: ["job"]}, not_slower=(EAST,))
    assert "above the natives lies Eastern EU (second generation)" in s, s


def test_two_leads_named_before() -> None:
    other = "southern_eu:second"
    ahead = {EAST: ["job"], other: ["job"]}
    s = (claims.entry_summary_sentence(8, 8, [], list(ahead)) + "; "
         + claims.km_widen_sentence(5, [MAGHREB], 0, at={**AT, other: 6}, ahead=ahead,
                                    named_before=claims.entry_summary_ahead(8, 8, [], list(ahead))))
    assert s.count("Eastern EU (second generation)") == 1, s
    assert "the first-job leads named before are not read as gaps that widen or narrow" in s, s
