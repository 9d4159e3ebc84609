"""Screening counts per UTC day and triage, for the staff dashboard."""

from __future__ import annotations

from datetime import date, timedelta, timezone

import pytest

from bot.storage.db import Database
from bot.storage.repository import ScreeningRepository
from bot.storage.stats import DailyCount, ScreeningStats

from .helpers import NOW, audit_rows, record

DAY = timedelta(days=1)


def test_counts_by_utc_day_and_triage_within_the_window(
    repo: ScreeningRepository, database: Database
) -> None:
    late_evening = NOW.replace(hour=23, minute=30)
    # 01:30 on the next day at UTC+2 is still 23:30 UTC: counted on the UTC day.
    cet = timezone(timedelta(hours=2))
    for cid, completed, triage in [
        ("a", NOW, "emergency"),
        ("b", late_evening.astimezone(cet), "emergency"),
        ("c", NOW, "tmd_likely"),
        ("d", NOW + DAY, "tmd_likely"),
        ("e", NOW - 2 * DAY, "tmd_likely"),  # before the window
        ("f", NOW + 2 * DAY, "tmd_likely"),  # at its end: excluded
    ]:
        repo.save_record(record(cid, completed_at=completed, triage=triage))
    start = NOW.replace(hour=0, minute=0)
    counts = ScreeningStats(database).daily_counts(start - DAY, start + 2 * DAY)
    assert counts == [
        DailyCount(date(2024, 6, 1), "emergency", 2),
        DailyCount(date(2024, 6, 1), "tmd_likely", 1),
        DailyCount(date(2024, 6, 2), "tmd_likely", 1),
    ]
    assert audit_rows(database) == []  # counts hold no patient data


@pytest.mark.parametrize("days", [0, 1])
def test_an_empty_window_counts_nothing(
    repo: ScreeningRepository, database: Database, days: int
) -> None:
    repo.save_record(record("a", completed_at=NOW - 3 * DAY))
    assert ScreeningStats(database).daily_counts(NOW, NOW + days * DAY) == []
