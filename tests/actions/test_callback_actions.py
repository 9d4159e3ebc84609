"""The call-back actions against a real (SQLite) database: offered only with
CONTACT_KEY, details stored encrypted at once, the texting number only on a yes."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import (
    ActionCallbackSaved,
    ActionOfferCallback,
    ValidateCallbackForm,
)
from bot.dialogue.callback import CHANNEL_NUMBER_KEY
from bot.storage import migrate
from bot.storage.contact_crypto import ContactCipher, new_key
from bot.storage.db import get_database
from bot.storage.repository import ScreeningRepository
from tests.storage.helpers import record

from .test_actions import DOMAIN, run

CONVERSATION = "sms-0123456789abcdef0123456789abcdef"


@pytest.fixture
def cipher(monkeypatch: pytest.MonkeyPatch) -> ContactCipher:
    key = new_key()
    monkeypatch.setenv("CONTACT_KEY", key)
    return ContactCipher.from_keys(key)


@pytest.fixture
def screening() -> int:
    database = get_database()
    migrate.upgrade(database)
    return ScreeningRepository(database).save_record(record(CONVERSATION))


def tracker(
    slots: dict[str, Any],
    text: str,
    intent: str = "inform",
    metadata: dict | None = None,
) -> Tracker:
    message = {
        "text": text,
        "intent": {"name": intent},
        "entities": [],
        "metadata": metadata or {},
    }
    return Tracker(
        CONVERSATION, slots, message, [], False, None, {"name": "callback_form"}, ""
    )


def contact(screening: int) -> Any:
    from bot.storage.contact_crypto import contact_cipher
    from bot.storage.contacts import ContactBook

    return ContactBook(get_database(), contact_cipher()).reveal(screening, actor="test")


def test_no_call_back_is_offered_without_contact_key(monkeypatch) -> None:
    monkeypatch.delenv("CONTACT_KEY", raising=False)
    events, dispatcher = run(ActionOfferCallback(), tracker({}, ""))
    assert dispatcher.messages == []
    assert {
        "event": "slot",
        "name": "callback_offered",
        "value": False,
        "timestamp": None,
    } in events


def test_the_offer_names_the_clinic(cipher: ContactCipher) -> None:
    events, dispatcher = run(ActionOfferCallback(), tracker({}, ""))
    assert dispatcher.messages[0]["response"] == "utter_offer_callback"
    assert dispatcher.messages[0]["clinic_name"]


def validate(
    slots: dict[str, Any], text: str, intent: str = "inform", **kw
) -> tuple[dict, CollectingDispatcher]:
    events, dispatcher = run(ValidateCallbackForm(), tracker(slots, text, intent, **kw))
    return {
        e["name"]: e["value"] for e in events if e.get("event") == "slot"
    }, dispatcher


def test_a_name_and_number_are_stored_encrypted_and_queue_the_call(
    cipher: ContactCipher, screening: int
) -> None:
    slots, _ = validate({"requested_slot": "callback_name"}, "Jane Q. Patient")
    assert slots["callback_name"] == "given"  # a marker, never the name
    slots, _ = validate(
        {"requested_slot": "callback_phone", "callback_name": "given"},
        "(416) 555-0123",
    )
    assert slots["callback_phone"] == "given"
    assert slots["requested_slot"] is None  # nothing more to ask
    details = contact(screening)
    assert (details.name, details.phone, details.phone_source) == (
        "Jane Q. Patient",
        "+14165550123",
        "typed",
    )


def test_an_unreadable_number_is_asked_again_with_a_hint(
    cipher: ContactCipher, screening: int
) -> None:
    slots, dispatcher = validate({"requested_slot": "callback_phone"}, "call me maybe")
    assert slots["callback_phone"] is None and slots["callback_phone_tries"] == 1
    assert dispatcher.messages[0]["response"] == "utter_callback_phone_hint"
    assert contact(screening) is None


def test_sms_asks_about_the_texting_number_and_stores_it_only_on_yes(
    cipher: ContactCipher, screening: int
) -> None:
    token = {CHANNEL_NUMBER_KEY: cipher.encrypt("+14165550199")}
    asked = asyncio.run(
        ValidateCallbackForm().required_slots(
            [], CollectingDispatcher(), tracker({}, "", metadata=token), DOMAIN
        )
    )
    assert asked == ["callback_use_number", "callback_name", "callback_phone"]
    slots, _ = validate(
        {"requested_slot": "callback_use_number"}, "no", "deny", metadata=token
    )
    assert slots["callback_use_number"] == "no" and contact(screening) is None
    slots, _ = validate(
        {"requested_slot": "callback_use_number"}, "yes", "affirm", metadata=token
    )
    assert slots["callback_use_number"] == "yes"
    details = contact(screening)
    assert (details.phone, details.phone_source) == ("+14165550199", "channel")


@pytest.mark.parametrize("intent", ["deny", "stop", "goodbye", "ask_human"])
def test_leaving_the_questions_is_left_to_the_rules(
    cipher: ContactCipher, screening: int, intent: str
) -> None:
    """No slot set but the same question: Rasa rejects the form's turn for a rule."""
    asked = {"requested_slot": "callback_phone", "callback_name": "given"}
    slots, dispatcher = validate(asked, "no", intent)
    assert slots == {"requested_slot": "callback_phone"}
    assert dispatcher.messages == [] and contact(screening) is None


@pytest.mark.parametrize(
    ("emergency", "response"),
    [(True, "utter_callback_saved_emergency"), (False, "utter_callback_saved")],
)
def test_the_confirmation_after_an_emergency_says_not_to_wait(
    emergency: bool, response: str
) -> None:
    slots = {"emergency_advised": emergency, "callback_phone": "given"}
    _, dispatcher = run(ActionCallbackSaved(), tracker(slots, ""))
    assert dispatcher.messages[0]["response"] == response


def test_the_yes_that_starts_the_form_is_not_read_as_a_name(
    cipher: ContactCipher, screening: int
) -> None:
    slots, _ = validate({}, "yes please", "affirm")
    assert slots.get("callback_name") is None and contact(screening) is None
