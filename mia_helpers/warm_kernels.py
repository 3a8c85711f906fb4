"""Warm kernels: chapter kernels forked from a process that has imported the libraries already.

A chapter's kernel spends about 1.3 s starting and 3-5 s importing pandas, matplotlib,
seaborn, SciPy, DuckDB and pandera before its first result (measured in the fourteenth
session); the test suite executes chapters about twenty times. With
``execute(..., warm=True)`` (:func:`mia_helpers.notebook_run.execute`; the test suite's
``tests/nbrun.py`` asks for it, the book and the command line do not) the kernel is instead a
fork of a server process (``mia_helpers/_kernel_server.py``, one per environment) that imported
those libraries (:data:`PRELOAD`) once and then serves one fork per kernel.

What the kernel sees is what a fresh ``python -m ipykernel_launcher`` process started by
jupyter_client would see: the server is started with the kernel spec's interpreter and flags
and the kernel's environment (a server serves only kernels whose environment equals its own,
apart from the per-kernel and per-test variables of :data:`PER_KERNEL_ENV`, so no library
read a different environment at import), holds none of this package's modules, and the child changes to the
kernel's folder, takes its environment, draws fresh ``random`` and NumPy global seeds, starts a
session of its own (interrupts and kills reach it and its subprocesses only) and restores the
signal handlers an interpreter starts with. Differences that remain: the preloaded modules are
in ``sys.modules`` before the kernel's first cell (each is imported by every chapter through
the package anyway), and the kernels of one server share its string-hash seed. The server
forks only while it runs a single thread (else the kernel starts the usual way, with a
warning), and exits when the process that started it has ended.

Source: jupyter_client's ``LocalProvisioner`` (this provisioner is one, with the forked process
behind a ``subprocess.Popen``-like object); the fork-server pattern of
:mod:`multiprocessing.forkserver`.
"""

from __future__ import annotations

import atexit
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path
from typing import Any

#: third-party modules the server imports before it forks kernels: those every chapter but
#: Appendix B imports, directly or through the package (``mia_helpers.schemas`` pandera,
#: the plots seaborn). Not DuckDB: it decides when imported whether it runs in Jupyter, so
#: imported in the server it did not know that it ran in the forked kernels (a fresh kernel's
#: DuckDB refuses ``SET enable_progress_bar`` without ipywidgets: chapter 1 failed under
#: ``make book`` and passed in the warm test kernels). Not statsmodels: only some chapters
#: import it, and its import adds warning filters (``always`` for its convergence warnings)
#: that a kernel which never imports it does not have. NumPy's and SciPy's filters are put
#: in the order a fresh kernel has them (``_kernel_server._libraries_first``).
PRELOAD = ("numpy", "pandas", "scipy.stats", "matplotlib.pyplot", "seaborn", "pyarrow.parquet",
           "pandera.pandas")
#: seconds a new server may take to import :data:`PRELOAD` and listen
START_TIMEOUT = 120.0
SERVER_SOURCE = Path(__file__).with_name("_kernel_server.py")


class ServerUnavailable(RuntimeError):
    """The fork server could not start a kernel (the caller starts it the usual way)."""


#: environment variables that change from kernel to kernel (jupyter_client's) or from test to
#: test (pytest's) and that no library reads when imported: a server serves kernels whose
#: environments differ in these only (each kernel gets its own values)
PER_KERNEL_ENV = ("JPY_", "PYTEST_CURRENT_TEST")
#: fork servers kept per process (the least recently used is stopped beyond it)
MAX_SERVERS = 2


def _server_env(env: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in env.items() if not k.startswith(PER_KERNEL_ENV)}


def _key(prefix: tuple[str, ...], env: dict[str, str]) -> tuple:
    return prefix, PRELOAD, tuple(sorted(_server_env(env).items()))


class _Server:
    """One fork server: its process, its socket's private folder."""

    def __init__(self, prefix: tuple[str, ...], env: dict[str, str]) -> None:
        self.folder = tempfile.mkdtemp(prefix="mia-fork-")  # mode 0700
        self.path = os.path.join(self.folder, "server")
        self.process = subprocess.Popen(
            [*prefix, "-c", SERVER_SOURCE.read_text(), self.path, str(os.getpid()),
             ",".join(PRELOAD)],
            env=env, cwd=self.folder, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + START_TIMEOUT
        while not os.path.exists(self.path):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise ServerUnavailable(f"the fork server did not start (exit status "
                                        f"{self.process.returncode})")
            time.sleep(0.02)

    def fork(self, request: dict[str, Any]) -> int:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(30.0)
            try:
                conn.connect(self.path)
                conn.sendall(json.dumps(request).encode() + b"\n")
                with conn.makefile("rb") as lines:
                    reply = json.loads(lines.readline() or b"{}")
            except (OSError, ValueError) as err:
                raise ServerUnavailable(f"the fork server did not answer: {err}") from err
        if not reply.get("pid"):
            raise ServerUnavailable(reply.get("reason", "the fork server forked no kernel"))
        return int(reply["pid"])

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


_SERVERS: dict[tuple, _Server] = {}
_LOCK = threading.Lock()


def _server(prefix: tuple[str, ...], env: dict[str, str]) -> _Server:
    key = _key(prefix, env)
    with _LOCK:
        server = _SERVERS.pop(key, None)
        if server is None or server.process.poll() is not None:
            server = _Server(prefix, _server_env(env))
        _SERVERS[key] = server  # the most recently used last
        while len(_SERVERS) > MAX_SERVERS:
            _SERVERS.pop(next(iter(_SERVERS))).close()
        return server


@atexit.register
def close_servers() -> None:
    """Stop every fork server of this process (also run at exit)."""
    with _LOCK:
        for server in _SERVERS.values():
            server.close()
        _SERVERS.clear()


class ForkedKernelProcess:
    """The ``subprocess.Popen`` interface jupyter_client's ``LocalProvisioner`` uses, for a
    kernel that is the fork server's child, not this process's: liveness through a pidfd
    (Linux >= 5.3; immune to pid reuse), signals through ``pidfd_send_signal``. Its exit status
    is not known here (the server's system reaps it): ``returncode`` is 0 once it has ended."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self._fd: int | None = os.pidfd_open(pid)

    def poll(self) -> int | None:
        """The exit status (0) once the kernel has ended, else None (as
        :meth:`subprocess.Popen.poll`)."""
        if self.returncode is None and self._fd is not None:
            if select.select([self._fd], [], [], 0)[0]:
                self.returncode = 0
                os.close(self._fd)
                self._fd = None
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """Wait for the kernel to end and return its exit status; after ``timeout`` seconds
        (None: no limit) raise :class:`subprocess.TimeoutExpired`."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired("forked kernel", timeout)
            time.sleep(0.02)
        return 0

    def send_signal(self, signum: int) -> None:
        """Send ``signum`` to the kernel through its pidfd, if it is still running."""
        if self.poll() is None and self._fd is not None:
            signal.pidfd_send_signal(self._fd, signum)

    def terminate(self) -> None:
        """Send SIGTERM to the kernel."""
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        """Send SIGKILL to the kernel."""
        self.send_signal(signal.SIGKILL)


def _pidfd_supported() -> bool:
    """Whether this system gives pidfds (:class:`ForkedKernelProcess` needs them; a container
    may refuse the system call)."""
    try:
        fd = os.pidfd_open(os.getpid())
    except (AttributeError, OSError):
        return False
    os.close(fd)
    return True


def _kernel_command(cmd: list[str]) -> tuple[tuple[str, ...], list[str]] | None:
    """``(interpreter and its flags, ipykernel_launcher's arguments)`` of a kernel command
    ``[python, flags..., -m, ipykernel_launcher, args...]``; None for any other command."""
    if "-m" not in cmd:
        return None
    at = cmd.index("-m")
    if cmd[at + 1:at + 2] != ["ipykernel_launcher"]:
        return None
    return tuple(cmd[:at]), cmd[at + 2:]


def provisioner_class() -> type:
    """jupyter_client's ``LocalProvisioner`` with :meth:`launch_kernel` asking a fork server
    (one per interpreter and environment, started on first use) for the kernel; a kernel
    command that is not ``python -m ipykernel_launcher``, or a server that cannot fork, gets
    the usual process (with a warning in the second case)."""
    from jupyter_client.provisioning import LocalProvisioner

    class ForkedProvisioner(LocalProvisioner):
        async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
            parts = _kernel_command(cmd)
            if parts is None:
                return await super().launch_kernel(cmd, **kwargs)
            prefix, argv = parts
            env = dict(kwargs.get("env") or os.environ)
            if not kwargs.get("independent"):  # as jupyter_client.launcher sets it
                env["JPY_PARENT_PID"] = str(os.getpid())
            cwd = str(kwargs.get("cwd") or os.getcwd())
            try:
                if not _pidfd_supported():
                    raise ServerUnavailable("this system has no pidfd_open (Linux >= 5.3) to "
                                            "watch a kernel that is not this process's child")
                pid = _server(prefix, env).fork({"argv": argv, "env": env, "cwd": cwd,
                                                 "launcher": _launcher_path(prefix)})
            except ServerUnavailable as err:
                warnings.warn(f"warm kernel unavailable ({err}); starting the kernel the usual "
                              "way", RuntimeWarning, stacklevel=2)
                return await super().launch_kernel(cmd, **kwargs)
            self.process = ForkedKernelProcess(pid)
            self.pid = self.pgid = pid  # the child starts a session of its own
            self.cwd = cwd
            return self.connection_info

    return ForkedProvisioner


def _launcher_path(prefix: tuple[str, ...]) -> str:
    """``sys.argv[0]`` of ``python -m ipykernel_launcher``: the launcher module's file."""
    import ipykernel_launcher

    return ipykernel_launcher.__file__ if prefix[0] == sys.executable else "ipykernel_launcher"
