"""Activation effects of VDAB measures by dynamic matching, as one CSV file.

Writes one row per measure x estimand x quarter since start x estimator (naive, matched) with the
columns measure, estimand, quarter_since_start, estimator, att_pp, att_rel, ci_low, ci_high,
n_treated (:data:`mia_helpers.effects.TIDY_COLUMNS`), then ``se`` (the standard error of
``att_pp``: linearized, or the bootstrap standard deviation), ``df`` (the degrees of freedom of
a linearized interval's Student t quantile, the effective number of persons behind its
variance; infinite, the normal quantile, for the matched "now versus never"; NaN for the
bootstrap), ``point_identified`` (False where the matched "now versus never" lacks support for
some treated, a positivity failure, and its interval holds the worst-case bounds for them, or
where its twins' Kaplan-Meier rests on fewer than
:data:`mia_helpers.effects.MIN_CONTROL_PERSONS` effective twins, and its interval is the
worst case; see :func:`mia_helpers.effects.estimate_effects`), ``interval``
(the interval method: ``linearized`` or ``bootstrap``) and ``ci_level`` (0.95), so that the
file says how its intervals were made.

The panel is the one in ``--data`` as built (its window and stable-job definition), unless
``--window-start``/``--window-end`` ask for another window (:func:`panel_spec`); the last line
printed names it.

A measure that cannot be estimated on the data (nobody starts it in the risk sets, or no
starter has a twin within the caliper: :class:`mia_helpers.matching.NotEstimableError`) is
skipped with a warning on standard error naming it and the reason, and the other measures are
written; when no measure can be estimated the command fails with exit status 2. Any other
error stops the command (it is a mistake to fix, not a condition of the data).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

import pandas as pd

from mia_helpers import codes
from mia_helpers.cli._common import PANEL_FILES, check_out_not_data, check_out_suffix
from mia_helpers.cli.panel import check_data_dir
from mia_helpers.files import ParameterError, atomic_path, check_writable_dir
from mia_helpers.params import (
    BOOTSTRAP_OR_NONE,
    CALIPER,
    MAX_QUARTER,
    QUARTER,
    SEED,
    Choice,
    Int,
    K,
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Add the options of the ``effects`` subcommand to its parser ``p``; the defaults of the
    options that stand for parameters of :func:`mia_helpers.effects.activation_effects` are
    that function's (:func:`function_defaults`)."""
    fx = function_defaults()
    p.add_argument("--data", required=True, type=Path,
                   help="data folder (registers; its current panel is used as built, e.g. by "
                        "`panel --window-start ...`; built if missing or stale)")
    p.add_argument("--out", required=True, type=Path, help="result CSV file")
    p.add_argument("--bootstrap", type=BOOTSTRAP_OR_NONE.argtype("--bootstrap"),
                   default=fx["bootstrap"],
                   help="person-clustered bootstrap replications: 0 (no bootstrap) or "
                        ">= 2 (then the intervals are bootstrap percentile intervals)")
    p.add_argument("--interval", default=None,
                   type=Choice(("linearized", "bootstrap")).argtype("--interval"),
                   help="confidence intervals: linearized (default without --bootstrap; "
                        "intervals on person-clustered linearized standard errors, Student t "
                        "on the effective number of persons) or "
                        "bootstrap (default with --bootstrap B)")
    p.add_argument("--measures", nargs="+", default=list(fx["measures"]),
                   type=measure_codes, action=_Flatten,
                   metavar="MEASURE", help="measure codes, separated by spaces or commas")
    p.add_argument("--population", default=fx["population"],
                   type=Choice((*codes.SAMPLES, "all")).argtype("--population"),
                   help="persons studied: resident, newcomer or all")
    p.add_argument("--k", type=K.argtype("--k"), default=fx["k"],
                   help="nearest neighbours per treated")
    p.add_argument("--caliper", type=CALIPER.argtype("--caliper"), default=fx["caliper"],
                   help="caliper in SD of the logit propensity score (> 0)")
    p.add_argument("--pooled", action="store_true",
                   help="one pooled propensity logit with duration dummies")
    p.add_argument("--max-quarter", type=MAX_QUARTER.argtype("--max-quarter"),
                   default=fx["max_quarter"],
                   help="last quarter since the start to estimate (at most the window's "
                        "number of quarters minus one)")
    p.add_argument("--seed", type=SEED.argtype("--seed"), default=fx["seed"], action=_Given,
                   help="seed of the bootstrap draws (used only with --bootstrap)")
    p.add_argument("--jobs", type=Int(1, 64).argtype("--jobs"), default=fx["n_jobs"],
                   action=_Given, help="parallel bootstrap workers (used only with --bootstrap)")
    from mia_helpers.quarters import Window

    first, last = Window().labels()  # the seed study's window, where no other is known
    p.add_argument("--window-start", type=QUARTER.argtype("--window-start"), default=None,
                   help="first quarter of the panel (default: the window of the panel already "
                        f"in --data, else the extract's recorded window, else {first})")
    p.add_argument("--window-end", type=QUARTER.argtype("--window-end"), default=None,
                   help=f"last quarter of the panel (default as --window-start; {last})")


def function_defaults() -> dict[str, object]:
    """The defaults of ``effects``'s options, read from the signature of
    :func:`mia_helpers.effects.activation_effects` (``measures``, ``k``, ``caliper``,
    ``max_quarter``, ``bootstrap``, ``seed``, ``n_jobs``) and from
    :class:`mia_helpers.matching.TreatmentSpec` (``population``, passed on by
    ``activation_effects``), so that each is written once (mend49: the command line typed them
    a second time, kept equal only by a test). Building the parser thus imports
    :mod:`mia_helpers.effects` (about half a second more on every ``--help``)."""
    import dataclasses
    import inspect

    from mia_helpers.effects import activation_effects
    from mia_helpers.matching import TreatmentSpec

    sig = inspect.signature(activation_effects).parameters
    out: dict[str, object] = {name: sig[name].default for name in (
        "measures", "k", "caliper", "max_quarter", "bootstrap", "seed", "n_jobs")}
    out["population"] = next(f.default for f in dataclasses.fields(TreatmentSpec)
                             if f.name == "population")
    return out


def panel_spec(data: Path, start: str | None, end: str | None) -> tuple[object, str]:
    """The panel specification ``effects`` reads ``data`` with, and how it was chosen (user45).

    Without ``--window-start``/``--window-end`` the panel already in ``data`` is used as built
    (by ``panel`` or a chapter: its window and stable-job definition) when it is current for
    the registers; it was rebuilt over the default 2005Q1..2016Q4 with a four-quarter stable
    job, replacing the analyst's panel without a word. Without a current panel the window is
    the one the folder records (an ``adapt`` extract's mapping, a ``synth`` folder's), else the
    default. A given bound replaces the panel's (the other bound and the stable-job definition
    are kept) and is checked against the folder's recorded window.

    Raises
    ------
    ParameterError
        A window ending before it starts, naming both options.
    mia_helpers.files.DataFileError
        A window reaching beyond the folder's recorded window, naming the option.
    """
    from mia_helpers.chapters import _recorded_window, check_extract_window
    from mia_helpers.panel import PanelSpec, meta_path, panel_problem
    from mia_helpers.params import check_window
    from mia_helpers.quarters import Window, to_index

    stored: dict = {}
    try:
        stored = json.loads(meta_path(data / "panel.parquet").read_text(encoding="utf-8"))["spec"]
        base = PanelSpec(**{**stored, "window": Window(*(int(q) for q in stored["window"]))})
    except (OSError, ValueError, KeyError, TypeError):
        stored, base = {}, PanelSpec()
    current = bool(stored) and panel_problem(data) is None
    if not current:
        recorded = _recorded_window(data)
        base = PanelSpec(window=Window(*recorded[:2]) if recorded else Window())
    if start is None and end is None:
        how = "the panel in --data as built" if current else (
            "the folder's recorded window" if _recorded_window(data) else "the default window")
        return base, how
    first = start if start is not None else base.window.labels()[0]
    last = end if end is not None else base.window.labels()[1]
    check_window(first, last, ("--window-start", "--window-end"))
    win = Window(to_index(first), to_index(last))
    check_extract_window(data, win, options=True)
    return replace(base, window=win), "--window-start/--window-end"


def check_max_quarter(max_quarter: int, data: Path) -> None:
    """Refuse a ``--max-quarter`` the panel's window cannot hold: quarters since a start inside
    the window run to its length minus one (the chapter runner's rule for ``max_quarter``);
    beyond it every row would be NaN with ``n_treated`` 0.

    Raises
    ------
    ParameterError
        Naming ``--max-quarter``, the panel's window and the largest valid value.
    """
    from mia_helpers.data import window_of
    from mia_helpers.quarters import to_label

    win = window_of(data)
    longest = win.end - win.start
    if max_quarter > longest:
        raise ParameterError(
            f"--max-quarter {max_quarter}: the panel of --data {data} covers "
            f"{to_label(win.start)}..{to_label(win.end)} ({longest + 1} quarters), so quarters "
            f"since a start inside it run to {longest} at most; give --max-quarter {longest} "
            "or less")


_MEASURE = Choice(codes.MEASURES).argtype("--measures")


def measure_codes(word: str) -> list[str]:
    """The measure codes of one ``--measures`` word: one code or several separated by commas
    (``training_basic,workplace_learning_ibo``; a comma at either end is dropped, so that
    ``--measures training_basic, workplace_learning_ibo`` reads two codes), each checked against
    :data:`mia_helpers.codes.MEASURES`.

    Raises
    ------
    argparse.ArgumentTypeError
        Naming ``--measures``, the valid codes and the closest ones
        (:func:`mia_helpers.params.close_codes`: ``ibo`` -> ``workplace_learning_ibo``), or an
        empty code between commas.
    """
    parts = [w.strip() for w in word.strip().strip(",").split(",")]  # "a, b" unquoted: "a,"
    if any(not w for w in parts):
        raise argparse.ArgumentTypeError(
            f"parameter '--measures': an empty code in {word!r}; separate codes by one comma "
            "or by spaces")
    return [_MEASURE(w) for w in parts]


class _Given(argparse.Action):
    """Store the value and remember that the option was given (:func:`bootstrap_only_note`)."""

    def __call__(self, parser, namespace, values, option_string=None):  # noqa: ANN001
        setattr(namespace, self.dest, values)
        given = set(getattr(namespace, "given_options", set()))
        namespace.given_options = given | {option_string or self.dest}


def bootstrap_only_note(args: argparse.Namespace) -> str | None:
    """The note printed when ``--seed`` or ``--jobs`` is given without ``--bootstrap``: both
    set only the bootstrap, so the run is the same without them (user52: ``effects --seed 5``
    ran as without it, in silence). None when there is nothing to say."""
    given = sorted(getattr(args, "given_options", set()) & {"--seed", "--jobs"})
    if not given or args.bootstrap:
        return None
    names = " and ".join(f"{o} {getattr(args, o.lstrip('-'))}" for o in given)
    return (f"note: {names} {'set' if len(given) > 1 else 'sets'} only the bootstrap, and this "
            "run has none (--bootstrap 0): the results are the same without "
            f"{'them' if len(given) > 1 else 'it'}; add --bootstrap B for bootstrap intervals")


class _Flatten(argparse.Action):
    """Store the codes of all words of one ``--measures`` (each word a list of codes)."""

    def __call__(self, parser, namespace, values, option_string=None):  # noqa: ANN001
        setattr(namespace, self.dest, [c for word in values for c in word])


def run(args: argparse.Namespace) -> int:
    """Estimate the activation effects of the chosen measures on ``--data`` and write them as one
    CSV file. Returns the exit status (0 on success). Raises
    :class:`~mia_helpers.files.ParameterError` naming the option: repeated ``--measures``,
    ``--interval`` and ``--bootstrap`` that contradict each other, an ``--out`` that is a
    folder or a file of the data folder (a register, its panel, :func:`mia_helpers.cli._common.
    check_out_not_data`), or no measure estimable on ``--data``."""
    from mia_helpers.effects import TIDY_COLUMNS, activation_effects, resolve_interval

    if len(set(args.measures)) < len(args.measures):
        raise ParameterError(f"--measures: repeated codes in {args.measures}")
    interval = resolve_interval(args.interval, args.bootstrap)  # the estimators' default
    if interval == "linearized" and args.bootstrap:
        raise ParameterError(f"--interval linearized uses no bootstrap; drop --bootstrap "
                             f"{args.bootstrap} or use --interval bootstrap")
    if interval == "bootstrap" and not args.bootstrap:
        raise ParameterError("--interval bootstrap needs --bootstrap B (>= 2; 199 or more for "
                             "95 % percentile intervals)")
    note = bootstrap_only_note(args)
    if note:
        print(note, file=sys.stderr)
    check_data_dir(args.data)
    if args.out.is_dir():
        raise ParameterError(f"--out {args.out} is a folder; give a CSV file name")
    check_out_not_data(args.out, args.data, also=PANEL_FILES)  # fresh50
    check_out_suffix(args.out, ".csv", "a CSV file")
    check_writable_dir(args.out.parent, "--out")
    spec, chosen = panel_spec(args.data, args.window_start, args.window_end)
    t0 = time.perf_counter()
    from mia_helpers.files import check_not_incomplete
    from mia_helpers.matching import NotEstimableError
    from mia_helpers.panel import build_panel, load_panel

    check_not_incomplete(args.data)
    from mia_helpers.data import check_register_columns

    check_register_columns(args.data)  # input48: text or dates, before the validation's astype()
    build_panel(args.data, spec, progress=True, if_needed=True)  # under the panel's lock
    data = args.data
    check_max_quarter(args.max_quarter, data)
    panel = load_panel(data)
    tidy, dropped, skipped = [], 0, {}
    for m in args.measures:  # one measure at a time: one that cannot be estimated is skipped
        try:
            res = activation_effects(
                panel, [m], k=args.k, caliper=args.caliper, pooled=args.pooled,
                max_quarter=args.max_quarter, bootstrap=args.bootstrap, seed=args.seed,
                n_jobs=args.jobs, progress=True, with_hazard=False, interval=interval,
                population=None if args.population == "all" else args.population,
            )
        except NotEstimableError as err:  # a condition of the data for this measure (above)
            skipped[m] = str(err)
            print(f"warning: {m} skipped: {err}", file=sys.stderr)
            continue
        tidy.append(res.tidy)
        dropped += int(res.support()["n_dropped"].sum())
    if not tidy:
        raise ParameterError("no measure could be estimated on --data " + str(args.data) + ": "
                             + "; ".join(f"{m}: {e}" for m, e in skipped.items()))
    out = pd.concat(tidy, ignore_index=True)[[*TIDY_COLUMNS, "se", "df",
                                                   "point_identified"]].assign(
        interval=interval, ci_level=0.95)
    with atomic_path(args.out) as tmp:
        out.to_csv(tmp, index=False)
    how = ("intervals on person-clustered linearized standard errors (Student t on the "
           "effective number of persons, column df; the normal quantile for the matched "
           "'now versus never')"
           if interval == "linearized" else
           f"percentile intervals of {args.bootstrap} person-clustered bootstrap replications")
    done = len(args.measures) - len(skipped)
    first, last = spec.window.labels()
    print(f"wrote {args.out}: {len(out)} rows for {done} measure{'' if done == 1 else 's'} in "
          f"{time.perf_counter() - t0:.1f}s ({dropped} treated dropped for lack of support; "
          f"95 % {how})" + (f"; skipped {sorted(skipped)}" if skipped else "")
          + f"; panel over {first}..{last}, stable job {spec.stable_quarters} quarters ({chosen})")
    return 0
