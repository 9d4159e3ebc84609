"""spaCy's Matcher, asked only for the patterns a message could start.

spaCy's Matcher tries every pattern at every token, and the lexicon has about nine
hundred symptom patterns and a few hundred more for ConText, sides and onset: with
it, extracting the symptoms of `make bench-nlu`'s messages takes 0.9 ms at the
median and 5.8 ms at p95 (long stories), with this matcher 0.35 and 2.0 ms.

Almost every pattern starts with a token that accepts a fixed set of words
(`{"NORM": "jaw"}`, `{"NORM": {"IN": [...]}}`), and it can only match where one of
those words is. So the patterns are kept in groups by that first token, each group
in a Matcher of its own, and a message is matched only by the groups whose first
words it contains, and only on the few tokens from each place one of those words
is (a pattern is at most so many tokens long). Patterns that start otherwise (an
optional token, a number, a regular expression) form one group asked on the whole
message every time.

The matches are exactly those of one Matcher holding every pattern. Their order
differs: by position, then by the order the phrases were added, where spaCy's
follows its internal states. It only matters when two phrases match the same tokens
(medspaCy keeps the first); on every message of the training, held-out and
benchmark data every token matcher finds the same, and the extraction is the same
(tests/nlu/test_anchored_matcher.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

Pattern = list[dict[str, Any]]
Match = tuple[int, int, int]  # (match id, start token, end token)
UNLIMITED = 1 << 30


class AnchoredMatcher:
    """The part of spaCy's `Matcher` interface that medspaCy and the extractor use:
    `add`, and calling it on a doc, for matches or spans."""

    def __init__(self, vocab: Vocab) -> None:
        self._vocab = vocab
        self._groups: dict[frozenset[str] | None, Matcher] = {}
        self._reach: dict[frozenset[str] | None, int] = {}  # longest match, tokens
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
            reach = max(self._reach.get(anchor, 0), _longest(pattern))
            self._reach[anchor] = reach

    def __call__(self, doc: Doc, as_spans: bool = False) -> list[Match] | list[Span]:
        matches = self._matches(doc)
        if as_spans:
            return [Span(doc, start, end, label=key) for key, start, end in matches]
        return matches

    def _matches(self, doc: Doc) -> list[Match]:
        matches = [] if None not in self._groups else self._groups[None](doc)
        for anchor, starts in self._starts_by_group(doc).items():
            for begin, end in _windows(sorted(starts), self._reach[anchor], len(doc)):
                found = self._groups[anchor](doc[begin:end])
                matches += [(key, begin + s, begin + e) for key, s, e in found]
        return sorted(set(matches), key=self._position)

    def _starts_by_group(self, doc: Doc) -> dict[frozenset[str], list[int]]:
        """The groups to ask, each with the tokens where one of its words is."""
        starts: dict[frozenset[str], list[int]] = defaultdict(list)
        for token in doc:
            for anchor in self._groups_of_word.get(token.norm_, ()):
                starts[anchor].append(token.i)
        return starts

    def _position(self, match: Match) -> tuple[int, int, int]:
        match_id, start, end = match
        return start, end, self._order[match_id]


TokenMatcher = AnchoredMatcher | Matcher  # both: `add`, and called on a doc


def _windows(starts: list[int], reach: int, length: int) -> Iterator[tuple[int, int]]:
    """Token ranges holding every match that starts at `starts`: `reach` tokens from
    each, overlapping ranges merged so each match is found once."""
    begin = end = -1
    for start in starts:
        if start > end:
            if end > begin:
                yield begin, end
            begin = start
        end = min(start + reach, length)
    if end > begin:
        yield begin, end


def _longest(pattern: Pattern) -> int:
    """How many tokens a pattern can match at most: effectively unlimited if a
    token may repeat ("*", "+" or a count)."""
    if all(token.get("OP") in (None, "?", "!") for token in pattern):
        return len(pattern)
    return UNLIMITED


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
