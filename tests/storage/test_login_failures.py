"""Failed-login counts in the database: shared, exact under concurrency, pruned."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import sqlalchemy as sa

from bot.storage.db import Database
from bot.storage.login_failures import BackOff, LoginFailures

from .helpers import NOW

NEVER_LOCKS = BackOff(limit=10**6)


def counts(database: Database) -> dict[str, int]:
    with database.engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT key_hash, failures FROM staff_login_failures")
        )
        return dict(rows.all())


def test_failures_at_once_from_many_connections_all_count(database: Database) -> None:
    workers = [Database.from_url(database.engine.url) for _ in range(4)]
    try:
        with ThreadPoolExecutor(len(workers)) as pool:
            calls = [
                pool.submit(LoginFailures(worker).failed, "k", NEVER_LOCKS)
                for _ in range(5)
                for worker in workers
            ]
            for call in calls:
                call.result()
    finally:
        for worker in workers:
            worker.dispose()
    assert counts(database) == {"k": 20}


def test_a_lock_ends_and_keys_are_forgotten(database: Database) -> None:
    now = [NOW]
    failures = LoginFailures(database, clock=lambda: now[0])
    for _ in range(2):
        failures.failed("a", BackOff(limit=2, first_wait_s=60))
    failures.failed("b", NEVER_LOCKS)
    assert failures.locked("a") and not failures.locked("b")
    now[0] += timedelta(seconds=61)
    assert not failures.locked("a")
    failures.forget("b")
    assert counts(database) == {"a": 2}
    now[0] += timedelta(days=1)
    failures.failed("c", NEVER_LOCKS)
    assert counts(database) == {"c": 1}
