"""The web chat's outcome cards: the outcome's structure, for the page to lay out.

SMS and Messenger show an outcome as the text of its domain.yml response, and keep
doing so: a card goes only to web chat conversations (`web-` ids), as the Rasa
`custom` payload (`json_message`) of the very message whose text it stands for.
The REST channel passes `custom` on as a message of its own, after the text it
cut at blank lines; the web chat server (bot/webchat/cards.py) puts the two back
together by the card's `text`, which is why the card carries the text exactly as
Rasa renders it. The page then shows the card instead of that text: the emergency
outcome as a call card with a tel: link and no booking link, the others with a
"Book an appointment" button and their references folded under "Sources".
"""

from __future__ import annotations

from typing import Any

from bot.channels.conversation_ids import WEB_PREFIX
from bot.dialogue import wording
from bot.screening import Outcome, Ruleset

CARD_KEY = "web_card"  # the card's key in the `custom` payload
OUTCOME = "screening_outcome"
BOOKING = "booking_link"
EMERGENCY_TRIAGE = "emergency"


def is_web_chat(sender_id: str) -> bool:
    """Whether the conversation is the web chat's (its ids are made by its server)."""
    return sender_id.startswith(WEB_PREFIX)


def outcome_card(
    outcome: Outcome, reasons: str, ruleset: Ruleset, emergency_number: str
) -> dict[str, Any]:
    """The `custom` payload of utter_outcome_<triage>, rendered with `reasons`.

    `paragraphs` is the message's text without its references line, which the
    page shows as `sources` instead.
    """
    text = wording.text(
        f"utter_outcome_{outcome.triage}", advice=outcome.advice, reasons=reasons
    )
    references_line = outcome.advice.rsplit("\n\n", 1)[-1]
    triage = next(t for t in ruleset.triage if t.id == outcome.triage)
    emergency = outcome.triage == EMERGENCY_TRIAGE
    card: dict[str, Any] = {
        "kind": OUTCOME,
        "triage": outcome.triage,
        "emergency": emergency,
        "paragraphs": [p for p in rest_pieces(text) if p != references_line],
        "sources": [
            {"ref": ref, "text": ruleset.references[ref]} for ref in triage.references
        ],
        "text": text,
    }
    if emergency:
        card["emergency_number"] = emergency_number
    return {CARD_KEY: card}


def booking_card(booking_link: str) -> dict[str, Any]:
    """The `custom` payload of utter_booking_link: the page shows a button."""
    text = wording.text("utter_booking_link", booking_link=booking_link)
    return {CARD_KEY: {"kind": BOOKING, "url": booking_link, "text": text}}


def rest_pieces(text: str) -> list[str]:
    """The text cut as Rasa's REST channel cuts it (CollectingOutputChannel)."""
    return text.strip().split("\n\n")
