"""The suite's one-BLAS-thread limit (tests/conftest.py) holds in module-scoped fixtures too.

As a per-test fixture the limit was set up after the module- and session-scoped fixtures:
those ran with the threads of ``OPENBLAS_NUM_THREADS`` and the test bodies with one, and
test_origin_effects::test_groups_partition_the_treated, which compares the matched effects of
a module fixture with the same rows estimated in the test body, failed with
``OPENBLAS_NUM_THREADS=2`` (now versus never at quarter 2: 0.0704217720 against 0.0704217581
pp, relative difference 2e-7, above assert_allclose's 1e-7: a float32 product of the IPCW
model summed in another order). This runs a small test file under ``OPENBLAS_NUM_THREADS=2``
with the suite's conftest as a plugin and asserts that its module fixture saw one thread.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

TESTS = Path(__file__).resolve().parent

INNER = textwrap.dedent('''
    import numpy  # noqa: F401  (loaded at collection, as by every test module of the suite)
    import pytest
    from threadpoolctl import threadpool_info


    def _blas_threads():
        return [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]


    @pytest.fixture(scope="module")
    def module_threads():
        return _blas_threads()


    def test_module_fixture_runs_on_one_blas_thread(module_threads):
        assert module_threads, "no BLAS library found"
        assert module_threads == [1] * len(module_threads)
        assert _blas_threads() == [1] * len(module_threads)
''')


def test_module_fixtures_run_on_one_blas_thread(tmp_path):
    inner = tmp_path / "test_inner_threads.py"
    inner.write_text(INNER)
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "2", "OMP_NUM_THREADS": "2",
           "PYTHONPATH": os.pathsep.join([str(TESTS), str(TESTS.parent),
                                          os.environ.get("PYTHONPATH", "")])}
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "conftest",
                          "-p", "no:cacheprovider", "--rootdir", str(tmp_path), str(inner)],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
