"""Reading the NLU's entity dicts (spec section 4)."""

from __future__ import annotations

from bot.dialogue.entities import read_entities
from bot.screening.findings import Experiencer, Onset, Side

TEXT = "my mom has migraines but my right jaw clicks, I'm 54"


def test_entities_become_typed_facts() -> None:
    entities = [
        {"entity": "symptom", "value": "headache", "start": 11, "end": 20,
         "negated": False, "side": None, "experiencer": "other", "hypothetical": False},
        {"entity": "symptom", "value": "jaw_joint_noise", "start": 34, "end": 44,
         "negated": False, "side": "right", "experiencer": "patient",
         "hypothetical": False},
        {"entity": "age", "value": 54},
        {"entity": "onset", "value": "recent"},
        {"entity": "side", "value": "left"},
    ]  # fmt: skip
    facts = read_entities(entities, TEXT)
    other, jaw = facts.mentions
    assert other.experiencer is Experiencer.OTHER and not other.counts_as_present
    assert (jaw.text, jaw.side) == ("jaw clicks", Side.RIGHT)
    assert (facts.age, facts.onset, facts.side) == (54, Onset.RECENT, Side.LEFT)
    assert facts.says_anything


def test_no_entities_say_nothing() -> None:
    assert not read_entities([], "hello").says_anything
