"""EmergencyIntentClassifier: an emergency red flag in a message is its intent.

Whatever the classifiers guessed, a message revealing an emergency red flag of
rules.yml about the visitor (any one of `any_present`, or a whole `all_present`
combination), affirmed and not hypothetical, gets `report_emergency`: data/rules.yml
answers it with the emergency advice. Anything less keeps the guessed intent. The
symptom entities are made by hand (spec section 4), except in the last test, where
the extractor runs first, as in the pipeline.
"""

from __future__ import annotations

from typing import Any

import pytest
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.component import SymptomEntityExtractor
from bot.nlu.emergency_intent import EMERGENCY_INTENT, EmergencyIntentClassifier
from bot.screening import load_ruleset

RULES = load_ruleset()
GUESSED = "describe_symptoms"
TEXT_SAID = "it happened this morning"
EMERGENCY = {"name": EMERGENCY_INTENT, "confidence": 1.0}
# Red flags that send the visitor to a physician, not to the emergency department.
PHYSICIAN_ONLY = [
    c for c in RULES.physician.any_present if c not in RULES.emergency.concepts
]


@pytest.fixture(scope="module")
def classifier() -> EmergencyIntentClassifier:
    return EmergencyIntentClassifier.create({}, None, None, None)  # type: ignore[arg-type]


def symptom(concept: str, **attrs: Any) -> dict[str, Any]:
    """A symptom entity as the extractor makes it, spanning the whole text."""
    return {
        "entity": "symptom",
        "value": concept,
        "start": 0,
        "end": len(TEXT_SAID),
        "negated": False,
        "side": None,
        "experiencer": "patient",
        "hypothetical": False,
        **attrs,
    }


def message(*entities: dict[str, Any]) -> Message:
    """A message the classifiers took for `GUESSED`, with these entities."""
    return Message(
        data={
            TEXT: TEXT_SAID,
            INTENT: {"name": GUESSED, "confidence": 0.8},
            ENTITIES: list(entities),
        }
    )


def intent(classifier: EmergencyIntentClassifier, said: Message) -> str:
    (processed,) = classifier.process([said])
    return processed.get(INTENT)["name"]


@pytest.mark.parametrize("concept", RULES.emergency.any_present)
def test_any_emergency_red_flag_alone_is_an_emergency(
    classifier: EmergencyIntentClassifier, concept: str
) -> None:
    said = message(symptom(concept))
    classifier.process([said])
    assert said.get(INTENT) == EMERGENCY


@pytest.mark.parametrize("combination", RULES.emergency.all_present)
def test_a_whole_combination_is_an_emergency_and_any_part_of_it_is_not(
    classifier: EmergencyIntentClassifier, combination: tuple[str, ...]
) -> None:
    assert intent(classifier, message(*map(symptom, combination))) == EMERGENCY_INTENT
    for left_out in combination:
        part = [symptom(c) for c in combination if c != left_out]
        assert intent(classifier, message(*part)) == GUESSED, left_out


@pytest.mark.parametrize(
    "attrs",
    [{"negated": True}, {"experiencer": "other"}, {"hypothetical": True}],
    ids=["denied", "someone else's", "what if"],
)
@pytest.mark.parametrize("concept", RULES.emergency.any_present)
def test_a_red_flag_not_the_visitors_own_keeps_the_intent(
    classifier: EmergencyIntentClassifier, concept: str, attrs: dict[str, Any]
) -> None:
    assert intent(classifier, message(symptom(concept, **attrs))) == GUESSED


@pytest.mark.parametrize("concept", PHYSICIAN_ONLY)
def test_a_red_flag_for_the_physician_is_no_emergency(
    classifier: EmergencyIntentClassifier, concept: str
) -> None:
    assert intent(classifier, message(symptom(concept))) == GUESSED


def test_only_the_message_that_reveals_it_changes(
    classifier: EmergencyIntentClassifier,
) -> None:
    calm, urgent = message(), message(symptom(RULES.emergency.any_present[0]))
    nothing_said = Message(data={TEXT: ""})
    classifier.process([calm, urgent, nothing_said])
    assert [m.get(INTENT) for m in (calm, urgent)] == [
        {"name": GUESSED, "confidence": 0.8},
        EMERGENCY,
    ]
    assert nothing_said.get(INTENT) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I passed out this morning", EMERGENCY_INTENT),
        ("I have never passed out", GUESSED),
        ("my mum passed out last year", GUESSED),
    ],
)
def test_after_the_extractor_the_visitors_own_words_decide(
    classifier: EmergencyIntentClassifier, text: str, expected: str
) -> None:
    extractor = SymptomEntityExtractor.create({}, None, None, None)  # type: ignore[arg-type]
    said = Message(data={TEXT: text, INTENT: {"name": GUESSED, "confidence": 0.8}})
    extractor.process([said])
    assert intent(classifier, said) == expected
