"""Issue 18: action_answer_question answers and keeps the visitor's place."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ActionAnswerQuestion, ValidateCallbackForm
from bot.screening import load_ruleset
from bot.settings import PROJECT_ROOT, get_settings
from bot.storage.contact_crypto import new_key

DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
LINK = "https://book.example/new?ref=AB12CD"


def question(
    topic: str,
    text: str = "what is cervicogenic headache?",
    *,
    confidence: float = 0.9,
    slots: dict[str, Any] | None = None,
    active_loop: str | None = None,
    entities: list[dict[str, Any]] | None = None,
    sender: str = "visitor-1",
) -> Tracker:
    selected = {
        "response": {"utter_action": f"utter_faq/{topic}", "confidence": confidence}
    }
    message = {
        "text": text,
        "intent": {"name": "faq"},
        "entities": entities or [],
        "response_selector": {"all_retrieval_intents": ["faq"], "faq": selected},
    }
    loop = {"name": active_loop} if active_loop else {}
    return Tracker(sender, slots or {}, message, [], False, None, loop, "")


def answer(tracker: Tracker) -> tuple[list[dict], list[dict]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionAnswerQuestion().run(dispatcher, tracker, DOMAIN))
    return events, dispatcher.messages


@pytest.fixture()
def clinic(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CLINIC_NAME", "Test Rehab Clinic")
    monkeypatch.setenv("CLINIC_PHONE", "555-0142")
    monkeypatch.setenv("CLINIC_FAX", "555-0199")
    monkeypatch.setenv("RETENTION_DAYS", "90")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_the_selected_answer_is_said_with_the_clinics_details(clinic) -> None:
    events, (message,) = answer(question("fax_referral"))
    assert events == []
    assert message["response"] == "utter_faq/fax_referral"
    assert message["clinic_fax"] == "555-0199"
    assert message["clinic_name"] == "Test Rehab Clinic"


def test_what_happens_to_my_data_says_the_retention_setting(clinic) -> None:
    _, (message,) = answer(question("privacy", "what happens to my data?"))
    assert message["response"] == "utter_faq/privacy"
    assert message["retention_days"] == "90"
    (response,) = DOMAIN["responses"]["utter_faq/privacy"]
    assert "{retention_days} days" in " ".join(response["text"].split())


def test_an_unsure_pick_says_so_rather_than_answer_another_question() -> None:
    _, (message,) = answer(
        question("what_is_tmd", "hmm what about that", confidence=0.1)
    )
    assert message["response"] == "utter_faq_unsure"


def test_after_an_outcome_with_a_booking_link_the_link_comes_again() -> None:
    slots = {"triage": "cgh_likely", "booking_link": LINK}
    _, messages = answer(question("manual_therapy", slots=slots))
    assert [m["response"] for m in messages] == [
        "utter_faq/manual_therapy",
        "utter_booking_link",
    ]
    assert messages[1]["booking_link"] == LINK
    assert "json_message" not in messages[1]  # not the web chat: text only


def test_in_the_web_chat_the_link_comes_again_as_its_card() -> None:
    slots = {"triage": "cgh_likely", "booking_link": LINK}
    tracker = question("exercises", slots=slots, sender="web-0123456789abcdef")
    _, messages = answer(tracker)
    assert messages[1]["custom"]["web_card"]["url"] == LINK


def test_after_the_emergency_advice_the_reminder_follows_never_a_link(clinic) -> None:
    slots = {"emergency_advised": True, "triage": "emergency", "booking_link": None}
    _, messages = answer(question("is_it_serious", slots=slots))
    assert [m["response"] for m in messages] == [
        "utter_faq/is_it_serious",
        "utter_after_emergency",
    ]
    assert messages[1]["clinic_phone"] == "555-0142"


def test_a_question_during_the_screening_keeps_the_red_flag_it_reveals() -> None:
    text = "I've lost a lot of weight lately, is that why my head hurts?"
    weight = {"entity": "symptom", "value": "weight_loss", "start": 5, "end": 31}
    tracker = question(
        "why_doctor_first", text, active_loop="screening_form",
        slots={"requested_slot": "story"}, entities=[weight],
    )  # fmt: skip
    events, messages = answer(tracker)
    assert [m["response"] for m in messages] == ["utter_faq/why_doctor_first"]
    findings = next(e["value"] for e in events if e.get("name") == "findings")
    assert findings["weight_loss"]["status"] == "present"
    assert SlotSet("story", True) in events  # naming symptoms tells the story


def test_a_question_without_symptoms_leaves_the_screening_as_it_was() -> None:
    slots = {"requested_slot": "q_age", "story": True, "age": None}
    events, _ = answer(
        question("why_these_questions", active_loop="screening_form", slots=slots)
    )
    assert SlotSet("findings", {}) in events and SlotSet("story", True) in events


def test_a_question_in_the_call_back_form_is_no_name(monkeypatch) -> None:
    monkeypatch.setenv("CONTACT_KEY", new_key())
    tracker = question(
        "privacy", "who will see my name?", active_loop="callback_form",
        slots={"requested_slot": "callback_name"},
    )  # fmt: skip
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ValidateCallbackForm().run(dispatcher, tracker, DOMAIN))
    assert not any(e.get("name") == "callback_name" for e in events)
    assert dispatcher.messages == []


def test_after_an_outcome_a_red_flag_in_a_question_sends_to_a_doctor_first(
    clinic,
) -> None:
    pregnant = {"entity": "symptom", "value": "pregnancy", "start": 4, "end": 12}
    slots = {
        "triage": "cgh_likely",
        "booking_link": LINK,
        "findings": {"unilateral_head_pain": {"status": "present", "side": "left"}},
    }
    tracker = question(
        "exercises", "I'm pregnant, are neck exercises safe?", slots=slots,
        entities=[pregnant],
    )  # fmt: skip
    _, messages = answer(tracker)
    assert [m["response"] for m in messages] == [
        "utter_faq/exercises",
        "utter_red_flag_in_question",
    ]
    assert messages[1]["items"] == load_ruleset().concepts["pregnancy"].label
    assert messages[1]["clinic_fax"] == "555-0199"
