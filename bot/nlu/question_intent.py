"""A Rasa NLU component: a question about one's symptoms is still a question.

The intent classifier learned `describe_symptoms` from many symptom stories, so to
it "my headache is always on the right, does that point to my neck?" describes
symptoms, and the visitor's question would go unanswered. After the fallback
components, a message the classifier took for a symptom description, or did not
understand, becomes the question intent `faq` when it is phrased as a question and
the ResponseSelector is sure which question it is. Nothing is lost: the dialogue
keeps the symptoms a question names (bot.dialogue.screening_state.with_question),
and an emergency red flag still wins (EmergencyIntentClassifier runs after this).
"""

from __future__ import annotations

import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.dialogue.faq import FAQ_INTENT
from bot.nlu.symptom_intent import FALLBACK_INTENT, SYMPTOMS_INTENT

# Intents a question can hide behind; any other (stop, hand-off...) is left alone.
TAKEN_FOR_QUESTIONS = frozenset({SYMPTOMS_INTENT, FALLBACK_INTENT})
# English question forms: a question mark after a word, a question word or
# auxiliary opening the message or a sentence, or an indirect question ("I was
# wondering whether..."). Not "when" or "so" openings: "when I turn my head it
# hurts" tells, it does not ask.
_QUESTION = re.compile(
    r"\w\s*\?+(?:\s|$)"
    r"|(?:^|[.!?]\s+)(?:what|what's|whats|how|why|who|where|which|is|are|am|can"
    r"|could|does|do|did|will|would|should|shall|may|might)\b"
    r"|\b(?:wondering|want to know|like to know)\b",
    re.IGNORECASE,
)


def is_question(text: str) -> bool:
    """Whether the text is phrased as a question, with or without a question mark."""
    return bool(_QUESTION.search(text))


def selector_confidence(message: Message) -> float:
    """How sure the ResponseSelector was of its answer (0 without one)."""
    selected = (message.get("response_selector") or {}).get(FAQ_INTENT) or {}
    return float((selected.get("response") or {}).get("confidence") or 0.0)


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class QuestionIntent(GraphComponent):
    """Gives `faq` to a question the classifier took for symptoms (see module)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # Chosen on tests/nlu/dev_faq.yml (README, "Answers to questions").
        return {"min_answer_confidence": 0.6}

    def __init__(self, min_answer_confidence: float) -> None:
        self.min_answer_confidence = min_answer_confidence

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> QuestionIntent:
        return cls(float(config["min_answer_confidence"]))

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if self.asks_a_known_question(message):
                sure = selector_confidence(message)
                intent = {"name": FAQ_INTENT, "confidence": sure}
                message.set(INTENT, intent, True)
        return messages

    def asks_a_known_question(self, message: Message) -> bool:
        intent = (message.get(INTENT) or {}).get("name")
        return (
            intent in TAKEN_FOR_QUESTIONS
            and is_question(message.get(TEXT) or "")
            and selector_confidence(message) >= self.min_answer_confidence
        )
