"""api53's leftover: after an interrupt the command line silenced asyncio's whole logger, so a
Python session that ran :func:`mia_helpers.cli.main` in-process lost every later asyncio
message. Now only the dead kernel's "Task exception was never retrieved" record is dropped."""

from __future__ import annotations

import logging

from mia_helpers import cli


class DeadKernelError(RuntimeError):
    """Stands for nbclient's exception of that name (the filter reads the class name)."""


def _record(msg: str, exc: BaseException | None) -> logging.LogRecord:
    info = (type(exc), exc, None) if exc is not None else None
    return logging.LogRecord("asyncio", logging.ERROR, __file__, 1, msg, None, info)


def test_interrupt_keeps_asyncio_logging_for_other_messages():
    log = logging.getLogger("asyncio")
    kept = list(log.filters)
    # an earlier in-process test's interrupt may have added the filter already
    before = [f for f in kept if not isinstance(f, cli._DeadKernelFilter)]
    log.filters[:] = before
    try:
        cli._quiet_after_interrupt()
        cli._quiet_after_interrupt()  # once only
        assert not log.disabled
        added = [f for f in log.filters if f not in before]
        assert len(added) == 1
        dead = _record("Task exception was never retrieved\nfuture: <Task ...>",
                       DeadKernelError("Kernel died"))
        assert not log.filter(dead)
        assert log.filter(_record("Task exception was never retrieved", ValueError("x")))
        assert log.filter(_record("Executing <Task> took 0.2 seconds", None))
    finally:
        log.filters[:] = kept
        log.disabled = False
