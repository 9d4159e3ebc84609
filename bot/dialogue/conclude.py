"""Conclude a screening: judge it, store its record, say what to tell the visitor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from bot.dialogue.explain import reasons_text
from bot.screening import (
    Outcome,
    booking_url,
    build_record,
    evaluate,
    load_ruleset,
    new_booking_reference,
)
from bot.screening.findings import ScreeningInput
from bot.storage.db import get_database
from bot.storage.repository import ScreeningRepository


@dataclass(frozen=True)
class Conclusion:
    outcome: Outcome
    reasons: str  # plain-words lines, with the visitor's own words
    booking_link: str | None


def conclude(
    inp: ScreeningInput, *, conversation_id: str, channel: str, started_at: datetime
) -> Conclusion:
    """Evaluate `inp`, store the screening record, and return what to say.

    Raises the engine's IncompleteScreening if a question is still unanswered: the
    dialogue must not conclude before the engine has everything it needs.
    """
    ruleset = load_ruleset()
    outcome = evaluate(inp, ruleset)
    reference = new_booking_reference() if outcome.booking_link_offered else None
    record = build_record(
        outcome,
        inp,
        conversation_id=conversation_id,
        channel=channel,
        started_at=started_at,
        completed_at=max(datetime.now(timezone.utc), started_at),
        booking_reference=reference,
        ruleset=ruleset,
    )
    ScreeningRepository(get_database()).save_record(record)
    link = booking_url(reference) if reference else None
    return Conclusion(outcome, reasons_text(outcome, ruleset), link)
