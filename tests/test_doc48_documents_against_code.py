"""doc48: values and names the design document, the glossary, the disclosure page and the
README state are the code's.

Each test reads the value from the code and from the document's own sentence, so that a
change to either side that leaves the other behind fails here:

- design section 2.3 lists the columns of the two truth files (doc48: ``group`` was missing);
- design section 7 names every module of the package (doc48: twenty were missing, among
  them ``claims``, ``stream`` and ``montecarlo_confirmation``);
- design section 3 states the plausible ranges of ``implausible_value`` in numbers, which
  ``mia_helpers.schemas`` holds as constants;
- the positivity floor and the weight cap written in the documents are
  ``effects._IPCW_FLOOR`` and its inverse;
- the disclosure page's (n,k), p-ratio and degrees-of-freedom thresholds and the default
  ``min_cell`` are ``mia_helpers.disclosure``'s defaults;
- the glossary's residence grounds are the codes of ``codes.RESIDENCE_GROUNDS`` (doc48: it
  named an "other" ground the registers refuse);
- every literal default the README's command table writes (``[--k 3]``, ``[--min-cell 10]``)
  is the parser's default;
- the default synthetic data set (seed, residents, newcomers) the design and the README
  state is ``synth``'s default and the Makefile's;
- the README's statement of issue 14's criteria (2 Monte Carlo SE, the band, the quarters)
  is ``montecarlo_confirmation.issue14_criteria``'s.
"""
from __future__ import annotations

import argparse
import inspect
import re
from pathlib import Path

import pandas as pd

import mia_helpers

ROOT = Path(__file__).resolve().parents[1]
DESIGN = ROOT / "book" / "design.md"
GLOSSARY = ROOT / "book" / "glossary.md"
DISCLOSURE = ROOT / "book" / "disclosure.md"
README = ROOT / "README.md"


def _flat(path: Path) -> str:
    """The page's text with every run of white space as one space."""
    return " ".join(path.read_text(encoding="utf-8").split())


def _section(text: str, head: str, next_head: str) -> str:
    """The part of ``text`` from ``head`` to ``next_head`` (a clear error when the heading is
    gone, so that a renamed section is not read as an empty one)."""
    assert head in text, f"book/design.md has no heading {head!r}: update this test"
    return text.split(head, 1)[1].split(next_head, 1)[0]


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def test_design_lists_the_columns_of_the_truth_files(small_data):
    section = _section(_flat(DESIGN), "### 2.3 The synthetic generator and its truth",
                       "### 2.4")
    m = re.search(r"`truth/activation_effects\.parquet` \(([^)]*)\)", section)
    assert m, "design 2.3 no longer lists the columns of truth/activation_effects.parquet"
    written = [re.sub(r"\s+\d+-\d+$", "", c.strip()) for c in m.group(1).split(",")]
    activation = pd.read_parquet(small_data / "truth" / "activation_effects.parquet")
    newcomer = pd.read_parquet(small_data / "truth" / "newcomer_effects.parquet")
    assert written == list(activation.columns)
    # "the same with `treatment` ... in place of `measure`"
    assert "`treatment` in inburgering, mo, nt2 in place of `measure`" in section
    assert [("treatment" if c == "measure" else c) for c in written] == list(newcomer.columns)
    assert sorted(newcomer["treatment"].unique()) == ["inburgering", "mo", "nt2"]
    # "quarter_since_start 1-12"
    span = re.search(r"quarter_since_start (\d+)-(\d+)", section)
    assert (int(span.group(1)), int(span.group(2))) == (
        int(activation["quarter_since_start"].min()), int(activation["quarter_since_start"].max()))


def _package_modules() -> set[str]:
    """Top-level modules and subpackages of ``mia_helpers`` (not ``__init__``/``__main__``)."""
    pkg = Path(mia_helpers.__file__).parent
    files = {p.stem for p in pkg.glob("*.py") if p.stem not in {"__init__", "__main__"}}
    packages = {p.name for p in pkg.iterdir() if (p / "__init__.py").exists()}
    return files | packages


def test_design_section_7_names_every_module():
    section = _section(_flat(DESIGN), "## 7. Package conventions", "- Results are tidy")
    named = {n.rstrip("/").rsplit(".", 1)[-1] for n in re.findall(r"`([\w./]+)`", section)}
    missing = sorted(_package_modules() - named)
    assert not missing, (f"book/design.md section 7 does not name the modules {missing}: "
                         "say what each is for")


def test_design_states_the_plausible_ranges_of_the_schemas():
    from mia_helpers import schemas

    section = _section(_flat(DESIGN), "## 3. Panel construction and input contract",
                       "(design-estimands)=")
    years = re.search(r"a birth year more than (\d+) years before the window or after it, "
                      r"a quarter more than (\d+) years from the window", section)
    age = re.search(r"leaving school before age (\d+)", section)
    children = re.search(r"children outside (\d+)\.\.(\d+)", section)
    fte = re.search(r"an FTE fraction outside \[(\d+), (\d+)\]", section)
    assert years and age and children and fte, "design section 3's ranges are no longer read"
    assert int(years.group(1)) == int(years.group(2)) == schemas.LIFETIME_YEARS
    assert int(age.group(1)) == schemas.MIN_SCHOOL_LEAVING_AGE
    assert (int(children.group(1)), int(children.group(2))) == (0, schemas.MAX_CHILDREN)
    r = schemas.plausible_ranges("ksz_positions")["fte_fraction"]
    assert (float(fte.group(1)), float(fte.group(2))) == (r.low, r.high)


def test_the_positivity_floor_and_the_weight_cap_are_the_estimator_s():
    from mia_helpers.effects import _IPCW_FLOOR

    floors, caps = [], []
    for page in (DESIGN, GLOSSARY, README):
        text = _flat(page)
        floors += [(page.name, float(x)) for x in re.findall(
            r"probability (?:of not having started by k - 1 is )?below (0\.\d+)", text)]
        caps += [(page.name, _number(x)) for x in re.findall(r"the cap of (\d[\d,]*)", text)]
    assert {p for p, _ in floors} == {"design.md", "glossary.md", "README.md"}, floors
    assert {p for p, _ in caps} >= {"design.md", "README.md"}, caps
    assert all(v == _IPCW_FLOOR for _, v in floors), floors
    assert all(v == 1 / _IPCW_FLOOR for _, v in caps), caps


def test_the_disclosure_page_states_the_package_s_thresholds():
    from mia_helpers import disclosure as d

    text = _flat(DISCLOSURE)
    assert f"`nk_n` = {d.DEFAULT_NK_N} largest contributors" in text
    assert f"more than `nk_k` = {d.DEFAULT_NK_K:g} of the cell total" in text
    assert f"< pratio_p` = {d.DEFAULT_PRATIO_P:g}" in text
    dof = re.search(r"residual degrees of freedom \(observations minus estimated parameters\) "
                    r"are below (\d+)", text)
    assert dof and int(dof.group(1)) == d.DEFAULT_DOF_THRESHOLD
    assert f"`min_cell` of every chapter (default {d.DEFAULT_MIN_CELL})" in text
    design = _flat(DESIGN)
    assert f"`min_cell` (default {d.DEFAULT_MIN_CELL})" in design


def test_the_glossary_s_residence_grounds_are_the_codes():
    from mia_helpers.codes import RESIDENCE_GROUNDS

    text = _flat(GLOSSARY)
    entry = text.split("residence ground The legal ground", 1)[1].split(" risk set ", 1)[0]
    written = re.search(r"\(the codes ([^)]*) of `codes\.RESIDENCE_GROUNDS`\)", entry)
    assert written, "the glossary's residence-ground entry no longer names its codes"
    assert sorted(re.findall(r"`(\w+)`", written.group(1))) == sorted(RESIDENCE_GROUNDS)
    assert ", other" not in entry, "the registers have no 'other' residence ground"


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    from mia_helpers.cli import build_parser

    parser = build_parser()
    subs = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return subs.choices


#: a literal option value in the README (a number, a quarter label, a memory size), not a
#: placeholder such as ``F``, ``Q`` or ``FILE``
LITERAL = re.compile(r"^(?:\d+(?:\.\d+)?|\d{4}Q[1-4]|\d+[KMG]i?B)$")


def _readme_defaults() -> list[tuple[str, str, str]]:
    rows = [line for line in README.read_text(encoding="utf-8").splitlines()
            if line.startswith("| `python -m mia_helpers ")]
    out = []
    for row in rows:
        cmd = row.split("`")[1]
        name = cmd.split()[3]
        out += [(name, opt, value) for opt, value in re.findall(r"\[(--[\w-]+) ([^\]\s]+)\]", cmd)
                if LITERAL.match(value)]
    return out


def test_the_readme_s_command_table_writes_the_parsers_defaults():
    found = _readme_defaults()
    assert {(n, o) for n, o, _ in found} >= {("effects", "--k"), ("effects", "--caliper"),
                                             ("panel", "--stable-quarters"),
                                             ("export-check", "--min-cell")}, found
    subs = _subparsers()
    wrong = []
    for name, opt, value in found:
        action = next(a for a in subs[name]._actions if opt in a.option_strings)
        default = action.default
        ok = (default is not None and str(default) == value) or (
            default is None and f"default {value}" in (action.help or ""))
        if not ok:
            wrong.append(f"{name} {opt}: README {value}, parser {default!r}")
    assert not wrong, "\n".join(wrong)


def test_the_default_data_set_is_synth_s_and_the_makefile_s():
    synth = _subparsers()["synth"]
    default = {o: a.default for a in synth._actions for o in a.option_strings}
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    made = {k: int(re.search(rf"^{k} := (\d+)$", make, re.M).group(1))
            for k in ("SEED", "RESIDENTS", "NEWCOMERS")}
    assert made == {"SEED": default["--seed"], "RESIDENTS": default["--residents"],
                    "NEWCOMERS": default["--newcomers"]}
    for page in (DESIGN, README):
        m = re.search(r"seed (\d+), (\d[\d,]*) residents, (\d[\d,]*) newcomers", _flat(page))
        assert m, f"{page.name} no longer states the default data set"
        assert (int(m.group(1)), _number(m.group(2)), _number(m.group(3))) == (
            default["--seed"], default["--residents"], default["--newcomers"]), page.name


def test_the_readme_states_issue_14_s_criteria_as_the_code_reads_them():
    from mia_helpers.montecarlo_confirmation import ISSUE14_QUARTERS, issue14_criteria

    params = inspect.signature(issue14_criteria).parameters
    n_se, (lo, hi) = params["n_se"].default, params["band"].default
    first, last = ISSUE14_QUARTERS
    text = _flat(README)
    assert (f"bias within {n_se:g} Monte Carlo SE and coverage of the book's 95 % intervals in "
            f"[{lo:.2f}, {hi:.2f}] at quarters {first}-{last}") in text


def test_the_glossary_s_caliper_default_is_the_chapters_and_the_command_s():
    from mia_helpers.chapters import read_parameters, resolve_chapter

    cal = re.search(r"parameter `caliper`, default (\d+(?:\.\d+)?)", _flat(GLOSSARY))
    assert cal, "the glossary no longer writes the caliper's default"
    effects = {o: a.default for a in _subparsers()["effects"]._actions for o in a.option_strings}
    assert float(cal.group(1)) == effects["--caliper"]
    for chapter in ("activation_effects", "newcomer_integration"):
        params = read_parameters(resolve_chapter(chapter)[1])
        assert params["caliper"].default == float(cal.group(1)), chapter


def test_the_disclosure_page_s_table_of_shared_parameters_is_export_check_s():
    """The table under "parameters that must agree" lists every parameter ``export-check``
    compares across the runs on one extract, and the values Appendix A fixes are its
    ``FIXED_SETTINGS``."""
    from mia_helpers.chapters import FIXED_SETTINGS
    from mia_helpers.export_check import EXTRACT_PARAMETERS, SHARED_PARAMETERS

    lines = DISCLOSURE.read_text(encoding="utf-8").splitlines()
    head = lines.index("| parameter | compared between | what differs between two values |")
    rows = []
    for line in lines[head + 2:]:
        if not line.startswith("|"):
            break
        rows.append([c.strip() for c in line.strip("|").split("|")])
    listed = {n for r in rows for n in re.findall(r"`(\w+)`", r[0])}
    assert listed == set(SHARED_PARAMETERS) | set(EXTRACT_PARAMETERS)
    fixed = FIXED_SETTINGS["matching_method"]
    checked = set()
    for names, between, _ in rows:
        at = re.search(r"Appendix A at ([^;|]+)$", between)
        if not at:
            continue
        values = re.findall(r"`?([\w.]+)`?", at.group(1).replace(" and ", " "))
        keys = re.findall(r"`(\w+)`", names)
        assert len(values) == len(keys), (names, between)
        for key, value in zip(keys, values, strict=True):
            assert str(fixed[key]) == value, (key, value, fixed[key])
            checked.add(key)
    assert checked == set(fixed), checked


def test_every_chapter_but_appendix_c_takes_data_dir():
    """Design section 1 says every chapter's parameters cell has ``data_dir`` except
    Appendix C's (public data; the design said every chapter's until doc48)."""
    from mia_helpers.chapters import CHAPTERS, read_parameters, resolve_chapter

    assert "`min_cell`, and `data_dir` except in Appendix C" in _flat(DESIGN)
    takes = {c: "data_dir" in read_parameters(resolve_chapter(c)[1]) for c in CHAPTERS}
    assert {c for c, t in takes.items() if not t} == {"heart_transplant"}, takes
    assert all("min_cell" in read_parameters(resolve_chapter(c)[1]) for c in CHAPTERS)


def test_the_readme_s_bootstrap_beside_the_monte_carlo_replications_is_the_studies():
    """The README said every replication of ``make montecarlo`` has 49 bootstrap
    replications beside its linearized intervals; Appendix A's sensitivity scenario and its
    exercises have none (doc48). Since the switch (sw2_55) the target regenerates the book's
    two studies only; the kept studies are records of the earlier estimator."""
    from mia_helpers.montecarlo import APPENDIX_A_STUDIES
    from mia_helpers.montecarlo_newcomers import INBURGERING_STUDY

    m = re.search(r"`make montecarlo` regenerates the book's two studies \(each replication "
                  r"with the linearized intervals and, except in Appendix A's sensitivity "
                  r"scenario and exercises, which ask about bias only, (\d+) bootstrap "
                  r"replications", _flat(README))
    assert m, "the README's sentence on make montecarlo's bootstrap is no longer read"
    b = int(m.group(1))
    none = {n for n, s in APPENDIX_A_STUDIES.items() if s["bootstrap"] == 0}
    assert none == {"ibo_unobserved_trait", "ibo_no_caliper", "ibo_half_loading"}, none
    assert all(s["bootstrap"] == b for n, s in APPENDIX_A_STUDIES.items() if n not in none)
    assert INBURGERING_STUDY["bootstrap"] == b


#: functions of the README's "Figures and tables" that the chapter reaches through another
#: function (the reason in brackets), not by name in its source
INDIRECT = {("04_activation_effects", "smd_table"),  # MatchResult.balance, in balance_published
            ("04_activation_effects", "curves_for_plot"),  # effect_tables.published_curves
            ("04_activation_effects", "hazard_model"),  # run by effects.activation_effects
            ("05_newcomer_integration", "feeder_against_steps"),  # linked_tables.steps_and_feeder
            ("05_newcomer_integration", "support_table"),  # effect_tables.support_published
            ("A_matching_method", "curves_for_plot"),  # effect_tables.published_curves
            ("A_matching_method", "ibo_unobserved_trait"),  # a study name, not a function
            ("B_reproducibility", "write_manifest"),  # manifest.fresh_record (appb51)
            ("B_reproducibility", "read_manifest")}  # manifest.fresh_record (appb51)


def test_the_readme_s_figures_and_tables_name_what_each_chapter_calls():
    """Every function the README's "Figures and tables" gives for a chapter's figure or table
    is named in that chapter's source, or listed in :data:`INDIRECT` with the function that
    calls it (doc48: chapter 5's steps table named ``feeder_against_steps``, which the chapter
    reaches through ``steps_and_feeder``)."""
    section = README.read_text(encoding="utf-8").split("## Figures and tables")[1]
    section = section.split("\n## ")[0]
    missing, read = [], 0
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        notebook = re.fullmatch(r"`(\w+)`", cells[1]) if len(cells) == 3 else None
        if not notebook or cells[1] == "chapter notebook":
            continue
        source = (ROOT / "notebooks" / f"{notebook.group(1)}.md").read_text(encoding="utf-8")
        for name in re.findall(r"`([\w.]+)`", cells[2]):
            last = name.rsplit(".", 1)[-1]
            read += 1
            if last not in source and (notebook.group(1), last) not in INDIRECT:
                missing.append(f"{notebook.group(1)}: {name} ({cells[0]})")
    assert read > 50, "the README's Figures and tables are no longer read"
    assert not missing, "\n".join(missing)


def test_the_readme_s_package_versions_are_the_pinned_ones():
    """The README's "All Python packages are pinned in `requirements.txt` (Jupyter Book
    1.0.4, Sphinx 7.4, pandas 3.1, ...)": each version written is a prefix of the pin."""
    text = _flat(README)
    m = re.search(r"pinned in `requirements\.txt` \(([^)]*)\)", text)
    assert m, "the README no longer lists the pinned versions"
    pins = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        name, sep, version = line.partition("==")
        if sep:
            pins[name.strip().lower().replace("_", "-")] = version.split(";")[0].strip()
    written = re.findall(r"([A-Za-z][\w -]*?) (\d+(?:\.\d+)+)", m.group(1))
    assert len(written) >= 8, written
    wrong = []
    for name, version in written:
        key = name.strip().lower().replace(" ", "-")
        pin = pins.get(key)
        if pin is None or not (pin == version or pin.startswith(version + ".")):
            wrong.append(f"{name} {version}: requirements.txt {pin}")
    assert not wrong, "\n".join(wrong)


def test_the_readme_s_shortest_window_is_the_chapters():
    """The README's "chapters 4 and A: 12 quarters, the start's quarter, hazard odds ratios up to 8
    quarters after it and 3 more to recognise a stable job; chapter 4 also needs
    `max_quarter` + 1, 13 at its default 12" against ``chapters.min_window_quarters``."""
    from mia_helpers import chapters

    m = re.search(r"chapters 4 and A: (\d+) quarters, the start's quarter, hazard odds ratios "
                  r"up to (\d+) quarters after it and (\d+) more to recognise a stable job; "
                  r"chapter 4 also needs `max_quarter` \+ 1, (\d+) at its default (\d+)",
                  _flat(README))
    assert m, "the README's sentence on the shortest window is no longer read"
    total, horizon, more, with_max, default_max = map(int, m.groups())
    assert 1 + horizon + more == total
    assert max(chapters.FIXED_HORIZONS["activation_effects"]) == horizon
    assert chapters.STABLE_JOB_QUARTERS - 1 == more
    for chapter in ("activation_effects", "matching_method"):
        assert chapters.min_window_quarters(chapter) == total, chapter
    params = chapters.read_parameters(chapters.resolve_chapter("activation_effects")[1])
    assert params["max_quarter"].default == default_max
    assert chapters.min_window_quarters("activation_effects", default_max) == with_max


def test_the_readme_s_floor_of_residents_is_the_chapters():
    from mia_helpers.chapters import MATCHING_FLOOR, MONTECARLO_FLOOR, NEWCOMERS_FLOOR

    text = _flat(README)
    m = re.search(r"fewer than (\d[\d,]*) synthetic residents in the chapters that match on "
                  r"them \(4, 6 and A:", text)
    assert m, "the README's floor of residents is no longer read"
    assert MATCHING_FLOOR == {c: {"residents": _number(m.group(1))} for c in
                              ("activation_effects", "conclusions", "matching_method")}
    mc = re.search(r"Monte Carlo data sets of fewer than (\d[\d,]*) residents or inburgering "
                   r"newcomers in Appendix A", text)
    assert mc and MONTECARLO_FLOOR == {"matching_method": {
        "mc_residents": _number(mc.group(1)), "mc_nc_newcomers": _number(mc.group(1))}}
    nc = re.search(r"fewer than (\d+) synthetic newcomers in chapter 5 "
                   r"\(`chapters\.NEWCOMERS_FLOOR`", text)
    assert nc, "the README does not say that chapter 5 refuses too few synthetic newcomers"
    assert NEWCOMERS_FLOOR == {"newcomer_integration": int(nc.group(1))}


def test_the_balance_target_written_is_the_claims_threshold():
    """Design 4.4's "target below 0.1" and the glossary's "below one tenth" are the default
    threshold of the balance sentences (``claims.balance_claims``, ``claims.effects_claims``)."""
    from mia_helpers import claims

    design = re.search(r"after, target below (0\.\d+)\)", _flat(DESIGN))
    assert design and "An absolute SMD below one tenth" in _flat(GLOSSARY)
    for f in (claims.balance_claims, claims.effects_claims):
        default = inspect.signature(f).parameters["smd_threshold"].default
        assert default == float(design.group(1)) == 0.1, f.__name__


def _codes_after(text: str, head: str) -> list[str]:
    """The comma-separated code words after ``head`` up to the next full stop or bracket
    (``"Origins: belgian, southern_eu, ..."``), brackets of explanation left out."""
    part = text.split(head, 1)[1]
    part = re.sub(r"\([^)]*\)", "", part.split(".")[0])
    return [w.strip() for w in part.split(",") if w.strip()]


def test_design_2_2_writes_the_code_lists_of_the_codes_module():
    from mia_helpers import codes

    section = _section(_flat(DESIGN), "### 2.2 The six tables", "(design-generator)=")
    assert _codes_after(section, "Origins:") == list(codes.ORIGINS)
    assert _codes_after(section, "Generations:") == list(codes.GENERATIONS)
    assert _codes_after(section, "Positions:") == list(codes.POSITIONS)
    measures = re.search(r"The nine measure codes \(([^)]*)\) group into the seed study's "
                         r"(\w+) types", section)
    assert measures, "design 2.2's measure codes are no longer read"
    assert [m.strip() for m in measures.group(1).split(",")] == list(codes.MEASURES)
    words = {"seven": 7, "eight": 8, "six": 6}
    assert words[measures.group(2)] == len(set(codes.MEASURE_TYPES.values()))
    steps = re.search(r"step \(([^)]*)\), quarter, obligated", section)
    assert [s.strip() for s in steps.group(1).split(",")] == list(codes.INBURGERING_STEPS)
    reasons = re.search(r"end_reason \(([^)]*)\)", section)
    assert [s.strip() for s in reasons.group(1).split(",")] == list(codes.END_REASONS)
    samples = re.search(r"sample \(([^)]*)\)", section)
    assert [s.strip() for s in samples.group(1).split(",")] == list(codes.SAMPLES)
    starts = re.search(r"The newcomer treatments inburgering, MO and NT2 start with the steps "
                       r"(\w+), (\w+) and (\w+)\.", section)
    assert starts and list(starts.groups()) == [codes.NEWCOMER_TREATMENTS[t]
                                                for t in ("inburgering", "mo", "nt2")]


def test_design_2_2_lists_the_columns_of_the_schemas():
    from mia_helpers.schemas import SPECS

    lines = DESIGN.read_text(encoding="utf-8").splitlines()
    head = lines.index("| table | grain | columns |")
    written = {}
    for line in lines[head + 2:]:
        if not line.startswith("|"):
            break
        table, _, columns = (c.strip() for c in line.strip("|").split("|"))
        columns = re.sub(r"\([^)]*\)", "", columns).replace(" and ", ", ")
        written[table.strip("`")] = [c.strip() for c in columns.split(",") if c.strip()]
    assert written == {t: list(spec) for t, spec in SPECS.items()}


def test_design_s_last_horizon_is_the_default_max_quarter():
    """Design 4.4's "horizon $k$ ($k = 1, \\dots, 12$)" and 2.3's truth "quarter_since_start
    1-12" are the chapters' and the ``effects`` command's default ``max_quarter``."""
    from mia_helpers.chapters import read_parameters, resolve_chapter

    text = _flat(DESIGN)
    last = re.search(r"horizon \$k\$ \(\$k = 1, \\dots, (\d+)\$\)", text)
    truth = re.search(r"quarter_since_start 1-(\d+)", text)
    assert last and truth, "design 4.4's or 2.3's last horizon is no longer read"
    effects = {o: a.default for a in _subparsers()["effects"]._actions for o in a.option_strings}
    for chapter in ("activation_effects", "newcomer_integration", "conclusions"):
        params = read_parameters(resolve_chapter(chapter)[1])
        assert params["max_quarter"].default == int(last.group(1)), chapter
    assert effects["--max-quarter"] == int(last.group(1)) == int(truth.group(1))
