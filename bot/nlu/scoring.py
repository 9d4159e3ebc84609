"""Score the extractor against an annotated file (tests/nlu/heldout_mentions.yml).

Per utterance, expected and predicted mentions are paired concept by concept (an
exact match of all attributes first, then in order). A pair is a true positive for
concept detection; its attributes are then scored: negation accuracy over all pairs,
side accuracy over the pairs where either side is set plus the bare side answers,
experiencer, hypothetical, uncertain and historical accuracy over all pairs. A leak
is a pair the extractor counts as present while the annotation does not; a red-flag
leak is one of a red flag (the text denies it, puts it on someone else, wonders about
it or puts it in the past, and the extractor reports it present).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.screening.findings import (
    Experiencer,
    Mention,
    Onset,
    Side,
    said_of_patient_now,
)

ATTRIBUTES = ("negated", "other", "hypothetical", "uncertain", "historical")
FLAGS = {*ATTRIBUTES, "left", "right", "both"}


@dataclass(frozen=True)
class Key:
    """A mention reduced to what the annotation says of it."""

    concept: str
    negated: bool = False
    side: Side | None = None
    experiencer: Experiencer = Experiencer.PATIENT
    hypothetical: bool = False
    uncertain: bool = False
    historical: bool = False

    @property
    def present(self) -> bool:
        return not self.negated and said_of_patient_now(
            self.experiencer, self.hypothetical, self.uncertain, self.historical
        )

    def __str__(self) -> str:
        flags = [
            "negated" if self.negated else "",
            self.side.value if self.side else "",
            "other" if self.experiencer is Experiencer.OTHER else "",
            "hypothetical" if self.hypothetical else "",
            "uncertain" if self.uncertain else "",
            "historical" if self.historical else "",
        ]
        return " ".join([self.concept, *filter(None, flags)])


@dataclass(frozen=True)
class Annotated:
    """One utterance of the held-out file and what it should give."""

    text: str
    mentions: tuple[Key, ...]
    age: int | None = None
    onset: Onset | None = None
    side: Side | None = None


@dataclass(frozen=True)
class Predicted:
    mentions: Sequence[Mention]
    age: int | None
    onset: Onset | None
    side: Side | None


@dataclass
class Ratio:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += ok
        self.total += 1

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    per_concept: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    negation: Ratio = field(default_factory=Ratio)
    side: Ratio = field(default_factory=Ratio)
    experiencer: Ratio = field(default_factory=Ratio)
    hypothetical: Ratio = field(default_factory=Ratio)
    uncertain: Ratio = field(default_factory=Ratio)
    historical: Ratio = field(default_factory=Ratio)
    age: Ratio = field(default_factory=Ratio)
    onset: Ratio = field(default_factory=Ratio)
    leaks: int = 0
    red_flag_leaks: int = 0
    utterances: int = 0
    misses: list[str] = field(default_factory=list)  # readable, for --verbose

    @property
    def micro(self) -> Counts:
        total = Counts()
        for counts in self.per_concept.values():
            total.tp += counts.tp
            total.fp += counts.fp
            total.fn += counts.fn
        return total


# --- the annotation file -----------------------------------------------------------


def load_annotations(path: Path, concept_ids: Iterable[str]) -> list[Annotated]:
    """Read the held-out file; a malformed entry raises ValueError naming it."""
    known = set(concept_ids)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = data.get("utterances") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ValueError(f"{path.name}: expected a list under 'utterances'")
    return [
        _annotated(item, f"{path.name} utterance {n}", known)
        for n, item in enumerate(items, 1)
    ]


def _annotated(item: dict, where: str, known: set[str]) -> Annotated:
    unknown = set(item) - {"text", "mentions", "age", "onset", "side"}
    if unknown or not isinstance(item.get("text"), str):
        raise ValueError(f"{where}: needs 'text'; unknown keys {sorted(unknown)}")
    return Annotated(
        text=item["text"],
        mentions=tuple(
            _key(entry, where, known) for entry in item.get("mentions") or []
        ),
        age=item.get("age"),
        onset=Onset(item["onset"]) if item.get("onset") else None,
        side=Side(item["side"]) if item.get("side") else None,
    )


def _key(entry: str, where: str, known: set[str]) -> Key:
    concept, *flags = str(entry).split()
    if concept not in known or not set(flags) <= FLAGS:
        raise ValueError(f"{where}: cannot read mention {entry!r}")
    sides = [Side(flag) for flag in flags if flag in ("left", "right", "both")]
    return Key(
        concept,
        negated="negated" in flags,
        side=sides[0] if sides else None,
        experiencer=Experiencer.OTHER if "other" in flags else Experiencer.PATIENT,
        hypothetical="hypothetical" in flags,
        uncertain="uncertain" in flags,
        historical="historical" in flags,
    )


def key_of(mention: Mention) -> Key:
    return Key(
        mention.concept,
        negated=mention.negated,
        side=mention.side,
        experiencer=Experiencer(mention.experiencer),
        hypothetical=mention.hypothetical,
        uncertain=mention.uncertain,
        historical=mention.historical,
    )


# --- scoring ---------------------------------------------------------------------


def score(
    annotations: Iterable[Annotated],
    predict: Callable[[str], Predicted],
    red_flags: Iterable[str] = (),
) -> Scores:
    scores = Scores()
    flags = frozenset(red_flags)
    for item in annotations:
        scores.utterances += 1
        _score_one(item, predict(item.text), scores, flags)
    return scores


def _score_one(
    item: Annotated, predicted: Predicted, scores: Scores, red_flags: frozenset[str]
) -> None:
    got = list(dict.fromkeys(key_of(m) for m in predicted.mentions))
    pairs, missed, extra = _pair(list(item.mentions), got)
    for expected, found in pairs:
        scores.per_concept[expected.concept].tp += 1
        _score_attributes(expected, found, scores, red_flags)
    for expected in missed:
        scores.per_concept[expected.concept].fn += 1
    for found in extra:
        scores.per_concept[found.concept].fp += 1
        scores.red_flag_leaks += _denied_red_flag(found, item, red_flags)
    if item.side or predicted.side:
        scores.side.add(item.side == predicted.side)
    if item.age is not None or predicted.age is not None:
        scores.age.add(item.age == predicted.age)
    if item.onset or predicted.onset:
        scores.onset.add(item.onset == predicted.onset)
    wrong = [(e, f) for e, f in pairs if e != f]
    facts_differ = (item.side, item.age, item.onset) != (
        predicted.side,
        predicted.age,
        predicted.onset,
    )
    if missed or extra or wrong or facts_differ:
        scores.misses.append(_describe(item, missed, extra, wrong, predicted))


def _pair(
    expected: list[Key], got: list[Key]
) -> tuple[list[tuple[Key, Key]], list[Key], list[Key]]:
    pairs = []
    for key in [k for k in expected if k in got]:
        expected.remove(key)
        got.remove(key)
        pairs.append((key, key))
    for key in list(expected):
        match = next((g for g in got if g.concept == key.concept), None)
        if match is not None:
            expected.remove(key)
            got.remove(match)
            pairs.append((key, match))
    return pairs, expected, got


def _score_attributes(
    expected: Key, found: Key, scores: Scores, red_flags: frozenset[str]
) -> None:
    scores.negation.add(expected.negated == found.negated)
    if expected.side or found.side:
        scores.side.add(expected.side == found.side)
    scores.experiencer.add(expected.experiencer == found.experiencer)
    scores.hypothetical.add(expected.hypothetical == found.hypothetical)
    scores.uncertain.add(expected.uncertain == found.uncertain)
    scores.historical.add(expected.historical == found.historical)
    if found.present and not expected.present:
        scores.leaks += 1
        scores.red_flag_leaks += expected.concept in red_flags


def _denied_red_flag(found: Key, item: Annotated, red_flags: frozenset[str]) -> bool:
    """A red flag reported present beside the text's denial (or doubt) of it."""
    said = [key for key in item.mentions if key.concept == found.concept]
    return (
        found.present
        and found.concept in red_flags
        and bool(said)
        and not any(key.present for key in said)
    )


def _describe(
    item: Annotated,
    missed: list[Key],
    extra: list[Key],
    wrong: list[tuple[Key, Key]],
    predicted: Predicted,
) -> str:
    lines = [f"- {item.text!r}"]
    lines += [f"    missed: {str(k)}" for k in missed]
    lines += [f"    extra:  {str(k)}" for k in extra]
    lines += [f"    wrong:  {str(e)} -> {str(f)}" for e, f in wrong]
    for name in ("side", "age", "onset"):
        expected, found = getattr(item, name), getattr(predicted, name)
        if expected != found:
            lines.append(f"    {name}: {expected} -> {found}")
    return "\n".join(lines)
