"""prose39: reader-visible defects found by new-reader reviews.

1. Glued plain text showed literal backticks in the built book: ``{glue:text}`` pastes a glued
   string as text, so a Markdown code span in it ("`result.support()` lists every case in its
   `not_identified` column", "(`job.end_non_eu` +0.40)") printed its backticks in chapters 1-5
   and Appendices A and C. The package's page sentences now write such names plainly; every
   chapter run of the tests checks its pasted texts (``nbrun.literal_backticks``), and the
   static scan below reads every sentence the package can build, whatever branch a run takes.
"""

from __future__ import annotations

import ast
import copy
import re
from pathlib import Path

import pandas as pd
import pytest

from mia_helpers import claims

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "mia_helpers"
#: a Markdown code span's backtick (a double backtick is reStructuredText in a docstring)
SINGLE_TICK = re.compile(r"(?<!`)`(?!`)")
#: functions (module file, function; "<module>" for module level) whose strings reach the
#: terminal or a log, never a page: there a backtick marks a command or a mapping key
TERMINAL = {
    ("chapters.py", "check_extract_window"),  # ValueError text built in parts
    ("chapters.py", "_recorded_window"),  # where a window came from, for that error
    ("data.py", "ksz_gap_warning"),  # printed by the panel and adapt commands
    ("data.py", "ksz_beyond_window_warning"),
    ("data.py", "before_window_warning"),
    ("export_check.py", "_scan_file"),  # export-check findings, printed by its command
    ("files.py", "registers_in_other_formats"),  # part of a DataFileError
    ("montecarlo.py", "_damaged"),  # part of an error on the shipped results
    ("montecarlo.py", "main"),  # the montecarlo command's messages
    ("montecarlo.py", "_regenerate_advice"),  # part of the montecarlo command's messages
    ("schemas.py", "<module>"),  # WHAT_TO_DO: the validation errors' last part
    ("stepwise.py", "_remedy"),  # the skipped-step warning's remedy
    ("disclosure_vocabulary.py", "<module>"),  # a regular expression's character class
    ("matching.py", "<module>"),  # a property's docstring (property(doc=...))
}
_SKIPPED_CALLS = ("Error", "Exception", "Warning")
_REGEX_CALLS = {"warn", "compile", "match", "search", "sub", "fullmatch", "findall",
                "finditer", "split"}


def _ticked_strings(path: Path) -> list[tuple[int, str, str]]:
    """(line, enclosing function, text) of the string constants of ``path`` with a single
    backtick, outside docstrings, ``raise`` statements, exception and warning calls and
    regular-expression calls."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    parents: dict[int, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[id(child)] = node
        body = getattr(node, "body", None)
        if (isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                and body and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)):
            skip.add(id(body[0].value))
        sub = None
        if isinstance(node, ast.Raise):
            sub = node
        elif isinstance(node, ast.Call):
            f = node.func
            name = (f.attr if isinstance(f, ast.Attribute) else
                    f.id if isinstance(f, ast.Name) else "")
            if name.endswith(_SKIPPED_CALLS) or name in _REGEX_CALLS:
                sub = node
        if sub is not None:
            skip.update(id(n) for n in ast.walk(sub))
    out = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and id(node) not in skip and SINGLE_TICK.search(node.value)):
            continue
        owner, p = "<module>", node
        while id(p) in parents:
            p = parents[id(p)]
            if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef)):
                owner = p.name
                break
        out.append((node.lineno, owner, node.value))
    return out


def test_no_page_sentence_of_the_package_holds_a_code_span():
    """Every string the package's modules can glue into a page (all but errors, warnings,
    regular expressions, docstrings and the terminal-only functions of :data:`TERMINAL`) is
    free of Markdown backticks, which ``{glue:text}`` would show literally."""
    hits = [f"{p.name}:{line} {owner}: {text[:80]!r}"
            for p in sorted(PACKAGE.glob("*.py"))
            for line, owner, text in _ticked_strings(p)
            if (p.name, owner) not in TERMINAL]
    assert not hits, "\n".join(hits)


def test_the_scan_sees_a_backtick_in_a_sentence(tmp_path):
    """The scan finds a code span in a returned sentence, and leaves an error's alone."""
    f = tmp_path / "m.py"
    f.write_text('def s(x):\n    """Doc with `x`."""\n    if x:\n'
                 '        raise ValueError("use `x`")\n    return f"see `{x}` here"\n')
    assert [(owner, text) for _, owner, text in _ticked_strings(f)] == [("s", "see `"), ("s", "` here")]


def test_every_terminal_exemption_still_names_a_ticked_function():
    """An exemption whose function no longer holds a backtick is dropped, so the list does not
    grow stale and later cover a page sentence of the same name."""
    found = {(p.name, owner) for p in PACKAGE.glob("*.py") for _, owner, _ in _ticked_strings(p)}
    assert TERMINAL <= found, sorted(TERMINAL - found)


def _params(**changes: float) -> dict:
    """The default generator's parameters (as ``truth/parameters.json`` holds them) with
    ``section__key=value`` changes in ``config``."""
    from mia_helpers.synthetic.config import GeneratorConfig

    p = {"config": copy.deepcopy(GeneratorConfig().to_dict())}
    for k, v in changes.items():
        section, key = k.split("__")
        p["config"][section][key] = v
    return p


@pytest.mark.parametrize("end_non_eu", [None, 0.4, 0.0, -0.3])
def test_generator_sentences_read_without_backticks(end_non_eu):
    """The sentences that name generator parameters (chapters 1-4), on the default generator
    and with its job-end term changed: "(job.end_non_eu = +0.40)", not "(`job.end_non_eu`
    +0.40)"."""
    params = _params() if end_non_eu is None else _params(job__end_non_eu=end_non_eu)
    texts = [*claims.job_end_words(params).values(),
             claims.stable_length_why(params, 8, 4), claims.sex_terms_words(params),
             claims.basic_training_origin_words(params), claims.selection_clause(params),
             claims.stable_further_sentence(0.3, 0.5, True,
                                            params["config"]["job"]["end_non_eu"])]
    cells = ["belgian:native", "southern_eu:second", "maghreb:second"]
    texts += list(claims.inflow_generator_claims(
        params, cells, ["workplace_learning_ibo", "training_vocational"]).values())
    ticked = [t for t in texts if "`" in str(t)]
    assert not ticked, ticked
    if end_non_eu is None:
        assert "(job.end_non_eu = +0.40)" in claims.job_end_words(params)[
            "panel_job_end_sentence"]


def test_run_sentences_name_parameters_and_listings_plainly():
    """Sentences on what a run estimated and where a listing is: the names stand plain."""
    support = pd.DataFrame({"measure": ["ibo"], "duration": [0], "n_treated": [30],
                            "n_matched": [30], "not_identified": [2]})
    texts = [claims.unidentified_logits_sentence(support, matching_cell="the cell above"),
             claims.measure_skipped_sentence(["workplace_learning_ibo"], {}, 0.2),
             claims.newcomer_step_claims(["inburgering", "mo", "nt2"], skipped=["mo"],
                                         caliper=0.2)["nc_skipped_sentence"],
             claims.bootstrap_beside_sentence(0.95, 0),
             claims.bootstrap_beside_sentence(0.95, 0, study="newcomers")]
    assert not [t for t in texts if "`" in t], texts
    assert "Every case is listed in the not_identified column of result.support();" in texts[0]


def test_nbrun_finds_a_backtick_pasted_by_glue_text():
    """The check every chapter run of the tests makes (``nbrun._execute_and_check``)."""
    from nbrun import literal_backticks

    def nb(value: str) -> dict:
        return {"cells": [
            {"cell_type": "code", "source": "", "outputs": [{
                "metadata": {"scrapbook": {"name": "s"}},
                "data": {"application/papermill.record/text/plain": repr(value)}}]},
            {"cell_type": "markdown", "source": "Read {glue:text}`s`."}]}
    assert literal_backticks(nb("`x` lists")) == [("s", "`x` lists")]
    assert literal_backticks(nb("x lists")) == []


# 2 and 4: chapter 5's reading of the matched curves (claims.newcomer_claims)
QUARTERS = [4, 5, 6, 7, 8]


def _newcomer_claims(curves: dict, scope: dict, truth: bool = True) -> dict:
    """``newcomer_claims`` on step -> (naive, matched, truth) at quarters 4-8 (pp), 300
    matched starters each, with ``scope`` (step -> share dropped, %) as the chapter's
    :func:`claims.truth_scope` of its support table."""
    from newcomer_claims_inputs import newcomer_inputs

    rows = [{"measure": step, "estimand": "now_vs_later", "estimator": est,
             "quarter_since_start": q, "att_pp": v, "ci_low": v - 2, "ci_high": v + 2,
             "se": 1.0, "n_treated": 300, **({"true_att_pp": t} if truth else {})}
            for step, (naive, matched, t) in curves.items()
            for est, v in (("naive", naive), ("matched", matched)) for q in QUARTERS]
    share = claims.ScopeShares(scope)
    share.published, share.hidden = {**scope, "nt2": 2.8}, False
    steps, feeder, comp = newcomer_inputs()
    return claims.newcomer_claims(pd.DataFrame(rows), steps, feeder, comp, "now_vs_later",
                                  min_cell=10, scope=share)


#: the default run's means over quarters 4-8 (prose39's run, seed 2005): contract and MO with
#: 23.4 % and 41.1 % of their starters without a twin, NT2 with 2.8 %
DEFAULT_CURVES = {"inburgering": (0.2, 2.3, 1.0), "mo": (-1.0, -0.8, -0.8),
                  "nt2": (-1.5, 1.4, 0.5)}
DEFAULT_SCOPE = {"inburgering": 23.4, "mo": 41.1}


def test_chapter_5_gives_the_dropped_shares_reasoning_once():
    """The shares dropped, the other steps' shares and the rule that judges them are said once,
    in the truth-scope sentence (its place: the rule is about the truth); the results
    paragraph before it refers to it, and the summary gives the shares alone (prose39: all
    three printed the shares and the rule in full)."""
    from mia_helpers.labels import in_prose

    c = _newcomer_claims(DEFAULT_CURVES, DEFAULT_SCOPE)
    scope = claims.ScopeShares(DEFAULT_SCOPE)
    scope.published, scope.hidden = {**DEFAULT_SCOPE, "nt2": 2.8}, False
    # the chapter's nc_truth_scope, as its notebook glues it
    scope_sentence = claims.truth_scope_sentence(scope, where="", unit="step")
    rule = claims.scope_rule_words()
    texts = {"nc_naive_sentence": c["nc_naive_sentence"], "nc_truth_scope": scope_sentence,
             "nc_naive_summary": c["nc_naive_summary"]}
    assert [k for k, t in texts.items() if rule in t] == ["nc_truth_scope"], texts
    assert [k for k, t in texts.items() if "against 2.8 per cent" in t] == ["nc_truth_scope"]
    assert "23.4 per cent" not in c["nc_naive_sentence"], c["nc_naive_sentence"]
    assert ("are given below, with the truth" in c["nc_naive_sentence"]
            and "is not read as weaker or stronger profiles" in c["nc_naive_sentence"])
    summary = in_prose(c["nc_naive_summary"])  # as the chapter's glue pastes it
    assert ("with 23.4 per cent of the starters of inburgering contract and 41.1 per cent of "
            "those of MO (social orientation) dropped for lack of a statistical twin, the "
            "matched curve speaks for fewer") in summary, summary
    assert "against the truth" not in summary, summary


def test_without_a_truth_the_results_paragraph_keeps_the_reasoning():
    """A real extract has no truth-scope sentence: the results paragraph keeps the shares and
    their rule, the summary the shares."""
    c = _newcomer_claims(DEFAULT_CURVES, DEFAULT_SCOPE, truth=False)
    assert claims.scope_rule_words() in c["nc_naive_sentence"]
    assert "23.4 per cent" in c["nc_naive_summary"]
    assert claims.scope_rule_words() not in c["nc_naive_summary"]


@pytest.mark.parametrize("curves, lead", [
    ({"nt2": (-1.5, 1.4, 0.5)}, "the matched curve described lies,"),
    (DEFAULT_CURVES, "the matched curves described lie,"),
])
def test_chapter_5_truth_lead_follows_the_number_of_curves(curves, lead):
    """"each matched curve described lies" read oddly beside one curve (prose39): the lead
    is worded for the number of curves the gap sentence after it describes."""
    c = _newcomer_claims(curves, {})
    assert c["nc_truth_lead"] == (f"Against the truth of the estimand drawn, {lead} on average "
                                  "over those quarters:"), c["nc_truth_lead"]
    n = c["nc_truth_gap_sentence"].count(" points ") + c["nc_truth_gap_sentence"].count(
        "on the truth")
    assert n == len(curves), c["nc_truth_gap_sentence"]


def test_truth_lead_for_no_curve_and_without_a_truth():
    # no curve: no average to speak of (seed40 read "..., on average over those quarters: no
    # step's matched estimate can be set against it")
    assert claims.truth_lead_words(0) == "Against the truth of the estimand drawn:"
    assert claims.truth_lead_words(3, truth=False) == ("The matched curves cannot be held "
                                                       "against a truth:")
    with pytest.raises(ValueError, match="n_curves"):
        claims.truth_lead_words(-1)


def test_chapter_5_glues_the_truth_lead_once():
    """The lead comes from newcomer_claims only (two glues of one name would leave the book's
    choice between them to myst-nb)."""
    assert "nc_truth_lead" not in claims.newcomer_truth_words(True)
    assert "nc_truth_lead" not in claims.newcomer_truth_words(False)


# 3: Appendix A's outcome formula
APPENDIX_A = ROOT / "notebooks" / "A_matching_method.md"


def test_appendix_a_display_maths_types_no_number_in_words():
    """Display maths cannot be glued, so a number in its words ("a stable job (at least 4
    quarters)", prose39) is a symbol defined in the prose, with its value glued there."""
    text = APPENDIX_A.read_text(encoding="utf-8")
    blocks = re.findall(r"^\$\$\n(.*?)^\$\$", text, re.S | re.M)
    assert blocks, "no display maths found in Appendix A"
    typed = [b for b in blocks if re.search(r"\\text\{[^}]*\d", b)]
    assert not typed, typed
    assert r"\text{a stable job (at least } d \text{ quarters)" in text
    assert "$d$ = {glue:text}`a_stable_quarters`" in text
    assert "t + k + d - 1 \\leq T_{\\text{end}}" in text and "k + 4 - 1" not in text
    assert 'glue("a_stable_quarters", STABLE_JOB_QUARTERS' in text


def test_the_glued_stable_length_is_the_one_the_estimation_uses():
    """``a_stable_quarters`` (``chapters.STABLE_JOB_QUARTERS``) is the panel's default and the
    matching's, which decide the outcome and when a horizon is observed."""
    import dataclasses

    from mia_helpers.chapters import STABLE_JOB_QUARTERS
    from mia_helpers.matching import TreatmentSpec
    from mia_helpers.panel import PanelSpec

    default = {f.name: f.default for f in dataclasses.fields(TreatmentSpec)}["stable_quarters"]
    assert STABLE_JOB_QUARTERS == PanelSpec().stable_quarters == default


# 5: chapter 6's findings at min_cell 25 (tests' small data: 3,000 residents, 1,500 newcomers)
def test_chapter_6_says_as_in_the_chapters_own_table_once_per_finding():
    """Both IBO rows, their relative effect and their count hidden by their chapters' tables,
    read "not shown (relative effect hidden, as in the chapter's own table; persons hidden by
    disclosure control, as in the chapter's own table)" in the table and the prose."""
    from mia_helpers import conclusions as cc

    rows = {f.key: {"estimate": 30.0, "ci_low": 18.5, "ci_high": 43.0, "n_persons": 100,
                    "truth": 17.0} for f in cc.STUDY_FINDINGS}
    for key in ("ibo_residents_q5", "ibo_newcomers_q4"):
        rows[key].update(relative_hidden=True, persons_hidden=True)
    table = cc.findings_table(rows, synthetic=True, min_cell=25)
    texts = cc.glue_texts(table)
    for key in ("ibo_residents_q5", "ibo_newcomers_q4"):
        assert texts[key] == ("not shown (relative effect hidden and persons hidden by "
                              "disclosure control, both as in the chapter's own table)"), texts
    numbers, _ = cc.findings_display(table, 0.95, 25)
    cells = numbers.astype(str).to_numpy().ravel().tolist()
    assert [c for c in cells if c.count("own table") > 1] == [], cells
    assert numbers.set_index("finding")["persons"].str.fullmatch("x").sum() == 2


def test_own_table_once_merges_every_such_part_and_keeps_the_others():
    from mia_helpers import conclusions as cc

    assert cc.own_table_once(cc.PERSONS_HIDDEN) == cc.PERSONS_HIDDEN
    assert cc.own_table_once(f"interval: x; {cc.PERSONS_HIDDEN}") == (
        f"interval: x; {cc.PERSONS_HIDDEN}")
    three = cc.own_table_once("; ".join([cc.RELATIVE_HIDDEN, cc.NOT_POINT_IDENTIFIED,
                                         "other", cc.PERSONS_HIDDEN]))
    assert three == ("relative effect hidden, not point-identified: only worst-case bounds and "
                     "persons hidden by disclosure control, all as in the chapter's own table; "
                     "other")
