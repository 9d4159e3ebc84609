"""Typos of symptom words read as the words: "doble vision", "my sholder", "nausious".

A spaCy component after the tokenizer. A word the English dictionary of symspellpy
(shipped in the package) does not know is looked up there, one edit away; if the
closest words include one of the lexicon's own words, the token's NORM becomes it,
so the phrase matchers (which match on NORM) read it. The text and its offsets are
untouched. Only lexicon words are ever suggested: correcting to other English words
would not change what is found, and could only add risk. Words in spellings.yml
`never_correct` (TMJ, drug names, shorthand) are known words, never corrected.

A word stretched for emphasis, as texters do ("nooo fever", "nahhh", "sooo
dizzy"), reads as the word it stretches when the English dictionary knows that
word: any word, as stretching is no guess (a "nooo" is a "no"; a letter said twice
is no stretch: Scots "noo" is "now").
"""

import re
from importlib.resources import files

from spacy.language import Language
from spacy.tokens import Doc
from symspellpy import SymSpell, Verbosity

# No `from __future__ import annotations`: spaCy reads the factory's type hints.

DICTIONARY = "frequency_dictionary_en_82_765.txt"
MAX_EDITS = 1
SHORTEST = 3  # shorter words are too often something else ("hd", "nk")
STRETCHED = re.compile(r"(\w)\1{2,}")  # a letter said three times or more


class SpellingCorrector:
    """Sets `Token.norm_` of unknown words that are one edit off a lexicon word."""

    def __init__(self, targets: list[str], never_correct: list[str]) -> None:
        self.targets = frozenset(targets)
        self.symspell = SymSpell(max_dictionary_edit_distance=MAX_EDITS)
        self.symspell.load_dictionary(
            str(files("symspellpy") / DICTIONARY), term_index=0, count_index=1
        )
        for word in (*targets, *never_correct):
            self.symspell.create_dictionary_entry(word, 1)
        self.known = frozenset(self.symspell.words)

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            word = token.lower_
            if len(word) >= SHORTEST and token.is_alpha and word not in self.known:
                corrected = self.unstretched(word) or self.correct(
                    STRETCHED.sub(r"\1", word)
                )
                if corrected:
                    token.norm_ = corrected
        return doc

    def unstretched(self, word: str) -> str | None:
        """The known word a stretched one stretches: "nooo" -> "no", "sooo" ->
        "so", "sleeep" -> "sleep". A letter said twice is left alone: Scots "noo"
        is "now"."""
        candidates = [
            STRETCHED.sub(r"\1", word),
            STRETCHED.sub(r"\1\1", word),
        ]
        changed = [c for c in candidates if c != word]
        return next((c for c in changed if c in self.known), None)

    def correct(self, word: str) -> str | None:
        """The most frequent lexicon word among the closest suggestions, if any."""
        closest = self.symspell.lookup(word, Verbosity.CLOSEST, MAX_EDITS)
        ours = [s for s in closest if s.term in self.targets]
        return max(ours, key=lambda s: s.count).term if ours else None


@Language.factory(
    "symptom_spelling", default_config={"targets": [], "never_correct": []}
)
def make_spelling_corrector(
    nlp: Language, name: str, targets: list[str], never_correct: list[str]
) -> SpellingCorrector:
    return SpellingCorrector(targets, never_correct)
