"""Build the medspaCy pipeline on a blank English model, once per process.

    tokenizer -> medspacy_target_matcher (symptom phrases, longest match wins)
              -> symptom_clauses (sentence and clause boundaries)
              -> medspacy_context (negation, someone else, hypothetical)

Building compiles a few thousand token patterns, so it happens on the first call of
`get_pipeline()` (or when the Rasa component starts), never at import time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import spacy
from medspacy.context import ConTextRule
from medspacy.target_matcher import TargetRule
from spacy.language import Language
from spacy.matcher import Matcher

import bot.nlu.clauses  # noqa: F401  (registers the "symptom_clauses" factory)
from bot.nlu.lexicon import Lexicon, load_lexicon
from bot.nlu.lexicon.model import ModifierRule
from bot.nlu.lexicon.phrases import Pattern, PhraseCompiler, PhraseSyntaxError
from bot.nlu.lexicon.yamlfile import Entry, LexiconError

NOT_A_SYMPTOM = "NOT_A_SYMPTOM"
CATEGORY = {"negated": "NEGATED", "other": "OTHER", "hypothetical": "HYPOTHETICAL"}


@dataclass(frozen=True)
class SymptomPipeline:
    """The spaCy pipeline plus the matchers the extractor runs on its output."""

    nlp: Language
    lexicon: Lexicon
    side_cues: Matcher  # match ids are the cue kinds of sides.yml
    onset_phrases: Matcher  # match ids are the onset kinds of facts.yml
    negations: frozenset[str]  # norms that negate a nearby onset phrase
    sided: frozenset[str]  # concepts whose mentions carry a side
    carriers: dict[str, dict[str, str]]  # headache: {left: unilateral_head_pain...}

    @property
    def takes_side(self) -> frozenset[str]:
        """Concepts a side word can attach to."""
        return self.sided | frozenset(self.carriers)

    @property
    def head_concepts(self) -> frozenset[str]:
        """Head pain concepts: "the same side" means their side."""
        named = {
            target for means in self.carriers.values() for target in means.values()
        }
        return frozenset(self.carriers) | named


@lru_cache(maxsize=1)
def get_pipeline() -> SymptomPipeline:
    """The pipeline for the packaged lexicon, built on first use."""
    return build_pipeline(load_lexicon())


def build_pipeline(lexicon: Lexicon) -> SymptomPipeline:
    nlp = spacy.blank("en")
    compiler = _compiler(nlp, lexicon)
    targets = nlp.add_pipe(
        "medspacy_target_matcher", config={"phrase_matcher_attr": "NORM"}
    )
    targets.add(list(_target_rules(lexicon, compiler)))
    clauses = lexicon.clauses
    nlp.add_pipe(
        "symptom_clauses",
        config={
            "sentence_ends": list(clauses.sentence_ends),
            "answers": list(clauses.answers),
            "always_before": list(clauses.always_before),
            "joiners": list(clauses.joiners),
            "openers": list(clauses.openers),
        },
    )
    context = nlp.add_pipe(
        "medspacy_context",
        config={"rules": None, "phrase_matcher_attr": "NORM", "span_attrs": None},
    )
    context.add(list(_context_rules(lexicon.modifiers, compiler)))
    return SymptomPipeline(
        nlp=nlp,
        lexicon=lexicon,
        side_cues=_matcher(nlp, compiler, lexicon.side_cues),
        onset_phrases=_matcher(nlp, compiler, lexicon.onset.phrases),
        negations=_negation_norms(nlp, lexicon),
        sided=frozenset(c.id for c in lexicon.concepts if c.sided),
        carriers={c.id: dict(c.side_means) for c in lexicon.concepts if c.side_means},
    )


def _norms(nlp: Language, text: str) -> list[str]:
    return [token.norm_ for token in nlp.make_doc(text)]


def _compiler(nlp: Language, lexicon: Lexicon) -> PhraseCompiler:
    forms = lexicon.spellings.forms
    blockers = set(lexicon.gap_blockers) | {
        norms[0]
        for word in lexicon.gap_blockers
        for form in forms(word)
        if len(norms := _norms(nlp, form)) == 1  # "head ache" must not block "a"
    }
    side_words = {
        norm
        for kind, entry in lexicon.side_cues
        if kind in ("left", "right") and " " not in entry.text
        for form in forms(entry.text)
        for norm in _norms(nlp, form)
    }
    return PhraseCompiler(lambda text: _norms(nlp, text), forms, blockers, side_words)


def _compile(compiler: PhraseCompiler, entry: Entry) -> list[Pattern]:
    """Compile one phrase; a phrase too big to compile names its file and line."""
    try:
        return compiler.compile(entry.text)
    except PhraseSyntaxError as exc:
        raise LexiconError(Path(entry.file), entry.line, str(exc)) from exc


def _target_rules(lexicon: Lexicon, compiler: PhraseCompiler) -> Iterable[TargetRule]:
    for concept in lexicon.concepts:
        for entry in concept.phrases:
            yield from _targets(compiler, entry, concept.id, absent=False)
        for entry in concept.absent:
            yield from _targets(compiler, entry, concept.id, absent=True)
    for entry in lexicon.not_symptoms:
        yield from _targets(compiler, entry, NOT_A_SYMPTOM, absent=False)


def _targets(
    compiler: PhraseCompiler, entry: Entry, label: str, absent: bool
) -> Iterable[TargetRule]:
    for pattern in _compile(compiler, entry):
        yield TargetRule(
            literal=entry.text,
            category=label,
            pattern=pattern,
            metadata={"absent": absent, "source": entry.source},
        )


def _context_rules(
    rules: tuple[ModifierRule, ...], compiler: PhraseCompiler
) -> Iterable[ConTextRule]:
    """ConText rules; a `terminate` rule with `ends` only ends those categories."""
    ended_by: dict[str, set[str]] = {}
    for rule in rules:
        for category in rule.ends:
            ended_by.setdefault(category, set()).add(f"ENDS_{CATEGORY[category]}")
    for rule in rules:
        if rule.ends:
            for category in rule.ends:
                ends = f"ENDS_{CATEGORY[category]}"
                yield from _modifiers(compiler, rule, ends, "pseudo")
            continue
        category = CATEGORY.get(rule.category, "TERMINATE")
        yield from _modifiers(
            compiler,
            rule,
            category,
            rule.direction,
            terminated_by=ended_by.get(rule.category, set()),
        )


def _modifiers(
    compiler: PhraseCompiler,
    rule: ModifierRule,
    category: str,
    direction: str,
    terminated_by: set[str] | None = None,
) -> Iterable[ConTextRule]:
    for entry in rule.phrases:
        for pattern in _compile(compiler, entry):
            yield ConTextRule(
                literal=entry.text,
                category=category,
                pattern=pattern,
                direction=direction.upper(),
                max_scope=rule.max_scope,
                terminated_by=terminated_by or None,
                metadata={"source": entry.source},
            )


def _matcher(
    nlp: Language, compiler: PhraseCompiler, phrases: Iterable[tuple[str, Entry]]
) -> Matcher:
    matcher = Matcher(nlp.vocab)
    for kind, entry in phrases:
        matcher.add(kind, _compile(compiler, entry))
    return matcher


def _negation_norms(nlp: Language, lexicon: Lexicon) -> frozenset[str]:
    """Single-word negations of context.yml ("not", "never", ...)."""
    return frozenset(
        norm
        for rule in lexicon.modifiers
        if rule.category == "negated" and rule.direction == "forward"
        for entry in rule.phrases
        if " " not in entry.text and "|" not in entry.text
        for norm in _norms(nlp, entry.text)
    )
