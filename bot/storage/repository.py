"""Screenings for the bot (saving) and the staff app (finding, reading, reviewing).

Every method that returns patient data takes the `actor` (a staff username, or
`audit.cli_actor()`) and writes its audit row in the same transaction as the read:
if the audit row cannot be written, nothing is returned. Results are frozen
dataclasses, never ORM rows, so callers need no session.

    repo = ScreeningRepository(get_database())
    repo.save_record(record)                                   # the bot's action
    page = repo.list_screenings(ScreeningFilter(triage="emergency"), page=1,
                                actor="alice")
    detail = repo.get(page.items[0].id, actor="alice")
    lines = repo.transcript(detail.id, actor="alice")
    repo.mark_reviewed(detail.id, reviewer="alice")
    repo.add_note(detail.id, author="alice", text="Called back, booked.")
    rows = repo.export_records(ScreeningFilter(), actor="alice", fmt="csv")
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from bot.storage.audit import AuditAction, describe, record_audit
from bot.storage.contact_crypto import ContactCipher
from bot.storage.contacts import read_contact
from bot.storage.db import Database
from bot.storage.errors import NotFound
from bot.storage.follow_up import FollowUpChange, history, queue_order, queue_rank
from bot.storage.models import NoteRow, RedFlagRow, ScreeningRow
from bot.storage.records import check_record, record_from_row
from bot.storage.staff import find_active_user
from bot.storage.times import iso, to_utc, utcnow
from bot.storage.transcripts import TranscriptLine, read_transcripts, story_openings

logger = logging.getLogger(__name__)

MAX_PER_PAGE = 200
MAX_NOTE = 10_000


@dataclass(frozen=True)
class ScreeningFilter:
    """Which screenings to list or export; None means "any"."""

    triage: str | None = None
    channel: str | None = None
    reviewed: bool | None = None
    red_flag: str | None = None  # screenings with this red flag
    has_red_flags: bool | None = None  # with at least one / with none
    since: datetime | None = None  # completed at or after
    until: datetime | None = None  # completed before
    conversation_id: str | None = None  # exactly this conversation
    screening_id: int | None = None  # exactly this screening
    search: str | None = None  # part of a conversation id or booking reference
    # True: only what needs action, in queue order (follow_up.py).
    in_queue: bool | None = None

    def describe(self, **extra: object) -> str:
        """`extra` and the filter as `key=value` pairs, for audit rows."""
        values = {field.name: getattr(self, field.name) for field in fields(self)}
        return describe(**extra, **{key: _plain(v) for key, v in values.items()})


@dataclass(frozen=True)
class ScreeningSummary:
    """One line of the staff app's list."""

    id: int
    conversation_id: str
    channel: str
    completed_at: datetime
    triage: str
    red_flags: tuple[str, ...]
    age: int | None
    booking_link_offered: bool
    reviewed: bool
    reviewed_by: str | None
    reviewed_at: datetime | None
    follow_up_status: str | None
    assignee: str | None
    callback_requested: bool
    story: str  # the first words of the patient's story ("" when none is stored)


@dataclass(frozen=True)
class ScreeningPage:
    items: tuple[ScreeningSummary, ...]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


@dataclass(frozen=True)
class Note:
    id: int
    author: str
    text: str
    created_at: datetime


@dataclass(frozen=True)
class ScreeningDetail:
    """One screening: the stored record (spec section 3) and the staff's review."""

    id: int
    record: dict[str, Any]
    reviewed: bool
    reviewed_by: str | None
    reviewed_at: datetime | None
    notes: tuple[Note, ...]
    follow_up_status: str | None
    assignee: str | None
    follow_ups: tuple[FollowUpChange, ...]
    callback_requested: bool
    booking_clicks: int
    booked_at: datetime | None


class ScreeningRepository:
    def __init__(self, database: Database) -> None:
        self._database = database

    def save_record(self, record: Mapping[str, Any]) -> int:
        """Store a completed screening; return its id.

        `InvalidRecord` names what is wrong with the record. Saving the same screening
        again (same conversation and start time, e.g. a retried action) stores nothing
        and returns the first one's id: a stored outcome is never rewritten.
        """
        checked = check_record(record)
        with self._database.sessions.begin() as session:
            existing = session.scalar(
                sa.select(ScreeningRow.id).where(
                    ScreeningRow.conversation_id == checked.columns["conversation_id"],
                    ScreeningRow.started_at == checked.columns["started_at"],
                )
            )
            if existing is not None:
                logger.info("Screening %d was already stored", existing)
                return existing
            row = checked.to_row()
            session.add(row)
            session.flush()
            logger.info("Stored screening %d", row.id)
            return row.id

    def list_screenings(
        self,
        filters: ScreeningFilter = ScreeningFilter(),
        *,
        page: int = 1,
        per_page: int = 50,
        actor: str,
    ) -> ScreeningPage:
        """One page of matching screenings, newest first. Audited as `view_list`."""
        if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
            raise ValueError(f"page >= 1 and 1 <= per_page <= {MAX_PER_PAGE}")
        conditions = _conditions(filters)
        newest_first = (ScreeningRow.completed_at.desc(), ScreeningRow.id.desc())
        query = (
            sa.select(ScreeningRow)
            .where(*conditions)
            .order_by(*(queue_order() if filters.in_queue else newest_first))
            .offset((page - 1) * per_page)
            .limit(per_page)
            .options(
                selectinload(ScreeningRow.red_flag_rows),
                selectinload(ScreeningRow.reviewed_by),
                selectinload(ScreeningRow.assignee),
                selectinload(ScreeningRow.contact),
            )
        )
        with self._database.sessions.begin() as session:
            total = session.scalar(
                sa.select(sa.func.count(ScreeningRow.id)).where(*conditions)
            )
            rows = session.scalars(query).all()
            stories = story_openings(session, {row.conversation_id for row in rows})
            items = tuple(
                _summary(row, stories.get(row.conversation_id, "")) for row in rows
            )
            target = filters.describe(page=page)
            record_audit(session, actor, AuditAction.VIEW_LIST, target)
        return ScreeningPage(items, total, page, per_page)

    def get(self, screening_id: int, *, actor: str) -> ScreeningDetail:
        """One screening with its notes. Audited as `view_screening`."""
        with self._database.sessions.begin() as session:
            row = _screening(session, screening_id)
            detail = ScreeningDetail(
                id=row.id,
                record=record_from_row(row),
                reviewed=row.reviewed,
                reviewed_by=_username(row),
                reviewed_at=row.reviewed_at,
                notes=tuple(_note(note) for note in row.notes),
                follow_up_status=row.follow_up_status,
                assignee=_assignee(row),
                follow_ups=history(row),
                callback_requested=row.contact is not None,
                booking_clicks=row.booking_clicks,
                booked_at=row.booked_at,
            )
            record_audit(session, actor, AuditAction.VIEW_SCREENING, _target(row))
        return detail

    def transcript(self, screening_id: int, *, actor: str) -> list[TranscriptLine]:
        """The conversation's messages. Audited as `view_transcript`."""
        with self._database.sessions.begin() as session:
            row = _screening(session, screening_id)
            lines = read_transcripts(session, [row.conversation_id])
            record_audit(session, actor, AuditAction.VIEW_TRANSCRIPT, _target(row))
        return lines.get(row.conversation_id, [])

    def mark_reviewed(self, screening_id: int, *, reviewer: str) -> None:
        """Record that an active staff member reviewed the screening (now)."""
        with self._database.sessions.begin() as session:
            row = _screening(session, screening_id)
            row.reviewed_by = find_active_user(session, reviewer)
            row.reviewed, row.reviewed_at = True, utcnow()
            record_audit(session, reviewer, AuditAction.REVIEW, _target(row))

    def add_note(self, screening_id: int, *, author: str, text: str) -> Note:
        """Add an active staff member's note to the screening."""
        text = text.strip()
        if not 0 < len(text) <= MAX_NOTE:
            raise ValueError(f"A note needs 1 to {MAX_NOTE} characters.")
        with self._database.sessions.begin() as session:
            row = _screening(session, screening_id)
            note = NoteRow(author=find_active_user(session, author), text=text)
            row.notes.append(note)
            session.flush()
            record_audit(session, author, AuditAction.ADD_NOTE, _target(row))
            return _note(note)

    def export_records(
        self,
        filters: ScreeningFilter,
        *,
        actor: str,
        fmt: str,
        contacts: ContactCipher | None = None,
    ) -> list[dict[str, Any]]:
        """Matching records, oldest first, each with `screening_id`, `transcript`
        and the clinic's work on it (`staff_work`: review, follow-up and its
        history, notes, booking clicks). With `contacts` (admins only), each also
        has its call-back `contact`, decrypted.

        Audited as `export`, with the format, the filter and the number of records;
        contacts also as `export_contacts`.
        """
        query = (
            sa.select(ScreeningRow)
            .where(*_conditions(filters))
            .order_by(ScreeningRow.completed_at, ScreeningRow.id)
            .options(
                selectinload(ScreeningRow.red_flag_rows),
                selectinload(ScreeningRow.notes),
                selectinload(ScreeningRow.follow_ups),
                selectinload(ScreeningRow.contact),
            )
        )
        with self._database.sessions.begin() as session:
            rows = session.scalars(query).all()
            transcripts = read_transcripts(session, {r.conversation_id for r in rows})
            records = [
                {
                    "screening_id": row.id,
                    **record_from_row(row),
                    "transcript": [
                        line.as_dict()
                        for line in transcripts.get(row.conversation_id, [])
                    ],
                    "staff_work": staff_work(row),
                    **({"contact": contact_fields(row, contacts)} if contacts else {}),
                }
                for row in rows
            ]
            target = filters.describe(format=fmt, records=len(records))
            record_audit(session, actor, AuditAction.EXPORT, target)
            if contacts:
                record_audit(session, actor, AuditAction.EXPORT_CONTACTS, target)
        return records


def _conditions(filters: ScreeningFilter) -> list[sa.sql.ColumnElement]:
    conditions = [
        column == value
        for column, value in (
            (ScreeningRow.triage, filters.triage),
            (ScreeningRow.channel, filters.channel),
            (ScreeningRow.reviewed, filters.reviewed),
            (ScreeningRow.conversation_id, filters.conversation_id),
            (ScreeningRow.id, filters.screening_id),
        )
        if value is not None
    ]
    if filters.red_flag is not None:
        conditions.append(
            ScreeningRow.red_flag_rows.any(RedFlagRow.flag == filters.red_flag)
        )
    if filters.has_red_flags is not None:
        any_flag = ScreeningRow.red_flag_rows.any()
        conditions.append(any_flag if filters.has_red_flags else ~any_flag)
    if filters.in_queue:
        conditions.append(queue_rank().is_not(None))
    if filters.since is not None:
        conditions.append(ScreeningRow.completed_at >= to_utc(filters.since))
    if filters.until is not None:
        conditions.append(ScreeningRow.completed_at < to_utc(filters.until))
    if filters.search and filters.search.strip():
        term = filters.search.strip().lower()
        conditions.append(
            sa.or_(
                sa.func.lower(ScreeningRow.conversation_id).contains(
                    term, autoescape=True
                ),
                sa.func.lower(ScreeningRow.booking_reference).contains(
                    term, autoescape=True
                ),
            )
        )
    return conditions


def staff_work(row: ScreeningRow) -> dict[str, Any]:
    """What the clinic did with a screening, for exports."""
    return {
        "reviewed": row.reviewed,
        "reviewed_by": _username(row),
        "reviewed_at": _iso_or_none(row.reviewed_at),
        "follow_up_status": row.follow_up_status,
        "assignee": _assignee(row),
        "follow_up_history": [
            {**asdict(change), "changed_at": iso(change.changed_at)}
            for change in history(row)
        ],
        "notes": [
            {
                "author": note.author.username,
                "text": note.text,
                "at": iso(note.created_at),
            }
            for note in row.notes
        ],
        "booking_clicks": row.booking_clicks,
        "booking_first_click_at": _iso_or_none(row.booking_clicked_at),
        "booked_at": _iso_or_none(row.booked_at),
    }


def _iso_or_none(moment: datetime | None) -> str | None:
    return iso(moment) if moment else None


def contact_fields(row: ScreeningRow, cipher: ContactCipher) -> dict[str, Any] | None:
    """The call-back contact details, decrypted; None if none were given."""
    if row.contact is None:
        return None
    contact = read_contact(row.contact, cipher)
    return {**asdict(contact), "requested_at": iso(contact.requested_at)}


def _screening(session: Session, screening_id: int) -> ScreeningRow:
    row = session.get(ScreeningRow, screening_id)
    if row is None:
        raise NotFound(f"There is no screening {screening_id}.")
    return row


def _target(row: ScreeningRow) -> str:
    return describe(screening=row.id, conversation=row.conversation_id)


def _username(row: ScreeningRow) -> str | None:
    return row.reviewed_by.username if row.reviewed_by else None


def _assignee(row: ScreeningRow) -> str | None:
    return row.assignee.username if row.assignee else None


def _summary(row: ScreeningRow, story: str) -> ScreeningSummary:
    return ScreeningSummary(
        id=row.id,
        conversation_id=row.conversation_id,
        channel=row.channel,
        completed_at=row.completed_at,
        triage=row.triage,
        red_flags=tuple(row.red_flags),
        age=row.age,
        booking_link_offered=row.booking_link_offered,
        reviewed=row.reviewed,
        reviewed_by=_username(row),
        reviewed_at=row.reviewed_at,
        follow_up_status=row.follow_up_status,
        assignee=_assignee(row),
        callback_requested=row.contact is not None,
        story=story,
    )


def _note(note: NoteRow) -> Note:
    return Note(note.id, note.author.username, note.text, note.created_at)


def _plain(value: object) -> object:
    """A filter value as it reads in an audit row."""
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, bool):
        return str(value).lower()
    return value
