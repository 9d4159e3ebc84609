"""Put each outcome card back in place of the text it stands for.

The action gives a web chat outcome its card as the `custom` payload of the very
message that holds the outcome's text (bot/dialogue/web_card.py). Rasa's REST
channel sends that message on as its text cut at blank lines, then the payload as
a message of its own. Here the text pieces just before a card that are exactly the
card's `text`, cut the same way, become one message: that `text` and the `card`
(a client that reads only `text` still gets the whole outcome). If they do not
match (domain.yml changed since the model was trained, say), the pieces stay and
the card follows them: the visitor may read things twice but misses nothing.

A booking card right after an outcome card joins it, so the "Book an appointment"
button ends the outcome. A booking card after the emergency outcome is dropped:
the emergency advice never comes with a booking link (the rules never offer one;
this keeps it so on the page too).
"""

from __future__ import annotations

import logging
from typing import Any

from bot.dialogue.web_card import BOOKING, CARD_KEY, OUTCOME, rest_pieces

logger = logging.getLogger(__name__)
Message = dict[str, Any]
PLAIN_KEYS = {"recipient_id", "text"}


def fold_cards(messages: list[Message]) -> list[Message]:
    """`messages` (Rasa's REST replies) with each card in place of its text."""
    folded: list[Message] = []
    for message in messages:
        card = card_of(message)
        if card is None:
            folded.append(message)
            continue
        del folded[len(folded) - _pieces_before(folded, card["text"]) :]
        if card["kind"] == BOOKING and _ends_with_outcome(folded):
            _add_booking(folded[-1], card)
        else:
            folded.append(_card_message(message, card))
    return folded


def card_of(message: Message) -> dict[str, Any] | None:
    """The web chat card a message carries, or None: a card is a `custom` payload
    with a known kind, its text, and (for booking) an http(s) address."""
    custom = message.get("custom")
    card = custom.get(CARD_KEY) if isinstance(custom, dict) else None
    if not isinstance(card, dict) or not isinstance(card.get("text"), str):
        return None
    if card.get("kind") == OUTCOME:
        return card
    if card.get("kind") == BOOKING and _is_web_address(card.get("url")):
        return card
    return None


def _pieces_before(folded: list[Message], text: str) -> int:
    """How many of the last messages are `text`, cut as the REST channel cuts it."""
    pieces = rest_pieces(text)
    tail = folded[-len(pieces) :]
    matches = len(tail) == len(pieces) and all(
        set(message) <= PLAIN_KEYS and message.get("text") == piece
        for message, piece in zip(tail, pieces, strict=True)
    )
    if not matches:
        logger.warning("A web chat card does not match the text before it")
    return len(pieces) if matches else 0


def _ends_with_outcome(folded: list[Message]) -> bool:
    last = folded[-1].get("card") if folded else None
    return isinstance(last, dict) and last.get("kind") == OUTCOME


def _add_booking(outcome: Message, booking: dict[str, Any]) -> None:
    if outcome["card"].get("emergency"):
        logger.error("A booking link followed the emergency outcome: not shown")
        return
    outcome["card"] = {**outcome["card"], "booking_url": booking["url"]}
    outcome["text"] = f"{outcome['text']}\n\n{booking['text']}"


def _card_message(message: Message, card: dict[str, Any]) -> Message:
    shown = {key: value for key, value in card.items() if key != "text"}
    if card["kind"] == BOOKING:
        shown["booking_url"] = shown.pop("url")
    recipient = (
        {"recipient_id": message["recipient_id"]} if "recipient_id" in message else {}
    )
    return {**recipient, "text": card["text"], "card": shown}


def _is_web_address(url: Any) -> bool:
    return isinstance(url, str) and url.startswith(("https://", "http://"))
