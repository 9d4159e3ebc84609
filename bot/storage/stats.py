"""Counts for the staff app's dashboard: screenings per day and outcome, the
funnel from first message to booking per week, and how fast staff review.

Counts, not records: no conversation id, no patient text, so reading them is not
audited. Days and weeks (Monday to Sunday) are the clinic's (CLINIC_TIMEZONE),
counted in Python from the stored times, so SQLite and PostgreSQL agree whatever
the database server's time zone.

The funnel counts each step in the week it happened: conversations started (a
first message), screenings consented to (Rasa ran action_start_screening),
completed, booking links clicked (first click) and bookings reported. The first
two are read from Rasa's events table, the others from the screenings.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.storage.db import Database
from bot.storage.models import ScreeningRow
from bot.storage.times import from_epoch, to_utc
from bot.storage.transcripts import EVENTS, has_events_table

FUNNEL_STEPS = ("started", "consented", "completed", "clicked", "booked")
CONSENT_ACTION = "action_start_screening"


@dataclass(frozen=True)
class DailyCount:
    day: date  # UTC
    triage: str
    count: int


@dataclass(frozen=True)
class WeekFunnel:
    week: date  # its Monday, in the clinic's zone
    steps: dict[str, int]  # FUNNEL_STEPS -> count


class ScreeningStats:
    def __init__(self, database: Database) -> None:
        self._database = database

    def daily_counts(
        self, since: datetime, until: datetime, zone: tzinfo = timezone.utc
    ) -> list[DailyCount]:
        """Screenings completed in [since, until), by day in `zone` and triage."""
        query = sa.select(ScreeningRow.completed_at, ScreeningRow.triage).where(
            ScreeningRow.completed_at >= to_utc(since),
            ScreeningRow.completed_at < to_utc(until),
        )
        with self._database.sessions() as session:
            counts = Counter(
                (completed_at.astimezone(zone).date(), triage)
                for completed_at, triage in session.execute(query)
            )
        return [
            DailyCount(day, triage, count)
            for (day, triage), count in sorted(counts.items())
        ]

    def weekly_funnel(
        self, since: datetime, until: datetime, zone: tzinfo
    ) -> list[WeekFunnel]:
        """Each funnel step per week in [since, until), every week listed."""
        with self._database.sessions() as session:
            moments = {
                "started": _first_messages(session, since, until),
                "consented": _consents(session, since, until),
                **{
                    step: _screening_times(session, column, since, until)
                    for step, column in (
                        ("completed", ScreeningRow.completed_at),
                        ("clicked", ScreeningRow.booking_clicked_at),
                        ("booked", ScreeningRow.booked_at),
                    )
                },
            }
        first, last = _monday(since, zone), _monday(until - timedelta(seconds=1), zone)
        weeks = [
            first + timedelta(weeks=n) for n in range((last - first).days // 7 + 1)
        ]
        per_step = {
            step: Counter(_monday(moment, zone) for moment in found)
            for step, found in moments.items()
        }
        return [
            WeekFunnel(week, {step: per_step[step][week] for step in FUNNEL_STEPS})
            for week in weeks
        ]

    def unreviewed_emergencies(self) -> int:
        query = sa.select(sa.func.count(ScreeningRow.id)).where(
            ScreeningRow.triage == "emergency", ScreeningRow.reviewed.is_(False)
        )
        with self._database.sessions() as session:
            return session.scalar(query) or 0

    def median_time_to_review(
        self, since: datetime, until: datetime
    ) -> timedelta | None:
        """The median time from completion to review, of the screenings completed
        in [since, until) and reviewed; None if none was."""
        query = sa.select(ScreeningRow.completed_at, ScreeningRow.reviewed_at).where(
            ScreeningRow.completed_at >= to_utc(since),
            ScreeningRow.completed_at < to_utc(until),
            ScreeningRow.reviewed_at.is_not(None),
        )
        with self._database.sessions() as session:
            waits = [(r - c).total_seconds() for c, r in session.execute(query)]
        return timedelta(seconds=statistics.median(waits)) if waits else None


def _screening_times(
    session: Session, column: sa.Column, since: datetime, until: datetime
) -> list[datetime]:
    query = sa.select(column).where(column >= to_utc(since), column < to_utc(until))
    return list(session.scalars(query))


def _first_messages(
    session: Session, since: datetime, until: datetime
) -> list[datetime]:
    """When each conversation whose first message is in [since, until) began."""
    if not has_events_table(session):
        return []
    first = sa.func.min(EVENTS.c.timestamp)
    query = (
        sa.select(first)
        .where(EVENTS.c.type_name == "user")
        .group_by(EVENTS.c.sender_id)
        .having(sa.and_(first >= since.timestamp(), first < until.timestamp()))
    )
    return _moments(session.scalars(query))


def _consents(session: Session, since: datetime, until: datetime) -> list[datetime]:
    if not has_events_table(session):
        return []
    query = sa.select(EVENTS.c.timestamp).where(
        EVENTS.c.type_name == "action",
        EVENTS.c.action_name == CONSENT_ACTION,
        EVENTS.c.timestamp >= since.timestamp(),
        EVENTS.c.timestamp < until.timestamp(),
    )
    return _moments(session.scalars(query))


def _moments(stamps: Iterable[float | None]) -> list[datetime]:
    return [from_epoch(stamp) for stamp in stamps if stamp is not None]


def _monday(moment: datetime, zone: tzinfo) -> date:
    day = to_utc(moment).astimezone(zone).date()
    return day - timedelta(days=day.weekday())
