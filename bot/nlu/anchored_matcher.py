"""spaCy's Matcher, as a word automaton asked only where a phrase can start.

spaCy's Matcher tries every pattern at every token, and the lexicon has about three
thousand symptom patterns and seventeen hundred ConText ones, most of their tokens
sets of words (`{"NORM": {"IN": [...]}}`) that spaCy tests by calling Python for
each token. This matcher holds the patterns instead in a trie of their tokens,
optional tokens folded in (a state also stands for every state reachable by
skipping optional tokens), so that each state knows, by word, the states the next
token leads to. From each token a message is walked through it for as long as some
state is alive: mostly not past the first word, which no phrase starts with.
`extract()` on `make bench-nlu`'s messages takes about a third of the time it took
with a spaCy Matcher per first word.

The trie holds the tokens that test the norm (a word, a set of words, all words
but a set), a number (LIKE_NUM) or a regular expression on the text, each at most
once (no OP, or "?"). A pattern with any other token ("*", "!", another attribute)
goes to a spaCy Matcher asked on the whole message: the lexicon writes none.

Only spaCy's public API is used, and no private attribute of spaCy or medspaCy is
read or written anywhere: this is not plugged into medspaCy. It matches the symptom
phrases in our own `symptom_targets` component (bot/nlu/targets.py, which replaces
medspaCy's target matcher), the side cues and onset phrases the extractor looks
for, and ConText's modifier phrases in bot/nlu/context.py (a subclass of medspaCy's
ConText that overrides `__call__` to ask this matcher, under the keys medspaCy gave
the rules).

The matches are exactly those of one spaCy Matcher holding every pattern. They come
by position, where spaCy's come in the order of its internal states; but matches of
the same tokens by different keys come in spaCy's order (asked of a Matcher holding
only those keys), because that is the order medspaCy's pruning and spaCy's
`filter_spans` choose by. tests/nlu/test_anchored_matcher.py checks, on every
message of the training data and the benchmark and a fixed sample of the annotated
mention files, that this matcher finds what spaCy's finds, in that order, and that
the pipeline finds the entities and extraction of one built with medspaCy's target
matcher.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

Pattern = list[dict[str, Any]]
Match = tuple[int, int, int]  # (match id, start token, end token)
UNLIMITED = 1 << 30
MAX_TIE_MATCHERS = 1024  # cached Matchers that order matches of the same tokens
BY_WORD_FROM = 8  # sets of words leading on from a state that make it look up by word
# What the trie reads of a doc: its tokens' norms, LIKE_NUM flags and texts.
Words = tuple[list[str], list[bool], list[str]]
Test = Callable[[Words, int], bool]


@dataclass(eq=False)
class _Branch:
    """A trie node while patterns are added: a token of a pattern leads from it."""

    children: dict[tuple[Any, bool], _Branch] = field(default_factory=dict)
    ends: list[int] = field(default_factory=list)  # match ids of patterns ending here

    def child(self, token: tuple[Any, bool]) -> _Branch:
        return self.children.setdefault(token, _Branch())


@dataclass(eq=False)
class _State:
    """A trie node with every node reachable by skipping optional tokens folded in:
    where the words lead (by word where many sets of words lead on, as from the
    start; else set by set, which takes far less memory), where the other tests
    lead, which patterns end here."""

    by_word: dict[str, list[_State]] = field(default_factory=dict)
    by_set: list[tuple[frozenset[str], _State]] = field(default_factory=list)
    tests: list[tuple[Test, _State]] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)


class AnchoredMatcher:
    """The part of spaCy's `Matcher` interface that bot/nlu/targets.py and the
    extractor use: `add`, and calling it on a doc, for matches or spans.

    Matches come by position (start, end); matches of the same tokens by different
    keys come in the order spaCy's Matcher holding every pattern gives them, which
    is all that medspaCy's pruning and spaCy's `filter_spans` look at."""

    def __init__(self, vocab: Vocab) -> None:
        self._vocab = vocab
        self._trie = _Branch()
        self._start: _State | None = None  # compiled from the trie when first asked
        self._read: tuple[Doc, Words] | None = None  # the last doc asked, as read
        self._others = Matcher(vocab)  # patterns the trie cannot hold
        self._longest = 0  # the longest match of any pattern, tokens
        self._order: dict[int, int] = {}  # match id -> when it was first added
        self._patterns: list[tuple[int, Pattern]] = []  # (match id, pattern) in order
        self._tie_matchers: dict[frozenset[int], Matcher] = {}

    def __len__(self) -> int:
        """The number of keys, as spaCy's Matcher counts its rules."""
        return len(self._order)

    @property
    def unanchored(self) -> int:
        """How many keys have patterns the trie cannot hold: spaCy matches those on
        the whole message, which is slow, so the lexicon should write none."""
        return len(self._others)

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
            self._longest = max(self._longest, _longest(pattern))
            tokens = _trie_tokens(pattern)
            if tokens is None:
                self._others.add(key, [pattern], on_match=on_match)
                continue
            branch = self._trie
            for token in tokens:
                branch = branch.child(token)
            branch.ends.append(match_id)
        self._start = None

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
        found: set[Match] = set()
        if len(self._others):
            found.update(
                (key, begin + start, begin + stop)
                for key, start, stop in self._others(doc[begin:])
                if start < end - begin
            )
        if self._start is None:
            self._start = _compile(self._trie, {})
        words = self._words(doc)
        for first in range(begin, min(end, len(doc))):
            _walk(self._start, words, first, found)
        ordered = sorted(found, key=self._position)
        return [
            match
            for (start, _), same in groupby(ordered, key=lambda m: (m[1], m[2]))
            for match in self._in_spacys_order(doc, start, list(same))
        ]

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

    def _words(self, doc: Doc) -> Words:
        """What the trie reads of `doc`; kept for the next call, as ConText asks
        several ranges of one doc in turn."""
        if self._read is None or self._read[0] is not doc:
            self._read = (doc, _words(doc))
        return self._read[1]

    def _position(self, match: Match) -> tuple[int, int, int]:
        match_id, start, end = match
        return start, end, self._order[match_id]


def _walk(start: _State, words: Words, first: int, found: set[Match]) -> None:
    """Every match starting at token `first`: the states alive after each token."""
    norms = words[0]
    alive = [start]
    for i in range(first, len(norms)):
        following: dict[int, _State] = {}
        for state in alive:
            for after in state.by_word.get(norms[i], ()):
                following[id(after)] = after
            for words_of_set, after in state.by_set:
                if norms[i] in words_of_set:
                    following[id(after)] = after
            for test, after in state.tests:
                if test(words, i):
                    following[id(after)] = after
        if not following:
            return
        alive = list(following.values())
        found.update((key, first, i + 1) for state in alive for key in state.ends)


def _words(doc: Doc) -> Words:
    return (
        [token.norm_ for token in doc],
        [token.like_num for token in doc],
        [token.text for token in doc],
    )


def _compile(branch: _Branch, done: dict[int, _State]) -> _State:
    """The state of a trie node: its own tokens and those of every node reached by
    skipping optional tokens, each leading to the state of the node it leads to."""
    state = done.get(id(branch))
    if state is not None:
        return state
    state = done[id(branch)] = _State()
    for node in _skipping_optional(branch):
        state.ends += [key for key in node.ends if key not in state.ends]
        for (test, _), child in node.children.items():
            after = _compile(child, done)
            if isinstance(test, frozenset):
                state.by_set.append((test, after))
            else:
                state.tests.append((_TESTS[test[0]](test[1]), after))
    if len(state.by_set) >= BY_WORD_FROM:
        for words, after in state.by_set:
            for word in words:
                state.by_word.setdefault(word, []).append(after)
        state.by_set = []
    return state


def _skipping_optional(branch: _Branch) -> list[_Branch]:
    """The node and every node reached from it over optional tokens alone (a trie:
    each is reached once)."""
    reached = [branch]
    for node in reached:
        reached += [child for (_, optional), child in node.children.items() if optional]
    return reached


_TESTS: dict[str, Callable[[Any], Test]] = {
    "not_in": lambda words: lambda w, i: w[0][i] not in words,
    "like_num": lambda flag: lambda w, i: w[1][i] == flag,
    "regex": lambda regex: lambda w, i: re.search(regex, w[2][i]) is not None,
}


def _trie_tokens(pattern: Pattern) -> list[tuple[Any, bool]] | None:
    """The pattern as trie tokens (test, optional), or None if a token is one the
    trie cannot hold. A test is a frozenset of norms, or (kind, value) for
    `_TESTS`."""
    tokens = []
    for token in pattern:
        op = token.get("OP")
        test = _test(token)
        if op not in (None, "?") or test is None:
            return None
        tokens.append((test, op == "?"))
    return tokens or None


def _test(token: dict[str, Any]) -> Any:
    tested = [(attr, value) for attr, value in token.items() if attr != "OP"]
    if len(tested) != 1:
        return None
    attr, value = tested[0]
    if attr == "NORM" and isinstance(value, str):
        return frozenset({value})
    if attr == "NORM" and isinstance(value, dict) and set(value) == {"IN"}:
        return frozenset(value["IN"])
    if attr == "NORM" and isinstance(value, dict) and set(value) == {"NOT_IN"}:
        return ("not_in", frozenset(value["NOT_IN"]))
    if attr == "LIKE_NUM" and isinstance(value, bool):
        return ("like_num", value)
    if attr == "TEXT" and isinstance(value, dict) and set(value) == {"REGEX"}:
        return ("regex", value["REGEX"])
    return None


def _longest(pattern: Pattern) -> int:
    """How many tokens a pattern can match at most: effectively unlimited if a
    token may repeat ("*", "+" or a count)."""
    if all(token.get("OP") in (None, "?", "!") for token in pattern):
        return len(pattern)
    return UNLIMITED
