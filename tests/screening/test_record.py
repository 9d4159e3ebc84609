"""build_record(): exactly the spec section 3 fields, from the outcome and input."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from bot.screening import build_record, evaluate, load_ruleset, new_booking_reference
from bot.screening.findings import Onset, Side

from .spec_tables import words

SPEC_FIELDS = {
    "conversation_id",
    "channel",
    "started_at",
    "completed_at",
    "ruleset_version",
    "triage",
    "booking_link_offered",
    "criteria",
    "red_flags",
    "symptoms",
    "age",
}
EXTRA_FIELDS = {"booking_reference", "onset", "advice"}
START = datetime(2026, 11, 24, 9, 30, tzinfo=timezone.utc)
END = START + timedelta(minutes=4)


def record_for(inp, **overrides):
    outcome = evaluate(inp)
    arguments = {
        "conversation_id": "sender-123",
        "channel": "rest",
        "started_at": START,
        "completed_at": END,
        "booking_reference": new_booking_reference(),
        **overrides,
    }
    return outcome, build_record(outcome, inp, **arguments)


def test_record_has_exactly_the_spec_fields(make_input):
    _, record = record_for(make_input(present=["neck_pain"]))
    assert set(record) == SPEC_FIELDS | EXTRA_FIELDS
    assert json.loads(json.dumps(record)) == record


def test_record_copies_the_outcome(make_input, rules):
    inp = make_input(present=["jaw_joint_noise", "jaw_locking"], age=42)
    outcome, record = record_for(inp)
    assert record["ruleset_version"] == rules.version
    assert record["triage"] == outcome.triage == "tmd_likely"
    assert record["booking_link_offered"] is True
    assert record["criteria"] == outcome.criteria
    assert record["red_flags"] == []
    assert record["advice"] == outcome.advice
    assert (record["age"], record["onset"]) == (42, "longstanding")


def test_timestamps_are_iso_8601(make_input):
    _, record = record_for(make_input())
    assert datetime.fromisoformat(record["started_at"]) == START
    assert datetime.fromisoformat(record["completed_at"]) == END


def test_symptoms_list_every_answered_concept_in_rules_order(make_input, rules):
    inp = make_input(
        present=["neck_pain"],
        absent=["jaw_locking"],
        unsure=["dizziness"],
        sides={"neck_pain": Side.LEFT},
    )
    _, record = record_for(inp)
    symptoms = {s["concept"]: s for s in record["symptoms"]}
    assert [s["concept"] for s in record["symptoms"]] == [
        c for c in rules.concept_ids if c in symptoms
    ]
    assert symptoms["neck_pain"] == {
        "concept": "neck_pain",
        "present": True,
        "side": "left",
        "evidence": words("neck_pain"),
    }
    assert symptoms["jaw_locking"]["present"] is False
    assert symptoms["dizziness"]["present"] is None  # "not sure"
    assert "headache" not in symptoms  # never said, never asked


def test_red_flags_and_emergency_record(make_input):
    inp = make_input(present=["vision_loss"], age=None, onset=None)
    _, record = record_for(inp, booking_reference=None)
    assert (record["triage"], record["red_flags"]) == ("emergency", ["vision_loss"])
    assert record["booking_link_offered"] is False
    assert (record["age"], record["onset"], record["booking_reference"]) == (
        None,
        None,
        None,
    )


def test_a_booking_reference_is_required_when_the_link_is_offered(make_input):
    with pytest.raises(ValueError, match="booking_reference"):
        record_for(make_input(), booking_reference=None)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"started_at": datetime(2026, 11, 24, 9, 30)}, "timezone-aware"),
        ({"completed_at": START - timedelta(seconds=1)}, "before started_at"),
        ({"conversation_id": " "}, "conversation_id"),
        ({"channel": ""}, "channel"),
    ],
)
def test_bad_record_arguments_are_refused(make_input, overrides, message):
    with pytest.raises(ValueError, match=message):
        record_for(make_input(), **overrides)


def test_record_must_use_the_ruleset_of_the_outcome(make_input, tmp_path):
    rules_text = load_ruleset().source.read_text(encoding="utf-8")
    other = tmp_path / "rules.yml"
    other.write_text(rules_text.replace('version: "', 'version: "9', 1))
    inp = make_input()
    with pytest.raises(ValueError, match="ruleset"):
        build_record(
            evaluate(inp),
            inp,
            conversation_id="c",
            channel="rest",
            started_at=START,
            completed_at=END,
            booking_reference=new_booking_reference(),
            ruleset=load_ruleset(other),
        )


def test_onset_is_recorded(make_input):
    inp = make_input(absent=["jaw_pain_on_movement"], age=70, onset=Onset.RECENT)
    _, record = record_for(inp, booking_reference=None)
    assert (record["triage"], record["onset"]) == ("see_physician_first", "recent")
