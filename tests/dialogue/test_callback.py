"""The call-back request: which questions, and how replies are read (issue 17)."""

from __future__ import annotations

import pytest

from bot.dialogue.callback import (
    GIVEN,
    NAME,
    NO,
    PHONE,
    SKIPPED,
    USE_NUMBER,
    YES,
    Store,
    normalised_number,
    questions,
    read_reply,
)


def test_sms_asks_first_whether_to_call_the_texting_number() -> None:
    assert questions(channel_number=True, answered={}) == [USE_NUMBER, NAME, PHONE]
    assert questions(channel_number=True, answered={USE_NUMBER: YES}) == [NAME]
    assert questions(channel_number=True, answered={USE_NUMBER: NO}) == [NAME, PHONE]
    assert questions(channel_number=False, answered={}) == [NAME, PHONE]
    assert questions(channel_number=False, answered={NAME: SKIPPED, PHONE: GIVEN}) == []


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("416 555 0123", "+14165550123"),
        ("my number is (416) 555-0123, thanks", "+14165550123"),
        ("+44 20 7946 0958", "+442079460958"),
        ("4165550123", "+14165550123"),
        ("12345", None),
        ("call 416-555-0123 or 905-555-0199", None),  # which one? ask again
        ("no", None),
        ("", None),
    ],
)
def test_phone_numbers_are_read_in_the_clinics_country(
    text: str, number: str | None
) -> None:
    assert normalised_number(text, "CA") == number


def test_a_number_is_stored_normalised_and_refusals_end_after_three_tries() -> None:
    reply = read_reply(PHONE, "(416) 555-0123", "inform", region="US")
    assert (reply.value, reply.store, reply.detail) == (
        GIVEN,
        Store.PHONE,
        "+14165550123",
    )
    refused = read_reply(PHONE, "my phone", "inform", region="US", tries=0)
    assert (refused.value, refused.hint) == (None, "utter_callback_phone_hint")
    last = read_reply(PHONE, "my phone", "inform", region="US", tries=2)
    assert (last.value, last.hint) == (SKIPPED, "utter_callback_phone_gave_up")


@pytest.mark.parametrize(
    ("text", "value", "detail"),
    [
        ("  Jane   Q. Patient ", GIVEN, "Jane Q. Patient"),
        ("Zoë O'Neil-Ng", GIVEN, "Zoë O'Neil-Ng"),
        ("skip", SKIPPED, ""),
        ("rather not say", SKIPPED, ""),
        ("12345", None, ""),
        ("x" * 81, None, ""),
    ],
)
def test_names(text: str, value: str | None, detail: str) -> None:
    reply = read_reply(NAME, text, "inform", region="US")
    assert (reply.value, reply.detail) == (value, detail)


def test_the_texting_number_is_used_only_on_a_yes() -> None:
    assert (
        read_reply(USE_NUMBER, "yes", "affirm", region="US").store
        is Store.CHANNEL_NUMBER
    )
    assert read_reply(USE_NUMBER, "no", "deny", region="US").value == NO
    unclear = read_reply(USE_NUMBER, "maybe later", "unsure", region="US")
    assert (unclear.value, unclear.hint) == (None, "utter_callback_yes_or_no")
