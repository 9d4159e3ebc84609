"""spaCy's Matcher, asked only for the patterns a message could start.

spaCy's Matcher tries every pattern at every token, and the lexicon has about nine
hundred symptom patterns and a couple of hundred more for sides and onset. With
this matcher for them, `extract()` on `make bench-nlu`'s messages takes about 1.0
ms at the median and 6 ms at p95 instead of 1.8 and 12 ms (the 2-core machine,
with other work running). ConText's modifier phrases go through it too.

Almost every pattern starts with a token that accepts a fixed set of words
(`{"NORM": "jaw"}`, `{"NORM": {"IN": [...]}}`), or with optional such tokens before
one (ConText's "(but)? nothing since"), and it can only match where one of those
words is. So the patterns are kept in groups by that first token, each group
in a Matcher of its own, and a message is matched only by the groups whose first
words it contains, and only on the few tokens from each place one of those words
is (a pattern is at most so many tokens long). Patterns that start otherwise (an
optional token, a number, a regular expression) form one group asked on the whole
message every time.

Only spaCy's public Matcher API is used, and no private attribute of spaCy or
medspaCy is read or written anywhere: this is not plugged into medspaCy. It matches
the symptom phrases in our own `symptom_targets` component (bot/nlu/targets.py,
which replaces medspaCy's target matcher) and the side cues and onset phrases the
extractor looks for, and ConText's modifier phrases in bot/nlu/context.py (a
subclass of medspaCy's ConText that overrides `__call__` to ask this matcher, under
the keys medspaCy gave the rules).

The matches are exactly those of one Matcher holding every pattern. They come by
position, where spaCy's come in the order of its internal states; but matches of
the same tokens by different keys come in spaCy's order (asked of a Matcher holding
only those keys), because that is the order medspaCy's pruning and spaCy's
`filter_spans` choose by. tests/nlu/test_anchored_matcher.py checks, on every
message of the training data, the annotated mention files and the benchmark, that
this matcher finds what spaCy's finds, in that order, and that the pipeline finds
the entities and extraction of one built with medspaCy's target matcher.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from itertools import groupby
from typing import Any

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

Pattern = list[dict[str, Any]]
Match = tuple[int, int, int]  # (match id, start token, end token)
UNLIMITED = 1 << 30
MAX_TIE_MATCHERS = 1024  # cached Matchers that order matches of the same tokens


class AnchoredMatcher:
    """The part of spaCy's `Matcher` interface that bot/nlu/targets.py and the
    extractor use: `add`, and calling it on a doc, for matches or spans.

    Matches come by position (start, end); matches of the same tokens by different
    keys come in the order spaCy's Matcher holding every pattern gives them, which
    is all that medspaCy's pruning and spaCy's `filter_spans` look at."""

    def __init__(self, vocab: Vocab) -> None:
        self._vocab = vocab
        self._groups: dict[frozenset[str] | None, Matcher] = {}
        self._reach: dict[frozenset[str] | None, int] = {}  # longest match, tokens
        self._longest = 0  # the longest match of any group, tokens
        self._groups_of_word: dict[str, set[frozenset[str]]] = defaultdict(set)
        self._order: dict[int, int] = {}  # match id -> when it was first added
        self._patterns: list[tuple[int, Pattern]] = []  # (match id, pattern) in order
        self._tie_matchers: dict[frozenset[int], Matcher] = {}

    def __len__(self) -> int:
        """The number of keys, as spaCy's Matcher counts its rules."""
        return len(self._order)

    def add(
        self,
        key: str,
        patterns: Iterable[Pattern],
        on_match: Callable[..., Any] | None = None,
    ) -> None:
        match_id = self._vocab.strings.add(key)
        self._order.setdefault(match_id, len(self._order))
        for pattern in patterns:
            self._patterns.append((match_id, pattern))
            anchor = _first_words(pattern)
            if anchor not in self._groups:
                self._groups[anchor] = Matcher(self._vocab)
                if anchor is not None:
                    for word in anchor:
                        self._groups_of_word[word].add(anchor)
            self._groups[anchor].add(key, [pattern], on_match=on_match)
            reach = max(self._reach.get(anchor, 0), _longest(pattern))
            self._reach[anchor] = reach
            self._longest = max(self._longest, reach)

    def __call__(self, doc: Doc, as_spans: bool = False) -> list[Match] | list[Span]:
        matches = self.starting_in(doc, 0, len(doc))
        if as_spans:
            return [Span(doc, start, end, label=key) for key, start, end in matches]
        return matches

    @property
    def reach(self) -> int:
        """The most tokens a match can span (UNLIMITED if a pattern repeats a token)."""
        return self._longest

    def starting_in(self, doc: Doc, begin: int, end: int) -> list[Match]:
        """The matches that start at tokens begin..end-1 (they may end past `end`),
        in the order of `__call__`, whose matches starting there they are."""
        found: list[Match] = []
        if None in self._groups:
            found = self._offset(self._groups[None](doc[begin:]), begin)
        for anchor, starts in self._starts_by_group(doc, begin, end).items():
            for first, last in _windows(starts, self._reach[anchor], len(doc)):
                found += self._offset(self._groups[anchor](doc[first:last]), first)
        matches = {match for match in found if begin <= match[1] < end}
        ordered = sorted(matches, key=self._position)
        return [
            match
            for (start, _), same in groupby(ordered, key=lambda m: (m[1], m[2]))
            for match in self._in_spacys_order(doc, start, list(same))
        ]

    @staticmethod
    def _offset(found: list[Match], first: int) -> list[Match]:
        """Matches of a slice starting at token `first`, in the doc's positions."""
        return [(key, first + start, first + end) for key, start, end in found]

    def _in_spacys_order(self, doc: Doc, start: int, same: list[Match]) -> list[Match]:
        """Matches of the same tokens, by different keys, in the order spaCy's
        Matcher holding every pattern gives them.

        spaCy's order follows its internal states, and the relative order of two
        states depends only on their own patterns and tokens: a Matcher holding
        only these keys' patterns, in the order they were added, run from `start`
        to one token past the end (a match may be given when the token after it
        is read), gives these matches in the same order."""
        if len(same) == 1:
            return same
        keys = frozenset(match_id for match_id, _, _ in same)
        end = same[0][2]
        found = self._tie_matcher(keys)(doc[start : end + 1])
        length = end - start
        order = {key: n for n, (key, s, e) in enumerate(found) if (s, e) == (0, length)}
        return sorted(same, key=lambda match: order[match[0]])

    def _tie_matcher(self, keys: frozenset[int]) -> Matcher:
        matcher = self._tie_matchers.get(keys)
        if matcher is None:
            if len(self._tie_matchers) >= MAX_TIE_MATCHERS:
                self._tie_matchers.clear()
            matcher = self._tie_matchers[keys] = Matcher(self._vocab)
            for match_id, pattern in self._patterns:
                if match_id in keys:
                    matcher.add(self._vocab.strings[match_id], [pattern])
        return matcher

    def _starts_by_group(
        self, doc: Doc, begin: int, end: int
    ) -> dict[frozenset[str], list[int]]:
        """The groups to ask, each with the tokens from begin to end (in order) where
        one of its words is."""
        starts: dict[frozenset[str], list[int]] = defaultdict(list)
        for token in doc[begin:end]:
            for anchor in self._groups_of_word.get(token.norm_, ()):
                starts[anchor].append(token.i)
        return starts

    def _position(self, match: Match) -> tuple[int, int, int]:
        match_id, start, end = match
        return start, end, self._order[match_id]


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
    """The words (norms) a match of the pattern can start with: those of its first
    token, and while that token is optional ("(but)? nothing since") those of the
    next; None if one of them is not a plain test of the norm, or all are optional."""
    words: set[str] = set()
    for token in pattern:
        accepted = _norms(token) if token.get("OP") in (None, "?") else None
        if accepted is None:
            return None
        words |= accepted
        if "OP" not in token:
            return frozenset(words)
    return None


def _norms(token: dict[str, Any]) -> frozenset[str] | None:
    """The norms a token accepts, if it tests the norm alone."""
    if set(token) - {"OP"} != {"NORM"}:
        return None
    norm = token["NORM"]
    if isinstance(norm, str):
        return frozenset({norm})
    if isinstance(norm, dict) and set(norm) == {"IN"}:
        return frozenset(norm["IN"])
    return None
