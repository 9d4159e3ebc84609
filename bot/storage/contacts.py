"""Call-back contact details: saved by the bot, encrypted, read only by staff.

The bot saves a name and a phone number against the conversation's latest
screening (the one whose outcome it just gave), each encrypted with CONTACT_KEY
(`contact_crypto.py`). The phone number completes the request: the screening's
follow-up becomes `to_call` and it joins the call-back queue (`follow_up.py`).
Staff read them decrypted, one screening at a time, each read audited as
`view_contact`. Retention deletes them with their screening.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.storage.audit import AuditAction, describe, record_audit
from bot.storage.contact_crypto import ContactCipher
from bot.storage.db import Database
from bot.storage.errors import NotFound
from bot.storage.follow_up import PATIENT_ACTOR, set_status
from bot.storage.models import ContactRow, ScreeningRow


@dataclass(frozen=True)
class Contact:
    name: str | None
    phone: str | None  # E.164, e.g. +14165550123
    phone_source: str | None  # "typed", or "channel": the number texted from
    requested_at: datetime


class ContactBook:
    def __init__(self, database: Database, cipher: ContactCipher) -> None:
        self._database = database
        self._cipher = cipher

    @property
    def cipher(self) -> ContactCipher:
        return self._cipher

    def save_name(self, conversation_id: str, name: str) -> int:
        """Keep the name for the conversation's latest screening; its id."""
        with self._database.sessions.begin() as session:
            contact = _contact_of_latest(session, conversation_id)
            contact.name_token = self._cipher.encrypt(name)
            return contact.screening_id

    def save_phone(self, conversation_id: str, phone: str, *, source: str) -> int:
        """Keep the number (E.164) and queue the call-back; the screening's id."""
        return self._queue(conversation_id, self._cipher.encrypt(phone), source)

    def save_phone_token(self, conversation_id: str, token: str, *, source: str) -> int:
        """Like `save_phone`, for a number the channel sent already encrypted
        (ContactUnreadable if it was not encrypted with CONTACT_KEY)."""
        self._cipher.decrypt(token)
        return self._queue(conversation_id, token, source)

    def _queue(self, conversation_id: str, token: str, source: str) -> int:
        with self._database.sessions.begin() as session:
            contact = _contact_of_latest(session, conversation_id)
            contact.phone_token, contact.phone_source = token, source
            row = session.get(ScreeningRow, contact.screening_id)
            set_status(session, row, status="to_call", actor=PATIENT_ACTOR)
            target = describe(screening=row.id, source=source)
            record_audit(session, PATIENT_ACTOR, AuditAction.CALLBACK_REQUEST, target)
            return row.id

    def reveal(self, screening_id: int, *, actor: str) -> Contact | None:
        """The screening's contact details decrypted, audited; None if none given."""
        with self._database.sessions.begin() as session:
            row = session.get(ContactRow, screening_id)
            if row is None:
                return None
            contact = read_contact(row, self._cipher)
            target = describe(screening=screening_id)
            record_audit(session, actor, AuditAction.VIEW_CONTACT, target)
        return contact


def read_contact(row: ContactRow, cipher: ContactCipher) -> Contact:
    """A stored contact, decrypted (ContactUnreadable with a changed key)."""

    def read(token: str | None) -> str | None:
        return None if token is None else cipher.decrypt(token)

    return Contact(
        read(row.name_token), read(row.phone_token), row.phone_source, row.requested_at
    )


def _contact_of_latest(session: Session, conversation_id: str) -> ContactRow:
    screening_id = session.scalar(
        sa.select(ScreeningRow.id)
        .where(ScreeningRow.conversation_id == conversation_id)
        .order_by(ScreeningRow.completed_at.desc(), ScreeningRow.id.desc())
        .limit(1)
    )
    if screening_id is None:
        raise NotFound("The conversation has no screening to attach a call-back to.")
    contact = session.get(ContactRow, screening_id)
    if contact is None:
        contact = ContactRow(screening_id=screening_id)
        session.add(contact)
    return contact
