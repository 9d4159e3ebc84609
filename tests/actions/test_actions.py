"""The Rasa SDK actions, run with a CollectingDispatcher and a hand-made tracker."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import (
    ActionScreeningOutcome,
    ActionStartScreening,
    AskEmergencyRedFlags,
    ValidateScreeningForm,
)
from bot.screening import load_ruleset


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
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return events, dispatcher


def slot(events: list[dict], name: str) -> Any:
    return next(e["value"] for e in reversed(events) if e.get("name") == name)


@pytest.mark.parametrize("intent", ["stop", "ask_human", "out_of_scope", "restart"])
def test_an_interruption_is_left_to_the_rules(intent: str) -> None:
    tracker = make_tracker({"requested_slot": "q_age"}, "stop this", intent)
    assert run(ValidateScreeningForm(), tracker)[0] == []


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
    tracker = make_tracker({"requested_slot": "q_age", "story": True}, "old", "inform")
    events, dispatcher = run(ValidateScreeningForm(), tracker)
    assert dispatcher.messages[0]["response"] == "utter_not_understood"
    assert slot(events, "age") is None


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
    everything_absent = {c: {"status": "absent"} for c in load_ruleset().concept_ids}
    slots = {"requested_slot": "q_age", "story": True, "findings": everything_absent}
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
    assert run(ValidateScreeningForm(), tracker)[0] == []
