"""Slows password guessing: too many failed logins lock a key for a while.

The staff app keeps two: one keyed by username and one, with a higher limit, by
client address, so guessing one account's password and trying one password on
many accounts are both slowed.
Failures of unknown usernames count like any other, so a lock reveals nothing
about which accounts exist. The counts live in the process: each worker of a
multi-process server keeps its own, which still bounds guessing.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

MAX_KEYS = 10_000  # beyond this, keys with no recent failure are dropped


@dataclass
class LoginThrottle:
    max_failures: int = 5
    window_s: float = 15 * 60
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, deque[float]] = field(default_factory=dict, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def blocked(self, key: str) -> bool:
        """Whether `key` had `max_failures` failures within the window."""
        with self._lock:
            return len(self._prune(key)) >= self.max_failures

    def failed(self, key: str) -> None:
        with self._lock:
            if len(self._failures) >= MAX_KEYS:
                self._forget_quiet_keys()
            self._failures.setdefault(key, deque()).append(self.clock())

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)

    def _prune(self, key: str) -> deque[float]:
        """`key`'s failures within the window (older ones are dropped)."""
        times = self._failures.get(key, deque())
        cutoff = self.clock() - self.window_s
        while times and times[0] <= cutoff:
            times.popleft()
        return times

    def _forget_quiet_keys(self) -> None:
        for key in list(self._failures):
            if not self._prune(key):
                del self._failures[key]
