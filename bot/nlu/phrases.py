"""A message's words as context.yml's word-list phrases are matched against them.

The passes that read answers and corrections (echoes.py, corrections.py) match
phrases of token norms, where a punctuation mark or the end of the message is a
break (END) that a phrase can require ("I'm not." but not "I'm not dieting").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Token

END = "\n"  # a punctuation mark or the end of the message


def words_with_ends(tokens: Iterable[Token]) -> list[str]:
    """The tokens' norms, each punctuation mark as END, and END at the end."""
    return [END if t.is_punct else t.norm_ for t in tokens] + [END]


def phrase_at(words: Sequence[str], i: int, phrase: Sequence[str]) -> bool:
    """Whether `phrase` is said in `words` from position `i`."""
    return tuple(words[i : i + len(phrase)]) == tuple(phrase)


def says_any(words: Sequence[str], phrases: Iterable[Sequence[str]]) -> bool:
    """Whether one of `phrases` is said anywhere in `words`."""
    return any(
        phrase_at(words, i, phrase)
        for phrase in phrases
        for i in range(len(words) - len(phrase) + 1)
    )
