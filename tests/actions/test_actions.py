"""The Rasa SDK actions, run with a CollectingDispatcher and a hand-made tracker."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import (
    ActionAfterEmergency,
    ActionScreeningOutcome,
    ActionStartScreening,
    AskEmergencyRedFlags,
    AskSide,
    ValidateScreeningForm,
    outcome_state,
)
from bot.dialogue.findings_slot import screening_input
from bot.screening import load_ruleset, pending_questions
from bot.settings import PROJECT_ROOT, get_settings

RULES = load_ruleset()
# The domain as Rasa posts it with every call: the form's questions are in it.
DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
# Every symptom answered "no": the state in which the age question is asked.
ALL_DENIED = {c: {"status": "absent"} for c in RULES.concept_ids}


def make_tracker(
    slots: dict[str, Any] | None = None,
    text: str = "",
    intent: str = "inform",
    entities: list[dict[str, Any]] | None = None,
) -> Tracker:
    message = {"text": text, "intent": {"name": intent}, "entities": entities or []}
    return Tracker("visitor-1", slots or {}, message, [], False, None, {}, "")


def run(action, tracker: Tracker) -> tuple[list[dict], CollectingDispatcher]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, DOMAIN))
    return events, dispatcher


def slot(events: list[dict], name: str) -> Any:
    return next(e["value"] for e in reversed(events) if e.get("name") == name)


@pytest.mark.parametrize(
    "intent", ["stop", "ask_human", "out_of_scope", "restart", "faq"]
)
def test_an_interruption_is_left_to_the_rules(intent: str) -> None:
    """No slot set but the same question: Rasa rejects the form's turn for a rule."""
    slots = {"requested_slot": "q_age", "story": True, "findings": ALL_DENIED}
    tracker = make_tracker(slots, "stop this", intent)
    assert run(ValidateScreeningForm(), tracker)[0] == [
        SlotSet("requested_slot", "q_age")
    ]


def test_an_interruption_that_reveals_a_symptom_is_read() -> None:
    fainting = {"entity": "symptom", "value": "fainting", "start": 7, "end": 17}
    tracker = make_tracker(
        {"requested_slot": "q_age", "story": True}, "stop, I passed out", "stop",
        [fainting],
    )  # fmt: skip
    events, _ = run(ValidateScreeningForm(), tracker)
    assert slot(events, "findings")["fainting"]["status"] == "present"
    assert slot(events, "requested_slot") is None


def test_the_story_leads_to_the_emergency_checklist() -> None:
    tracker = make_tracker({"requested_slot": "story"}, "bad headaches", "describe")
    events, _ = run(ValidateScreeningForm(), tracker)
    assert SlotSet("requested_slot", "q_emergency_red_flags") in events


def test_an_unreadable_answer_gets_a_hint() -> None:
    slots = {"requested_slot": "q_age", "story": True, "findings": ALL_DENIED}
    tracker = make_tracker(slots, "old", "inform")
    events, dispatcher = run(ValidateScreeningForm(), tracker)
    assert dispatcher.messages[0]["response"] == "utter_not_understood"
    assert slot(events, "age") is None
    assert slot(events, "requested_slot") == "q_age"


def test_the_checklist_numbers_its_items_and_offers_none_and_not_sure() -> None:
    _, dispatcher = run(AskEmergencyRedFlags(), make_tracker({"story": True}))
    buttons = dispatcher.messages[0]["buttons"]
    assert [b["payload"] for b in buttons[:3]] == ["1", "2", "3"]
    assert [b["title"] for b in buttons[-2:]] == ["None of these", "Not sure"]


def test_a_failing_action_answers_and_does_not_raise() -> None:
    broken = make_tracker({"findings": {"no_such_concept": {"status": "present"}}})
    events, dispatcher = run(ActionScreeningOutcome(), broken)
    assert events == []
    assert dispatcher.messages[0]["response"] == "utter_something_went_wrong"


def test_the_question_is_asked_again_when_the_interruption_is_answered() -> None:
    slots = {"requested_slot": "q_age", "story": True, "findings": ALL_DENIED}
    tracker = make_tracker(slots, "can I talk to someone", "ask_human")
    tracker.events = [
        {"event": "user", "text": "can I talk to someone"},
        {"event": "action", "name": "action_hand_off"},
    ]
    assert run(ValidateScreeningForm(), tracker)[0] == [
        SlotSet("requested_slot", "q_age")
    ]


def test_a_new_screening_does_not_inherit_the_last_one() -> None:
    faint = {"entity": "symptom", "value": "fainting", "start": 2, "end": 12}
    old = {"findings": {"fainting": {"status": "present"}}, "story": True, "age": 30}
    tracker = make_tracker(old, "yes", "affirm")
    tracker.events = [
        {"event": "user", "text": "I passed out", "parse_data": {"entities": [faint]}},
        {"event": "action", "name": "action_screening_outcome"},
        {"event": "user", "text": "hi", "parse_data": {"entities": []}},
        {"event": "user", "text": "yes", "parse_data": {"entities": []}},
    ]
    events, _ = run(ActionStartScreening(), tracker)
    assert slot(events, "findings") == {}
    assert slot(events, "age") is None and slot(events, "story") is None


def test_a_tapped_answer_is_read_whatever_intent_the_nlu_guessed() -> None:
    slots = {"requested_slot": "q_onset", "story": True, "age": 58}
    tracker = make_tracker(slots, "recent", "ask_human")
    events, _ = run(ValidateScreeningForm(), tracker)
    assert slot(events, "onset") == "recent"


def test_an_interruption_at_the_story_question_is_not_the_story() -> None:
    tracker = make_tracker({"requested_slot": "story"}, "a bot?", "bot_challenge")
    assert run(ValidateScreeningForm(), tracker)[0] == [
        SlotSet("requested_slot", "story")
    ]


# ---- issue 13, item 3: the side question --------------------------------------------

SIDE_PAYLOADS = ["left", "right", "both", "not sure"]


@pytest.mark.parametrize(
    "concept", [c for g in RULES.questions for c in g.side_of]
)  # fmt: skip
def test_issue13_each_side_question_offers_left_right_both_not_sure(concept) -> None:
    (response,) = DOMAIN["responses"][f"utter_ask_side_{concept}"]
    assert response["text"].startswith("Which side")
    assert [b["payload"] for b in response["buttons"]] == SIDE_PAYLOADS


def test_issue13_the_side_question_asks_the_first_finding_that_needs_it() -> None:
    slots = {
        "story": True,
        "findings": {
            **ALL_DENIED,
            "unilateral_head_pain": {"status": "present", "side": "right"},
            "pain_on_neck_movement": {"status": "present"},
            "neck_pain": {"status": "present"},
        },
    }
    _, dispatcher = run(AskSide(), make_tracker(slots))
    assert [m["response"] for m in dispatcher.messages] == ["utter_ask_side_neck_pain"]


def test_issue13_a_bare_side_that_answered_the_form_is_not_read_again() -> None:
    """After the side answer "left" the outcome must not move the head pain left."""
    findings = {
        "unilateral_head_pain": {"status": "present", "side": "right"},
        "neck_pain": {"status": "present", "side": "left"},
    }
    side = {"entity": "side", "value": "left", "start": 0, "end": 4}
    tracker = make_tracker({"findings": findings, "story": True}, "left", "inform",
                           [side])  # fmt: skip
    tracker.events = [
        {"event": "user", "text": "left"},
        {"event": "action", "name": "screening_form"},
    ]
    state = outcome_state(tracker)
    assert state.findings["unilateral_head_pain"]["side"] == "right"
    tracker.events = tracker.events[:1]  # an emergency rule, straight after it
    assert outcome_state(tracker).findings["unilateral_head_pain"]["side"] == "left"


# ---- issue 13, item 4: the emergency advice comes alone and first --------------------


@pytest.mark.parametrize(
    ("text", "age"),
    [("i just passed out", None), ("I'm 40 and I just passed out", 40)],
)
def test_issue13_an_emergency_at_the_age_question_gets_no_not_understood(
    text: str, age: int | None
) -> None:
    start = text.index("passed out")
    entities = [{"entity": "symptom", "value": "fainting", "start": start,
                 "end": start + len("passed out")}]  # fmt: skip
    if age is not None:
        entities.append({"entity": "age", "value": age, "start": 4, "end": 6})
    red_flags_denied = {c: {"status": "absent"} for c in RULES.red_flag_concepts}
    red_flags_denied.pop("fainting")
    slots = {"requested_slot": "q_age", "story": True, "findings": red_flags_denied}
    tracker = make_tracker(slots, text, "report_emergency", entities)
    events, dispatcher = run(ValidateScreeningForm(), tracker)
    assert dispatcher.messages == []  # the outcome action's emergency advice is next
    assert slot(events, "findings")["fainting"]["status"] == "present"
    assert slot(events, "requested_slot") is None


# ---- issue 13, item 5: after the emergency advice ---------------------------------


@pytest.fixture()
def clinic(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CLINIC_NAME", "Test Rehab Clinic")
    monkeypatch.setenv("CLINIC_PHONE", "555-0142")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_issue13_a_message_after_an_emergency_gets_the_doctor_and_the_clinic(
    clinic,
) -> None:
    tracker = make_tracker({"emergency_advised": True}, "can I still book?", "affirm")
    events, dispatcher = run(ActionAfterEmergency(), tracker)
    assert events == []
    assert dispatcher.messages[0]["response"] == "utter_after_emergency"
    assert dispatcher.messages[0]["clinic_name"] == "Test Rehab Clinic"
    assert dispatcher.messages[0]["clinic_phone"] == "555-0142"


def test_issue13_the_kind_answer_says_a_doctor_first_and_how_to_reach_us() -> None:
    (response,) = DOMAIN["responses"]["utter_after_emergency"]
    text = " ".join(response["text"].split())
    assert "doctor first" in text and "emergency" in text
    assert "{clinic_name}" in text and "{clinic_phone}" in text
    assert "goodbye" not in text.lower()


@pytest.mark.parametrize(
    ("triage", "advised"), [("emergency", True), ("cgh_likely", False)]
)
def test_issue13_the_outcome_marks_whether_the_emergency_advice_was_given(
    monkeypatch: pytest.MonkeyPatch, triage: str, advised: bool
) -> None:
    def fake_conclude(inp, **kwargs):
        outcome = SimpleNamespace(triage=triage, advice="advice")
        return SimpleNamespace(outcome=outcome, reasons="", booking_link=None)

    monkeypatch.setattr("actions.actions.conclude", fake_conclude)
    events, _ = run(ActionScreeningOutcome(), make_tracker({"story": True}))
    assert slot(events, "emergency_advised") is advised
    assert slot(events, "triage") == triage


# ---- issue 14, item 4: a dynamic form, wording in domain.yml -------------------------


def test_issue14_the_forms_questions_are_the_engines_pending_ones() -> None:
    form = ValidateScreeningForm()
    assert isinstance(form, FormValidationAction)
    slots = {"story": True, "findings": {"neck_pain": {"status": "present"}}}
    listed = DOMAIN["forms"]["screening_form"]["required_slots"]
    required = asyncio.run(
        form.required_slots(listed, CollectingDispatcher(), make_tracker(slots), DOMAIN)
    )
    inp = screening_input(slots["findings"], age=None, onset=None)
    assert required == [f"q_{group.id}" for group in pending_questions(inp)]


def test_issue14_the_form_asks_the_next_question_and_ends_after_the_last() -> None:
    slots = {"requested_slot": "story"}
    events, _ = run(ValidateScreeningForm(), make_tracker(slots, "headaches"))
    assert slot(events, "requested_slot") == "q_emergency_red_flags"
    slots = {"requested_slot": "q_age", "story": True, "findings": ALL_DENIED}
    events, _ = run(ValidateScreeningForm(), make_tracker(slots, "42"))
    assert slot(events, "age") == 42
    assert slot(events, "requested_slot") is None  # the form ends: the outcome


def test_issue14_every_checklist_ends_with_the_options_of_domain_yml() -> None:
    _, dispatcher = run(AskEmergencyRedFlags(), make_tracker({"story": True}))
    (last_options,) = DOMAIN["responses"]["utter_checklist_last_options"]
    assert dispatcher.messages[0]["buttons"][-2:] == last_options["buttons"]
