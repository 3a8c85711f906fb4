"""A forked kernel keeps the signals its runner ignores ignored, as a fresh kernel does: under
``nohup make test`` (SIGHUP ignored, which an exec keeps) the fresh kernel ignored SIGHUP and
the forked one had it at the default, so test_warm_kernels' comparison failed in a fresh clone
run that way (seventeenth session); the server now hands its kernels the dispositions it
inherited (``_kernel_server.INHERITED``)."""

from __future__ import annotations

import signal

from test_warm_kernels import FACTS, _facts, _notebook

from mia_helpers import warm_kernels


def test_an_ignored_hangup_stays_ignored_in_forked_kernels(tmp_path, monkeypatch):
    saved = dict(warm_kernels._SERVERS)  # a server of its own, started with SIGHUP ignored
    warm_kernels._SERVERS.clear()
    before = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        src = _notebook(tmp_path, FACTS)
        cold = _facts(src, tmp_path / "cold.ipynb", warm=False)
        warm = _facts(src, tmp_path / "warm.ipynb", warm=True)
        server = next(iter(reversed(warm_kernels._SERVERS.values())))
    finally:
        signal.signal(signal.SIGHUP, before)
        warm_kernels.close_servers()
        warm_kernels._SERVERS.update(saved)
    assert warm["ppid"] == server.process.pid  # forked, not started the usual way
    assert cold["handlers"]["SIGHUP"] == repr(signal.SIG_IGN)
    assert warm["handlers"] == cold["handlers"]
