"""Rasa adapter: put the symptom extractor's findings on the message as entities.

Registered in config.yml as `bot.nlu.component.SymptomEntityExtractor`. For each
mention it adds, as SCREENING_SPEC section 4 says:

    {"entity": "symptom", "value": "<concept id>", "start": 4, "end": 15,
     "negated": false, "side": "right", "experiencer": "patient",
     "hypothetical": false, "uncertain": false, "historical": false,
     "extractor": "SymptomEntityExtractor",
     "confidence_entity": 1.0}

plus `age` (an integer), `onset` ("sudden", "recent", "longstanding") and `side`
(a bare side answer such as "only the left side"). The work is in extractor.py; this
module only translates. It logs counts, never text.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.extractor import Extraction, extract
from bot.nlu.pipeline import get_pipeline
from bot.nlu.stateless import StatelessComponent
from bot.screening.findings import Mention

logger = logging.getLogger(__name__)


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False
)
class SymptomEntityExtractor(StatelessComponent, EntityExtractorMixin):
    """Symptom mentions, age, onset and side as Rasa entities (spec section 4)."""

    @classmethod
    def prepare(cls) -> None:
        get_pipeline()  # build the spaCy pipeline now, not on the first message

    @staticmethod
    def required_packages() -> list[str]:
        return ["spacy", "medspacy"]

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            found = self.add_extractor_name(entities(extract(text)))
            logger.debug("symptom extractor: %d entities", len(found))
            message.set(ENTITIES, message.get(ENTITIES, []) + found, add_to_output=True)
        return messages


def entities(extraction: Extraction) -> list[dict[str, Any]]:
    """The Rasa entity dicts for one extraction (without the extractor's name)."""
    found = [_symptom(mention) for mention in extraction.mentions]
    facts = {
        "age": extraction.age,
        "onset": extraction.onset.value if extraction.onset else None,
        "side": extraction.side.value if extraction.side else None,
    }
    for name, value in facts.items():
        if value is not None:
            start, end = extraction.spans[name]
            found.append(_entity(name, value, start, end))
    return found


def _symptom(mention: Mention) -> dict[str, Any]:
    return {
        **_entity("symptom", mention.concept, mention.start, mention.end),
        "negated": mention.negated,
        "side": mention.side.value if mention.side else None,
        "experiencer": mention.experiencer.value,
        "hypothetical": mention.hypothetical,
        "uncertain": mention.uncertain,
        "historical": mention.historical,
    }


def _entity(name: str, value: Any, start: int, end: int) -> dict[str, Any]:
    return {
        "entity": name,
        "value": value,
        "start": start,
        "end": end,
        "confidence_entity": 1.0,
    }
