"""Failed logins per key, in the database, with exponential back-off.

The staff app's login throttle (`bot/staff/throttle.py`) keeps its counts here, not
in a process: every process serving the app then sees the same counts, so more
workers or a restart give a password guesser no fresh allowance. Keys are opaque to
this module (the throttle passes keyed hashes).

A key may fail `BackOff.limit - 1` times freely; from then on each failure locks it
for a wait that doubles with every further failure, up to a ceiling. A success
forgets the key, and so does a day without failures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.storage.db import Database
from bot.storage.models import LoginFailureRow
from bot.storage.times import utcnow

FORGET_AFTER = timedelta(days=1)  # longer than any wait
INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


@dataclass(frozen=True)
class BackOff:
    """How long a key is locked after its n-th failure in a row."""

    limit: int = 5  # the failure that brings the first wait
    first_wait_s: float = 30
    longest_wait_s: float = 15 * 60

    def wait(self, failures: int) -> timedelta:
        if failures < self.limit:
            return timedelta(0)
        doublings = min(failures - self.limit, 32)  # past the ceiling anyway
        seconds = min(self.first_wait_s * 2**doublings, self.longest_wait_s)
        return timedelta(seconds=seconds)


class LoginFailures:
    """The `staff_login_failures` table of `database`."""

    def __init__(
        self, database: Database, clock: Callable[[], datetime] = utcnow
    ) -> None:
        self._database = database
        self._clock = clock

    def locked(self, key: str) -> bool:
        """Whether `key` is waiting out a lock now."""
        with self._database.sessions() as session:
            row = session.get(LoginFailureRow, key)
            until = None if row is None else row.locked_until
        return until is not None and until > self._clock()

    def failed(self, key: str, back_off: BackOff) -> None:
        """Count a failure of `key` and lock it as `back_off` says.

        The row is locked while it is counted (a PostgreSQL row lock; SQLite takes
        the database's write lock), so failures arriving at once all count.
        """
        now = self._clock()
        with self._database.sessions.begin() as session:
            _forget_quiet_keys(session, now)
            _add_if_missing(session, key, now)
            row = session.get(LoginFailureRow, key, with_for_update=True)
            row.failures += 1
            row.last_failure_at = now
            wait = back_off.wait(row.failures)
            row.locked_until = now + wait if wait else None

    def forget(self, key: str) -> None:
        with self._database.sessions.begin() as session:
            session.execute(
                sa.delete(LoginFailureRow).where(LoginFailureRow.key_hash == key)
            )


def _forget_quiet_keys(session: Session, now: datetime) -> None:
    """Drop the keys with no failure for a while, so the table stays small."""
    session.execute(
        sa.delete(LoginFailureRow).where(
            LoginFailureRow.last_failure_at < now - FORGET_AFTER
        )
    )


def _add_if_missing(session: Session, key: str, now: datetime) -> None:
    insert = INSERTS[session.get_bind().dialect.name]
    session.execute(
        insert(LoginFailureRow.__table__)
        .values(key_hash=key, failures=0, last_failure_at=now)
        .on_conflict_do_nothing()
    )
