"""Issue 18: whether a message is a question (bot/nlu/question_intent.py)."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.component import entities
from bot.nlu.extractor import extract
from bot.nlu.question_intent import NotAQuestion, QuestionIntent, is_question


@pytest.mark.parametrize(
    "text",
    [
        "my headache is always on the right, does that point to my neck?",
        "can physio help with a stiff neck",
        "What is TMD",
        "I clench my jaw. Could that give me headaches",
        "I was wondering whether posture matters",
        "is that normal ?? my jaw clicks",
    ],
)
def test_questions_are_recognised_with_or_without_a_question_mark(text: str) -> None:
    assert is_question(text)


@pytest.mark.parametrize(
    "text",
    [
        "when I turn my head the pain starts on the left",
        "so does my neck, it aches too",
        "Notes: ?TMJ, jaw clicks on opening",
        "headache on the right side for two months",
    ],
)
def test_statements_are_not_questions(text: str) -> None:
    assert not is_question(text)


def parsed(text: str, intent: str, confidence: float) -> Message:
    selected = {"response": {"utter_action": "utter_faq/x", "confidence": confidence}}
    return Message(
        {
            TEXT: text,
            INTENT: {"name": intent, "confidence": 0.99},
            "response_selector": {"faq": selected},
        }
    )


@pytest.mark.parametrize(
    ("text", "intent", "confidence", "expected"),
    [
        ("my neck is stiff, can that hurt?", "describe_symptoms", 0.8, "faq"),
        ("can I come without a doctor's note", "nlu_fallback", 0.9, "faq"),
        # The selector unsure which question: left to the classifier.
        ("my neck is stiff, can that cause headaches?", "describe_symptoms", 0.4,
         "describe_symptoms"),
        # A statement, however sure the selector.
        ("my neck is stiff and my head hurts", "describe_symptoms", 0.95,
         "describe_symptoms"),
        # Other intents are the classifier's: "can I talk to someone?" is a hand-off.
        ("can I talk to someone?", "ask_human", 0.9, "ask_human"),
    ],
)  # fmt: skip
def test_a_sure_question_taken_for_symptoms_becomes_faq(
    text: str, intent: str, confidence: float, expected: str
) -> None:
    component = QuestionIntent(min_answer_confidence=0.6)
    message = parsed(text, intent, confidence)
    component.process([message])
    assert message.get(INTENT)["name"] == expected


def test_the_threshold_comes_from_the_config() -> None:
    config = {**QuestionIntent.get_default_config(), "min_answer_confidence": 0.7}
    component = QuestionIntent.create(config, None, None, None)  # type: ignore[arg-type]
    assert component.min_answer_confidence == 0.7


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bilateral", "describe_symptoms"),  # the classifier's next guess
        ("what is tmd", "faq"),
        ("can u explain tmj", "faq"),
    ],
)
def test_a_statement_taken_for_a_question_gets_the_next_guess_alone(
    text: str, expected: str
) -> None:
    message = parsed(text, "faq", 0.95)
    message.set(
        INTENT_RANKING_KEY,
        [
            {"name": "faq", "confidence": 0.9},
            {"name": "describe_symptoms", "confidence": 0.07},
            {"name": "inform", "confidence": 0.03},
        ],
    )
    NotAQuestion().process([message])
    assert message.get(INTENT)["name"] == expected
    if expected != "faq":  # FallbackClassifier, next, judges the next guess alone
        assert [i["name"] for i in message.get(INTENT_RANKING_KEY)] == [
            "describe_symptoms",
            "inform",
        ]


def test_without_a_ranking_a_statement_is_not_understood() -> None:
    message = parsed("my name is Maria", "faq", 0.2)
    NotAQuestion().process([message])
    assert message.get(INTENT)["name"] == "nlu_fallback"


def with_symptoms(text: str, intent: str, confidence: float) -> Message:
    """A parsed message with the symptom entities the extractor gives its text."""
    message = parsed(text, intent, confidence)
    message.set(ENTITIES, entities(extract(text)))
    return message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the bot's question echoed back and answered: symptoms told
        ("Neck stiff. Seizure? My grandson has them, not me.", "describe_symptoms"),
        ("fainted? no. headache on the right most days", "describe_symptoms"),
        # a question of the visitor's own is still one
        ("My neck is stiff. Could that cause a seizure?", "faq"),
        ("headache on the right, is that my neck?", "faq"),
    ],
)  # fmt: skip
def test_a_symptom_echoed_back_as_a_question_asks_nothing(
    text: str, expected: str
) -> None:
    component = QuestionIntent(min_answer_confidence=0.6)
    message = with_symptoms(text, "describe_symptoms", 0.9)
    component.process([message])
    assert message.get(INTENT)["name"] == expected
