"""doc44: what the documents cite exists, and they say what the code and the tests do.

- Every dotted name in backticks in the README, ``book/*.md`` and the notebooks whose first
  part is the package, one of its modules or one of its classes (``effects.MIN_CONTROL_PERSONS``,
  ``TreatmentSpec.later_start_at_risk``, ``mia_helpers.matching._eval_rule``) resolves in the
  package: a renamed or removed function left the design document citing it.
- Every Sphinx role (``:func:``, ``:data:``, ``:class:``, ...) in the package's docstrings
  names something that exists (doc44 found ``effects.bias_summary``, ``effect_claims``, a bare
  ``suppress`` and ``effects_skipping`` outside their modules).
- The threshold of the rule on few effective twins, where the documents write it as a number,
  is :data:`mia_helpers.effects.MIN_CONTROL_PERSONS`.
- The README's count of the strict expected failures of issue 14 (shipped inburgering study,
  confirmation study) is the count of ``tests/test_calibration_shipped.py``'s markers (the
  README said two on the shipped study a session after one of them ended).
"""
from __future__ import annotations

import builtins
import importlib
import importlib.util
import pkgutil
import re
from pathlib import Path

import pytest

import mia_helpers

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "book").glob("*.md")),
         *sorted((ROOT / "notebooks").glob("*.md"))]
#: file names written in backticks (``panel.parquet``, ``results.json``) are not Python names
FILE_SUFFIX = re.compile(r"\.(?:parquet|json|csv|ya?ml|md|py|R|txt|html|ipynb|toml|bib|pdf)$")
#: not importable on its own (a script run by ``python -c``; see its docstring)
NOT_IMPORTED = {"mia_helpers._kernel_server"}


def _modules() -> dict[str, str]:
    """short module name -> full name, for every module of the package."""
    names = [m.name for m in pkgutil.walk_packages(mia_helpers.__path__, "mia_helpers.")]
    return {n.rsplit(".", 1)[-1]: n for n in names if n not in NOT_IMPORTED}


def _walk(obj: object, parts: list[str]) -> bool:
    for p in parts:
        if hasattr(obj, p):
            obj = getattr(obj, p)
        elif p in getattr(obj, "__dataclass_fields__", {}):
            return True  # a dataclass field without a class default (or a default factory)
        else:
            return False
    return True


def _resolve(dotted: str) -> bool:
    """Whether ``mia_helpers.a.b.c`` (a module, then attributes) exists."""
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        try:
            module = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        return _walk(module, parts[i:])
    return False


def _classes(modules: dict[str, str]) -> dict[str, str]:
    """class name -> defining module, for the package's classes."""
    out: dict[str, str] = {}
    for full in modules.values():
        for name, value in vars(importlib.import_module(full)).items():
            if isinstance(value, type) and value.__module__ == full:
                out.setdefault(name, full)
    return out


def test_names_cited_in_the_documents_exist():
    from mia_helpers.synthetic.config import GeneratorConfig

    modules = _modules()
    classes = _classes(modules)
    missing = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for m in re.finditer(r"`([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)(?:\([^`]*\))?`", text):
            name = m.group(1)
            head, _, rest = name.partition(".")
            if FILE_SUFFIX.search(name):
                continue
            if head == "config" and _walk(GeneratorConfig, rest.split(".")):
                continue  # a parameter path of the generator (``--set job.origin_generation``)
            if head == "mia_helpers":
                full = name
            elif head in modules:
                full = f"{modules[head]}.{rest}"
            elif head in classes:
                full = f"{classes[head]}.{name}"
            else:
                continue  # not the package's (pandas, numpy, a config path ...)
            if not _resolve(full):
                line = text[:m.start()].count("\n") + 1
                missing.append(f"{page.relative_to(ROOT)}:{line}: {name}")
    assert not missing, "\n".join(missing)


ROLE = re.compile(r":(func|data|class|meth|mod|attr|obj|exc):`([^`]+)`")


def _role_exists(module, source: str, target: str) -> bool:
    label = re.search(r"<([^>]*)>$", target)
    target = re.sub(r"\s+|#:", "", label.group(1) if label else target).lstrip("~")
    if target.startswith("."):  # relative to the module's package
        target = module.__package__ + target
        return _resolve(target)
    parts = target.split(".")
    if _walk(module, parts) or _resolve(target) or _resolve(f"mia_helpers.{target}"):
        return True
    if any(isinstance(v, type) and _walk(v, parts) for v in vars(module).values()):
        return True  # a method or attribute of one of the module's classes
    if hasattr(builtins, parts[0]):
        return True  # ``BrokenPipeError``
    if len(parts) == 1:  # an instance attribute, a method defined inside a function, or a
        name = parts[0]  # name imported for type checkers only
        return bool(re.search(rf"self\.{name}\b|def {name}\(|import[^\n]*\b{name}\b", source))
    top = parts[0]
    return top in {"numpy", "np", "pandas", "pd", "scipy", "joblib", "pathlib", "warnings",
                   "dataclasses", "typing", "collections", "matplotlib", "duckdb", "pandera",
                   "jupyter_client", "nbformat", "papermill", "statsmodels", "sklearn"}


@pytest.mark.parametrize("name", sorted(_modules().values()))
def test_docstring_cross_references_exist(name):
    module = importlib.import_module(name)
    source = Path(module.__file__).read_text(encoding="utf-8")
    missing = []
    for m in ROLE.finditer(source):
        if m.group(1) == "mod":
            target = m.group(2).lstrip("~")
            if target.startswith("."):
                target = module.__package__ + target
            if importlib.util.find_spec(target) is not None:
                continue
        elif _role_exists(module, source, m.group(2)):
            continue
        line = source[:m.start()].count("\n") + 1
        missing.append(f"{name}:{line}: {m.group(0)}")
    assert not missing, "\n".join(missing)


def test_a_written_threshold_of_few_effective_twins_is_the_package_s():
    from mia_helpers.effects import MIN_CONTROL_PERSONS

    pattern = re.compile(r"(?:fewer than|below|under)\s+(\d+)\s+effective twins"
                         r"|Below\s+(\d+)\s*\(`(?:mia_helpers\.)?effects\.MIN_CONTROL_PERSONS`")
    found = []
    for page in PAGES:
        text = " ".join(page.read_text(encoding="utf-8").split())
        found += [(page.name, int(a or b)) for a, b in pattern.findall(text)]
    assert found, "no written threshold found: the pattern no longer reads the documents"
    assert all(n == MIN_CONTROL_PERSONS for _, n in found), found


def _xfail_count(function) -> int:
    (mark,) = [m for m in function.pytestmark if m.name == "parametrize"]
    return sum(any(k.name == "xfail" for k in p.marks) for p in mark.args[1]
               if hasattr(p, "marks"))


WORDS = {0: "no", 1: "one", 2: "two", 3: "three", 4: "four"}


def test_readme_counts_issue_14_s_strict_expected_failures_as_the_tests_do():
    spec = importlib.util.spec_from_file_location(
        "calibration_shipped", ROOT / "tests" / "test_calibration_shipped.py")
    calib = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(calib)
    shipped = _xfail_count(calib.test_inburgering_meets_issue_14)
    confirmation = _xfail_count(calib.test_confirmation_meets_issue_14)
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    verb = ("is a strict expected failure" if shipped in (0, 1)
            else "are strict expected failures")
    noun = "criterion" if shipped in (0, 1) else "criteria"
    assert f"{WORDS[shipped]} inburgering {noun} {verb} at 400 replications" in readme
    assert (f'{WORDS[confirmation]} "now versus never" criteria are strict expected failures'
            in readme)


def test_the_widening_is_not_said_where_too_few_effective_twins_bound_the_interval():
    """A horizon with a positivity failure *and* too few effective twins has the whole worst
    case as its interval (``effects.effect_curves``), so ``never_support_sentence`` names it
    among the few-twins horizons and gives no "by up to 30.0 points" for it (doc44: it did)."""
    import pandas as pd

    from mia_helpers.claims import never_support_sentence

    e = pd.DataFrame(dict(horizon=[1, 2, 3], point_identified=[True, False, False],
                          unsupported_share=[0.0, 0.0, 0.3], n_treated=[100, 100, 100],
                          effective_controls=[50.0, 5.0, 4.0]))
    both = never_support_sentence(e, [1, 2, 3])
    assert "30.0 points" not in both and "at periods 2 and 3 the twins' Kaplan-Meier" in both
    enough = never_support_sentence(e.assign(effective_controls=[50.0, 5.0, 40.0]), [1, 2, 3])
    assert "by up to 30.0 points on either side" in enough and "at period 2 the" in enough


def test_bounds_on_too_few_effective_twins_are_not_said_to_be_positivity():
    """Chapter 4/5's ``never_bounds_sentence`` read every flagged "now versus never" row as a
    positivity failure ("the positivity warnings printed above ... widened on either side by
    the worst case for those starters"); a row flagged with a share of 0 rests on too few
    effective twins, whose warning and interval differ (doc44)."""
    import pandas as pd

    from mia_helpers import claims

    rows = [{"measure": "workplace_learning_ibo", "estimand": "now_vs_never",
             "estimator": "matched", "quarter_since_start": q, "point_identified": q < 3,
             "unsupported_share": 0.2 if q >= 6 else 0.0,
             "effective_controls": 5.0 if q in (3, 4, 5) else 50.0} for q in range(1, 9)]
    text = claims.never_bounds_sentence(pd.DataFrame(rows), "now_vs_never")
    assert "(the warnings printed above)" in text, text
    assert "for IBO at quarters 6 to 8 some starters' twins" in text, text
    assert "for IBO at quarters 3 to 5 the twins' weighted Kaplan-Meier rests on fewer than " \
           "10 effective twins" in text, text
    few = claims.never_bounds_sentence(pd.DataFrame(rows[:5]), "now_vs_never")
    assert "positivity" not in few and "some starters' twins" not in few, few
