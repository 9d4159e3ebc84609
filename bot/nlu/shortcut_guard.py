"""A Rasa NLU component that turns typed `/intent{...}` shortcuts into plain text.

Rasa reads a message starting with "/" as an intent with entities and skips the
NLU, so a visitor typing `/deny` or `/inform{"age": 30}` could steer the screening
past its questions. Our buttons never send such payloads, so no legitimate message
starts with "/". This component runs first and strips the leading slashes; the
message then goes through the NLU like any other text.
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.stateless import StatelessComponent

SHORTCUT_PREFIX = "/"


def without_shortcut(text: str) -> str:
    """`text` with any leading slashes (and the spaces around them) removed."""
    return text.lstrip().lstrip(SHORTCUT_PREFIX).lstrip() if text else text


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class TypedShortcutGuard(StatelessComponent):
    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if isinstance(text, str) and text.lstrip().startswith(SHORTCUT_PREFIX):
                message.set(TEXT, without_shortcut(text))
        return messages
