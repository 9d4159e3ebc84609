"""Every way a visitor may write a lexicon word: listed spellings plus common typos.

spellings.yml lists plurals, verb forms, text-speak and misspellings by hand. On top
of that, long words (where people slip most) also match with one letter missing or
two neighbouring letters swapped ("hedache", "migarine"), unless spellings.yml names
that form as a real word that must not be read as a typo.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Spellings:
    """Listed variants per word and the rules for automatic typo forms."""

    variants: dict[str, tuple[str, ...]]
    typo_min_length: int
    not_typos: frozenset[str]
    never_correct: frozenset[str] = frozenset()  # "tmj", drug names: never "fixed"
    not_contractions: frozenset[str] = frozenset()  # "hed" is "head", not "he'd"

    def listed(self, word: str) -> tuple[str, ...]:
        """The word and the variants spellings.yml lists for it, without typos."""
        return (word, *self.variants.get(word, ()))

    def forms(self, word: str) -> set[str]:
        """The word, its listed variants and the typos of each of them."""
        listed = set(self.listed(word))
        typos = {typo for form in listed for typo in self._typos(form)}
        return listed | (typos - self.not_typos)

    def _typos(self, word: str) -> set[str]:
        if len(word) < self.typo_min_length or not word.isalpha():
            return set()
        deletions = {word[:i] + word[i + 1 :] for i in range(len(word))}
        swaps = {
            word[:i] + word[i + 1] + word[i] + word[i + 2 :]
            for i in range(len(word) - 1)
        }
        return (deletions | swaps) - {word}
