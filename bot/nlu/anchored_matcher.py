"""spaCy's Matcher, asked only for the patterns a message could start.

spaCy's Matcher tries every pattern at every token: with the lexicon's nine hundred
symptom patterns, a long story (50+ tokens) spends about 10 ms there, a third of
Rasa's whole parse (`make bench-nlu`). Almost every pattern starts with a token that
accepts a fixed set of words (`{"NORM": "jaw"}`, `{"NORM": {"IN": [...]}}`), and it
can only match where one of those words is. So the patterns are kept in groups by
that first token, each group in a Matcher of its own, and a message is matched only
by the groups whose first words it contains. Patterns that start otherwise (an
optional token, a number, a regular expression) form one group asked every time.

The matches are exactly those of one Matcher holding every pattern. Their order
differs: by position, then by the order the phrases were added, where spaCy's
follows its internal states. It only matters when two phrases match the same tokens
(medspaCy keeps the first); on every message of the training, held-out and
benchmark data such phrases name the same concept, present or absent alike, and
the extraction is the same (tests/nlu/test_anchored_matcher.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

Pattern = list[dict[str, Any]]
Match = tuple[int, int, int]  # (match id, start token, end token)


class AnchoredMatcher:
    """The part of spaCy's `Matcher` interface that medspaCy uses: `add`, `call`."""

    def __init__(self, vocab: Vocab) -> None:
        self._vocab = vocab
        self._groups: dict[frozenset[str] | None, Matcher] = {}
        self._groups_of_word: dict[str, set[frozenset[str]]] = defaultdict(set)
        self._order: dict[int, int] = {}  # match id -> when its patterns were added

    def __len__(self) -> int:
        return sum(len(matcher) for matcher in self._groups.values())

    def add(
        self,
        key: str,
        patterns: Iterable[Pattern],
        on_match: Callable[..., Any] | None = None,
    ) -> None:
        self._order.setdefault(self._vocab.strings.add(key), len(self._order))
        for pattern in patterns:
            anchor = _first_words(pattern)
            if anchor not in self._groups:
                self._groups[anchor] = Matcher(self._vocab)
                for word in anchor or ():
                    self._groups_of_word[word].add(anchor)
            self._groups[anchor].add(key, [pattern], on_match=on_match)

    def __call__(self, doc: Doc) -> list[Match]:
        matches = [
            match
            for anchor in self._groups_to_ask(doc)
            for match in self._groups[anchor](doc)
        ]
        return sorted(set(matches), key=self._position)

    def _groups_to_ask(self, doc: Doc) -> set[frozenset[str] | None]:
        asked: set[frozenset[str] | None] = {None} & self._groups.keys()
        for word in {token.norm_ for token in doc}:
            asked |= self._groups_of_word.get(word, set())
        return asked

    def _position(self, match: Match) -> tuple[int, int, int]:
        match_id, start, end = match
        return start, end, self._order[match_id]


def _first_words(pattern: Pattern) -> frozenset[str] | None:
    """The words (norms) a pattern's first token accepts, or None if that is not a
    plain, required test of the norm."""
    first = pattern[0] if pattern else {}
    if set(first) != {"NORM"}:
        return None
    norm = first["NORM"]
    if isinstance(norm, str):
        return frozenset({norm})
    if isinstance(norm, dict) and set(norm) == {"IN"}:
        return frozenset(norm["IN"])
    return None
