"""The clinic's follow-up of screenings: the call-back queue and each screening's
follow-up status, assignee and audited history (issue 17).

The queue is what needs a person, most urgent first, oldest first within each:

1. emergencies not yet reviewed;
2. see-a-physician-first outcomes not yet reviewed;
3. screenings whose follow-up is open (`to_call`, `no_answer`): call-back requests.

A screening leaves the queue once it is reviewed and its follow-up is not open.

    repo.list_screenings(ScreeningFilter(in_queue=True), actor="alice")  # the queue
    follow_ups = FollowUps(database)
    follow_ups.set_follow_up(3, status="called", assignee="bob", actor="alice")
    follow_ups.next_in_queue(after=3, actor="alice")   # the next id, or None
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.storage.audit import AuditAction, describe, record_audit
from bot.storage.db import Database
from bot.storage.errors import NotFound
from bot.storage.models import FOLLOW_UP_STATUSES, FollowUpRow, ScreeningRow
from bot.storage.staff import find_active_user
from bot.storage.times import utcnow

OPEN_STATUSES = ("to_call", "no_answer")
# Who sets a follow-up when no staff member does.
PATIENT_ACTOR = "patient"
BOOKING_ACTOR = "booking-system"


class Keep(Enum):
    ASSIGNEE = "keep"


@dataclass(frozen=True)
class FollowUpChange:
    status: str
    assignee: str | None
    changed_by: str
    changed_at: datetime


def queue_rank() -> sa.sql.ColumnElement:
    """1, 2 or 3 for a screening in the queue (see the module's docstring), else
    NULL: one expression, so SQLite and PostgreSQL order alike."""
    unreviewed = ScreeningRow.reviewed.is_(False)
    return sa.case(
        (sa.and_(unreviewed, ScreeningRow.triage == "emergency"), 1),
        (sa.and_(unreviewed, ScreeningRow.triage == "see_physician_first"), 2),
        (ScreeningRow.follow_up_status.in_(OPEN_STATUSES), 3),
        else_=None,
    )


def queue_order() -> tuple[sa.sql.ColumnElement, ...]:
    return queue_rank(), ScreeningRow.completed_at, ScreeningRow.id


def set_status(
    session: Session,
    row: ScreeningRow,
    *,
    status: str,
    actor: str,
    assignee: str | None | Keep = Keep.ASSIGNEE,
) -> bool:
    """Change `row`'s follow-up and add its history line; False if nothing changed.

    `assignee` is a staff username, None for nobody, or (the bot, the booking
    system) Keep.ASSIGNEE for whoever it is now.
    """
    if status not in FOLLOW_UP_STATUSES:
        raise ValueError(
            f"A follow-up status is one of {', '.join(FOLLOW_UP_STATUSES)}."
        )
    if isinstance(assignee, Keep):
        staff = row.assignee
    else:
        staff = find_active_user(session, assignee) if assignee else None
    if row.follow_up_status == status and row.assignee is staff:
        return False
    row.follow_up_status, row.assignee = status, staff
    username = staff.username if staff else None
    row.follow_ups.append(
        FollowUpRow(
            status=status, assignee=username, changed_by=actor, changed_at=utcnow()
        )
    )
    target = describe(screening=row.id, status=status, assignee=username)
    record_audit(session, actor, AuditAction.FOLLOW_UP, target)
    return True


def history(row: ScreeningRow) -> tuple[FollowUpChange, ...]:
    return tuple(
        FollowUpChange(
            change.status, change.assignee, change.changed_by, change.changed_at
        )
        for change in row.follow_ups
    )


class FollowUps:
    def __init__(self, database: Database) -> None:
        self._database = database

    def set_follow_up(
        self, screening_id: int, *, status: str, assignee: str | None, actor: str
    ) -> bool:
        """A staff member sets the status and assignee (None: nobody); audited."""
        with self._database.sessions.begin() as session:
            find_active_user(session, actor)
            row = session.get(ScreeningRow, screening_id)
            if row is None:
                raise NotFound(f"There is no screening {screening_id}.")
            return set_status(
                session, row, status=status, assignee=assignee, actor=actor
            )

    def next_in_queue(self, *, after: int | None, actor: str) -> int | None:
        """The first screening of the queue other than `after`, or None."""
        conditions = [queue_rank().is_not(None)]
        if after is not None:
            conditions.append(ScreeningRow.id != after)
        query = sa.select(ScreeningRow.id).where(*conditions).order_by(*queue_order())
        with self._database.sessions.begin() as session:
            following = session.scalar(query.limit(1))
            record_audit(session, actor, AuditAction.VIEW_LIST, "queue=next")
        return following
