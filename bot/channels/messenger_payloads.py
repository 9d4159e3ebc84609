"""Messenger's JSON in both directions, as pure functions.

In: one webhook POST can batch many events from many people (several `entry`
objects, each with several `messaging` events); every one is read, and what is not
a visitor's message (echoes of the page's own messages, delivery and read receipts,
reactions) is skipped. Out: Messenger rejects a text over 2,000 characters or more
than 13 quick replies, and cuts quick-reply titles at 20 characters, so replies are
shaped to fit before they are sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from bot.channels.text_split import split_to_fit

MAX_TEXT = 2000
MAX_QUICK_REPLIES = 13
MAX_QUICK_REPLY_TITLE = 20
MAX_QUICK_REPLY_PAYLOAD = 1000

Button = dict[str, Any]
EventKind = Literal["text", "quick_reply", "postback", "attachment"]


class MalformedPayload(ValueError):
    """The POST body is not a Messenger webhook batch."""


@dataclass(frozen=True)
class MessengerEvent:
    """One visitor action: typed text, a tapped quick reply or button, or media."""

    sender_id: str
    kind: EventKind
    text: str  # the payload for taps, "" for media


def parse_events(payload: Any) -> list[MessengerEvent]:
    """Every visitor event of a webhook batch, in order."""
    if not isinstance(payload, dict) or not isinstance(payload.get("entry"), list):
        raise MalformedPayload("expected an object with an 'entry' list")
    events = []
    for entry in payload["entry"]:
        if not isinstance(entry, dict):
            raise MalformedPayload("every entry must be an object")
        messaging = entry.get("messaging") or []
        if not isinstance(messaging, list):
            raise MalformedPayload("'messaging' must be a list")
        events.extend(event for raw in messaging if (event := _event(raw)))
    return events


def fits_quick_replies(buttons: Sequence[Button]) -> bool:
    """Whether `buttons` can be sent as quick replies (else as a numbered menu)."""
    return 0 < len(buttons) <= MAX_QUICK_REPLIES and all(
        len(_payload(button)) <= MAX_QUICK_REPLY_PAYLOAD for button in buttons
    )


def quick_replies(buttons: Sequence[Button]) -> list[dict[str, str]]:
    """`buttons` as Messenger text quick replies, titles shortened to fit."""
    return [
        {
            "content_type": "text",
            "title": _short_title(str(button["title"])),
            "payload": _payload(button),
        }
        for button in buttons
    ]


def text_messages(
    text: str, replies: list[dict[str, str]] | None = None
) -> list[dict[str, Any]]:
    """`text` as Send API message objects within the length limit.

    Quick replies go on the last message: Messenger shows them under the message
    they came with and drops them once another message follows.
    """
    messages: list[dict[str, Any]] = [
        {"text": piece} for piece in split_to_fit(text, _fits_text)
    ]
    if replies and messages:
        messages[-1]["quick_replies"] = replies
    return messages


def _event(raw: Any) -> MessengerEvent | None:
    if not isinstance(raw, dict):
        return None
    sender = raw.get("sender")
    sender_id = str(sender.get("id") or "") if isinstance(sender, dict) else ""
    if not sender_id:
        return None
    message, postback = raw.get("message"), raw.get("postback")
    if isinstance(message, dict) and not message.get("is_echo"):
        return _message_event(sender_id, message)
    if isinstance(postback, dict) and postback.get("payload"):
        return MessengerEvent(sender_id, "postback", str(postback["payload"]))
    return None


def _message_event(sender_id: str, message: dict[str, Any]) -> MessengerEvent | None:
    quick_reply = message.get("quick_reply")
    if isinstance(quick_reply, dict) and quick_reply.get("payload"):
        return MessengerEvent(sender_id, "quick_reply", str(quick_reply["payload"]))
    if isinstance(message.get("text"), str) and message["text"].strip():
        return MessengerEvent(sender_id, "text", message["text"])
    if message.get("attachments"):
        return MessengerEvent(sender_id, "attachment", "")
    return None


def _payload(button: Button) -> str:
    return str(button.get("payload") or button["title"])


def _short_title(title: str) -> str:
    if len(title) <= MAX_QUICK_REPLY_TITLE:
        return title
    return title[: MAX_QUICK_REPLY_TITLE - 1].rstrip() + "…"


def _fits_text(text: str) -> bool:
    return len(text) <= MAX_TEXT
