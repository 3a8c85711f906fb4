"""A SIGTERM sent to the chapter runner alone (not its process group) ends it like Ctrl-C: exit
143, one line that says so, no traceback, the unfinished run removed, and its kernel gone.

api53: the runner's exit closed the kernel's sockets while the kernel (in a process group of
its own, so not reached by the signal) was still running a cell; when the cell ended the
kernel printed a traceback of pyzmq ("zmq.error.ZMQError: Socket operation on non-socket") on
the terminal the two share; then asyncio printed "Task exception was never retrieved ...
DeadKernelError"; and a SIGTERM while the command was still importing its modules (its first
seconds) killed it without a word. Reproduced with chapter 2 (seed 4255) killed at 8 and 12
s; here a stand-in chapter of short cells makes the kernel finish a cell right after the
runner's exit every time."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from notebook_text import MYST_HEADER

from mia_helpers.chapters import CHAPTERS

ROOT = Path(__file__).resolve().parents[1]
#: the cells of the stand-in chapter: short ones (0.5 s each), so that a cell ends soon after
#: the runner's exit (with the old code a kernel in a cell of 0.5 s or 2 s printed the traceback
#: every time, one in a CPU-bound cell of 0.3 s not: it was killed first, its parent gone)
CELLS = 60


def _chapter(folder: Path) -> None:
    cells = "".join("```{code-cell} python\nimport time\ntime.sleep(0.5)\n```\n\n"
                    for _ in range(CELLS))
    (folder / CHAPTERS["matching_method"]).write_text(
        MYST_HEADER + "\n# Stand-in\n\n```{code-cell} python\n:tags: [parameters]\n\n"
        "n = 2  # a number\n```\n\n" + cells)


def _kernel_of(pid: int) -> int | None:
    """The ipykernel process the runner ``pid`` started (its child), if any."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmd = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid and "ipykernel" in cmd:
            return int(entry.name)
    return None


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _runner(tmp_path: Path) -> tuple[subprocess.Popen, Path]:
    folder = tmp_path / "notebooks"
    folder.mkdir()
    _chapter(folder)
    out = tmp_path / "run"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "mia_helpers", "chapter", "A_matching_method", "--notebooks",
         str(folder), "--out", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=env, cwd=tmp_path, start_new_session=True,  # its own group: the test's is spared
        # as a terminal starts it: SIGINT at its default. A test run started in the background
        # of a non-interactive shell (nohup ... &) ignores SIGINT, the child inherited that,
        # and the Ctrl-C test saw the chapter run to its end (returncode 0; fifty-first session)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    return proc, out


def _lines(stderr: bytes) -> list[str]:
    """Standard error's lines without the progress bar (carriage returns)."""
    text = stderr.decode(errors="replace").replace("\r", "\n")
    return [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("Executing")]


def test_sigterm_during_a_cell_exits_143_with_one_line(tmp_path):
    proc, out, kernel = _runner_in_a_cell(tmp_path)
    os.kill(proc.pid, signal.SIGTERM)  # the runner alone
    _, err = proc.communicate(timeout=60)
    lines = _lines(err)
    assert proc.returncode == 128 + signal.SIGTERM, lines
    assert len(lines) == 1 and lines[0].startswith("interrupted: chapter"), lines
    time.sleep(1)  # a kernel the runner left would print within its cell (0.5 s)
    assert not _alive(kernel)
    assert not list(out.glob("*.ipynb")) and not list(out.glob(".*.ipynb"))
    assert not (out / "A_matching_method.html").exists()


def _runner_in_a_cell(tmp_path):
    """The stand-in runner once its kernel runs the short cells: ``(proc, out, kernel)``."""
    proc, out = _runner(tmp_path)
    deadline = time.monotonic() + 60
    kernel = None
    while kernel is None and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.1)
        kernel = _kernel_of(proc.pid)
    assert kernel is not None, "no kernel started"
    time.sleep(3)  # the kernel is past its start, running the short cells
    assert proc.poll() is None, "the stand-in chapter finished before the signal"
    return proc, out, kernel


def _catches_sigterm(pid: int) -> bool:
    """Whether process ``pid`` has a handler for SIGTERM (Linux: SigCgt in /proc)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("SigCgt:"):
                return bool(int(line.split()[1], 16) >> (signal.SIGTERM - 1) & 1)
    except OSError:
        return False
    return False


def test_sigterm_while_importing_says_so(tmp_path):
    proc, _ = _runner(tmp_path)
    # the signal must come after the handler is set and before the subcommands' imports end
    # (seconds): wait until the kernel reports SIGTERM caught (/proc/<pid>/status SigCgt);
    # a fixed 0.3 s sleep raced the interpreter's start on a loaded fresh clone (returncode
    # -15: killed before any handler)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and proc.poll() is None and not _catches_sigterm(proc.pid):
        time.sleep(0.01)
    assert proc.poll() is None, "the runner ended before its SIGTERM handler was seen"
    os.kill(proc.pid, signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    lines = _lines(err)
    assert proc.returncode == 128 + signal.SIGTERM, lines
    assert lines == ["interrupted: the command stopped before it finished (SIGTERM)"], lines


def test_ctrl_c_during_a_cell_exits_130_with_one_line(tmp_path):
    """fresh53: Ctrl-C (SIGINT to the runner's process group, as a terminal sends it; the
    kernel, in a session of its own, does not get it) ended the runner without killing the
    kernel first, so the kernel printed api53's pyzmq traceback ("[IPKernelApp] ERROR |
    Exception in message handler ... ZMQError: Socket operation on non-socket") below the
    one line, as SIGTERM did before api53 (chapter 2, seed 4260, at 18 s)."""
    proc, out, kernel = _runner_in_a_cell(tmp_path)
    os.killpg(proc.pid, signal.SIGINT)  # the terminal's Ctrl-C: the runner's group
    _, err = proc.communicate(timeout=60)
    time.sleep(1)  # a kernel the runner left would print within its cell (0.5 s)
    lines = _lines(err)
    assert proc.returncode == 128 + signal.SIGINT, lines
    assert len(lines) == 1 and lines[0].startswith("interrupted: chapter"), lines
    assert not _alive(kernel)
    assert not list(out.glob("*.ipynb")) and not list(out.glob(".*.ipynb"))
