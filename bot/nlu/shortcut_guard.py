"""A Rasa NLU component that turns typed `/intent{...}` shortcuts into plain text.

Rasa reads a message whose stripped text starts with "/" as `/intent@confidence
{entities}` (`YAMLStoryReader.unpack_regex_message`, run by `RegexMessageHandler`
after the whole pipeline): it forces the intent and entities and overwrites what
every component found, the emergency check's `report_emergency` included. A visitor
typing `/deny`, `/session_start` or `/inform{"age": 30}` could steer the screening
past its questions or wipe it. Our buttons never send such payloads, so no
legitimate message starts with a slash.

This component runs first and removes the whole leading run of slashes and of what
`str.strip` or the channels' cleaning (`bot.channels.message_text.clean_text`) would
remove around them: whitespace, control and format characters. Removing only the
first slash is not enough: `/ /deny` would still start with one after stripping.
Slash look-alikes go too: the fullwidth solidus becomes "/" under NFKC, and the
fraction, division and big solidus look like one. The words after them then go
through the NLU like any other text.

A message that was nothing but a shortcut (`/ /session_start`, `/deny`,
`/inform{"age":5}`) has no words to go through: left to the intent classifier,
"session_start" reads as `restart` and wipes the screening, "deny" as `affirm`.
The guard marks it, and `ShortcutFallback`, last in the pipeline, answers it as not
understood (`nlu_fallback`, no text, no entities), so the dialogue asks again and no
question reads `inform{"age":5}` as an age. It leaves alone a message the emergency
check has marked: "/stroke" is still an emergency.
"""

from __future__ import annotations

import re
import unicodedata

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.emergency_intent import EMERGENCY_INTENT
from bot.nlu.stateless import StatelessComponent

# "/" (rasa.shared.constants.INTENT_MESSAGE_PREFIX), U+FF0F (NFKC: "/"), U+2044,
# U+2215, U+29F8 (look-alikes). tests/nlu/test_shortcut_guard.py checks that no
# other character turns into "/" under NFKC.
SLASHES = frozenset("/\uff0f\u2044\u2215\u29f8")
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})
# Rasa's `intent@confidence{entities}` with an intent name of one word: no sentence.
_BARE_SHORTCUT = re.compile(r"[^\s{@]+(@[^\s{]*)?(\{.*\})?\s*", re.DOTALL)
BARE_SHORTCUT_FLAG = "bare_typed_shortcut"


def without_shortcut(text: str) -> str:
    """`text` without its leading run of slashes and invisible characters.

    Returned unchanged when that run holds no slash: leading spaces of ordinary
    text are not this component's business.
    """
    end = 0
    while end < len(text) and (text[end] in SLASHES or _invisible(text[end])):
        end += 1
    leading = text[:end]
    return text[end:] if SLASHES.intersection(leading) else text


def _invisible(char: str) -> bool:
    """What `str.strip` or `clean_text` would remove from the start of a message."""
    return char.isspace() or unicodedata.category(char) in _INVISIBLE_CATEGORIES


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class TypedShortcutGuard(StatelessComponent):
    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if isinstance(text, str) and without_shortcut(text) != text:
                words = without_shortcut(text)
                message.set(TEXT, words)
                message.set(BARE_SHORTCUT_FLAG, is_bare_shortcut(words))
        return messages


def is_bare_shortcut(words: str) -> bool:
    """Whether what followed the slashes is an intent name (and its extras) alone."""
    return _BARE_SHORTCUT.fullmatch(words) is not None


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class ShortcutFallback(StatelessComponent):
    """Answers a message that was only a typed shortcut as not understood.

    Runs after the emergency check, which it never undoes.
    """

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if message.get(BARE_SHORTCUT_FLAG) and not _emergency(message):
                intent = {"name": DEFAULT_NLU_FALLBACK_INTENT_NAME, "confidence": 1.0}
                message.set(TEXT, "", True)
                message.set(INTENT, intent, True)
                message.set(INTENT_RANKING_KEY, [intent], True)
                message.set(ENTITIES, [], True)
        return messages


def _emergency(message: Message) -> bool:
    return (message.get(INTENT) or {}).get("name") == EMERGENCY_INTENT
