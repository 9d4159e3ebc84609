"""Bookings that count: the booking link's clicks and the booking system's word.

The booking link goes through the bot's own redirect, `/book/<ref>`
(bot/webchat/booking_redirect.py), which records the click here and forwards to
CLINIC_BOOKING_URL. The booking system then reports a booking by the same opaque
ref, by webhook (bot/staff/booking_webhook.py) or CSV import (`python -m bot bookings
import`), and the screening's follow-up becomes `booked`, with history and audit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.storage.audit import AuditAction, describe, record_audit
from bot.storage.db import Database
from bot.storage.follow_up import BOOKING_ACTOR, set_status
from bot.storage.models import ScreeningRow
from bot.storage.times import utcnow


@dataclass(frozen=True)
class BookedImport:
    """What an import did, per ref: newly booked, already booked, or unknown."""

    booked: int
    already: int
    unknown: int


class Bookings:
    def __init__(self, database: Database) -> None:
        self._database = database

    def record_click(self, reference: str) -> bool:
        """Count a click of the screening's booking link; False for an unknown ref."""
        with self._database.sessions.begin() as session:
            row = _by_reference(session, reference)
            if row is None:
                return False
            row.booking_clicks += 1
            row.booking_clicked_at = row.booking_clicked_at or utcnow()
            return True

    def mark_booked(
        self, references: Iterable[str], *, actor: str = BOOKING_ACTOR
    ) -> BookedImport:
        """Mark the screenings of `references` booked, in one transaction."""
        counts = {"booked": 0, "already": 0, "unknown": 0}
        with self._database.sessions.begin() as session:
            for reference in dict.fromkeys(r.strip() for r in references if r.strip()):
                row = _by_reference(session, reference)
                if row is None:
                    counts["unknown"] += 1
                elif row.booked_at is not None:
                    counts["already"] += 1
                else:
                    row.booked_at = utcnow()
                    set_status(session, row, status="booked", actor=actor)
                    counts["booked"] += 1
            record_audit(session, actor, AuditAction.BOOKED, describe(**counts))
        return BookedImport(**counts)


def _by_reference(session: Session, reference: str) -> ScreeningRow | None:
    return session.scalar(
        sa.select(ScreeningRow).where(ScreeningRow.booking_reference == reference)
    )
