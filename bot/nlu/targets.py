"""The symptom phrases of a message, as `doc.ents`: our replacement for medspaCy's
target matcher (`medspacy_target_matcher`), built on public APIs only.

Each rule is a phrase of the lexicon: its label (a concept id, or NOT_A_SYMPTOM),
the token patterns it compiles to, and metadata ({"absent": ..., "source": ...,
"kind": ...}: bot/nlu/pipeline.py `_targets`).
The patterns are matched by bot/nlu/anchored_matcher.py, and overlapping matches
are resolved as medspaCy's TargetMatcher resolves them for token rules, by
medspaCy's own `prune_overlapping_matches` (of two overlapping matches the longer
is kept; the pruning is pairwise and repeated, so what it keeps depends on every
match and on the order of matches of the same tokens). So it gets the same input:
one match id a pattern, as medspaCy has one TargetRule a pattern (two patterns of a
phrase matching the same tokens are two matches), and matches of the same tokens in
spaCy's Matcher's order, which the anchored matcher keeps. The spans kept become
`doc.ents`, labelled with the rule's label, for medspaCy's ConText to read; each
carries its rule in `span._.symptom_rule` (`.metadata`, `.literal`).

tests/nlu/test_anchored_matcher.py checks this component finds the same entities as
medspaCy's target matcher holding the same rules, on every message we have.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from medspacy.common.util import prune_overlapping_matches
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from bot.nlu.anchored_matcher import AnchoredMatcher, Pattern

RULE = "symptom_rule"  # the Span extension holding an entity's SymptomRule
# No `from __future__ import annotations` here: spaCy reads the factory's type hints
# at run time to validate its config.


@dataclass(frozen=True, eq=False)
class SymptomRule:
    """One lexicon phrase: the entity label it gives, its token patterns (one
    phrase may compile to several), and what the extractor needs to know of it."""

    label: str
    patterns: tuple[Pattern, ...]
    literal: str = ""  # the phrase as written in the lexicon
    metadata: Mapping[str, Any] = field(default_factory=dict)


class SymptomTargets:
    """Sets `doc.ents` to the symptom phrases found, longest match wins."""

    def __init__(self, vocab: Vocab) -> None:
        self._vocab = vocab
        self._matcher = AnchoredMatcher(vocab)
        self._rules: list[SymptomRule] = []
        self._rule_of: dict[int, SymptomRule] = {}  # match id (one a pattern) -> rule
        if not Span.has_extension(RULE):
            Span.set_extension(RULE, default=None)

    @property
    def rules(self) -> list[SymptomRule]:
        """The rules, in the order they were added."""
        return list(self._rules)

    @property
    def labels(self) -> set[str]:
        return {rule.label for rule in self._rules}

    def add(self, rules: Iterable[SymptomRule]) -> None:
        """Add rules, after those added before (the order matters to spaCy's, so
        to medspaCy's, choice between matches of the same tokens)."""
        for rule in rules:
            if not rule.patterns:
                raise ValueError(f"the rule for {rule.literal!r} has no pattern")
            self._rules.append(rule)
            for pattern in rule.patterns:
                key = f"{rule.label}_{len(self._rule_of)}"
                self._matcher.add(key, [pattern])
                self._rule_of[self._vocab.strings[key]] = rule

    def __call__(self, doc: Doc) -> Doc:
        matches = prune_overlapping_matches(self._matcher(doc))
        spans = []
        for match_id, start, end in matches:
            rule = self._rule_of[match_id]
            span = Span(doc, start, end, label=rule.label)
            span._.set(RULE, rule)
            spans.append(span)
        if spans:  # as medspaCy's `doc.ents += (span,)`: an overlap is an error
            doc.set_ents([*doc.ents, *spans], default="outside")
        return doc


@Language.factory("symptom_targets")
def make_symptom_targets(nlp: Language, name: str) -> SymptomTargets:
    return SymptomTargets(nlp.vocab)
