"""Turn the NLU's entity dicts (spec section 4) back into typed values."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from bot.screening.findings import Experiencer, Mention, Onset, Side


@dataclass(frozen=True)
class MessageFacts:
    """What one visitor message said, as the NLU extracted it."""

    mentions: list[Mention] = field(default_factory=list)
    age: int | None = None
    onset: Onset | None = None
    side: Side | None = None

    @property
    def says_anything(self) -> bool:
        return bool(self.mentions) or self.age is not None or self.onset is not None


def read_entities(entities: Iterable[dict[str, Any]], text: str) -> MessageFacts:
    """Collect the symptom mentions, age, onset and bare side of one message."""
    mentions, age, onset, side = [], None, None, None
    for entity in entities:
        kind = entity.get("entity")
        if kind == "symptom":
            mentions.append(_mention(entity, text))
        elif kind == "age":
            age = int(entity["value"])
        elif kind == "onset":
            onset = Onset(entity["value"])
        elif kind == "side":
            side = Side(entity["value"])
    return MessageFacts(mentions, age, onset, side)


def _mention(entity: dict[str, Any], text: str) -> Mention:
    start, end = int(entity.get("start", 0)), int(entity.get("end", 0))
    return Mention(
        concept=entity["value"],
        text=text[start:end] or entity["value"],
        start=start,
        end=end,
        negated=bool(entity.get("negated", False)),
        side=Side(entity["side"]) if entity.get("side") else None,
        experiencer=Experiencer(entity.get("experiencer", "patient")),
        hypothetical=bool(entity.get("hypothetical", False)),
        uncertain=bool(entity.get("uncertain", False)),
        historical=bool(entity.get("historical", False)),
    )
