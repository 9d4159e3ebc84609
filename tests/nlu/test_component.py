"""The Rasa adapter: entity dicts exactly as spec section 4 says."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.dialogue.entities import read_entities
from bot.nlu.component import SymptomEntityExtractor
from bot.nlu.extractor import extract

SYMPTOM_KEYS = {
    "entity",
    "value",
    "start",
    "end",
    "negated",
    "side",
    "experiencer",
    "hypothetical",
    "uncertain",
    "historical",
    "extractor",
    "confidence_entity",
}


@pytest.fixture(scope="module")
def component() -> SymptomEntityExtractor:
    return SymptomEntityExtractor.create({}, None, None, None)  # type: ignore[arg-type]


def parse(component: SymptomEntityExtractor, text: str) -> list[dict]:
    message = Message(data={TEXT: text})
    component.process([message])
    return message.get(ENTITIES)


def test_symptom_entities(component: SymptomEntityExtractor) -> None:
    text = "my head hurts on the right, my mom has migraines, no fever"
    found = parse(component, text)
    assert all(set(e) == SYMPTOM_KEYS for e in found)
    assert {(e["value"], e["side"], e["negated"], e["experiencer"]) for e in found} == {
        ("headache", None, False, "patient"),
        ("unilateral_head_pain", "right", False, "patient"),
        ("headache", None, False, "other"),
        ("fever", None, True, "patient"),
    }
    for entity in found:
        assert entity["extractor"] == "SymptomEntityExtractor"
        assert entity["confidence_entity"] == 1.0
        assert entity["hypothetical"] is False
        assert text[entity["start"] : entity["end"]]


@pytest.mark.parametrize(
    ("text", "entity", "value"),
    [
        ("I'm 54", "age", 54),
        ("it started 2 weeks ago", "onset", "recent"),
        ("only the left side", "side", "left"),
    ],
)
def test_fact_entities(
    component: SymptomEntityExtractor, text: str, entity: str, value: object
) -> None:
    (found,) = parse(component, text)
    assert (found["entity"], found["value"]) == (entity, value)
    assert text[found["start"] : found["end"]]
    assert found["extractor"] == "SymptomEntityExtractor"


def test_existing_entities_are_kept_and_empty_text_is_skipped(
    component: SymptomEntityExtractor,
) -> None:
    message = Message(data={TEXT: "no fever", ENTITIES: [{"entity": "x"}]})
    empty = Message(data={TEXT: ""})
    component.process([message, empty])
    assert [e["entity"] for e in message.get(ENTITIES)] == ["x", "symptom"]
    assert empty.get(ENTITIES) is None


def test_the_dialogue_reads_back_what_the_extractor_found(
    component: SymptomEntityExtractor,
) -> None:
    text = "I'm 61, my neck hurts on the left since last week, my dad had a stroke"
    facts = read_entities(parse(component, text), text)
    direct = extract(text)
    assert facts.mentions == direct.mentions
    assert (facts.age, facts.onset, facts.side) == (61, direct.onset, None)
