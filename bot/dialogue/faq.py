"""Visitors' questions (retrieval intent `faq`): which answer, and what follows it.

Rasa's ResponseSelector picks the answer (`utter_faq/<topic>` in domain.yml); this
module reads its choice from the parsed message, decides whether it is sure enough
to give, and what must come after the answer so that a question never loses the
visitor's place: the kind emergency reminder, or the booking link again.
"""

from __future__ import annotations

from typing import Any, Final, Protocol

from bot.dialogue import findings_slot
from bot.dialogue.entities import MessageFacts
from bot.screening import findings_from_mentions, load_ruleset
from bot.screening.findings import Status
from bot.settings import Settings

FAQ_INTENT: Final = "faq"
UNSURE_RESPONSE: Final = "utter_faq_unsure"
# Below this, the ResponseSelector's pick is no better than a guess among the topics:
# an answer to a question the visitor did not ask is worse than saying so.
MIN_CONFIDENCE: Final = 0.3


class Parsed(Protocol):
    """A parsed message: the dict the action server gets, or Rasa's Message."""

    def get(self, key: str) -> Any: ...


def selector_pick(parsed: Parsed) -> tuple[str | None, float]:
    """The ResponseSelector's answer (utter_faq/<topic>) and its confidence in a
    parsed message; (None, 0.0) without one."""
    selected = (parsed.get("response_selector") or {}).get(FAQ_INTENT) or {}
    response = selected.get("response") or {}
    return response.get("utter_action"), float(response.get("confidence") or 0.0)


def chosen_answer(parsed: Parsed) -> str:
    """The response to say for a parsed question: the selector's answer, or
    UNSURE_RESPONSE when it is missing or the selector was unsure."""
    utter_action, confidence = selector_pick(parsed)
    if not utter_action or confidence < MIN_CONFIDENCE:
        return UNSURE_RESPONSE
    return str(utter_action)


def answer_values(settings: Settings) -> dict[str, str]:
    """The clinic's details the answers may name ({clinic_fax}, {retention_days}...),
    so an answer never disagrees with the clinic's configuration."""
    return {
        "clinic_name": settings.clinic_name,
        "clinic_phone": settings.clinic_phone,
        "clinic_fax": settings.clinic_fax,
        "retention_days": str(settings.retention_days),
        "emergency_number": settings.emergency_number,
    }


def new_red_flags(
    findings: findings_slot.FindingsSlot, facts: MessageFacts
) -> list[str]:
    """The labels of the red flags (a doctor first) a question says the visitor has
    and the screening did not ("I'm pregnant, are neck exercises safe?")."""
    rules = load_ruleset()
    known = findings_slot.load(findings)
    return [
        rules.concepts[concept].label
        for concept, finding in findings_from_mentions(facts.mentions).items()
        if concept in rules.physician.concepts
        and finding.status is Status.PRESENT
        and (known.get(concept) is None or known[concept].status is not Status.PRESENT)
    ]


def after_answer(
    *, emergency_advised: bool, booking_link: str | None, red_flags: list[str]
) -> str | None:
    """What follows the answer once the screening has an outcome.

    After the emergency advice, the reminder that a doctor must see it first (never
    a booking link). A red flag the question revealed sends to a doctor first, in
    place of the booking link; otherwise, after an outcome that had a booking link,
    the link again.
    """
    if emergency_advised:
        return "utter_after_emergency"
    if red_flags:
        return "utter_red_flag_in_question"
    if booking_link:
        return "utter_booking_link"
    return None
