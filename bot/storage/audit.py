"""The audit log: who viewed, exported or deleted which patient data, and when.

Append-only, twice over. This module only inserts: no function anywhere in the code
updates or deletes an audit row. And migration 0001 installs database triggers that
refuse UPDATE and DELETE on `audit_log` (and TRUNCATE on PostgreSQL), so neither the
staff app nor a hand-typed query can rewrite history by mistake. Migration 0003 adds
SQLite triggers that refuse an insert over an existing id: `INSERT OR REPLACE`
deletes the old row without firing DELETE triggers. (PostgreSQL's `ON CONFLICT DO
UPDATE` fires the UPDATE trigger.) A database owner can still drop the triggers;
doing so belongs in a reviewed migration.

A row holds the actor (a staff username, or `cli:<os user>` for the command line),
the action (`AuditAction`), the target (ids such as `screening=12
conversation=abc`, or a description of a list filter) and the time. Never patient
text: targets are built from ids and filter values, and list searches match ids only.

Retention leaves the audit log alone. Its rows hold ids, not health information, and
they are the evidence that data was seen and later deleted: the `delete` row naming
a conversation stays after the conversation is gone. A conversation id is the sender
id a channel gives; a channel whose sender ids are personal (a phone number) should
pseudonymise them before they reach Rasa, or they are stored here, in the screenings
and in Rasa's events alike.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.storage.db import Database
from bot.storage.models import AuditRow
from bot.storage.times import utcnow

MAX_ACTOR = 128
MAX_TARGET = 512


class AuditAction(str, Enum):
    VIEW_LIST = "view_list"
    VIEW_SCREENING = "view_screening"
    VIEW_TRANSCRIPT = "view_transcript"
    EXPORT = "export"
    REVIEW = "review"
    ADD_NOTE = "add_note"
    DELETE = "delete"
    PURGE = "purge"
    FOLLOW_UP = "follow_up"
    VIEW_CONTACT = "view_contact"
    EXPORT_CONTACTS = "export_contacts"
    CALLBACK_REQUEST = "callback_request"
    BOOKED = "booked"


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    actor: str
    action: str
    target: str


def describe(**values: object) -> str:
    """`key=value` pairs for a target, skipping empty values: `screening=3 page=2`."""
    return " ".join(
        f"{key}={value}" for key, value in values.items() if value not in (None, "")
    )


def record_audit(
    session: Session, actor: str, action: AuditAction, target: str
) -> None:
    """Add an audit row to `session`, so it commits with the work it describes."""
    actor = actor.strip()
    if not actor or len(actor) > MAX_ACTOR:
        raise ValueError(f"An audit actor needs 1 to {MAX_ACTOR} characters.")
    if len(target) > MAX_TARGET:
        target = target[: MAX_TARGET - 1] + "…"
    session.add(AuditRow(at=utcnow(), actor=actor, action=action.value, target=target))


def cli_actor() -> str:
    """The actor for command-line use: `cli:` and the operating-system user."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry, e.g. in some containers
        user = f"uid{os.getuid()}"
    return f"cli:{user}"


class AuditLog:
    """Reads the audit log, e.g. for the staff app's admin page.

    Reading it is not itself audited: it holds ids, not patient data.
    """

    def __init__(self, database: Database) -> None:
        self._database = database

    def entries(
        self,
        *,
        actor: str | None = None,
        action: AuditAction | None = None,
        before_id: int | None = None,
        limit: int = 100,
    ) -> list[AuditEntry]:
        """Newest first; pass the last entry's id as `before_id` for the next page."""
        query = sa.select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)
        if actor is not None:
            query = query.where(AuditRow.actor == actor)
        if action is not None:
            query = query.where(AuditRow.action == action.value)
        if before_id is not None:
            query = query.where(AuditRow.id < before_id)
        with self._database.sessions() as session:
            return [
                AuditEntry(row.id, row.at, row.actor, row.action, row.target)
                for row in session.scalars(query)
            ]
