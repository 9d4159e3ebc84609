"""The stored screening record of spec section 3, built from an Outcome.

The storage layer saves this dict as it is and the export prints it, so the field
names here are the contract. Besides the spec's fields it carries
`booking_reference` (matches a booking to this record), `onset` and `advice` (the
exact text the visitor was shown).

`symptoms` lists every concept the visitor answered, in rules.yml order, with
`present` true, false, or null for "not sure" (a "not sure" to a red flag is why
a screening went to see_physician_first, so it must be kept).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.screening.answers import Answers, check_input
from bot.screening.findings import ScreeningInput, Status
from bot.screening.outcome import Outcome
from bot.screening.ruleset import load_ruleset
from bot.screening.ruletypes import Ruleset

_PRESENT = {Status.PRESENT: True, Status.ABSENT: False, Status.UNSURE: None}


def build_record(
    outcome: Outcome,
    inp: ScreeningInput,
    *,
    conversation_id: str,
    channel: str,
    started_at: datetime,
    completed_at: datetime,
    booking_reference: str | None,
    ruleset: Ruleset | None = None,
) -> dict[str, Any]:
    """The record for one completed screening; `ruleset` must be the one used.

    Timestamps must be timezone-aware, in order. A booking reference (from
    `new_booking_reference`) is required when the outcome offers the booking link.
    """
    ruleset = ruleset or load_ruleset()
    if outcome.ruleset_version != ruleset.version:
        raise ValueError(
            f"outcome judged by ruleset {outcome.ruleset_version}, "
            f"record built with {ruleset.version}"
        )
    if outcome.booking_link_offered and not booking_reference:
        raise ValueError(
            "the booking link was offered, so a booking_reference is needed"
        )
    started, completed = (
        _iso(started_at, "started_at"),
        _iso(completed_at, "completed_at"),
    )
    if completed_at < started_at:
        raise ValueError("completed_at is before started_at")
    answers = check_input(inp, ruleset)
    return {
        "conversation_id": _required_text(conversation_id, "conversation_id"),
        "channel": _required_text(channel, "channel"),
        "started_at": started,
        "completed_at": completed,
        "ruleset_version": outcome.ruleset_version,
        "triage": outcome.triage,
        "booking_link_offered": outcome.booking_link_offered,
        "criteria": dict(outcome.criteria),
        "red_flags": list(outcome.red_flags),
        "symptoms": _symptoms(answers, ruleset),
        "age": answers.age,
        "onset": answers.onset.value if answers.onset else None,
        "advice": outcome.advice,
        "booking_reference": booking_reference,
    }


def _symptoms(answers: Answers, ruleset: Ruleset) -> list[dict[str, Any]]:
    return [
        {
            "concept": concept,
            "present": _PRESENT[finding.status],
            "side": finding.side.value if finding.side else None,
            "evidence": finding.evidence,
        }
        for concept in ruleset.concept_ids
        if (finding := answers.findings.get(concept))
    ]


def _required_text(value: str, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be non-empty text")
    return value


def _iso(moment: datetime, name: str) -> str:
    if not isinstance(moment, datetime) or moment.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime")
    return moment.isoformat()
