"""The project's own tables, as SQLAlchemy 1.4 declarative models.

Rasa's `events` table is not here: Rasa creates and owns it (`transcripts.py` reads
it). Every change to these models needs a migration (`migrate.py` says how), and
`tests/storage/test_migrate.py` fails while models and migrations disagree.

The ORM classes end in `Row`; callers outside `bot.storage` get the plain dataclasses
of `repository.py`, `staff.py` and `audit.py` instead, so the staff app never holds a
session-bound object.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import declarative_base, relationship

from bot.storage.times import to_utc, utcnow

# Stable constraint names, so migrations (and SQLite batch migrations) can name them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Base = declarative_base(metadata=sa.MetaData(naming_convention=NAMING_CONVENTION))

ROLES = ("admin", "reviewer")
# A screening's follow-up by the clinic (issue 17); None: nothing to follow up.
FOLLOW_UP_STATUSES = ("to_call", "called", "no_answer", "booked", "closed")


def screening_column(*, primary_key: bool = False) -> sa.Column:
    """The screening a row belongs to; deleted with it."""
    return sa.Column(
        sa.Integer,
        sa.ForeignKey("screenings.id", ondelete="CASCADE"),
        nullable=False,
        primary_key=primary_key,
        index=not primary_key,
    )


class UtcDateTime(sa.types.TypeDecorator):
    """A timestamp stored in UTC and always read back timezone-aware.

    PostgreSQL keeps the zone (timestamptz); SQLite has no zone, so UTC is stored
    without one and re-attached on reading.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        value = to_utc(value)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        return None if value is None else to_utc(value)


class StaffUserRow(Base):
    __tablename__ = "staff_users"
    __table_args__ = (sa.CheckConstraint(f"role IN {ROLES!r}", name="role"),)

    id = sa.Column(sa.Integer, primary_key=True)
    username = sa.Column(sa.String(64), nullable=False, unique=True)
    password_hash = sa.Column(sa.String(255), nullable=False)
    role = sa.Column(sa.String(16), nullable=False)
    active = sa.Column(sa.Boolean, nullable=False, server_default=sa.true())
    created_at = sa.Column(UtcDateTime, nullable=False, default=utcnow)
    # Stored in each session at login; raising it ends every session of the account
    # (logout, password change, deactivation), copied cookies included.
    session_version = sa.Column(
        sa.Integer, nullable=False, default=0, server_default=sa.text("0")
    )


class ScreeningRow(Base):
    """One completed screening (spec section 3); a conversation may hold several."""

    __tablename__ = "screenings"
    __table_args__ = (
        # The same screening saved twice (a retried action) is stored once.
        sa.UniqueConstraint(
            "conversation_id", "started_at", name="uq_screenings_conversation_started"
        ),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    conversation_id = sa.Column(sa.String(255), nullable=False, index=True)
    channel = sa.Column(sa.String(64), nullable=False)
    started_at = sa.Column(UtcDateTime, nullable=False)
    completed_at = sa.Column(UtcDateTime, nullable=False, index=True)
    ruleset_version = sa.Column(sa.String(64), nullable=False)
    triage = sa.Column(sa.String(32), nullable=False, index=True)
    booking_link_offered = sa.Column(sa.Boolean, nullable=False)
    booking_reference = sa.Column(sa.String(64))
    criteria = sa.Column(sa.JSON, nullable=False)
    symptoms = sa.Column(sa.JSON, nullable=False)
    age = sa.Column(sa.Integer)
    onset = sa.Column(sa.String(16))
    advice = sa.Column(sa.Text)
    reviewed = sa.Column(sa.Boolean, nullable=False, server_default=sa.false())
    reviewed_by_id = sa.Column(sa.Integer, sa.ForeignKey("staff_users.id"))
    reviewed_at = sa.Column(UtcDateTime)
    follow_up_status = sa.Column(sa.String(16))
    assignee_id = sa.Column(sa.Integer, sa.ForeignKey("staff_users.id"))
    # The booking link's clicks through /book/<ref>, and the booking system's word.
    booking_clicks = sa.Column(
        sa.Integer, nullable=False, default=0, server_default=sa.text("0")
    )
    booking_clicked_at = sa.Column(UtcDateTime)  # the first click
    booked_at = sa.Column(UtcDateTime)

    red_flag_rows = relationship(
        "RedFlagRow",
        order_by="RedFlagRow.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    notes = relationship(
        "NoteRow",
        order_by="[NoteRow.created_at, NoteRow.id]",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    reviewed_by = relationship("StaffUserRow", foreign_keys=[reviewed_by_id])
    assignee = relationship("StaffUserRow", foreign_keys=[assignee_id])
    follow_ups = relationship(
        "FollowUpRow",
        order_by="[FollowUpRow.changed_at, FollowUpRow.id]",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    contact = relationship(
        "ContactRow", uselist=False, cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def red_flags(self) -> list[str]:
        return [row.flag for row in self.red_flag_rows]


class RedFlagRow(Base):
    """A screening's red flags, one row each, so lists filter by flag on any backend.

    The record's `red_flags` list is stored only here (in its order), not as JSON.
    """

    __tablename__ = "screening_red_flags"

    screening_id = sa.Column(
        sa.Integer,
        sa.ForeignKey("screenings.id", ondelete="CASCADE"),
        primary_key=True,
    )
    flag = sa.Column(sa.String(64), primary_key=True, index=True)
    position = sa.Column(sa.Integer, nullable=False)


class NoteRow(Base):
    """A staff member's note on a screening."""

    __tablename__ = "screening_notes"

    id = sa.Column(sa.Integer, primary_key=True)
    screening_id = screening_column()
    author_id = sa.Column(sa.Integer, sa.ForeignKey("staff_users.id"), nullable=False)
    text = sa.Column(sa.Text, nullable=False)
    created_at = sa.Column(UtcDateTime, nullable=False, default=utcnow)

    author = relationship("StaffUserRow")


class FollowUpRow(Base):
    """One change of a screening's follow-up status or assignee: who, what, when."""

    __tablename__ = "screening_follow_ups"
    __table_args__ = (
        sa.CheckConstraint(f"status IN {FOLLOW_UP_STATUSES!r}", name="status"),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    screening_id = screening_column()
    status = sa.Column(sa.String(16), nullable=False)
    assignee = sa.Column(sa.String(64))  # a staff username, or None
    # A staff username, or who else changed it ("booking-system", "bot").
    changed_by = sa.Column(sa.String(128), nullable=False)
    changed_at = sa.Column(UtcDateTime, nullable=False, default=utcnow)


class ContactRow(Base):
    """The name and phone number a patient gave for a call-back, Fernet-encrypted
    (`contact_crypto.py`): the database never holds them readable."""

    __tablename__ = "screening_contacts"

    screening_id = screening_column(primary_key=True)
    name_token = sa.Column(sa.Text)
    phone_token = sa.Column(sa.Text)
    # "typed", or "channel": the number the patient texts from, with their yes.
    phone_source = sa.Column(sa.String(16))
    requested_at = sa.Column(UtcDateTime, nullable=False, default=utcnow)


class AuditRow(Base):
    """Who did what to which patient data, when. Append-only (see `audit.py`)."""

    __tablename__ = "audit_log"

    id = sa.Column(sa.Integer, primary_key=True)
    at = sa.Column(UtcDateTime, nullable=False, default=utcnow, index=True)
    actor = sa.Column(sa.String(128), nullable=False)
    action = sa.Column(sa.String(32), nullable=False)
    target = sa.Column(sa.String(512), nullable=False)


class SmsOptOutRow(Base):
    """A phone number that texted STOP, by keyed hash (`phone_hash.py`), never as is.

    Kept until the number texts START: retention leaves opt-outs alone, as forgetting
    one would text someone who asked not to be texted.
    """

    __tablename__ = "sms_opt_outs"

    number_hash = sa.Column(sa.String(64), primary_key=True)
    opted_out_at = sa.Column(UtcDateTime, nullable=False, default=utcnow)


class LoginFailureRow(Base):
    """Recent failed logins of one account name or client address.

    In the database, not in a process, so every process of the staff app throttles
    alike. The key is a keyed hash (`bot/staff/throttle.py`): a typed username may
    be a password typed in the wrong box, and an address is personal data.
    """

    __tablename__ = "staff_login_failures"

    key_hash = sa.Column(sa.String(64), primary_key=True)
    failures = sa.Column(sa.Integer, nullable=False)
    last_failure_at = sa.Column(UtcDateTime, nullable=False, index=True)
    locked_until = sa.Column(UtcDateTime)
