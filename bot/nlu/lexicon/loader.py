"""Load and validate the lexicon files that sit beside this module.

Every problem (unknown key, unknown concept id, malformed phrase, missing file)
raises LexiconError naming the file and the line, so a clinician's typo stops the
bot at start-up instead of silently missing symptoms.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from yaml.nodes import Node

from bot.nlu.lexicon.model import (
    DIRECTIONS,
    MODIFIER_CATEGORIES,
    ONSET_KINDS,
    SIDE_CUE_KINDS,
    SIDE_VALUES,
    AgeWords,
    ClauseWords,
    Concept,
    Lexicon,
    ModifierRule,
    OnsetWords,
)
from bot.nlu.lexicon.phrases import PhraseSyntaxError, parse_phrase
from bot.nlu.lexicon.spellings import Spellings
from bot.nlu.lexicon.yamlfile import Entry, LexiconError, YamlFile

LEXICON_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=4)
def load_lexicon(directory: Path = LEXICON_DIR) -> Lexicon:
    """Read the five lexicon files once per process; raise LexiconError if broken."""
    symptoms = YamlFile(directory / "symptoms.yml")
    concepts, not_symptoms = _symptoms(symptoms)
    known = {concept.id for concept in concepts}
    context = YamlFile(directory / "context.yml")
    gap_blockers, modifiers, clauses = _context(context)
    age, onset = _facts(YamlFile(directory / "facts.yml"), known)
    return Lexicon(
        concepts=concepts,
        not_symptoms=not_symptoms,
        spellings=_spellings(YamlFile(directory / "spellings.yml")),
        gap_blockers=gap_blockers,
        modifiers=modifiers,
        clauses=clauses,
        side_cues=_side_cues(YamlFile(directory / "sides.yml")),
        age=age,
        onset=onset,
    )


def _phrases(file: YamlFile, node: Node, where: str) -> tuple[Entry, ...]:
    """A list of phrases, each checked against the notation of phrases.py."""
    entries = file.entries(node, where)
    for entry in entries:
        try:
            parse_phrase(entry.text)
        except PhraseSyntaxError as exc:
            raise LexiconError(file.path, entry.line, f"{where}: {exc}") from exc
    if not entries:
        raise file.fail(node, f"{where} needs at least one phrase")
    return entries


# --- symptoms.yml ------------------------------------------------------------------


def _symptoms(file: YamlFile) -> tuple[tuple[Concept, ...], tuple[Entry, ...]]:
    top = file.mapping(
        file.root, "the file", {"concepts", "not_symptoms"}, {"concepts"}
    )
    concept_nodes = file.mapping(top["concepts"], "concepts")
    concepts = tuple(
        _concept(file, concept_id, node) for concept_id, node in concept_nodes.items()
    )
    known = set(concept_nodes)
    for concept in concepts:
        for _side, target in concept.side_means:
            if target not in known:
                raise file.fail(
                    concept_nodes[concept.id],
                    f"{concept.id}: side_means names unknown concept {target!r}",
                )
    not_symptoms = ()
    if "not_symptoms" in top:
        not_symptoms = _phrases(file, top["not_symptoms"], "not_symptoms")
    return concepts, not_symptoms


def _concept(file: YamlFile, concept_id: str, node: Node) -> Concept:
    keys = {"meaning", "phrases", "absent", "sided", "side_means"}
    fields = file.mapping(node, concept_id, keys, {"meaning", "phrases"})
    side_means: tuple[tuple[str, str], ...] = ()
    if "side_means" in fields:
        means = file.mapping(
            fields["side_means"], f"{concept_id}.side_means", SIDE_VALUES
        )
        side_means = tuple(
            (side, file.string(value, f"{concept_id}.side_means.{side}"))
            for side, value in means.items()
        )
    return Concept(
        id=concept_id,
        meaning=file.string(fields["meaning"], f"{concept_id}.meaning"),
        phrases=_phrases(file, fields["phrases"], f"{concept_id}.phrases"),
        absent=(
            _phrases(file, fields["absent"], f"{concept_id}.absent")
            if "absent" in fields
            else ()
        ),
        sided="sided" in fields
        and file.boolean(fields["sided"], f"{concept_id}.sided"),
        side_means=side_means,
    )


# --- spellings.yml -----------------------------------------------------------------


def _spellings(file: YamlFile) -> Spellings:
    top = file.mapping(
        file.root, "the file", {"typo_min_length", "not_typos", "words"}, {"words"}
    )
    variants: dict[str, tuple[str, ...]] = {}
    for word, node in file.mapping(top["words"], "words").items():
        _lower_word(file, node, word)
        entries = file.entries(node, f"words.{word}")
        variants[word] = tuple(entry.text.lower() for entry in entries)
    return Spellings(
        variants=variants,
        typo_min_length=(
            file.integer(top["typo_min_length"], "typo_min_length")
            if "typo_min_length" in top
            else 7
        ),
        not_typos=frozenset(
            file.words(top["not_typos"], "not_typos") if "not_typos" in top else ()
        ),
    )


def _lower_word(file: YamlFile, node: Node, word: str) -> str:
    if word != word.lower() or " " in word:
        raise file.fail(node, f"spelling key {word!r} must be one lower-case word")
    return word


# --- context.yml -------------------------------------------------------------------


def _context(
    file: YamlFile,
) -> tuple[tuple[str, ...], tuple[ModifierRule, ...], ClauseWords]:
    top = file.mapping(
        file.root,
        "the file",
        {"filler_never", "modifiers", "clauses"},
        {"filler_never", "modifiers", "clauses"},
    )
    rules_node = top["modifiers"]
    modifiers = tuple(
        _modifier(file, item, f"modifiers[{index}]")
        for index, item in enumerate(_sequence(file, rules_node, "modifiers"))
    )
    return (
        file.words(top["filler_never"], "filler_never"),
        modifiers,
        _clauses(file, top["clauses"]),
    )


def _sequence(file: YamlFile, node: Node, where: str) -> list[Node]:
    if not hasattr(node, "value") or not isinstance(node.value, list):
        raise file.fail(node, f"{where} must be a list")
    return list(node.value)


def _modifier(file: YamlFile, node: Node, where: str) -> ModifierRule:
    keys = {"category", "direction", "phrases", "max_scope", "ends", "note"}
    fields = file.mapping(node, where, keys, {"category", "direction", "phrases"})
    category = _choice(
        file, fields["category"], f"{where}.category", MODIFIER_CATEGORIES
    )
    direction = _choice(file, fields["direction"], f"{where}.direction", DIRECTIONS)
    ends: tuple[str, ...] = ()
    if "ends" in fields:
        if category != "terminate":
            raise file.fail(
                fields["ends"], f"{where}: only 'terminate' rules have ends"
            )
        ends = file.words(fields["ends"], f"{where}.ends")
        _check_choices(file, fields["ends"], ends, MODIFIER_CATEGORIES[:3], where)
    if (category == "terminate") != (direction == "terminate"):
        raise file.fail(
            node, f"{where}: category and direction 'terminate' go together"
        )
    max_scope = None
    if "max_scope" in fields:
        max_scope = file.integer(fields["max_scope"], f"{where}.max_scope")
        if max_scope < 1:
            raise file.fail(fields["max_scope"], f"{where}.max_scope must be >= 1")
    return ModifierRule(
        category=category,
        direction=direction,
        phrases=_phrases(file, fields["phrases"], f"{where}.phrases"),
        max_scope=max_scope,
        ends=ends,
    )


def _choice(file: YamlFile, node: Node, where: str, choices: Iterable[str]) -> str:
    value = file.string(node, where)
    _check_choices(file, node, (value,), choices, where)
    return value


def _check_choices(
    file: YamlFile,
    node: Node,
    values: Iterable[str],
    choices: Iterable[str],
    where: str,
) -> None:
    allowed = tuple(choices)
    for value in values:
        if value not in allowed:
            raise file.fail(
                node, f"{where}: {value!r} is not one of {', '.join(allowed)}"
            )


def _clauses(file: YamlFile, node: Node) -> ClauseWords:
    keys = ("sentence_ends", "answers", "always_before", "joiners", "openers")
    fields = file.mapping(node, "clauses", keys, keys)
    return ClauseWords(*(file.words(fields[key], f"clauses.{key}") for key in keys))


# --- sides.yml ---------------------------------------------------------------------


def _side_cues(file: YamlFile) -> tuple[tuple[str, Entry], ...]:
    kinds = file.mapping(file.root, "the file", SIDE_CUE_KINDS, SIDE_CUE_KINDS)
    return tuple(
        (kind, entry)
        for kind, node in kinds.items()
        for entry in _phrases(file, node, kind)
    )


# --- facts.yml ---------------------------------------------------------------------


def _facts(file: YamlFile, known_concepts: set[str]) -> tuple[AgeWords, OnsetWords]:
    top = file.mapping(file.root, "the file", {"age", "onset"}, {"age", "onset"})
    return _age(file, top["age"]), _onset(file, top["onset"], known_concepts)


def _age(file: YamlFile, node: Node) -> AgeWords:
    keys = ("minimum", "maximum", "person_words", "temperature_words", "units")
    fields = file.mapping(node, "age", keys, keys)
    return AgeWords(
        minimum=file.integer(fields["minimum"], "age.minimum"),
        maximum=file.integer(fields["maximum"], "age.maximum"),
        person_words=file.words(fields["person_words"], "age.person_words"),
        temperature_words=file.words(
            fields["temperature_words"], "age.temperature_words"
        ),
        units=file.words(fields["units"], "age.units"),
    )


def _onset(file: YamlFile, node: Node, known_concepts: set[str]) -> OnsetWords:
    keys = (
        *ONSET_KINDS,
        "recent_max_days",
        "number_words",
        "unit_days",
        "duration_before",
        "duration_after",
        "frequency_words",
        "event_concepts",
    )
    fields = file.mapping(node, "onset", keys, keys)
    events = file.words(fields["event_concepts"], "onset.event_concepts")
    unknown = [concept for concept in events if concept not in known_concepts]
    if unknown:
        raise file.fail(
            fields["event_concepts"],
            f"onset.event_concepts: unknown concept id {unknown[0]!r}",
        )
    return OnsetWords(
        phrases=tuple(
            (kind, entry)
            for kind in ONSET_KINDS
            for entry in _phrases(file, fields[kind], f"onset.{kind}")
        ),
        recent_max_days=file.integer(
            fields["recent_max_days"], "onset.recent_max_days"
        ),
        number_words=_counts(file, fields["number_words"], "onset.number_words"),
        unit_days=_counts(file, fields["unit_days"], "onset.unit_days"),
        duration_before=file.words(fields["duration_before"], "onset.duration_before"),
        duration_after=file.words(fields["duration_after"], "onset.duration_after"),
        frequency_words=file.words(fields["frequency_words"], "onset.frequency_words"),
        event_concepts=events,
    )


def _counts(file: YamlFile, node: Node, where: str) -> tuple[tuple[str, int], ...]:
    return tuple(
        (_lower_word(file, value, word), file.integer(value, f"{where}.{word}"))
        for word, value in file.mapping(node, where).items()
    )
