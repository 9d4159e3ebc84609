"""Messenger webhook batches in, Send API message objects out."""

from __future__ import annotations

import pytest

from bot.channels.messenger_payloads import (
    MAX_QUICK_REPLY_TITLE,
    MAX_TEXT,
    MalformedPayload,
    MessengerEvent,
    fits_quick_replies,
    parse_events,
    quick_replies,
    text_messages,
)


def messaging(sender: str, **event: object) -> dict:
    return {"sender": {"id": sender}, "recipient": {"id": "PAGE"}, **event}


BATCH = {
    "object": "page",
    "entry": [
        {
            "id": "PAGE",
            "messaging": [
                messaging("A", message={"mid": "m1", "text": "my head hurts"}),
                messaging("A", message={"mid": "m2", "text": "x", "is_echo": True}),
                messaging("B", delivery={"mids": ["m0"]}),
                messaging("B", read={"watermark": 1}),
                messaging("B", postback={"title": "Start", "payload": "/greet"}),
            ],
        },
        {
            "id": "PAGE",
            "messaging": [
                messaging(
                    "C",
                    message={"text": "Left", "quick_reply": {"payload": "/left"}},
                ),
                messaging("C", message={"attachments": [{"type": "image"}]}),
                messaging("C", message={"text": "   "}),
                messaging("D", reaction={"reaction": "love"}),
                {"recipient": {"id": "PAGE"}, "message": {"text": "no sender"}},
                "not an event",
            ],
        },
        {"id": "PAGE", "standby": [messaging("E", message={"text": "ignored"})]},
    ],
}


def test_every_visitor_event_of_a_batch_is_read_in_order() -> None:
    assert parse_events(BATCH) == [
        MessengerEvent("A", "text", "my head hurts"),
        MessengerEvent("B", "postback", "/greet"),
        MessengerEvent("C", "quick_reply", "/left"),
        MessengerEvent("C", "attachment", ""),
    ]


@pytest.mark.parametrize(
    "payload",
    [
        None,
        [],
        "text",
        {},
        {"object": "page"},
        {"entry": "not a list"},
        {"entry": ["not an object"]},
        {"entry": [{"messaging": "not a list"}]},
    ],
)
def test_malformed_batches_are_refused(payload: object) -> None:
    with pytest.raises(MalformedPayload):
        parse_events(payload)


def test_empty_batch_has_no_events() -> None:
    assert parse_events({"object": "page", "entry": []}) == []


def buttons(count: int, payload_size: int = 10) -> list[dict]:
    return [
        {"title": f"Option {n}", "payload": "p" * payload_size} for n in range(count)
    ]


@pytest.mark.parametrize(
    ("options", "fits"),
    [
        (buttons(0), False),
        (buttons(1), True),
        (buttons(13), True),
        (buttons(14), False),
        (buttons(2, payload_size=1000), True),
        (buttons(2, payload_size=1001), False),
    ],
)
def test_fits_quick_replies(options: list[dict], fits: bool) -> None:
    assert fits_quick_replies(options) is fits


def test_quick_replies_shorten_long_titles() -> None:
    replies = quick_replies(
        [
            {"title": "Yes", "payload": "/affirm"},
            {"title": "Only on the right side of my head", "payload": "/right"},
            {"title": "Not sure"},
        ]
    )
    assert replies == [
        {"content_type": "text", "title": "Yes", "payload": "/affirm"},
        {"content_type": "text", "title": "Only on the right s…", "payload": "/right"},
        {"content_type": "text", "title": "Not sure", "payload": "Not sure"},
    ]
    assert all(len(reply["title"]) <= MAX_QUICK_REPLY_TITLE for reply in replies)


def test_long_text_is_split_and_quick_replies_go_on_the_last_message() -> None:
    text = "\n\n".join(["word " * 300] * 3)  # three paragraphs of 1,500 characters
    replies = quick_replies(buttons(2))
    messages = text_messages(text, replies)
    assert len(messages) == 3
    assert all(len(message["text"]) <= MAX_TEXT for message in messages)
    assert [("quick_replies" in message) for message in messages] == [
        False,
        False,
        True,
    ]
    assert messages[-1]["quick_replies"] == replies


def test_short_text_is_one_message() -> None:
    assert text_messages("Hello") == [{"text": "Hello"}]
