"""Shared fixtures: small synthetic data sets generated once per test session."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import hypothesis
import pytest
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/nbrun.py

# hypothesis: deterministic (derandomize: the same examples on every run, so CI never fails on
# a newly drawn example), no example database in the repository
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", "/tmp/mia-hypothesis")
hypothesis.settings.register_profile("mia", derandomize=True, database=None)
hypothesis.settings.load_profile("mia")


@pytest.fixture(autouse=True, scope="session")
def _one_blas_thread():
    """One BLAS thread per test process: the suite runs two pytest workers on two cores, and
    multithreaded BLAS then oversubscribes the cores (the GLM fits ran 10x slower).

    Session-wide, so that it holds before any fixture: as a per-test fixture it was set up
    after the module- and session-scoped fixtures, which then ran with the threads of
    ``OPENBLAS_NUM_THREADS`` while the test bodies ran with one. A float32 matrix-vector
    product summed in another order (the IPCW linear predictor of
    :mod:`mia_helpers.effects`) then gave the fixture's matched "now versus never" effect
    other last bits than the test's own estimate of the same rows
    (test_origin_effects::test_groups_partition_the_treated failed with
    ``OPENBLAS_NUM_THREADS=2``)."""
    with threadpool_limits(1):
        yield


@pytest.fixture(autouse=True)
def _fresh_disclosure_record():
    """Each test is its own run: the disclosure ledger (cells hidden in earlier tables of a run
    are hidden again) must not carry cells from one test's tables into another's, as a chapter
    kernel starts with an empty one."""
    from mia_helpers.disclosure import reset_record

    reset_record()
    yield


@pytest.fixture()
def regs(tmp_path, small_data) -> Path:
    """A copy of :func:`small_data`'s registers without its panel, truth and exclusion log,
    for a test that edits registers and builds the panel again."""
    import shutil

    dst = tmp_path / "regs"
    shutil.copytree(small_data, dst, ignore=shutil.ignore_patterns("panel*", "truth",
                                                                   "exclusion_log.csv"))
    return dst


@pytest.fixture(scope="session")
def small_data(tmp_path_factory) -> Path:
    """Registers, truth and panel for 1,500 residents and 750 newcomers (seed 11)."""
    from mia_helpers.panel import build_panel
    from mia_helpers.synthetic import generate

    out = tmp_path_factory.mktemp("small") / "data"
    generate(out, seed=11, residents=1500, newcomers=750)
    build_panel(out)
    return out


class DefaultStudy:
    """The book's default synthetic data set (``ensure_data()``: seed 2005, 20,000 residents,
    10,000 newcomers), its panel and its competing-risk rows, each computed once per test
    worker when first asked for (loading the panel takes 3-5 s; seven tests in six files ask
    for it). :meth:`panel` and :meth:`competing` return a shallow copy each time: pandas'
    copy-on-write keeps any change a test makes to its copy (a column assigned, a value set,
    ``attrs``) out of the shared frame, so every test sees the frame as loaded."""

    def __init__(self) -> None:
        self._panel = None
        self._competing = None

    @property
    def data(self) -> Path:
        """The data folder (generated into the cache on first use, as ``ensure_data()``)."""
        from mia_helpers.data import ensure_data

        return ensure_data()

    def panel(self):
        """``load_panel(ensure_data())`` (a shallow copy of the worker's one load)."""
        if self._panel is None:
            from mia_helpers.panel import load_panel

            self._panel = load_panel(self.data)
        return self._panel.copy(deep=False)

    def competing(self):
        """``competing.competing_data(load_panel(ensure_data()))`` (a shallow copy)."""
        if self._competing is None:
            from mia_helpers.competing import competing_data

            self._competing = competing_data(self.panel())
        return self._competing.copy(deep=False)


@pytest.fixture(scope="session")
def default_study() -> DefaultStudy:
    """The default data set's panel and competing-risk rows, loaded once per test worker
    (:class:`DefaultStudy`)."""
    return DefaultStudy()


# -- order of the test files (make test: one pytest run, two workers, --dist loadfile) ---------
#: files that execute chapters (marker ``notebook``), longest first (seconds per file, a JUnit
#: report of a fresh clone's run in the nineteenth session, summed by file, on a loaded machine:
#: only the order matters; on a fresh clone Appendix A computes its small Monte Carlo studies,
#: which the thirteenth session's warm cache hid; Appendix C at min_cell 20 measured alone after
#: this session's audit speed-up; a file not listed counts 0 and comes after them): the longest units start first, so the two workers end together, and the chapters'
#: executed copies exist before the browser test, which comes right after them, needs them
NOTEBOOK_FILE_SECONDS = {"test_notebook_03.py": 124, "test_notebook_05.py": 111,
                         "test_notebook_04.py": 105, "test_notebook_A.py": 80,
                         "test_adapters.py": 64, "test_notebook_02.py": 59,
                         "test_notebook_06.py": 58, "test_notebook_01.py": 32,
                         "test_notebook_C.py": 17, "test_trial17_notebook_C.py": 10,
                         "test_notebook_B.py": 7}
#: the other files that take longest, also longest first (seconds per file, a JUnit report of
#: the eighteenth session's non-nightly run on a loaded machine: only the order matters): a
#: long file handed out last would leave one worker running it alone while the other has
#: finished; a file not listed counts 0 and comes after them, in collection order
OTHER_FILE_SECONDS = {"test_panel.py": 121, "test_io_robust.py": 119, "test_conclusions.py": 92,
                      "test_competing.py": 86, "test_newcomers.py": 69,
                      "test_disclosure.py": 50, "test_effects.py": 49, "test_subgroups.py": 48,
                      "test_dynamic.py": 41, "test_matching.py": 36, "test_leaks.py": 36,
                      "test_disclosure_hidden_sums.py": 36, "test_chapters.py": 35,
                      "test_later_variance_ai2016.py": 35, "test_warm_kernels.py": 34,
                      "test_hazard.py": 32, "test_describe_disclosure.py": 28,
                      "test_disclosure_rules.py": 25, "test_prose_any_seed.py": 25,
                      "test_mia_engine_reference.py": 25}
BROWSER_FILE = "test_browser.py"
#: names of the test files collected in this session (the browser test waits for the
#: executed copies only of chapters whose notebook test runs in the same session)
SESSION_FILES = pytest.StashKey[set]()
#: wall-clock start of this process's session (copies older than it are from an earlier run)
SESSION_START = pytest.StashKey[float]()


def pytest_configure(config: pytest.Config) -> None:
    import time

    config.stash[SESSION_START] = time.time()


@pytest.hookimpl(trylast=True)  # after -m/-k deselection
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Chapter-executing files first (longest first), then the browser test, then the rest:
    the long ones of :data:`OTHER_FILE_SECONDS` longest first, the others in collection order
    (``make test`` passes ``--no-loadscope-reorder`` so that pytest-xdist keeps this order;
    its default sorts files by their number of tests)."""
    notebook = {item.path.name for item in items if item.get_closest_marker("notebook")}

    def rank(item: pytest.Item) -> tuple[int, int]:
        name = item.path.name
        if name in notebook:
            return (0, -NOTEBOOK_FILE_SECONDS.get(name, 0))
        return (1, 0) if name == BROWSER_FILE else (2, -OTHER_FILE_SECONDS.get(name, 0))

    items.sort(key=rank)  # stable: tests keep their order within a file


def pytest_collection_finish(session: pytest.Session) -> None:
    """The files of the tests this session runs (after deselection: ``pytest -m browser``
    runs no notebook test, so the browser test waits for none)."""
    session.config.stash[SESSION_FILES] = {item.path.name for item in session.items}


@pytest.fixture()
def shell():
    """An IPython shell with the inline backend's PNG formatter, as in a chapter's kernel
    (the figure-text tests, ec27 and ec28)."""
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.core.pylabtools import select_figure_formats

    ip = InteractiveShell.instance()
    select_figure_formats(ip, {"png"})
    yield ip
    InteractiveShell.clear_instance()


@pytest.fixture(scope="session")
def shipped():
    """The four shipped studies of the book's design and the replication reading's verdicts
    (``(verdicts, studies)``; skips when a shipped Monte Carlo file is stale). Used by the
    targeted-study prose tests (tgt52, user53)."""
    import pandas as pd

    from mia_helpers import claims
    from mia_helpers import montecarlo_confirmation as mc
    from mia_helpers import montecarlo_newcomers as mcn
    from mia_helpers import montecarlo_replication as mr

    conf = mc.read_confirmation()  # this code's rows, or the record of the earlier (rec55)
    ship = (mcn.NEWCOMERS_FILE.read(mcn._key(mcn._params(**mc.CONFIRMED_STUDY)))
            if claims.record_fingerprint(conf) is None
            else mc.first_study(pd.DataFrame(), mc.CONFIRMED_STUDY["base_seed"], conf)[0])
    rep = mr.read_replication()
    sec = mr.read_replication(study=mr.SECOND_REPLICATION_STUDY)
    if any(x is None for x in (ship, conf, rep, sec)):
        pytest.skip("a shipped Monte Carlo file is stale (the freshness tests say which)")
    studies = dict(shipped=ship, confirmation=conf, replication=rep)
    verdicts = mr.replication_verdicts(studies, sec)
    return verdicts, {**studies, mr.SECOND: sec}
