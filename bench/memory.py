"""Peak resident memory of a server this process started, from /proc (Linux).

VmHWM in /proc/<pid>/status is the kernel's own high-water mark of a process's
resident set, so nothing between two samples is missed for a process that is still
alive; sampling (`PeakSampler`) is only there for child processes, whose marks go
when they exit. The figure for a server is the sum over it and its descendants, in
MB (10^6 bytes).
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

PROC = Path("/proc")
SAMPLE_EVERY_S = 0.5


def child_serving(port: int) -> int:
    """The pid of this process's child whose command line has `port` (the server
    started on that port); raises LookupError if there is none."""
    for pid in children(os.getpid()):
        if str(port) in _command_line(pid):
            return pid
    raise LookupError(f"no child process of {os.getpid()} serves port {port}")


def children(pid: int) -> list[int]:
    found = []
    for status in PROC.glob("[0-9]*/status"):
        fields = _status(status)
        if fields.get("PPid") == str(pid):
            found.append(int(status.parent.name))
    return found


def peak_rss_mb(pid: int) -> float:
    """VmHWM of `pid` plus its descendants', in MB (0 for processes gone)."""
    kib = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        fields = _status(PROC / str(current) / "status")
        kib += int(fields.get("VmHWM", "0 kB").split()[0])
        pending.extend(children(current))
    return kib * 1024 / 1e6


class PeakSampler:
    """The highest `peak_rss_mb` of any of `pids` seen while running (`async with`)."""

    def __init__(self, pids: list[int]) -> None:
        self.pids = pids
        self.peak_mb = 0.0
        self._task: asyncio.Task | None = None

    async def __aenter__(self) -> PeakSampler:
        self._task = asyncio.create_task(self._sample())
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        assert self._task is not None
        self._task.cancel()
        self.peak_mb = max(self.peak_mb, self._peak())

    async def _sample(self) -> None:
        while True:  # off the event loop: scanning /proc must not delay turns
            self.peak_mb = max(self.peak_mb, await asyncio.to_thread(self._peak))
            await asyncio.sleep(SAMPLE_EVERY_S)

    def _peak(self) -> float:
        return max(peak_rss_mb(pid) for pid in self.pids)


def _status(path: Path) -> dict[str, str]:
    try:
        lines = path.read_text().splitlines()
    except OSError:  # the process has gone
        return {}
    return dict(line.split(":\t", 1) for line in lines if ":\t" in line)


def _command_line(pid: int) -> list[str]:
    try:
        raw = (PROC / str(pid) / "cmdline").read_bytes()
    except OSError:
        return []
    return raw.decode(errors="replace").split("\0")
