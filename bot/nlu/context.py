"""medspaCy's ConText, with its modifier phrases matched by the anchored matcher.

ConText (negation, someone else, doubt, the past...) matches its modifier phrases
with spaCy's Matcher, which tries each of context.yml's several hundred patterns at
every token: about half of `extract()`'s time on a long message once the symptom
phrases moved to bot/nlu/anchored_matcher.py. Here the same patterns, under the same
keys, go to an AnchoredMatcher, whose matches are exactly spaCy's; medspaCy's own
`prune_overlapping_matches` then keeps what medspaCy's matcher keeps, and the rest
is medspaCy's algorithm as it is (its `ConTextGraph`, `ConTextModifier`).

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
from spacy.tokens import Doc

from bot.nlu.anchored_matcher import AnchoredMatcher

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
            for match_id, start, end in prune_overlapping_matches(self._anchored(doc))
        ]
        graph.update_scopes()
        graph.apply_modifiers()
        for target, modifier in graph.edges:
            target._.modifiers += (modifier,)
        doc._.context_graph = graph
        return doc


@Language.factory("symptom_context")
def make_symptom_context(nlp: Language, name: str) -> AnchoredConText:
    return AnchoredConText(nlp, name)
