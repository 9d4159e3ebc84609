"""The typed-shortcut guard against Rasa's own shortcut parser (issue 13, item 8).

Rasa reads a message whose stripped text starts with "/" as `/intent@confidence{
entities}` (`YAMLStoryReader.unpack_regex_message`, run by `RegexMessageHandler`
after the whole NLU pipeline): the intent is forced, the entities injected and every
component's findings (the emergency check's included) overwritten. Whatever a
visitor types, once the guard has run Rasa's parser must not read it as a shortcut.
The parser is called with no domain, so any intent name counts: stricter than the
running bot, which accepts only the domain's intents.
"""

from __future__ import annotations

import unicodedata

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from rasa.nlu.classifiers.regex_message_handler import RegexMessageHandler
from rasa.shared.core.training_data.story_reader.yaml_story_reader import (
    YAMLStoryReader,
)
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.channels.message_text import clean_text
from bot.nlu.shortcut_guard import (
    SLASHES,
    ShortcutFallback,
    TypedShortcutGuard,
    without_shortcut,
)
from bot.settings import PROJECT_ROOT

GUARD = TypedShortcutGuard()


def guarded(text: str) -> str:
    message = Message(data={TEXT: text})
    GUARD.process([message])
    return message.get(TEXT)


def read_as_shortcut(text: str) -> bool:
    """Whether Rasa's shortcut parser turns `text` into a forced intent."""
    message = Message(data={TEXT: text})
    unpacked = YAMLStoryReader.unpack_regex_message(message, domain=None)
    return unpacked is not message and unpacked.get(INTENT) is not None


def test_rasas_parser_reads_the_forms_the_guard_must_stop() -> None:
    """The property below means something only if the parser reads these."""
    for text in ["/deny", '  /inform{"age":5}', "/describe_symptoms@1.0 I passed out"]:
        assert read_as_shortcut(text)


BYPASSES = {
    "second slash": "/ /describe_symptoms@1.0 I passed out",
    "second slash, session start": "/ /session_start",
    "second slash, entities": '/ /inform{"age":5}',
    "three slashes and tabs": "\t/ \t/  / deny",
    "ideographic space": "\u3000/affirm",
    "file separator (str.strip removes it)": "\x1c/affirm",
    "next line": "\x85/ /affirm",
    "zero-width space between slashes": "/\u200b/deny",
    "fullwidth solidus (NFKC: /)": "\uff0fdeny",
    "fraction slash": "\u2044deny",
    "division slash": "\u2215deny",
    "big solidus": "\u29f8deny",
    "look-alike then slash": "\u2215 /deny",
}


@pytest.mark.parametrize("text", list(BYPASSES.values()), ids=list(BYPASSES))
def test_item8_no_second_slash_or_lookalike_makes_a_shortcut(text: str) -> None:
    after = guarded(text)
    assert not read_as_shortcut(after)
    assert not read_as_shortcut(clean_text(after))
    assert not read_as_shortcut(unicodedata.normalize("NFKC", after))


def test_item8_the_words_of_a_shortcut_stay_for_the_nlu() -> None:
    assert guarded("/ /describe_symptoms@1.0 I passed out") == (
        "describe_symptoms@1.0 I passed out"
    )
    assert guarded('/ /inform{"age":5}') == 'inform{"age":5}'


@pytest.mark.parametrize(
    "text",
    ["my head hurts / my neck too", " hello", "\u200bhello", "1/2 of my head", ""],
)
def test_text_without_a_leading_slash_is_left_alone(text: str) -> None:
    assert guarded(text) == text


def test_item8_every_character_nfkc_turns_into_a_slash_is_guarded() -> None:
    """Computed over all of Unicode (too slow for import time, fine for a test)."""
    to_slash = {
        char
        for char in map(chr, range(0x110000))
        if unicodedata.normalize("NFKC", char).lstrip().startswith("/")
    }
    assert to_slash <= SLASHES


def test_item8_the_guard_runs_before_anything_that_reads_shortcuts() -> None:
    """First in the pipeline; Rasa adds RegexMessageHandler after the last one."""
    config = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text())
    names = [component["name"] for component in config["pipeline"]]
    assert names[0] == "bot.nlu.shortcut_guard.TypedShortcutGuard"
    assert RegexMessageHandler.__name__ not in names


# ---- the property --------------------------------------------------------------------

PIECES = st.sampled_from(
    [
        "/", "/", "/", " ", "  ", "\t", "\n", "\u00a0", "\u3000", "\x1c", "\x85",
        "\u2028", "\u200b", "\ufeff", "\u202e", "\x00",
        "\uff0f", "\u2044", "\u2215", "\u29f8",
        "describe_symptoms", "session_start", "inform", "deny", "affirm", "restart",
        "@1.0", "@0.99", "@", "{", "}", '{"age":5}', '{"symptom": "fever"}',
        "I passed out", "my head hurts",
    ]
)  # fmt: skip
SHORTCUT_LIKE = st.lists(PIECES, max_size=12).map("".join)
ANY_TEXT = st.one_of(
    SHORTCUT_LIKE,
    st.tuples(SHORTCUT_LIKE, st.text(max_size=40)).map("".join),
    st.text(max_size=60),
)


@given(ANY_TEXT)
def test_item8_property_after_the_guard_rasa_never_reads_a_shortcut(
    text: str,
) -> None:
    after = guarded(text)
    assert not read_as_shortcut(after)
    assert not read_as_shortcut(clean_text(after))
    assert not read_as_shortcut(unicodedata.normalize("NFKC", after))


@given(ANY_TEXT)
def test_item8_property_the_guard_only_ever_removes_a_prefix(text: str) -> None:
    after = without_shortcut(text)
    assert text.endswith(after)
    assert without_shortcut(after) == after


# ---- a message that was only a shortcut ----------------------------------------------


def after_pipeline_end(text: str, intent: str) -> Message:
    """`text` through the guard, a classifier's guess `intent`, then the fallback."""
    message = Message(data={TEXT: text})
    GUARD.process([message])
    message.set(INTENT, {"name": intent, "confidence": 0.99}, True)
    message.set(ENTITIES, [{"entity": "age", "value": 5}], True)
    ShortcutFallback().process([message])
    return message


@pytest.mark.parametrize(
    "text",
    ["/ /session_start", "/deny", '/ /inform{"age":5}', "/restart@1.0", "\uff0fstop"],
)
def test_item8_a_bare_shortcut_is_not_understood_and_carries_nothing(
    text: str,
) -> None:
    """Its words alone would read as restart ("session_start") or affirm ("deny"),
    and `inform{"age":5}` as age 5 at the age question."""
    message = after_pipeline_end(text, "restart")
    assert message.get(INTENT)["name"] == "nlu_fallback"
    assert message.get(ENTITIES) == []
    assert message.get(TEXT) == ""


@pytest.mark.parametrize(
    "text", ["/ /describe_symptoms@1.0 my neck hurts", "restart", "/ my head hurts"]
)
def test_a_shortcut_followed_by_words_or_no_shortcut_keeps_its_reading(
    text: str,
) -> None:
    message = after_pipeline_end(text, "restart")
    assert message.get(INTENT)["name"] == "restart"
    assert message.get(TEXT) == without_shortcut(text)


def test_item8_a_bare_shortcut_never_undoes_the_emergency_check() -> None:
    assert after_pipeline_end("/stroke", "report_emergency").get(INTENT)["name"] == (
        "report_emergency"
    )


def test_item8_the_fallback_comes_after_the_emergency_check() -> None:
    config = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text())
    names = [component["name"].rsplit(".", 1)[-1] for component in config["pipeline"]]
    assert names[-2:] == ["EmergencyIntentClassifier", "ShortcutFallback"]
