"""medspaCy's ConText, with its modifier phrases matched by the anchored matcher.

ConText (negation, someone else, doubt, the past...) matches its modifier phrases
with spaCy's Matcher, which tries each of context.yml's several hundred patterns at
every token: about half of `extract()`'s time on a long message once the symptom
phrases moved to bot/nlu/anchored_matcher.py. Here the same patterns, under the same
keys, go to an AnchoredMatcher, whose matches are exactly spaCy's, and only near
the clauses that hold a symptom (a modifier reaches no further than its own clause);
medspaCy's own `prune_overlapping_matches` then keeps what medspaCy's matcher keeps,
and the rest is medspaCy's algorithm as it is (its `ConTextGraph`,
`ConTextModifier`).

`__call__` is ConText's own (medspaCy 1.0) with only the matcher changed; medspaCy
keeps its matcher private, so it cannot be swapped in. The differential tests of
tests/nlu/test_anchored_matcher.py check that every annotated, training and
benchmark message gets the entities and extraction of medspaCy's ConText holding
the same rules.
"""

from collections.abc import Iterable

from medspacy.common.util import prune_overlapping_matches
from medspacy.context import ConText, ConTextRule
from medspacy.context.context_graph import ConTextGraph
from medspacy.context.context_modifier import ConTextModifier
from spacy.language import Language
from spacy.tokens import Doc, Span

from bot.nlu.anchored_matcher import UNLIMITED, AnchoredMatcher, Match

# No `from __future__ import annotations` here: spaCy reads the factory's type hints
# at run time to validate its config.


class AnchoredConText(ConText):
    """ConText whose modifiers are found by an AnchoredMatcher (see module)."""

    def __init__(self, nlp: Language, name: str) -> None:
        super().__init__(nlp, name=name, rules=None, span_attrs=None)
        self._anchored = AnchoredMatcher(nlp.vocab)
        self._rule_of: dict[str, ConTextRule] = {}

    def add(self, rules: Iterable[ConTextRule]) -> None:
        """medspaCy's `add` (which settles each rule's scope and terminations and
        gives it its key), then the rules' patterns to the anchored matcher."""
        rules = list(rules)
        super().add(rules)
        for rule in rules:
            self._rule_of[rule._rule_id] = rule
            self._anchored.add(rule._rule_id, [rule.pattern])

    def __call__(self, doc: Doc, targets: str | None = None) -> Doc:
        graph = ConTextGraph(prune_on_modifier_overlap=self.prune_on_target_overlap)
        graph.targets = getattr(doc._, targets) if targets else doc.ents
        graph.modifiers = [
            ConTextModifier(
                self._rule_of[self.nlp.vocab[match_id].text],
                start,
                end,
                doc,
                max_scope=self.max_scope,
            )
            for match_id, start, end in prune_overlapping_matches(
                self._matches_near(doc, graph.targets)
            )
        ]
        graph.update_scopes()
        graph.apply_modifiers()
        for target, modifier in graph.edges:
            target._.modifiers += (modifier,)
        doc._.context_graph = graph
        return doc

    def _matches_near(self, doc: Doc, targets: Iterable[Span]) -> list[Match]:
        """The modifier matches that can reach a target, and those pruning may weigh
        against them; matches of the same tokens in the anchored matcher's order,
        which is all that medspaCy's pruning (it sorts by position) takes from it.

        A modifier's scope is its own sentence (a clause, bot/nlu/clauses.py), so
        one in a sentence without a target modifies nothing: most of a long story's
        sentences hold none. Pruning keeps the longest of overlapping matches, so a
        match just outside the sentence may still decide which of its own survive;
        each sentence's tokens are widened to the nearest place on either side that
        no match crosses, where medspaCy's pruning starts afresh (see `_cut_before`
        and `_cut_after`)."""
        if self._anchored.reach >= UNLIMITED:
            return self._anchored(doc)
        found: dict[Match, None] = {}  # ordered set
        for begin, end in _sentences_of(doc, targets):
            before = self._cut_before(doc, begin)
            within = [*before, *self._anchored.starting_in(doc, begin, end)]
            for match in [*within, *self._cut_after(doc, end, within)]:
                found[match] = None
        return list(found)

    def _cut_before(self, doc: Doc, begin: int) -> list[Match]:
        """The matches from `begin` back to the nearest place no match crosses."""
        matches: list[Match] = []
        while begin > 0:
            earlier = self._anchored.starting_in(
                doc, max(begin - self._anchored.reach + 1, 0), begin
            )
            crossing = [start for _, start, end in earlier if end > begin]
            if not crossing:
                break
            begin = min(crossing)
            matches = [m for m in earlier if m[1] >= begin] + matches
        return matches

    def _cut_after(self, doc: Doc, end: int, matches: list[Match]) -> list[Match]:
        """The matches from `end` on, to the nearest place no match crosses."""
        later: list[Match] = []
        furthest = max((match[2] for match in matches), default=end)
        while furthest > end:
            more = self._anchored.starting_in(doc, end, furthest)
            later += more
            end, furthest = furthest, max((m[2] for m in more), default=furthest)
        return later


def _sentences_of(doc: Doc, targets: Iterable[Span]) -> list[tuple[int, int]]:
    """The token ranges of the sentences holding targets, in order, adjacent ones
    joined."""
    ranges: list[tuple[int, int]] = []
    for start, end in sorted(
        (doc[t.start].sent.start, doc[t.end - 1].sent.end) for t in targets
    ):
        if ranges and start <= ranges[-1][1]:
            ranges[-1] = (ranges[-1][0], max(end, ranges[-1][1]))
        else:
            ranges.append((start, end))
    return ranges


@Language.factory("symptom_context")
def make_symptom_context(nlp: Language, name: str) -> AnchoredConText:
    return AnchoredConText(nlp, name)
