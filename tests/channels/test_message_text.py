"""What is left of a visitor's message for the dialogue, and what is refused."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.channels.message_text import (
    MAX_MESSAGE_CHARS,
    MAX_SENDER_CHARS,
    UnusableText,
    check_sender,
    check_text,
    clean_text,
)


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("my neck hurts", "my neck hurts"),
        ("my neck\x00 hurts", "my neck hurts"),
        ("my ne\u200bck hurts", "my neck hurts"),  # zero-width space inside a word
        ("\u202eseod ti", "seod ti"),  # right-to-left override
        ("caf\u0065\u0301", "caf\u00e9"),  # decomposed é becomes one character
        ("jaw\ud800 clicks", "jaw clicks"),  # lone surrogate (JSON "\ud800")
        ("line one\nline two\ttab\r", "line one\nline two tab"),
        (
            "fever - no\r\nfainted - no\rfits - no",
            "fever - no\nfainted - no\nfits - no",
        ),
        ("  \ufeffhello  ", "hello"),  # byte-order mark, spaces
        ("\U0001f915\u200d\U0001f915", "\U0001f915\U0001f915"),  # emoji ZWJ
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),  # text, kept
        ('/deny{"symptom": "x"}', '/deny{"symptom": "x"}'),  # the NLU's job
    ],
)
def test_clean_text(raw: str, cleaned: str) -> None:
    assert clean_text(raw) == cleaned


@given(st.text())
@settings(deadline=None)
def test_cleaned_text_has_no_control_format_or_surrogate_character_but_line_breaks(
    raw: str,
) -> None:
    cleaned = clean_text(raw)
    assert not any(
        unicodedata.category(c) in {"Cc", "Cf", "Cs"} and c != "\n" for c in cleaned
    )
    assert cleaned == unicodedata.normalize("NFC", cleaned)
    cleaned.encode("utf-8")  # storable: no lone surrogate left


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        ("", 400),
        ("   ", 400),
        ("\x00\x00", 400),
        ("\u200b\u200d\u202e", 400),
        ("x" * (MAX_MESSAGE_CHARS + 1), 413),
        ("\U0001f600" * (MAX_MESSAGE_CHARS + 1), 413),
    ],
)
def test_unusable_text_is_refused_with_a_status(raw: str, status: int) -> None:
    with pytest.raises(UnusableText) as refused:
        check_text(raw)
    assert refused.value.status == status
    assert refused.value.reason.startswith("Please")


def test_text_up_to_the_limit_is_accepted_once_cleaned() -> None:
    assert check_text(" " + "x" * MAX_MESSAGE_CHARS + "\x00") == "x" * MAX_MESSAGE_CHARS


@pytest.mark.parametrize(
    "sender",
    [None, 42, "", "   ", "x" * (MAX_SENDER_CHARS + 1), "a\x00b", "a\u200bb", " a"],
)
def test_unusable_sender_is_refused(sender: object) -> None:
    with pytest.raises(UnusableText) as refused:
        check_sender(sender)
    assert refused.value.status == 400


@pytest.mark.parametrize("sender", ["visitor-1", "x" * MAX_SENDER_CHARS, "Zoë 42"])
def test_usable_sender_is_kept_unchanged(sender: str) -> None:
    assert check_sender(sender) == sender
