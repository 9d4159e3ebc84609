"""Score the extractor against an annotated file (tests/nlu/heldout_mentions.yml).

Per utterance, expected and predicted mentions are paired concept by concept (an
exact match of all attributes first, then in order). A pair is a true positive for
concept detection; its attributes are then scored: negation accuracy over all pairs,
side accuracy over the pairs where either side is set plus the bare side answers,
experiencer and hypothetical accuracy over all pairs. A leak is a pair the extractor
counts as present while the annotation does not.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.screening.findings import Experiencer, Mention, Onset, Side

FLAGS = {"negated", "other", "hypothetical", "left", "right", "both"}

Key = tuple[str, bool, Side | None, Experiencer, bool]


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
    age: Ratio = field(default_factory=Ratio)
    onset: Ratio = field(default_factory=Ratio)
    leaks: int = 0
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
    return (
        concept,
        "negated" in flags,
        sides[0] if sides else None,
        Experiencer.OTHER if "other" in flags else Experiencer.PATIENT,
        "hypothetical" in flags,
    )


def key_of(mention: Mention) -> Key:
    return (
        mention.concept,
        mention.negated,
        mention.side,
        mention.experiencer,
        mention.hypothetical,
    )


# --- scoring ---------------------------------------------------------------------


def score(
    annotations: Iterable[Annotated], predict: Callable[[str], Predicted]
) -> Scores:
    scores = Scores()
    for item in annotations:
        scores.utterances += 1
        _score_one(item, predict(item.text), scores)
    return scores


def _score_one(item: Annotated, predicted: Predicted, scores: Scores) -> None:
    got = list(dict.fromkeys(key_of(m) for m in predicted.mentions))
    pairs, missed, extra = _pair(list(item.mentions), got)
    for expected, found in pairs:
        scores.per_concept[expected[0]].tp += 1
        _score_attributes(expected, found, scores)
    for expected in missed:
        scores.per_concept[expected[0]].fn += 1
    for found in extra:
        scores.per_concept[found[0]].fp += 1
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
        match = next((g for g in got if g[0] == key[0]), None)
        if match is not None:
            expected.remove(key)
            got.remove(match)
            pairs.append((key, match))
    return pairs, expected, got


def _score_attributes(expected: Key, found: Key, scores: Scores) -> None:
    _, negated, side, experiencer, hypothetical = expected
    scores.negation.add(negated == found[1])
    if side or found[2]:
        scores.side.add(side == found[2])
    scores.experiencer.add(experiencer == found[3])
    scores.hypothetical.add(hypothetical == found[4])
    if _present(found) and not _present(expected):
        scores.leaks += 1


def _present(key: Key) -> bool:
    return not key[1] and key[3] is Experiencer.PATIENT and not key[4]


def _show(key: Key) -> str:
    concept, negated, side, experiencer, hypothetical = key
    flags = [
        "negated" if negated else "",
        side.value if side else "",
        "other" if experiencer is Experiencer.OTHER else "",
        "hypothetical" if hypothetical else "",
    ]
    return " ".join([concept, *filter(None, flags)])


def _describe(
    item: Annotated,
    missed: list[Key],
    extra: list[Key],
    wrong: list[tuple[Key, Key]],
    predicted: Predicted,
) -> str:
    lines = [f"- {item.text!r}"]
    lines += [f"    missed: {_show(k)}" for k in missed]
    lines += [f"    extra:  {_show(k)}" for k in extra]
    lines += [f"    wrong:  {_show(e)} -> {_show(f)}" for e, f in wrong]
    for name in ("side", "age", "onset"):
        expected, found = getattr(item, name), getattr(predicted, name)
        if expected != found:
            lines.append(f"    {name}: {expected} -> {found}")
    return "\n".join(lines)
