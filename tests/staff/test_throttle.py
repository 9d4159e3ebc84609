"""Failed-login throttling with a fake clock."""

from __future__ import annotations

from bot.staff import throttle
from bot.staff.throttle import LoginThrottle


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_key_is_blocked_after_max_failures_within_the_window() -> None:
    clock = Clock()
    limiter = LoginThrottle(max_failures=3, window_s=60, clock=clock)
    for _ in range(2):
        limiter.failed("ada")
    assert not limiter.blocked("ada")
    limiter.failed("ada")
    assert limiter.blocked("ada")
    assert not limiter.blocked("rita")
    clock.now += 61
    assert not limiter.blocked("ada")


def test_old_failures_drop_out_one_by_one() -> None:
    clock = Clock()
    limiter = LoginThrottle(max_failures=2, window_s=60, clock=clock)
    limiter.failed("ada")
    clock.now += 40
    limiter.failed("ada")
    assert limiter.blocked("ada")
    clock.now += 30  # the first failure is 70 s old
    assert not limiter.blocked("ada")


def test_success_forgets_the_failures() -> None:
    limiter = LoginThrottle(max_failures=2, clock=Clock())
    limiter.failed("ada")
    limiter.succeeded("ada")
    limiter.failed("ada")
    assert not limiter.blocked("ada")


def test_quiet_keys_are_dropped_when_there_are_too_many(monkeypatch) -> None:
    monkeypatch.setattr(throttle, "MAX_KEYS", 3)
    clock = Clock()
    limiter = LoginThrottle(max_failures=1, window_s=60, clock=clock)
    for key in ("a", "b", "c"):
        limiter.failed(key)
    clock.now += 61
    limiter.failed("d")
    assert set(limiter._failures) == {"d"}
