"""``python -m mia_helpers chapter``: listing, checks before execution, and one real run.

The rejection tests use a temporary notebooks folder with a rich ``parameters`` cell (every
type rule once) and assert that the executor is never called; the execution test runs a tiny
temporary MyST notebook through the same code path as the book's chapters (papermill, kernel
``python3``, nbconvert HTML). The real chapters are executed by their own notebook tests.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import jupytext
import pytest
from notebook_text import MYST_HEADER

import mia_helpers.cli.chapter
import mia_helpers.notebook_run
from mia_helpers.chapters import (
    CHAPTERS,
    ChapterError,
    check_parameters,
    notebooks_dir,
    parse_parameters_source,
    read_parameters,
    resolve_chapter,
    run_dir,
)
from mia_helpers.cli import main

HEADER = MYST_HEADER

#: a parameters cell exercising every type rule
RICH = """data_dir = None  # register folder; None = synthetic data
seed = 2005  # seed of the synthetic data
caliper = 0.05  # caliper on the propensity score
bootstrap = 200  # bootstrap replications
estimand = "now_vs_later"  # estimand
show_truth = True  # draw the truth lines
measures = [  # measures to estimate
    "workplace_learning_ibo",
    "training_basic",
]
"""


def _myst(parameters: str, body: str = "print('done')") -> str:
    return (f"{HEADER}\n# A tiny chapter\n\n## Overview\n\nParameters below.\n\n"
            f"```{{code-cell}} python\n:tags: [parameters]\n\n{parameters}```\n\n"
            f"## Analysis\n\nOne cell.\n\n```{{code-cell}} python\n{body}\n```\n")


@pytest.fixture
def fake_notebooks(tmp_path: Path) -> Path:
    """A notebooks folder whose ``activation_effects`` chapter has the rich parameters cell."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    (folder / CHAPTERS["activation_effects"]).write_text(_myst(RICH))
    return folder


@pytest.fixture
def no_execution(monkeypatch):
    """Fail the test if any kernel would start."""
    def boom(*args, **kwargs):
        raise AssertionError("the chapter was executed although its parameters were rejected")

    monkeypatch.setattr(mia_helpers.notebook_run, "execute", boom)


# --- the book's own chapters -------------------------------------------------------------

def test_list_shows_every_chapter_file_and_parameters(capsys):
    assert main(["chapter", "--list"]) == 0
    out = capsys.readouterr().out
    flat = " ".join(out.split())  # lines are wrapped at whitespace (describe_parameters)
    for short, file in CHAPTERS.items():
        assert short in out and file in out
        for name, p in read_parameters(notebooks_dir() / file).items():
            assert " ".join(f"{name} = {p.source}".split()) in flat
            assert " ".join(p.comment.split()) in flat
    assert "(source missing)" not in out and "cannot read" not in out


def test_list_with_a_name_shows_that_chapter_only(capsys):
    assert main(["chapter", "activation_effects", "--list"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("activation_effects  (") and "interval = " in out
    assert not any(f"{c}  (" in out for c in CHAPTERS if c != "activation_effects")
    assert main(["chapter", "activation_efects", "--list"]) == 2
    assert "did you mean 'activation_effects'" in capsys.readouterr().err


@pytest.mark.parametrize("short", list(CHAPTERS))
def test_every_chapter_parameter_is_a_documented_literal_in_the_first_section(short):
    """Issue 8: every parameter is documented in its notebook's first section."""
    _, path = resolve_chapter(short)
    params = read_parameters(path)
    assert "seed" in params
    for p in params.values():
        assert p.literal, f"{short}: {p.name} = {p.source} is not a literal"
        assert p.comment, f"{short}: parameter {p.name} has no comment"
    nb = jupytext.read(path)
    before = []
    for cell in nb.cells:
        if "parameters" in cell.metadata.get("tags", []):
            break
        if cell.cell_type == "markdown":
            before.append(cell.source)
    headings = re.findall(r"^## ", "\n".join(before), flags=re.M)
    assert len(headings) <= 1, f"{short}: the parameters cell is not in the first section"


def test_short_name_and_file_stem_resolve_to_the_same_source():
    for short, file in CHAPTERS.items():
        assert resolve_chapter(short)[1] == resolve_chapter(Path(file).stem)[1]


# --- rejection before execution ------------------------------------------------------------

def test_unknown_chapter_is_rejected_listing_all_chapters(capsys, no_execution, tmp_path):
    rc = main(["chapter", "activation_efects", "-p", "seed", "1", "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert rc == 2
    assert "unknown chapter 'activation_efects'" in err and "did you mean 'activation_effects'" in err
    for short, file in CHAPTERS.items():
        assert short in err and file in err
    assert not (tmp_path / "o").exists()


def test_unknown_parameter_is_rejected_listing_all_parameters(capsys, no_execution, fake_notebooks):
    rc = main(["chapter", "activation_effects", "--notebooks", str(fake_notebooks),
               "-p", "bootstraps", "50"])
    err = capsys.readouterr().err
    assert rc == 2
    assert "no parameter 'bootstraps'" in err and "did you mean 'bootstrap'" in err
    for name in ("data_dir", "seed", "caliper", "bootstrap", "estimand", "show_truth", "measures"):
        assert f"{name} = " in err
    assert "# bootstrap replications" in err  # the comments document the valid parameters


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("seed", "3.5", "parameter 'seed' must be integer >= 0"),   # no decimals
        ("seed", "true", "parameter 'seed' must be integer >= 0"),  # bool is not an int here
        ("seed", "-1", "parameter 'seed' must be integer >= 0"),    # out of range
        ("bootstrap", "many", "parameter 'bootstrap' must be 0 or integer >= 2"),
        ("caliper", "[0.1]", "parameter 'caliper' must be number > 0"),
        ("caliper", "yes", "parameter 'caliper' must be number > 0"),
        ("caliper", "0", "parameter 'caliper' must be number > 0"),
        ("caliper", ".nan", "parameter 'caliper' must be number > 0"),
        ("show_truth", "1", "parameter 'show_truth' must be true or false"),  # inferred rule
        ("estimand", "[now_vs_later]", "must be one of now_vs_later, now_vs_never"),
        ("estimand", "now_vs_neve", "did you mean 'now_vs_never'"),
        ("measures", "workplace_learning_ibo", "write a list"),  # a list is needed
        ("measures", "[1, 2]", "element 1 is not one of training_basic"),
        ("measures", '["ibo"]', "element 'ibo' is not one of training_basic"),
        ("measures", "[workplace_learning_ib]", "element 'workplace_learning_ib'"),
        ("measures", "[]", "a list of >= 1 elements"),
        ("measures", "[training_basic, training_basic]", "repeated elements"),
        ("measures", "[unclosed", "cannot parse '[unclosed'"),
    ],
)
def test_wrong_type_is_rejected_before_execution(capsys, no_execution, fake_notebooks, tmp_path,
                                                 name, value, expected):
    out = tmp_path / "out"
    rc = main(["chapter", "activation_effects", "--notebooks", str(fake_notebooks),
               "-p", name, value, "--out", str(out)])
    err = capsys.readouterr().err
    assert rc == 2
    assert expected in err
    # fix36: the parameter's own valid values (in `expected`) and default, not the whole list
    assert f"what to do: give a value as stated (the default: {name} = " in err
    assert "valid parameters" not in err
    assert not out.exists()


@pytest.mark.parametrize(
    ("words", "pairs"),
    [
        (["-p", "seed", "7"], [("seed", "7")]),
        (["-p", "seed=7"], [("seed", "7")]),  # the same parameter, the same parsing rule
        (["-pseed=7", "--parameter=caliper=1e-3"], [("seed", "7"), ("caliper", "1e-3")]),
        (["--param", "caliper=-1e-3", "-p", "caliper", "-1e-3"],
         [("caliper", "-1e-3"), ("caliper", "-1e-3")]),
        # the value is split at the first '=' only; a KEY VALUE pair keeps a value with '='
        (["-p", "label=a=b", "-p", "label", "c=d"], [("label", "a=b"), ("label", "c=d")]),
        (["-p", "measures=[workplace_learning_ibo, training_basic]"],
         [("measures", "[workplace_learning_ibo, training_basic]")]),
        (["-p", "data_dir="], [("data_dir", "")]),  # as -p data_dir '': YAML's null
    ],
)
def test_key_equals_value_is_the_same_parameter_as_key_value(monkeypatch, tmp_path, words,
                                                             pairs):
    """``-p KEY=VALUE`` is read as ``-p KEY VALUE``, by one rule (the chapter's name may come
    after the parameters: the ``=`` form does not swallow it)."""
    seen = {}

    def fake_run(name, given, out, notebooks, progress, no_solutions=False):
        seen.update(name=name, given=given)
        raise ChapterError("stop here")

    monkeypatch.setattr(mia_helpers.cli.chapter, "run_chapter", fake_run)
    assert main(["chapter", *words, "activation_effects", "--out", str(tmp_path)]) == 2
    assert seen == {"name": "activation_effects", "given": pairs}


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["-p", "=7"], "-p '=7': no parameter name before '='"),
        (["-p", "seed"], "-p seed: no value; write -p seed=VALUE or -p seed VALUE"),
        (["-p", "seed", "--out", "x"], "-p seed: no value"),
        (["-p"], "-p needs a parameter: write -p KEY=VALUE or -p KEY VALUE"),
        (["-p", "seed=x"], "parameter 'seed' must be integer >= 0"),
        (["-p", "bootstraps=5"], "no parameter 'bootstraps' (did you mean 'bootstrap'?)"),
    ],
)
def test_malformed_parameter_words_are_refused_naming_them(capsys, no_execution, fake_notebooks,
                                                           words, expected):
    rc = main(["chapter", "activation_effects", "--notebooks", str(fake_notebooks), *words])
    err = capsys.readouterr().err
    assert rc == 2
    assert expected in err and "Traceback" not in err


def test_accepted_values_are_converted_to_the_default_type(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    params = parse_parameters_source(RICH)
    (tmp_path / "extract").mkdir()
    (tmp_path / "extract" / "persons.parquet").write_bytes(b"")
    # a stand-in folder: its registers' validation before the kernel is tested in
    # tests/test_io_robust.py (test_broken_registers_are_refused_before_a_kernel_starts)
    monkeypatch.setattr(mia_helpers.chapters, "_check_registers", lambda folder, window: None)
    given = [("caliper", "1"), ("bootstrap", "50"), ("estimand", "now_vs_never"),
             ("show_truth", "false"), ("measures", "[workplace_learning_ibo]"),
             ("data_dir", "extract"), ("seed", "7"), ("seed", "8")]
    values = check_parameters("activation_effects", params, given)
    assert values == {"caliper": 1.0, "bootstrap": 50, "estimand": "now_vs_never",
                      "show_truth": False, "measures": ["workplace_learning_ibo"],
                      "data_dir": str(tmp_path / "extract"), "seed": 8}
    assert isinstance(values["caliper"], float)
    # YAML 1.2 core: 1e-3 is a number (YAML 1.1 made it text)
    assert check_parameters("activation_effects", params, [("caliper", "1e-3")]) == {"caliper": 0.001}
    # a free-text parameter keeps a number or a yes/no as written
    label = parse_parameters_source("label = 'a'  # a label\n")
    assert check_parameters("x", label, [("label", "2016")])["label"] == "2016"
    assert check_parameters("x", label, [("label", "no")])["label"] == "no"


def test_parameters_cell_parsing_keeps_comments_and_refuses_code():
    params = parse_parameters_source(RICH)
    assert list(params) == ["data_dir", "seed", "caliper", "bootstrap", "estimand",
                            "show_truth", "measures"]
    assert params["measures"].default == ["workplace_learning_ibo", "training_basic"]
    assert params["measures"].comment == "measures to estimate"
    assert params["caliper"].default == 0.05 and params["caliper"].kind.startswith("float")
    expr = parse_parameters_source("k = max(1, 2)  # neighbours\n")["k"]
    assert not expr.literal and expr.source == "max(1, 2)"  # never evaluated
    with pytest.raises(ChapterError, match="only assignments"):
        parse_parameters_source("import os\n")


def test_run_folder_depends_on_the_parameters_only(tmp_path):
    a = run_dir("activation_effects", {"bootstrap": 50, "seed": 1}, tmp_path)
    assert a == run_dir("activation_effects", {"seed": 1, "bootstrap": 50}, tmp_path)
    assert a != run_dir("activation_effects", {"seed": 2, "bootstrap": 50}, tmp_path)
    assert run_dir("activation_effects", {}, tmp_path).name == "activation_effects-defaults"
    assert a.parent == tmp_path / "_build" / "runs"


# --- a real execution ---------------------------------------------------------------------

def test_tiny_chapter_runs_with_injected_parameters_and_html(tmp_path, capsys):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    tiny = ("n = 2  # a number\nlabel = 'a'  # a label\nweights = [1.0]  # weights\n")
    body = ("import os\nprint(f'n={n} label={label} total={sum(weights) * n} "
            "cwd={os.path.basename(os.getcwd())}')")
    (folder / CHAPTERS["matching_method"]).write_text(_myst(tiny, body))
    out = tmp_path / "run"
    rc = main(["chapter", "A_matching_method", "--notebooks", str(folder), "--out", str(out),
               "-p", "n=21", "-p", "label", "zz", "--parameter=weights=[1, 0.5]"])
    printed = capsys.readouterr().out
    assert rc == 0
    ipynb, html = out / "A_matching_method.ipynb", out / "A_matching_method.html"
    assert str(ipynb) in printed and str(html) in printed
    nb = json.loads(ipynb.read_text())
    assert any("injected-parameters" in c["metadata"].get("tags", []) for c in nb["cells"])
    text = "".join("".join(o.get("text", "")) for c in nb["cells"] for o in c.get("outputs", []))
    # 21 * (1 + 0.5) = 31.5: all three injected values took effect; the kernel ran in notebooks/
    assert "n=21 label=zz total=31.5 cwd=notebooks" in text
    page = html.read_text()
    assert "<html" in page and "n=21 label=zz total=31.5" in page
    # inputs are rendered too, including papermill's injected-parameters cell
    assert "celltag_injected-parameters" in page and '"zz"' in page
    if importlib.util.find_spec("mia_helpers.manifest") is not None:
        manifest = json.loads((out / "manifest.json").read_text())
        assert manifest["parameters"] == {"n": 21, "label": "zz", "weights": [1.0, 0.5]}
        assert manifest["data"] is None  # the tiny chapter reads no data


def test_failing_chapter_reports_the_partial_notebook(tmp_path, capsys):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    (folder / CHAPTERS["matching_method"]).write_text(
        _myst("n = 2  # a number\n", "raise RuntimeError(f'broken at n={n}')"))
    out = tmp_path / "run"
    rc = main(["chapter", "matching_method", "--notebooks", str(folder), "--out", str(out),
               "-p", "n", "5"])
    err = capsys.readouterr().err
    assert rc == 1
    assert "RuntimeError" in err and "broken at n=5" in err
    assert (out / "A_matching_method.ipynb").exists() and (out / "A_matching_method.html").exists()


def test_papermill_parse_noise_is_filtered(tmp_path, caplog):
    """papermill parses the parameters cell only to warn about unknown names (checked by the
    runner already) and logs "Unable to parse line" for a default with two "=" such as
    ``dict(a=1)``; the runner drops that message alone, and the injected value still wins."""
    import json
    import logging

    from mia_helpers.notebook_run import execute

    src = tmp_path / "tiny.md"
    src.write_text(_myst("d = dict(a=1)  # a dict\nn = 2  # a number\n", "print(d, n)"))
    with caplog.at_level(logging.INFO):
        out = execute(src, tmp_path / "tiny.ipynb", parameters={"n": 5})
    assert not [r for r in caplog.records if "Unable to parse line" in r.getMessage()]
    assert [r for r in caplog.records if r.name.startswith("papermill")]  # others still log
    cells = json.loads(out.read_text())["cells"]
    text = "".join("".join(o.get("text", "")) for c in cells for o in c.get("outputs", []))
    assert "{'a': 1} 5" in text
    assert not logging.getLogger("papermill.translators").filters  # the filter is removed


def test_appendix_c_runs_and_its_bootstrap_seed_is_not_read_as_a_data_seed(tmp_path, capsys):
    """Appendix C (public Stanford data) is a chapter of the runner; its ``seed`` is the
    bootstrap's, so the manifest names no synthetic data folder (before, the runner refused
    the chapter, and a seed parameter alone made it record the synthetic folder of seed 1977)."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    params = ("period_days = 7  # period length\nhorizons_months = [1, 3]  # horizons\n"
              "bootstrap = 199  # replications\nseed = 1977  # seed of the bootstrap\n")
    (folder / CHAPTERS["heart_transplant"]).write_text(
        _myst(params, "print(f'seed={seed} horizons={horizons_months}')"))
    out = tmp_path / "run"
    rc = main(["chapter", "heart_transplant", "--notebooks", str(folder), "--out", str(out),
               "-p", "seed", "7", "-p", "horizons_months", "[2, 6]"])
    assert rc == 0, capsys.readouterr().err
    page = (out / "C_heart_transplant.html").read_text()
    assert "seed=7 horizons=[2, 6]" in page
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["data"] is None
    assert manifest["parameters"]["seed"] == 7


#: a tiny chapter's exercise with a gated solution (prose and a code cell) and a cell after it
_EXERCISE = """
## Exercises

```{exercise}
:label: ex-tiny

Is the answer larger than one?
```

```{solution-start} ex-tiny
:class: dropdown
```

The solution prose says SOLUTION-PROSE.

```{code-cell} python
answer = 42
print("SOLUTION-OUTPUT", answer)
```

```{solution-end}
```

```{code-cell} python
print("AFTER", answer)
```
"""


def test_no_solutions_leaves_the_solutions_out_of_the_run(tmp_path, capsys):
    """``chapter --no-solutions``: the exercise stays, its gated solution (prose, code and
    output) is left out of the executed notebook (papermill's copy of the source in its
    metadata included) and of the HTML, as in the teaching edition; the solution's cell still
    ran (a later cell uses its value) and the manifest records the option. Teachers' trial:
    a run's page printed every solution under its exercise, and the option did not exist."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    params = ("period_days = 7  # period length\nhorizons_months = [1, 3]  # horizons\n"
              "bootstrap = 199  # replications\nseed = 1977  # seed of the bootstrap\n")
    (folder / CHAPTERS["heart_transplant"]).write_text(_myst(params) + _EXERCISE)
    pages = {}
    for option in ([], ["--no-solutions"]):
        out = tmp_path / f"run{len(option)}"
        rc = main(["chapter", "heart_transplant", "--notebooks", str(folder), "--out", str(out),
                   *option])
        assert rc == 0, capsys.readouterr().err
        pages[bool(option)] = (out / "C_heart_transplant.html").read_text(), \
            (out / "C_heart_transplant.ipynb").read_text(), \
            json.loads((out / "manifest.json").read_text())
    for hidden, (page, nb, manifest) in pages.items():
        assert "Is the answer larger than one?" in page and "AFTER 42" in page
        for text in ("SOLUTION-PROSE", "SOLUTION-OUTPUT", "Solution to Exercise"):
            assert (text in page) is not hidden, (hidden, text)
        for text in ("SOLUTION-PROSE", "SOLUTION-OUTPUT", "solution-start"):
            assert (text in nb) is not hidden, (hidden, text)
        assert manifest.get("options") == ({"no_solutions": True} if hidden else None)
        assert "no_solutions" not in manifest["parameters"]  # export-check compares those


@pytest.mark.parametrize("param, value, says", [
    ("horizons_months", "[72]", "59"),      # the Stanford follow-up ends at 59 months
    ("bootstrap", "0", "bootstrap"),        # appendix C's intervals are bootstrap intervals
    ("ci_level", "1.5", "ci_level"),
])
def test_appendix_c_parameters_are_checked_before_a_kernel_starts(capsys, no_execution, param,
                                                                  value, says):
    rc = main(["chapter", "heart_transplant", "-p", param, value])
    err = capsys.readouterr().err
    assert rc == 2 and says in err, err


def test_manifest_names_the_data_folder_the_kernel_read(tmp_path, monkeypatch, capsys):
    """The manifest's data folder is the one the kernel's ``ensure_data`` returned, window
    included (new-user trial: the runner re-derived it from seed, residents and newcomers
    only, so a run on a shorter window recorded the default window's folder), and the run's
    timings are recorded."""
    monkeypatch.setenv("MIA_DATA_ROOT", str(tmp_path / "cache"))
    folder = tmp_path / "notebooks"
    folder.mkdir()
    params = ("data_dir = None  # data\nseed = 3  # seed\nresidents = 40  # residents\n"
              "newcomers = 10  # newcomers\nwindow_end = '2016Q4'  # end\n")
    body = ("from mia_helpers.data import ensure_data\n"
            "d = ensure_data(data_dir, seed=seed, residents=residents, newcomers=newcomers,\n"
            "                window=('2005Q1', window_end))\nprint(d.name)")
    (folder / CHAPTERS["panel_construction"]).write_text(_myst(params, body))
    out = tmp_path / "run"
    rc = main(["chapter", "panel_construction", "--notebooks", str(folder), "--out", str(out),
               "-p", "window_end", "2010Q4"])
    assert rc == 0, capsys.readouterr().err
    manifest = json.loads((out / "manifest.json").read_text())
    assert Path(manifest["data"]["data_dir"]).name == "s3_r40_n10_w0-23"
    assert manifest["data"]["files"]  # fingerprints of the files read
    assert set(manifest["timings"]) == {"execute", "render_html"}
    assert not (out / ".data_read.json").exists()


def test_a_window_beyond_an_adapted_extract_is_refused_before_a_kernel(tmp_path, monkeypatch):
    """A chapter run with window_end 2024Q4 on an extract adapted over 2005Q1..2016Q4 rebuilt
    its panel over 80 quarters and read eight unobserved years as quarters without work."""
    params = parse_parameters_source(RICH + "window_start = '2005Q1'  # start\n"
                                     "window_end = '2016Q4'  # end\n")
    extract = tmp_path / "extract"
    extract.mkdir()
    (extract / "persons.parquet").write_bytes(b"")
    monkeypatch.setattr(mia_helpers.chapters, "_check_registers", lambda folder, window: None)

    def manifest(command: str) -> None:
        (extract / "manifest.json").write_text(json.dumps({"parameters": {
            "command": command, "window_start": 0, "window_end": 47}}))

    manifest("adapt")
    with pytest.raises(ChapterError, match=r"extract over 2005Q1\.\.2016Q4.*'window_end' is "
                                           r"2024Q4.*set -p window_end 2016Q4"):
        check_parameters("x", params, [("data_dir", str(extract)), ("window_end", "2024Q4")])
    inside = check_parameters("x", params, [("data_dir", str(extract)), ("window_end", "2012Q4")])
    assert inside["window_end"] == "2012Q4"
    manifest("synth")  # only adapt's manifest states the extract's window
    check_parameters("x", params, [("data_dir", str(extract)), ("window_end", "2024Q4")])


def test_panel_command_refuses_a_window_beyond_an_adapted_extract(tmp_path, monkeypatch, capsys):
    """New-user trial: ``panel --data EXTRACT --window-end 2024Q4`` on an extract adapted over
    2005Q1..2016Q4 was not refused (only the chapter runner checked the extract's window)."""
    import mia_helpers.panel

    def boom(*a, **k):
        raise AssertionError("the panel was built")

    monkeypatch.setattr(mia_helpers.panel, "build_panel", boom)
    extract = tmp_path / "extract"
    extract.mkdir()
    (extract / "persons.parquet").write_bytes(b"")
    (extract / "manifest.json").write_text(json.dumps({"parameters": {
        "command": "adapt", "window_start": 0, "window_end": 47}}))
    assert main(["panel", "--data", str(extract), "--window-end", "2024Q4"]) == 2
    err = capsys.readouterr().err
    assert ("option --window-end is 2024Q4" in err and "set --window-end 2016Q4" in err
            and "extract over 2005Q1..2016Q4" in err), err
    assert main(["panel", "--data", str(extract), "--window-start", "2004Q4"]) == 2
    assert "set --window-start 2005Q1" in capsys.readouterr().err
