"""The fork server of :mod:`mia_helpers.warm_kernels`: run as ``python -c <this file's text>``.

Not imported by the package (so the kernels it forks hold none of the package's modules): it
imports the third-party modules the chapters import (argument 3, comma-separated), listens on
the Unix-domain socket of argument 1 and, for each request (one JSON line: ``argv`` of
``ipykernel_launcher``, ``env``, ``cwd``), forks a child that becomes that kernel and replies
``{"pid": N}``. It exits when the process of pid argument 2 (its starter) has ended.
"""

import json
import os
import signal
import socket
import sys

if sys.path and sys.path[0] == "":  # as ipykernel_launcher does before its imports
    del sys.path[0]

PATH, STARTER, MODULES = sys.argv[1], int(sys.argv[2]), sys.argv[3]
#: the dispositions this server inherited from its starter, as a kernel the starter executes
#: inherits them: an ignored signal stays ignored across exec (``nohup make test`` ignores
#: SIGHUP, and a fresh kernel with it), a handled one is reset to the default
_RESET = (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP)
INHERITED = {sig: signal.getsignal(sig) for sig in _RESET}
# ipykernel sets this before the kernel's first import of matplotlib (kernelapp.init_gui_pylab)
os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
# pyarrow's bundled jemalloc (not its default memory pool) starts a background thread when it
# loads, and a fork copies only the thread that forks: none here (the kernels' environment
# is theirs again after the fork; the allocator's setting stays)
os.environ.setdefault("JE_ARROW_MALLOC_CONF", "background_thread:false")
import runpy  # noqa: E402,F401  (imported by `python -m`, as the kernel is started)
import warnings  # noqa: E402

INTERPRETER_FILTERS = len(warnings.filters)
_before = dict(os.environ)
for _name in filter(None, MODULES.split(",")):
    __import__(_name)
del _name
#: environment variables the libraries' imports set (pandera sets two for pyspark): a kernel
#: that imports them sets them in its own environment, so the forked kernel gets them too
IMPORT_ENV = {k: v for k, v in os.environ.items() if _before.get(k) != v}
del _before
#: the warning filters after the libraries' imports (theirs in front of the interpreter's):
#: ipykernel's import, next, and the kernel's start put theirs in front of these, while in a
#: fresh kernel the chapter's imports put the libraries' in front of ipykernel's
LIBRARY_FILTERS = list(warnings.filters)
LIBRARY_ADDED = len(LIBRARY_FILTERS) - INTERPRETER_FILTERS
from ipykernel import kernelapp  # noqa: E402,F401  (the kernel's own modules)


def _threads() -> int:
    return len(os.listdir("/proc/self/task"))


def _become_kernel(conn: socket.socket, server: socket.socket, request: dict,
                   started: int) -> None:
    """In the forked child: the state of a fresh ``python -m ipykernel_launcher`` process
    started with ``request``'s environment and folder, then the kernel itself."""
    conn.close()
    server.close()
    os.setsid()  # its own process group: interrupts and kills reach it and its children only
    os.write(started, b"1")  # the server replies only now: the group exists
    os.close(started)
    for sig in _RESET:  # as a fresh kernel of the same starter has them (see INHERITED)
        signal.signal(sig, signal.SIG_IGN if INHERITED[sig] == signal.SIG_IGN
                      else signal.SIG_DFL)
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)  # as the interpreter sets it at start
    signal.signal(signal.SIGINT, signal.default_int_handler)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    os.environ.update(IMPORT_ENV)
    import random

    random.seed()  # a fresh process draws its own seeds
    if "numpy" in sys.modules:
        import numpy as np

        np.random.seed()
    sys.argv = [request["launcher"], *request["argv"]]
    # IPKernelApp.launch_instance, with the two settings whose defaults ipykernel reads from
    # the environment when it is imported (here before the kernel's environment was known)
    # as a fresh process would read them
    app = kernelapp.IPKernelApp.instance(
        parent_handle=int(os.environ.get("JPY_PARENT_PID") or 0),
        interrupt=int(os.environ.get("JPY_INTERRUPT_EVENT") or 0))
    app.initialize()
    _libraries_first(warnings.filters)
    app.start()


def _libraries_first(filters: list) -> None:
    """Put the libraries' warning filters in front of those ipykernel added (the order of a
    fresh kernel whose first cell imports the libraries): ``K + L + D`` becomes ``L + K + D``,
    with ``L + D`` :data:`LIBRARY_FILTERS` and ``D`` the interpreter's own."""
    n = len(LIBRARY_FILTERS)
    if filters[len(filters) - n:] != LIBRARY_FILTERS:
        return  # not the expected layout: left as it is
    kernel = filters[:len(filters) - n]
    filters[:] = [*LIBRARY_FILTERS[:LIBRARY_ADDED], *kernel, *LIBRARY_FILTERS[LIBRARY_ADDED:]]
    warnings._filters_mutated()


def main() -> None:
    """Serve kernel start requests on the socket :data:`PATH` until the starter (process
    :data:`STARTER`) has ended: each request forks a kernel from this process, whose
    third-party modules are already imported (the chapter runner's warm kernels)."""
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # kernels are reaped by the system
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(PATH + ".partial")
    os.replace(PATH + ".partial", PATH)  # the path exists only once the server accepts
    server.listen(8)
    server.settimeout(1.0)
    while True:
        if os.getppid() != STARTER:  # its starter has ended (without closing it)
            server.close()
            for remove in (os.unlink, os.rmdir):  # the socket, then its private folder
                try:
                    remove(PATH if remove is os.unlink else os.path.dirname(PATH))
                except OSError:
                    pass
            return
        try:
            conn, _ = server.accept()
        except TimeoutError:
            continue
        conn.settimeout(None)
        with conn, conn.makefile("rb") as lines:
            request = json.loads(lines.readline())
            if _threads() != 1:  # a fork copies one thread only: refuse, the client falls back
                conn.sendall(b'{"pid": null, "reason": "the server has started threads"}\n')
                continue
            started, told = os.pipe()
            pid = os.fork()
            if pid == 0:
                code = 1
                try:
                    os.close(started)
                    _become_kernel(conn, server, request, told)
                    code = 0
                except SystemExit as stop:
                    code = stop.code if isinstance(stop.code, int) else 1
                except BaseException:
                    import traceback

                    traceback.print_exc()
                finally:
                    os._exit(code)
            os.close(told)
            os.read(started, 1)  # empty if the child ended before its setsid
            os.close(started)
            conn.sendall(json.dumps({"pid": pid}).encode() + b"\n")


main()
