"""Rasa NLU components: whether a message is a question (intent `faq`).

Two mistakes of the intent classifier, one component each:
- The many and varied questions of the training data make `faq` its guess for much
  it does not know ("bilateral", "my name is Maria", "my blood pressure was
  190/110"). NotAQuestion, before FallbackClassifier, gives a message that is not
  phrased as a question the classifier's next guess, which FallbackClassifier then
  judges like any other.
- It learned `describe_symptoms` from many symptom stories, so to it "my headache is
  always on the right, does that point to my neck?" describes symptoms. QuestionIntent,
  after the fallback components, makes a message phrased as a question that it took
  for symptoms, or did not understand, `faq` when the ResponseSelector is sure which
  question it is.
Nothing is lost: the dialogue keeps the symptoms a question names
(screening_state.with_volunteered), a question that answers a closed question is read
as its answer, and an emergency red flag still wins (EmergencyIntentClassifier runs
after both).
"""

from __future__ import annotations

import re
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.dialogue.faq import FAQ_INTENT, selector_pick
from bot.nlu.echoes import ECHO_LEAD
from bot.nlu.stateless import StatelessComponent
from bot.nlu.symptom_intent import FALLBACK_INTENT, SYMPTOMS_INTENT

# Intents a question can hide behind; any other (stop, hand-off...) is left alone.
TAKEN_FOR_QUESTIONS = frozenset({SYMPTOMS_INTENT, FALLBACK_INTENT})
# English question forms: a question mark after a word; a question word or
# auxiliary opening the message or a sentence; an auxiliary and its subject after a
# comma ("my neck is stiff, could that..."; not a relative clause: ", which I...");
# an indirect question or a request to explain ("I was wondering whether...", "pls
# explain tmj"). Not "when" or "so" openings: "when I turn my head it hurts" tells.
_AUXILIARY = (
    r"(?:is|are|am|can|could|does|do|did|will|would|should|shall|may|might)(?!['’]t)"
)
_QUESTION = re.compile(
    r"\w\s*\?+(?:\s|$)"
    rf"|(?:^|[.!?]\s+)(?:what|what's|whats|wat|how|why|who|where|which|{_AUXILIARY})\b"
    rf"|[,;:]\s*(?:(?:and|but|so|or)\s+)?{_AUXILIARY}\s+"
    r"(?:i|you|u|it|that|this|these|they|there|my|we|he|she)\b"
    r"|\b(?:wondering|want to know|like to know|explain|tell me)\b",
    re.IGNORECASE,
)


# What may open the sentence of a symptom echoed back as a question: "Seizure?",
# "had a fit?" (bot/nlu/echoes.py reads the answer that follows).
_ECHO_OPENING = re.compile(rf"(?:^|[.!?\n])\s*(?:\S+\s+){{0,{ECHO_LEAD}}}$")
_QUESTION_MARKS = re.compile(r"\s*\?+")


def is_question(text: str) -> bool:
    """Whether the text is phrased as a question, with or without a question mark."""
    return bool(_QUESTION.search(text))


def asks(message: Message) -> bool:
    """Whether the message is phrased as a question, leaving out the bot's own
    question echoed back ("Seizure? My grandson has them, not me." answers it): a
    symptom (an entity of SymptomEntityExtractor, which runs before) that opens its
    sentence, a question mark right after it."""
    text = message.get(TEXT) or ""
    for entity in message.get(ENTITIES) or []:
        start, end = entity.get("start"), entity.get("end")
        if entity.get("entity") != "symptom" or start is None or end is None:
            continue
        marks = _QUESTION_MARKS.match(text, end)
        if marks and _ECHO_OPENING.search(text[:start]):
            text = text[:end] + "." * (marks.end() - end) + text[marks.end() :]
    return is_question(text)


def selector_confidence(message: Message) -> float:
    """How sure the ResponseSelector was of its answer (0 without one)."""
    return selector_pick(message)[1]


def without_faq(message: Message) -> None:
    """Give the message the classifier's best intent other than `faq`, and drop
    `faq` from the ranking, so FallbackClassifier judges the next guess alone."""
    ranking = [
        i for i in message.get(INTENT_RANKING_KEY) or [] if i.get("name") != FAQ_INTENT
    ]
    best = dict(ranking[0]) if ranking else {"name": FALLBACK_INTENT, "confidence": 1.0}
    message.set(INTENT, best, True)
    message.set(INTENT_RANKING_KEY, ranking, True)


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class NotAQuestion(StatelessComponent):
    """A message the classifier took for `faq` that is not phrased as a question
    gets its next guess (see module)."""

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = (message.get(INTENT) or {}).get("name")
            if intent == FAQ_INTENT and not asks(message):
                without_faq(message)
        return messages


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class QuestionIntent(StatelessComponent):
    """A message phrased as a question that the classifier took for symptoms, or
    did not understand, becomes `faq` when the ResponseSelector is at least
    `min_answer_confidence` sure of its answer (see module)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # Chosen on tests/nlu/dev_faq.yml and the symptom development sets
        # (README, "Answers to questions").
        return {"min_answer_confidence": 0.6}

    def __init__(self, min_answer_confidence: float) -> None:
        self.min_answer_confidence = min_answer_confidence

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> QuestionIntent:
        return cls(float(config["min_answer_confidence"]))

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if self.asks_a_known_question(message):
                sure = selector_confidence(message)
                message.set(INTENT, {"name": FAQ_INTENT, "confidence": sure}, True)
        return messages

    def asks_a_known_question(self, message: Message) -> bool:
        intent = (message.get(INTENT) or {}).get("name")
        return (
            intent in TAKEN_FOR_QUESTIONS
            and asks(message)
            and selector_confidence(message) >= self.min_answer_confidence
        )
