"""Test data for the storage suite: records, audit rows."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import sqlalchemy as sa

from bot.storage.db import Database

NOW = datetime(2024, 6, 1, 12, 0, tzinfo=timezone.utc)
PASSWORD = "correct horse battery"


def record(
    conversation_id: str = "conv-1",
    *,
    completed_at: datetime = NOW,
    **fields: Any,
) -> dict[str, Any]:
    """A valid screening record (spec section 3) with `fields` changed."""
    values: dict[str, Any] = {
        "conversation_id": conversation_id,
        "channel": "rest",
        "started_at": (completed_at - timedelta(minutes=6)).isoformat(),
        "completed_at": completed_at.isoformat(),
        "ruleset_version": "2024.1",
        "triage": "cgh_likely",
        "booking_link_offered": True,
        "criteria": {
            "neck_involvement": "met",
            "restricted_rom": "met",
            "ipsilateral_pain": "unknown",
            "unilateral_no_sideshift": "met",
        },
        "red_flags": [],
        "symptoms": [
            {
                "concept": "neck_pain",
                "present": True,
                "side": "right",
                "evidence": "my neck hurts on the right",
            },
            {
                "concept": "fever",
                "present": False,
                "side": None,
                "evidence": "no fever",
            },
        ],
        "age": 42,
        "booking_reference": f"BK-{conversation_id}",
        "onset": "longstanding",
        "advice": "See a PT/OT experienced with cervicogenic headache.",
    }
    return {**values, **fields}


# An exported record's `staff_work` before anyone at the clinic touched it.
NO_STAFF_WORK = {
    "reviewed": False,
    "reviewed_by": None,
    "reviewed_at": None,
    "follow_up_status": None,
    "assignee": None,
    "follow_up_history": [],
    "notes": [],
    "booking_clicks": 0,
    "booking_first_click_at": None,
    "booked_at": None,
}


def audit_rows(database: Database) -> list[dict[str, Any]]:
    """Every audit row, oldest first, as plain dicts."""
    with database.engine.connect() as connection:
        result = connection.execute(sa.text("SELECT * FROM audit_log ORDER BY id"))
        return [dict(row._mapping) for row in result]
