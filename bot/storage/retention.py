"""Retention: delete old conversations and screenings, or one conversation on request.

From every table that holds them:
- screenings completed before the cutoff (or of the conversation), with their red
  flags, staff notes, follow-up history and call-back contact details;
- Rasa's conversation events older than the cutoff (or of the conversation). The
  cutoff applies to each event, so text older than the cutoff is deleted even when
  the same sender id wrote again later.

Staff accounts stay, and so does the audit log: its rows hold ids, no health
information, and they are the evidence that the deletion happened (`audit.py`).
Each run is one transaction (all or nothing) that ends with its own audit row
(`purge` or `delete`) stating what was removed. Schedule `python -m bot retention
purge` daily (cron or a systemd timer); RETENTION_DAYS sets the period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.storage.audit import AuditAction, describe, record_audit
from bot.storage.db import Database
from bot.storage.models import (
    ContactRow,
    FollowUpRow,
    NoteRow,
    RedFlagRow,
    ScreeningRow,
)
from bot.storage.times import iso, to_utc, utcnow
from bot.storage.transcripts import RemovedEvents, delete_events


@dataclass(frozen=True)
class Removed:
    """What a retention run deleted (or, in a dry run, would delete)."""

    screenings: int
    notes: int
    events: int
    conversations: int  # conversations that had events deleted
    contacts: int = 0  # call-back contact details

    @property
    def anything(self) -> bool:
        return any((self.screenings, self.notes, self.events, self.contacts))

    def counts(self) -> dict[str, int]:
        return {
            "screenings": self.screenings,
            "notes": self.notes,
            "contacts": self.contacts,
            "events": self.events,
            "conversations": self.conversations,
        }

    def describe(self) -> str:
        contacts = f", {_plural(self.contacts, 'contact')}" if self.contacts else ""
        return (
            f"{_plural(self.screenings, 'screening')}, {_plural(self.notes, 'note')}"
            f"{contacts} and {_plural(self.events, 'event')} of "
            f"{_plural(self.conversations, 'conversation')}"
        )


def cutoff_for(days: int, now: datetime | None = None) -> datetime:
    """The moment before which data is older than `days` days."""
    if days < 1:
        raise ValueError(f"Retention needs at least 1 day, not {days}.")
    return to_utc(now or utcnow()) - timedelta(days=days)


def purge(
    database: Database, *, cutoff: datetime, actor: str, dry_run: bool = False
) -> Removed:
    """Delete screenings and conversation events older than `cutoff`."""
    with database.sessions() as session:
        removed = _remove(
            session,
            ScreeningRow.completed_at < to_utc(cutoff),
            delete_events(session, before=cutoff),
        )
        if dry_run:
            session.rollback()
            return removed
        target = describe(before=iso(cutoff), **removed.counts())
        record_audit(session, actor, AuditAction.PURGE, target)
        session.commit()
    return removed


def delete_conversation(
    database: Database, conversation_id: str, *, actor: str
) -> Removed:
    """Delete one conversation's screenings and events (an erasure request)."""
    with database.sessions.begin() as session:
        removed = _remove(
            session,
            ScreeningRow.conversation_id == conversation_id,
            delete_events(session, sender_id=conversation_id),
        )
        target = describe(conversation=conversation_id, **removed.counts())
        record_audit(session, actor, AuditAction.DELETE, target)
    return removed


def _remove(
    session: Session, which: sa.sql.ColumnElement, events: RemovedEvents
) -> Removed:
    """Delete the screenings `which` selects (what hangs on them first, for counts)."""
    screening_ids = sa.select(ScreeningRow.id).where(which)
    notes = _delete(session, NoteRow, NoteRow.screening_id.in_(screening_ids))
    contacts = _delete(session, ContactRow, ContactRow.screening_id.in_(screening_ids))
    for model in (RedFlagRow, FollowUpRow):
        _delete(session, model, model.screening_id.in_(screening_ids))
    screenings = _delete(session, ScreeningRow, which)
    return Removed(screenings, notes, events.events, events.conversations, contacts)


def _delete(session: Session, model: type, condition: sa.sql.ColumnElement) -> int:
    statement = sa.delete(model).where(condition)
    return session.execute(
        statement.execution_options(synchronize_session=False)
    ).rowcount


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
