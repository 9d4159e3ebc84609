"""A Rasa NLU component: a message that names the visitor's symptoms is understood.

"hello, I get headaches" may be too unlike the training data for the intent
classifier to be sure of it (FallbackClassifier then says `nlu_fallback`, and the
bot answers "Sorry, I didn't catch that"). A message in which the symptom extractor
found a symptom of the visitor's, present or denied, describes symptoms whatever
the classifier's doubt, so this component, after FallbackClassifier, gives it the
intent `describe_symptoms`. Messages the classifier placed keep their intent.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.dialogue.entities import read_entities
from bot.nlu.stateless import StatelessComponent

FALLBACK_INTENT = "nlu_fallback"
SYMPTOMS_INTENT = "describe_symptoms"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class SymptomIntentFallback(StatelessComponent):
    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if _not_understood(message) and names_own_symptoms(message):
                message.set(INTENT, {"name": SYMPTOMS_INTENT, "confidence": 1.0}, True)
        return messages


def _not_understood(message: Message) -> bool:
    return (message.get(INTENT) or {}).get("name") == FALLBACK_INTENT


def names_own_symptoms(message: Message) -> bool:
    """Whether the extractor found a symptom said of the visitor, now."""
    facts = read_entities(message.get(ENTITIES) or [], message.get(TEXT) or "")
    return any(mention.says_yes_or_no for mention in facts.mentions)
