"""Build the symptom pipeline on a blank English model, once per process.

    tokenizer -> symptom_spelling (typos of lexicon words read as the words)
              -> symptom_targets (symptom phrases, longest match wins)
              -> symptom_clauses (sentence and clause boundaries)
              -> symptom_context (medspaCy's ConText: negation, someone else,
                                  hypothetical, uncertain, historical)

Building compiles a few thousand token patterns, so it happens on the first call of
`get_pipeline()` (or when the Rasa component starts), never at import time.
`symptom_targets` (bot/nlu/targets.py) is our own component; it resolves matches as
medspaCy's target matcher did, but matches with bot/nlu/anchored_matcher.py, which
finds what spaCy's Matcher finds in a fraction of the time, as do the side cues and
onset phrases. ConText is medspaCy's, its modifier phrases matched the same way
(bot/nlu/context.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import spacy
from medspacy.context import ConTextRule
from spacy.language import Language
from spacy.symbols import ORTH

import bot.nlu.clauses  # noqa: F401  (registers the "symptom_clauses" factory)
import bot.nlu.context  # noqa: F401  (registers the "symptom_context" factory)
import bot.nlu.spelling  # noqa: F401  (registers the "symptom_spelling" factory)
from bot.nlu.anchored_matcher import AnchoredMatcher
from bot.nlu.lexicon import Lexicon, load_lexicon
from bot.nlu.lexicon.model import ModifierRule, TrailingAnswers
from bot.nlu.lexicon.phrases import GAP, Pattern, PhraseCompiler, PhraseSyntaxError
from bot.nlu.lexicon.yamlfile import Entry, LexiconError
from bot.nlu.targets import SymptomRule  # registers the "symptom_targets" factory
from bot.screening.ruleset import load_ruleset

NOT_A_SYMPTOM = "NOT_A_SYMPTOM"
TARGET_LENGTH = 4  # shorter lexicon words are not offered as spelling corrections
READ_BEFORE_LIMIT = 4096  # short texts whose symptom concept_of() remembers
CATEGORY = {
    "negated": "NEGATED",
    "other": "OTHER",
    "hypothetical": "HYPOTHETICAL",
    "uncertain": "UNCERTAIN",
    "historical": "HISTORICAL",
    "long_ago": "LONG_AGO",
    "asked": "ASKED",
    "answered_yes": "ANSWERED_YES",
}


@dataclass(frozen=True)
class SymptomPipeline:
    """The spaCy pipeline plus the matchers the extractor runs on its output."""

    nlp: Language
    lexicon: Lexicon
    side_cues: AnchoredMatcher  # match ids are the cue kinds of sides.yml
    onset_phrases: AnchoredMatcher  # match ids are the onset kinds of facts.yml
    ruled_out_by: AnchoredMatcher  # match ids are concepts (symptoms.yml `ruled_out`)
    # single-word negations: they negate a nearby onset phrase, or a reason that
    # would rule a concept out (extractor `_ruled_out`: "not on purpose")
    negations: frozenset[str]
    sided: frozenset[str]  # concepts whose mentions carry a side
    sides_of: dict[str, frozenset[str]]  # the sides each sided concept can have
    carriers: dict[str, dict[str, str]]  # headache: {left: unilateral_head_pain...}
    past_counts: dict[str, str]  # concept -> "always" or "recent" (symptoms.yml)
    body_parts: dict[str, str]  # "neck": "neck_pain", every spelling of the word
    glue: frozenset[str]  # what may lie between body parts sharing a phrase
    covers: dict[str, frozenset[str]]  # progressive_worsening: {headache}
    not_from_age: dict[str, int]  # pregnancy: 60 (symptoms.yml)
    red_flags: frozenset[str]  # rules.yml's: named in a condition, wondered about
    separate_findings: frozenset[str]  # numbness and weakness (symptoms.yml)
    people: frozenset[str]  # a chat line's speaker other than the visitor: "Mum:"
    read_before: dict[str, str | None] = field(default_factory=dict, repr=False)

    def concept_of(self, text: str) -> str | None:
        """The symptom a short text names as a whole ("jaw locks"), if one does;
        remembered, as the same few pairs come again and again."""
        key = text.lower()
        if key not in self.read_before:
            if len(self.read_before) >= READ_BEFORE_LIMIT:
                self.read_before.clear()
            self.read_before[key] = self._concept_of(text)
        return self.read_before[key]

    def _concept_of(self, text: str) -> str | None:
        """The phrases found by the components before the clauses (spelling and
        symptom targets), without ConText."""
        doc = self.nlp.make_doc(text)
        for name, component in self.nlp.pipeline:
            if name == "symptom_clauses":
                break
            doc = component(doc)
        whole = [e for e in doc.ents if (e.start, e.end) == (0, len(doc))]
        labels = {e.label_ for e in whole} - {NOT_A_SYMPTOM}
        return labels.pop() if len(labels) == 1 else None

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
    nlp.tokenizer.rules = {
        text: tokens
        for text, tokens in nlp.tokenizer.rules.items()
        if text.lower() not in lexicon.spellings.not_contractions
    }
    _split_letter_answers(nlp, lexicon.trailing_answers)
    compiler = _compiler(nlp, lexicon)
    nlp.add_pipe(
        "symptom_spelling",
        config={
            "targets": _correction_targets(nlp, lexicon),
            "never_correct": sorted(lexicon.spellings.never_correct),
        },
    )
    targets = nlp.add_pipe("symptom_targets")
    targets.add(_target_rules(lexicon, compiler))
    clauses = lexicon.clauses
    splitter = nlp.add_pipe(
        "symptom_clauses",
        config={
            "sentence_ends": list(clauses.sentence_ends),
            "answers": list(clauses.answers),
            "always_before": list(clauses.always_before),
            "joiners": list(clauses.joiners),
            "openers": list(clauses.openers),
            "unsure_answers": [_norms(nlp, text) for text in clauses.unsure_answers],
            "continuations": [_norms(nlp, text) for text in clauses.continuations],
            "short_denials": [_norms(nlp, text) for text in clauses.short_denials],
            "conditions": [_norms(nlp, text) for text in clauses.conditions],
        },
    )
    splitter.reaching_back = _matcher(nlp, compiler, _reaching_back(lexicon))
    context = nlp.add_pipe("symptom_context")
    context.add(_context_rules(lexicon.modifiers, compiler))
    return SymptomPipeline(
        nlp=nlp,
        lexicon=lexicon,
        side_cues=_matcher(nlp, compiler, lexicon.side_cues),
        onset_phrases=_matcher(nlp, compiler, lexicon.onset.phrases),
        ruled_out_by=_matcher(
            nlp, compiler, [(c.id, e) for c in lexicon.concepts for e in c.ruled_out]
        ),
        negations=_negation_norms(nlp, lexicon),
        sided=frozenset(c.id for c in lexicon.concepts if c.sided),
        sides_of={c.id: frozenset(c.sides) for c in lexicon.concepts if c.sided},
        carriers={c.id: dict(c.side_means) for c in lexicon.concepts if c.side_means},
        past_counts={c.id: c.past_counts for c in lexicon.concepts if c.past_counts},
        body_parts={
            form: c.id
            for c in lexicon.concepts
            for word in c.body_parts
            for form in lexicon.spellings.forms(word)
        },
        glue=frozenset(lexicon.coordination),
        covers={c.id: frozenset(c.covers) for c in lexicon.concepts if c.covers},
        not_from_age={c.id: c.not_from_age for c in lexicon.concepts if c.not_from_age},
        separate_findings=frozenset(
            c.id for c in lexicon.concepts if c.separate_findings
        ),
        red_flags=frozenset(load_ruleset().red_flag_concepts),
        people=frozenset((*lexicon.age.person_words, *lexicon.first_names)),
    )


def _split_letter_answers(nlp: Language, answers: TrailingAnswers) -> None:
    """spaCy keeps a capital and its full stop together as an initial ("J."); a
    one-letter answer word in a checklist is an answer and a full stop ("fever N.",
    "headache Y.")."""
    for word in answers.yes_or_no:
        if len(word) == 1 and word.isalpha():
            letter = word.upper()
            nlp.tokenizer.add_special_case(f"{letter}.", [{ORTH: letter}, {ORTH: "."}])


def _correction_targets(nlp: Language, lexicon: Lexicon) -> list[str]:
    """What a typo may be read as: the words of symptom and side phrases and their
    listed spellings, never a negation (a typo must not deny a red flag)."""
    phrases = [
        e
        for c in lexicon.concepts
        for e in (*c.phrases, *c.places, *c.hints, *c.vague, *c.absent)
    ]
    phrases += [entry for _, entry in lexicon.side_cues]
    words = {w for e in phrases for w in re.findall(r"[a-z]+", e.text.lower())}
    words |= {v for w in words for v in lexicon.spellings.variants.get(w, ())}
    negations = _negation_norms(nlp, lexicon)
    return sorted(
        w
        for w in words
        if len(w) >= TARGET_LENGTH and w.isalpha() and w not in negations
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
    side_words = _norms_of_forms(
        nlp,
        lexicon,
        [
            entry.text
            for kind, entry in lexicon.side_cues
            if kind in ("left", "right") and " " not in entry.text
        ],
    )
    return PhraseCompiler(
        lambda text: _norms(nlp, text),
        forms,
        blockers,
        side_words,
        lexicon.first_names,
        _norms_of_forms(nlp, lexicon, lexicon.age.person_words),
    )


def _norms_of_forms(nlp: Language, lexicon: Lexicon, words: Iterable[str]) -> set[str]:
    """The token norms of every spelling of `words` (spellings.yml)."""
    return {
        norm
        for word in words
        for form in lexicon.spellings.forms(word)
        for norm in _norms(nlp, form)
    }


def _compile(compiler: PhraseCompiler, entry: Entry) -> list[Pattern]:
    """Compile one phrase; a phrase too big to compile names its file and line."""
    try:
        return compiler.compile(entry.text)
    except PhraseSyntaxError as exc:
        raise LexiconError(Path(entry.file), entry.line, str(exc)) from exc


def _target_rules(lexicon: Lexicon, compiler: PhraseCompiler) -> Iterable[SymptomRule]:
    for concept in lexicon.concepts:
        said = [(e, "") for e in concept.phrases]
        said += [(e, "place") for e in concept.places]
        said += [(e, "hint") for e in concept.hints]
        said += [(e, "vague") for e in concept.vague]
        for entry, kind in said:
            yield from _targets(compiler, entry, concept.id, absent=False, kind=kind)
            denied = _denied_form(entry, lexicon.gap_denial)
            if denied is not None:
                yield from _targets(
                    compiler, denied, concept.id, absent=True, kind=kind
                )
        for entry in concept.absent:
            yield from _targets(compiler, entry, concept.id, absent=True)
    for entry in lexicon.not_symptoms:
        yield from _targets(compiler, entry, NOT_A_SYMPTOM, absent=False)


def _denied_form(entry: Entry, gap_denial: str) -> Entry | None:
    """ "neck ... hurt" -> "neck (does|...)? not (really|...)? hurt" (context.yml)."""
    gap = f" {GAP} "  # the notation's gap stands between two words
    if entry.text.count(gap) != 1:
        return None
    return replace(entry, text=entry.text.replace(gap, f" {gap_denial} "))


def _targets(
    compiler: PhraseCompiler,
    entry: Entry,
    label: str,
    absent: bool,
    kind: str = "",
) -> Iterable[SymptomRule]:
    """The rule of one phrase; `kind` is "place", "hint" or "vague" for a concept's
    `places`, `hints` and `vague` (symptoms.yml), "" for its phrases."""
    patterns = _compile(compiler, entry)
    if patterns:
        yield SymptomRule(
            label=label,
            patterns=tuple(patterns),
            literal=entry.text,
            metadata={
                "absent": absent,
                "source": entry.source,
                "kind": kind,
            },
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
                allowed_types=set(rule.concepts) or None,
                terminated_by=terminated_by or None,
                metadata={"source": entry.source},
            )


def _matcher(
    nlp: Language, compiler: PhraseCompiler, phrases: Iterable[tuple[str, Entry]]
) -> AnchoredMatcher:
    matcher = AnchoredMatcher(nlp.vocab)
    for kind, entry in phrases:
        matcher.add(kind, _compile(compiler, entry))
    return matcher


def _reaching_back(lexicon: Lexicon) -> Iterable[tuple[str, Entry]]:
    """The ConText phrases whose scope runs back: after a break word they continue
    the clause ("... but stopped in August"), so their cue reaches what it takes
    back. Denials are left out: short and common ("gone", "no difference"), they
    would let a clause's own negation run on into the next (measured on the
    development sets: negation accuracy fell on most)."""
    for rule in lexicon.modifiers:
        reaches_back = rule.direction in ("backward", "bidirectional")
        if reaches_back and rule.category != "negated":
            for entry in rule.phrases:
                yield rule.category, entry


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
