"""Counts of screenings per day and triage outcome, for the staff app's dashboard.

Counts, not records: no conversation id, no patient text, so reading them is not
audited. Days are UTC calendar days, counted in Python from the completion times,
so SQLite and PostgreSQL agree whatever the database server's time zone.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from bot.storage.db import Database
from bot.storage.models import ScreeningRow
from bot.storage.times import to_utc


@dataclass(frozen=True)
class DailyCount:
    day: date  # UTC
    triage: str
    count: int


class ScreeningStats:
    def __init__(self, database: Database) -> None:
        self._database = database

    def daily_counts(self, since: datetime, until: datetime) -> list[DailyCount]:
        """Screenings completed in [since, until), by UTC day and triage, in order."""
        query = sa.select(ScreeningRow.completed_at, ScreeningRow.triage).where(
            ScreeningRow.completed_at >= to_utc(since),
            ScreeningRow.completed_at < to_utc(until),
        )
        with self._database.sessions() as session:
            counts = Counter(
                (completed_at.date(), triage)
                for completed_at, triage in session.execute(query)
            )
        return [
            DailyCount(day, triage, count)
            for (day, triage), count in sorted(counts.items())
        ]
