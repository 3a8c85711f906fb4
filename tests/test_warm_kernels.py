"""Warm kernels (``mia_helpers.warm_kernels``): a forked kernel starts as a fresh one would.

The test suite's chapter runs use them (``tests/nbrun.py``); these tests compare a forked
kernel's process state with a fresh kernel's on the same notebook, and check the parts of the
kernel's life that the fork changes: interrupts, kills, a kernel that dies, a server whose
starter has ended, and a server that cannot fork (it has started a thread).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import gc
import json
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from mia_helpers import warm_kernels
from mia_helpers.notebook_run import execute, kernel_manager_class

HEADER = (Path(__file__).resolve().parent.parent / "notebooks" / "B_reproducibility.md"
          ).read_text().split("---\n")[1]

#: what a kernel reports about its own process (the state a chapter could depend on)
FACTS = textwrap.dedent('''
    import json, os, signal, sys, warnings
    names = sorted(k for k in globals() if not k.startswith("_"))
    preloaded_package = "mia_helpers" in sys.modules
    # what every chapter but Appendix B imports (directly or through the package), in its order
    import pandas, seaborn, duckdb, pyarrow.parquet, pandera.pandas
    import matplotlib
    from ipykernel.kernelapp import IPKernelApp
    try:  # DuckDB decides once whether it runs in Jupyter (its progress bar there)
        duckdb.connect().execute("SET enable_progress_bar = false")
        duckdb_in_jupyter = False
    except duckdb.Error:
        duckdb_in_jupyter = True
    handlers = {s.name: repr(signal.getsignal(s)) for s in
                (signal.SIGINT, signal.SIGTERM, signal.SIGCHLD, signal.SIGPIPE, signal.SIGHUP)}
    print(json.dumps({
        "cwd": os.getcwd(), "path": sys.path, "argv": sys.argv, "flags": list(sys.flags),
        "env": dict(os.environ), "backend": matplotlib.get_backend(),
        "warnings": [repr(f) for f in warnings.filters], "handlers": handlers,
        "own_group": os.getpgid(0) == os.getpid(), "names": names,
        "parent_handle": IPKernelApp.instance().parent_handle,
        "modules": sorted(sys.modules), "preloaded_package": preloaded_package, "pid": os.getpid(), "ppid": os.getppid(),
        "executable": sys.executable, "hash_randomization": sys.flags.hash_randomization,
        "duckdb_in_jupyter": duckdb_in_jupyter}))
''')


def _notebook(folder: Path, body: str) -> Path:
    src = folder / "facts.md"
    src.write_text(f"---\n{HEADER}---\n\n```{{code-cell}} python\n:tags: [parameters]\n"
                   f"n = 1\n```\n\n```{{code-cell}} python\n{body}\n```\n")
    return src


def _printed(nb: dict) -> str:
    """The text the notebook's last cell printed."""
    return "".join("".join(o.get("text", "")) for o in nb["cells"][-1]["outputs"])


def _facts(src: Path, out: Path, warm: bool) -> dict:
    return json.loads(_printed(json.loads(execute(src, out, {"n": 2}, warm=warm).read_text())))


#: a light server for the tests of the server's own life (imports nothing but the kernel)
LIGHT = ("json",)


@pytest.fixture
def own_servers(monkeypatch):
    """The test's servers apart from the worker's (which the chapter runs of this worker use):
    those are set aside, the test's own stopped at its end. Other tests share the worker's."""
    saved = dict(warm_kernels._SERVERS)
    warm_kernels._SERVERS.clear()
    yield
    warm_kernels.close_servers()
    warm_kernels._SERVERS.update(saved)


def test_a_forked_kernel_starts_as_a_fresh_kernel_does(tmp_path):
    src = _notebook(tmp_path, FACTS)
    cold = _facts(src, tmp_path / "cold.ipynb", warm=False)
    warm = [_facts(src, tmp_path / f"warm{i}.ipynb", warm=True) for i in range(2)]
    server = next(iter(reversed(warm_kernels._SERVERS.values())))  # the one used last
    for facts in (cold, *warm):  # each kernel its own connection file
        at = facts["argv"].index("-f") + 1
        assert facts["argv"][at].startswith(tempfile.gettempdir() + "/mia-kernel-")
        facts["argv"][at] = "<connection file>"
    for facts in warm:
        # forked by the server, not started by this process
        assert facts["ppid"] == server.process.pid and facts["pid"] != cold["pid"]
        differ = {k for k in cold if cold[k] != facts[k]}
        assert differ == {"pid", "ppid"}, {k: (cold[k], facts[k]) for k in differ}
    assert warm[0]["pid"] != warm[1]["pid"]
    assert not cold["preloaded_package"] and cold["own_group"]
    assert cold["parent_handle"] == os.getpid()  # the kernel watches this process
    assert "JE_ARROW_MALLOC_CONF" not in warm[0]["env"]  # the server's own setting


def test_a_kernel_with_another_environment_gets_a_server_of_its_own(tmp_path, monkeypatch,
                                                                   own_servers):
    monkeypatch.setattr(warm_kernels, "PRELOAD", LIGHT)
    src = _notebook(tmp_path, "import os; print(os.environ.get('MIA_WARM_TEST'))")

    def shown(name: str) -> str:
        nb = json.loads(execute(src, tmp_path / name, warm=True).read_text())
        return _printed(nb).strip()

    assert shown("a.ipynb") == "None"
    monkeypatch.setenv("MIA_WARM_TEST", "7")
    assert shown("b.ipynb") == "7"
    assert len(warm_kernels._SERVERS) == 2
    first = next(iter(warm_kernels._SERVERS.values()))
    # pytest's per-test variable does not need a server of its own
    monkeypatch.setenv("PYTEST_CURRENT_TEST", "another test (call)")
    assert shown("c.ipynb") == "7"
    assert len(warm_kernels._SERVERS) == 2
    monkeypatch.setenv("MIA_WARM_TEST", "8")  # a third: the least recently used one stops
    assert shown("d.ipynb") == "8"
    assert len(warm_kernels._SERVERS) == warm_kernels.MAX_SERVERS == 2
    assert first.process.poll() is not None and not os.path.exists(first.folder)


def _kernel_manager():
    return kernel_manager_class(True)()


def test_interrupt_reaches_a_forked_kernel_and_shutdown_ends_it():
    async def run() -> tuple[str, int]:
        km = _kernel_manager()
        await km.start_kernel()
        pid = km.provisioner.pid
        kc = km.client()
        kc.start_channels()
        try:
            await kc.wait_for_ready(timeout=60)
            msg_id = kc.execute("import time; time.sleep(120)")
            await asyncio.sleep(1.0)
            await km.interrupt_kernel()
            deadline = time.monotonic() + 30
            while True:
                reply = await kc.get_shell_msg(timeout=max(deadline - time.monotonic(), 0.1))
                if reply["parent_header"].get("msg_id") == msg_id:
                    return reply["content"].get("ename", ""), pid
        finally:
            kc.stop_channels()
            await km.shutdown_kernel()
            assert not await km.is_alive()

    # in a thread of its own: an earlier test of this worker may have left an event loop
    # running in the main thread (asyncio.run refuses to start inside one)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        ename, pid = pool.submit(asyncio.run, run()).result()
    assert ename == "KeyboardInterrupt"
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_a_forked_kernel_that_dies_fails_the_run(tmp_path, monkeypatch, own_servers):
    from nbclient.exceptions import DeadKernelError

    monkeypatch.setattr(warm_kernels, "PRELOAD", LIGHT)

    src = _notebook(tmp_path, "import os; os._exit(3)")
    # this test's own temporary folder (other processes start kernels in /tmp meanwhile)
    own = Path(tempfile.mkdtemp(prefix="mia-wk-"))
    monkeypatch.setattr(tempfile, "tempdir", str(own))
    with pytest.raises(DeadKernelError):
        execute(src, tmp_path / "dead.ipynb", warm=True)
    assert not (tmp_path / "dead.ipynb").exists()
    gc.collect()  # the kernel's private folder (connection file and key) goes with its manager
    warm_kernels.close_servers()  # this test's server (its folder is in `own` too)
    assert not list(own.iterdir())
    own.rmdir()


def test_the_server_ends_when_its_starter_has_ended(tmp_path):
    script = textwrap.dedent("""
        import os, sys
        from mia_helpers import warm_kernels
        cmd = [sys.executable, "-m", "ipykernel_launcher"]
        warm_kernels.PRELOAD = ("json",)  # a light server: its life is tested, not its imports
        server = warm_kernels._server(tuple(cmd[:1]), dict(os.environ))
        print(server.process.pid, server.folder, flush=True)
        os._exit(0)  # no atexit: the server must notice by itself
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, check=True)
    pid, folder = done.stdout.split()
    deadline = time.monotonic() + 15  # the server looks every second
    while time.monotonic() < deadline:
        try:
            with open(f"/proc/{pid}/stat") as stat:  # a zombie (reaped later) has ended
                if stat.read().split(") ")[1].startswith("Z"):
                    break
        except FileNotFoundError:
            break
        time.sleep(0.2)
    else:
        os.kill(int(pid), signal.SIGKILL)
        pytest.fail("the fork server outlived the process that started it")
    assert not Path(folder).exists()  # its socket and private folder removed


def test_a_server_with_a_thread_refuses_to_fork_and_the_kernel_starts_as_usual(
        tmp_path, monkeypatch, own_servers):
    (tmp_path / "mia_spawns_a_thread.py").write_text(
        "import threading, time\n"
        "threading.Thread(target=time.sleep, args=(600,), daemon=True).start()\n")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        [str(tmp_path), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep))
    monkeypatch.setattr(warm_kernels, "PRELOAD", (*LIGHT, "mia_spawns_a_thread"))
    src = _notebook(tmp_path, "import os; print(os.getppid())")
    with pytest.warns(RuntimeWarning, match="warm kernel unavailable.*threads"):
        nb = json.loads(execute(src, tmp_path / "t.ipynb", warm=True).read_text())
    ppid = int(_printed(nb))
    assert ppid == os.getpid()  # started by this process, the usual way


def test_without_pidfds_the_kernel_starts_as_usual(tmp_path, monkeypatch):
    def refused(pid: int) -> int:
        raise PermissionError(1, "Operation not permitted")  # as a seccomp profile may

    monkeypatch.setattr(os, "pidfd_open", refused)
    src = _notebook(tmp_path, "import os; print(os.getppid())")
    with pytest.warns(RuntimeWarning, match="warm kernel unavailable.*pidfd_open"):
        nb = json.loads(execute(src, tmp_path / "p.ipynb", warm=True).read_text())
    assert int(_printed(nb)) == os.getpid()  # started by this process, the usual way
