"""Load and validate the lexicon files that sit beside this module.

Every problem (unknown key, unknown concept id, malformed phrase, missing file)
raises LexiconError naming the file and the line, so a clinician's typo stops the
bot at start-up instead of silently missing symptoms. The shape of each file is
checked by its model in schema.py; only whether a concept id named in one place is
defined in symptoms.yml is checked here.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from bot.nlu.lexicon.model import (
    AgeWords,
    ClauseWords,
    Concept,
    Corrections,
    GeneralQuestions,
    Lexicon,
    ModifierRule,
    OnsetWords,
    TrailingAnswers,
)
from bot.nlu.lexicon.schema import (
    ONSET_KINDS,
    ConceptEntry,
    ContextFile,
    FactsFile,
    SidesFile,
    SpellingsFile,
    SymptomsFile,
    TrailingAnswersEntry,
)
from bot.nlu.lexicon.spellings import Spellings
from bot.nlu.lexicon.yamlfile import Entry, LexiconError, entries
from bot.yaml_schema import Loc, Model, YamlDocument, load_yaml, where

LEXICON_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=4)
def load_lexicon(directory: Path = LEXICON_DIR) -> Lexicon:
    """Read the five lexicon files once per process; raise LexiconError if broken."""
    concepts, not_symptoms = _symptoms(_load(directory, "symptoms.yml", SymptomsFile))
    context = _load(directory, "context.yml", ContextFile)
    spellings = _spellings(_load(directory, "spellings.yml", SpellingsFile))
    known = {concept.id for concept in concepts}
    age, onset = _facts(_load(directory, "facts.yml", FactsFile), known)
    return Lexicon(
        concepts=concepts,
        not_symptoms=not_symptoms,
        spellings=spellings,
        gap_blockers=tuple(context.data.filler_never),
        modifiers=_modifiers(context, known),
        clauses=ClauseWords(**{k: tuple(v) for k, v in context.data.clauses}),
        coordination=tuple(context.data.coordination),
        question_conditions=tuple(context.data.question_conditions),
        condition_subjects=tuple(context.data.condition_subjects),
        condition_prepositions=tuple(context.data.condition_prepositions),
        worries=tuple(context.data.worries),
        worry_reasons=tuple(context.data.worry_reasons),
        opinions=tuple(context.data.opinions),
        reports=tuple(context.data.reports),
        addressed=tuple(context.data.addressed),
        corrections=Corrections(
            whole=_phrases(context.data.corrections.whole),
            leading=_phrases(context.data.corrections.leading),
        ),
        conditions_going_on=tuple(
            tuple(s.split()) for s in context.data.conditions_going_on
        ),
        general_questions=GeneralQuestions(
            openers=tuple(context.data.general_questions.openers),
            first_person=tuple(context.data.general_questions.first_person),
            leads=tuple(context.data.general_questions.leads),
            causes=tuple(context.data.general_questions.causes),
        ),
        others_possessives=tuple(context.data.others_possessives),
        others_again=tuple(tuple(s.split()) for s in context.data.others_again),
        others_fragments=tuple(context.data.others_fragments),
        first_names=tuple(context.data.first_names),
        place_lists=tuple(context.data.place_lists),
        trailing_answers=_trailing_answers(context.data.trailing_answers, spellings),
        gap_denial=context.data.gap_denial,
        side_cues=_side_cues(_load(directory, "sides.yml", SidesFile)),
        age=age,
        onset=onset,
    )


def _load(directory: Path, name: str, model: type[Model]) -> YamlDocument[Model]:
    return load_yaml(directory / name, model, LexiconError)


def _known(
    doc: YamlDocument[Model], named: Iterable[tuple[Loc, str]], known: set[str]
) -> None:
    """Refuse the first concept id of `named` (where, id) that is not in `known`."""
    for loc, concept_id in named:
        if concept_id not in known:
            raise doc.fail(loc, f"{where(loc)}: unknown concept id {concept_id!r}")


# --- symptoms.yml ------------------------------------------------------------------


def _symptoms(
    doc: YamlDocument[SymptomsFile],
) -> tuple[tuple[Concept, ...], tuple[Entry, ...]]:
    known = set(doc.data.concepts)
    concepts = []
    for concept_id, entry in doc.data.concepts.items():
        loc = ("concepts", concept_id)
        sides = entry.side_means.items()
        _known(doc, [((*loc, "side_means", side), c) for side, c in sides], known)
        covered = enumerate(entry.covers)
        _known(doc, [((*loc, "covers", n), c) for n, c in covered], known)
        concepts.append(_concept(doc, loc, concept_id, entry))
    not_symptoms = entries(doc, ("not_symptoms",), doc.data.not_symptoms)
    return tuple(concepts), not_symptoms


def _concept(
    doc: YamlDocument[SymptomsFile], loc: Loc, concept_id: str, entry: ConceptEntry
) -> Concept:
    return Concept(
        id=concept_id,
        meaning=entry.meaning,
        phrases=entries(doc, (*loc, "phrases"), entry.phrases),
        absent=entries(doc, (*loc, "absent"), entry.absent),
        places=entries(doc, (*loc, "places"), entry.places),
        hints=entries(doc, (*loc, "hints"), entry.hints),
        vague=entries(doc, (*loc, "vague"), entry.vague),
        ruled_out=entries(doc, (*loc, "ruled_out"), entry.ruled_out),
        not_from_age=entry.not_from_age,
        sided=entry.sided,
        sides=tuple(entry.sides),
        side_means=tuple(entry.side_means.items()),
        past_counts=entry.past_counts,
        body_parts=tuple(entry.body_parts),
        covers=tuple(entry.covers),
        separate_findings=entry.separate_findings,
    )


# --- spellings.yml -----------------------------------------------------------------


def _spellings(doc: YamlDocument[SpellingsFile]) -> Spellings:
    return Spellings(
        variants={
            word: tuple(variant.lower() for variant in variants)
            for word, variants in doc.data.words.items()
        },
        typo_min_length=doc.data.typo_min_length,
        not_typos=frozenset(doc.data.not_typos),
        never_correct=frozenset(word.lower() for word in doc.data.never_correct),
        not_contractions=frozenset(doc.data.not_contractions),
    )


# --- context.yml -------------------------------------------------------------------


def _modifiers(
    doc: YamlDocument[ContextFile], known_concepts: set[str]
) -> tuple[ModifierRule, ...]:
    _known(
        doc,
        [
            (("modifiers", index, "concepts", i), concept)
            for index, rule in enumerate(doc.data.modifiers)
            for i, concept in enumerate(rule.concepts)
        ],
        known_concepts,
    )
    return tuple(
        ModifierRule(
            category=rule.category,
            direction=rule.direction,
            phrases=entries(doc, ("modifiers", index, "phrases"), rule.phrases),
            max_scope=rule.max_scope,
            ends=tuple(rule.ends),
            concepts=tuple(rule.concepts),
        )
        for index, rule in enumerate(doc.data.modifiers)
    )


# --- sides.yml ---------------------------------------------------------------------


def _phrases(listed: list[str]) -> tuple[tuple[str, ...], ...]:
    """Phrases split into words once here rather than at every mention."""
    return tuple(tuple(phrase.split()) for phrase in listed)


def _trailing_answers(
    entry: TrailingAnswersEntry, spellings: Spellings
) -> TrailingAnswers:
    """The answer words with their listed spellings ("fever, naw" as "no"), and the
    unsure phrases split into words once here rather than at every mention."""

    def spelt(words: list[str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v for w in words for v in spellings.listed(w)))

    return TrailingAnswers(
        links=tuple(entry.links),
        denied=spelt(entry.denied),
        affirmed=spelt(entry.affirmed),
        unsure=_phrases(entry.unsure),
        emphasis=tuple(entry.emphasis),
        echo_denied=_phrases(entry.echo_denied),
        echo_unsure=_phrases(entry.echo_unsure),
        echo_tails=frozenset(entry.echo_tails),
        topics=_phrases(entry.topics),
    )


def _side_cues(doc: YamlDocument[SidesFile]) -> tuple[tuple[str, Entry], ...]:
    return tuple(
        (kind, entry)
        for kind, phrases in doc.data
        for entry in entries(doc, (kind,), phrases)
    )


# --- facts.yml ---------------------------------------------------------------------


def _facts(
    doc: YamlDocument[FactsFile], known_concepts: set[str]
) -> tuple[AgeWords, OnsetWords]:
    age, onset = doc.data.age, doc.data.onset
    events = enumerate(onset.event_concepts)
    _known(
        doc, [(("onset", "event_concepts", i), c) for i, c in events], known_concepts
    )
    return (
        AgeWords(
            minimum=age.minimum,
            maximum=age.maximum,
            person_words=tuple(age.person_words),
            temperature_words=tuple(age.temperature_words),
            units=tuple(age.units),
        ),
        OnsetWords(
            phrases=tuple(
                (kind, entry)
                for kind in ONSET_KINDS
                for entry in entries(doc, ("onset", kind), getattr(onset, kind))
            ),
            recent_max_days=onset.recent_max_days,
            number_words=tuple(onset.number_words.items()),
            unit_days=tuple(onset.unit_days.items()),
            duration_before=tuple(onset.duration_before),
            duration_after=tuple(onset.duration_after),
            frequency_words=tuple(onset.frequency_words),
            event_concepts=tuple(onset.event_concepts),
        ),
    )
