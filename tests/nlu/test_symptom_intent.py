"""SymptomIntentFallback: a message naming the visitor's symptoms is understood.

The classifier's doubt (`nlu_fallback`) gives way to `describe_symptoms` when the
extractor found a symptom of the visitor's; any other intent, and a message with no
symptom or only someone else's, is left as it was.
"""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.component import SymptomEntityExtractor
from bot.nlu.symptom_intent import (
    FALLBACK_INTENT,
    SYMPTOMS_INTENT,
    SymptomIntentFallback,
)


@pytest.fixture(scope="module")
def components() -> tuple[SymptomEntityExtractor, SymptomIntentFallback]:
    extractor = SymptomEntityExtractor.create({}, None, None, None)  # type: ignore[arg-type]
    fallback = SymptomIntentFallback.create({}, None, None, None)  # type: ignore[arg-type]
    return extractor, fallback


def intent_after(components, text: str, guessed: str) -> str:
    extractor, fallback = components
    message = Message({TEXT: text, INTENT: {"name": guessed, "confidence": 0.2}})
    extractor.process([message])
    fallback.process([message])
    return message.get(INTENT)["name"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hello, I get headaches", SYMPTOMS_INTENT),
        ("no fever at all", SYMPTOMS_INTENT),
        ("qwerty", FALLBACK_INTENT),
        ("my mum gets migraines", FALLBACK_INTENT),
        ("what if I get a fever?", FALLBACK_INTENT),
    ],
)
def test_a_message_naming_own_symptoms_is_understood(
    components, text, expected
) -> None:
    assert intent_after(components, text, FALLBACK_INTENT) == expected


def test_an_intent_the_classifier_placed_is_kept(components) -> None:
    assert intent_after(components, "hello, I get headaches", "greet") == "greet"
