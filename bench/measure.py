"""Run a command and measure its wall-clock time and the peak memory of its whole process tree.

Memory is sampled from /proc: the peak of the summed VmRSS (every 50 ms) and the peak of the summed
Pss (less often) over the process and all its descendants. Pss shares each shared page out between
the processes that map it, so it does not count twice the pages forked workers share; RSS does.
The direct child's own peak (its VmHWM while sampled, and ru_maxrss from os.wait4) is a floor for
the RSS figure, so that a process shorter than one sampling interval is not under-measured.

Sampling must not slow what it measures, which on two cores shares the machine with it. Reading a
process's Pss (/proc/PID/smaps_rollup) walks its page tables: 13 ms for a 500 MB process, so at
every 20 ms for a build and its two workers it took a third of a core and made a 33 s build take
45 s. So the process tree is listed again only every 250 ms (workers live for seconds), and Pss is
read only as often as keeps it under 2% of one core; RSS (/proc/PID/status) is cheap.

ru_maxrss has a catch: the kernel carries a process's peak across exec, and a child starts as a
copy of (or, with vfork, a borrower of) this process's memory, so ru_maxrss is never below this
process's own peak. It is therefore used only when it exceeds this process's VmHWM; otherwise it
says nothing about the child. MB means 1024 * 1024 bytes. Linux only.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

SAMPLE_SECONDS = 0.05  # RSS of the processes known
TREE_SECONDS = 0.25  # how often to look for new processes in the tree
PSS_SHARE = 0.02  # the most of one core that reading Pss may take
MB = 1024 * 1024


@dataclass
class Run:
    """What one measured run of a command took and printed."""

    seconds: float
    peak_rss_mb: float
    peak_pss_mb: float
    returncode: int
    stdout: str
    stderr: str


def _stat_fields(pid: int) -> tuple[int, int] | None:
    """Return (parent pid, session id) of a process from /proc/PID/stat, or None if it has gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text.rpartition(")")[2].split()  # the command name in brackets may contain spaces
    return int(fields[1]), int(fields[3])


def process_tree(root: int) -> set[int]:
    """Return the root pid and every live descendant: by parent pid, or in the root's session."""
    children: dict[int, list[int]] = {}
    tree = {root}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        fields = _stat_fields(int(entry.name))
        if fields is None:
            continue
        children.setdefault(fields[0], []).append(int(entry.name))
        if fields[1] == root:  # start_new_session makes the root the session leader
            tree.add(int(entry.name))
    stack = [root]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in tree:
                tree.add(child)
                stack.append(child)
    return tree


def _kb_field(path: str, key: str) -> int:
    """Return a `Key:   123 kB` field of a /proc file in bytes, 0 if absent or unreadable."""
    try:
        with open(path, encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith(key):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def tree_rss(pids: set[int]) -> int:
    """Return the summed VmRSS in bytes of some processes at this moment."""
    return sum(_kb_field(f"/proc/{pid}/status", "VmRSS:") for pid in pids)


def tree_pss(pids: set[int]) -> int:
    """Return the summed Pss in bytes of some processes at this moment (costly: it walks their page tables)."""
    return sum(_kb_field(f"/proc/{pid}/smaps_rollup", "Pss:") for pid in pids)


class _Sampler(threading.Thread):
    """Sample a process tree's memory until stopped, keeping the peaks in bytes."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peak_rss = self.peak_pss = self.peak_hwm = 0
        self.last_tree: set[int] = {root}
        self.stopped = threading.Event()

    def run(self) -> None:
        """Sample until stop() is called: RSS every SAMPLE_SECONDS, the tree and Pss less often."""
        next_tree = next_pss = 0.0
        while True:
            now = time.monotonic()
            if now >= next_tree:
                self.last_tree, next_tree = process_tree(self.root), now + TREE_SECONDS
            self.peak_rss = max(self.peak_rss, tree_rss(self.last_tree))
            self.peak_hwm = max(self.peak_hwm, _kb_field(f"/proc/{self.root}/status", "VmHWM:"))
            if now >= next_pss:
                started = time.thread_time()
                self.peak_pss = max(self.peak_pss, tree_pss(self.last_tree))
                next_pss = now + (time.thread_time() - started) / PSS_SHARE
            if self.stopped.wait(SAMPLE_SECONDS):
                return

    def stop(self) -> None:
        """Stop sampling and wait for the thread to finish."""
        self.stopped.set()
        self.join()


def _kill_tree(pgid: int, pids: set[int]) -> None:
    """SIGKILL a process group and any known descendants that left it; ignore those already gone."""
    for kill, target in [(os.killpg, pgid)] + [(os.kill, pid) for pid in pids]:
        try:
            kill(target, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _child_peak(usage: resource.struct_rusage, sampler: _Sampler) -> int:
    """Return the direct child's own peak RSS in bytes: its sampled VmHWM or a telling ru_maxrss."""
    maxrss = usage.ru_maxrss * 1024  # KiB on Linux
    inherited = _kb_field("/proc/self/status", "VmHWM:")
    return max(sampler.peak_hwm, maxrss if maxrss > inherited else 0)


def _read(handle: IO[bytes]) -> str:
    """Return the whole text of a temporary file written by a child."""
    handle.seek(0)
    return handle.read().decode("utf-8", errors="replace")


def _reap(proc: subprocess.Popen, sampler: _Sampler, timeout: float) -> tuple[resource.struct_rusage, bool]:
    """Wait for the child; kill its tree if it outlives the timeout or we are interrupted.

    Returns the child's resource usage and whether it timed out.
    """
    timed_out = threading.Event()

    def on_timeout() -> None:
        timed_out.set()
        _kill_tree(proc.pid, sampler.last_tree)

    timer = threading.Timer(timeout, on_timeout)
    timer.daemon = True
    timer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    except BaseException:
        _kill_tree(proc.pid, sampler.last_tree)
        proc.wait()
        raise
    finally:
        timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)  # so that Popen does not wait again
    return usage, timed_out.is_set()


def run_measured(cmd: list[str], cwd: Path | None = None, env: dict | None = None,
                 timeout: float = 3600) -> Run:
    """Run cmd to completion in its own session and return its time, peak memory and output.

    env, if given, is laid over a copy of os.environ. On timeout the whole tree is killed and
    subprocess.TimeoutExpired is raised; nothing is left running either way.
    """
    full_env = {**os.environ, **env} if env is not None else None
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=full_env, stdout=out, stderr=err,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        sampler = _Sampler(proc.pid)
        sampler.start()
        usage, timed_out = _reap(proc, sampler, timeout)
        seconds = time.perf_counter() - start
        sampler.stop()
        _kill_tree(proc.pid, set())  # any stragglers left in its process group
        if timed_out:
            raise subprocess.TimeoutExpired(cmd, timeout, _read(out), _read(err))
        peak_rss = max(sampler.peak_rss, _child_peak(usage, sampler))
        return Run(seconds, peak_rss / MB, sampler.peak_pss / MB, proc.returncode, _read(out), _read(err))
