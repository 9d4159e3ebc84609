"""A Rasa NLU component that marks any message revealing an emergency red flag.

Whatever the visitor was asked, and whatever the intent classifier guessed, a
message such as "I passed out this morning" must end the screening at once with the
emergency advice. This component runs after the classifiers and sets the intent
`report_emergency`, which one rule in data/rules.yml answers. The red flags and
their combinations come from the engine's rules.yml, never from here.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.dialogue.entities import read_entities
from bot.nlu.stateless import StatelessComponent
from bot.screening import findings_from_mentions, is_emergency
from bot.screening.findings import ScreeningInput

EMERGENCY_INTENT = "report_emergency"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class EmergencyIntentClassifier(StatelessComponent):
    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if reveals_emergency(message):
                message.set(INTENT, {"name": EMERGENCY_INTENT, "confidence": 1.0}, True)
        return messages


def reveals_emergency(message: Message) -> bool:
    text = message.get(TEXT) or ""
    facts = read_entities(message.get(ENTITIES) or [], text)
    findings = findings_from_mentions(facts.mentions)
    return is_emergency(ScreeningInput(findings=findings))
