"""The phrase notation of the lexicon files, and its compilation to spaCy patterns.

Clinicians write phrases, not spaCy token patterns, so the lexicon uses a small
notation (documented at the top of symptoms.yml):

    word            one word; its spellings (spellings.yml) and typos match too
    a|b|c           any one of these words
    (a b|c d)       any one of these word sequences
    x?  (a b|c)?    the word or group may be missing
    ...             up to three filler words, never a negation or a clause break
    <side>          a side word ("left", "right", ...): "my <side>? shoulder"
    <name>          a first name as written, capital first ("Jean"): context.yml
    <person>        a word for a relative or friend ("son", "nan"): facts.yml
    <number>        a number: "lost <number> kg"
    <past_year>     a year two or more before this one: "a fit in 2014"
    <high_bp>       a high blood pressure reading written 150/95
    <high_systolic> <high_diastolic>   the parts of a high reading, "190 over 110"
    <fever_temp>    a temperature of a fever: 37.8 to 42.9 (Celsius), 100 to 108 (F)
    <normal_temp>   a temperature that is no fever: 35.0 to 37.4
    <normal_bp>     a blood pressure reading that is not high: 90-139 over 50-89

Parsing is pure Python so the loader can reject a malformed phrase with its file and
line before anything else runs; compiling needs the spaCy tokenizer, so that words
are split and normalised ("can't" -> can not) exactly as the visitor's text will be.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

GAP = "..."
SIDE = "<side>"
NAME = "<name>"
PERSON = "<person>"
PAST_YEAR = "<past_year>"
FIRST_PAST_YEAR = 1930
# Tokens with a fixed meaning; <side> (sides.yml), <name> (context.yml), <person>
# (facts.yml) and <past_year> (today's date) are filled by the compiler.
FIXED_SPECIALS: dict[str, dict[str, object]] = {
    "<number>": {"LIKE_NUM": True},
    "<high_bp>": {
        "TEXT": {"REGEX": r"^(1[4-9]\d|2\d\d)/\d{2,3}$|^\d{2,3}/(9\d|1\d\d)$"}
    },
    "<high_systolic>": {"TEXT": {"REGEX": r"^(1[4-9]\d|2\d\d)$"}},
    "<high_diastolic>": {"TEXT": {"REGEX": r"^(9\d|1\d\d)$"}},
    "<fever_temp>": {
        "TEXT": {
            "REGEX": r"^(37\.[89]\d?|3[89](\.\d+)?|4[0-2](\.\d+)?|10[0-8](\.\d+)?)$"
        }
    },
    "<normal_temp>": {"TEXT": {"REGEX": r"^(3[56](\.\d+)?|37(\.[0-4]\d?)?)$"}},
    "<normal_bp>": {"TEXT": {"REGEX": r"^(9\d|1[0-3]\d)/([5-8]\d)$"}},
}
SPECIALS = (GAP, SIDE, NAME, PERSON, PAST_YEAR, *FIXED_SPECIALS)
GAP_WIDTH = 3
MAX_PATTERNS_PER_PHRASE = 400

TokenSpec = dict[str, object]
Pattern = list[TokenSpec]
Tokenize = Callable[[str], list[str]]  # text -> the NORM of each token
Forms = Callable[[str], set[str]]  # word -> every way of writing it


class PhraseSyntaxError(ValueError):
    """A phrase that does not follow the notation; the loader adds file and line."""


@dataclass(frozen=True)
class Slot:
    """One position of a phrase: alternatives (tuples of words), maybe optional."""

    alternatives: tuple[tuple[str, ...], ...]
    optional: bool = False

    @property
    def is_gap(self) -> bool:
        return self.alternatives == ((GAP,),)

    @property
    def special(self) -> str | None:
        """The special token this slot stands for (`<side>`, `<number>`...), if any."""
        if len(self.alternatives) == 1 and self.alternatives[0][0] in SPECIALS:
            return self.alternatives[0][0]
        return None


def parse_phrase(text: str) -> tuple[Slot, ...]:
    """Split a phrase into slots; raise PhraseSyntaxError if it is malformed."""
    slots = tuple(_slot(item) for item in _items(text))
    if not slots:
        raise PhraseSyntaxError("empty phrase")
    if all(slot.optional or slot.is_gap for slot in slots):
        raise PhraseSyntaxError("every part is optional, so it would match anything")
    if slots[0].is_gap or slots[-1].is_gap:
        raise PhraseSyntaxError(f"'{GAP}' must stand between two words")
    return slots


def _items(text: str) -> list[str]:
    """Top-level items: words, and parenthesised groups kept whole."""
    items: list[str] = []
    depth, current = 0, ""
    for char in text.strip():
        if char == "(":
            if depth:
                raise PhraseSyntaxError("groups cannot be nested")
            depth = 1
        elif char == ")":
            if not depth:
                raise PhraseSyntaxError("')' without '('")
            depth = 0
        if char.isspace() and not depth:
            if current:
                items.append(current)
            current = ""
        else:
            current += char
    if depth:
        raise PhraseSyntaxError("'(' without ')'")
    if current:
        items.append(current)
    return items


def _slot(item: str) -> Slot:
    optional = item.endswith("?") and len(item) > 1
    body = item[:-1] if optional else item
    if body in SPECIALS:
        if body == GAP and optional:
            raise PhraseSyntaxError(f"'{GAP}' is already optional")
        return Slot(((body,),), optional)
    if body.startswith("("):
        if not body.endswith(")"):
            raise PhraseSyntaxError(f"text after ')' in {item!r}")
        body = body[1:-1]
    elif "(" in body or ")" in body:
        raise PhraseSyntaxError(f"a group must be a whole item, not {item!r}")
    alternatives = tuple(tuple(alt.split()) for alt in body.split("|"))
    if any(not alt for alt in alternatives):
        raise PhraseSyntaxError(f"empty alternative in {item!r}")
    if any(word in SPECIALS for alt in alternatives for word in alt):
        raise PhraseSyntaxError(f"{', '.join(SPECIALS)} must stand alone")
    if any(word.startswith("<") for alt in alternatives for word in alt):
        raise PhraseSyntaxError(f"unknown special word in {item!r}")
    return Slot(alternatives, optional)


def _past_years(this_year: int) -> list[str]:
    """Years at least two before this one: last year's December may be recent."""
    return [str(year) for year in range(FIRST_PAST_YEAR, this_year - 1)]


class PhraseCompiler:
    """Turns parsed phrases into spaCy Matcher patterns on the NORM attribute."""

    def __init__(
        self,
        tokenize: Tokenize,
        forms: Forms,
        gap_blockers: Iterable[str],
        side_words: Iterable[str],
        first_names: Iterable[str] = (),
        person_words: Iterable[str] = (),
    ) -> None:
        self._tokenize = tokenize
        self._forms = forms
        self._gap: TokenSpec = {
            "NORM": {"NOT_IN": sorted(set(gap_blockers))},
            "OP": "?",
        }
        self._specials: dict[str, TokenSpec] = {
            SIDE: {"NORM": {"IN": sorted(set(side_words))}},
            # the text, not the norm: "Bill had a stroke", not "the bill"
            NAME: {"TEXT": {"REGEX": _one_of(first_names)}},
            PERSON: {"NORM": {"IN": sorted(set(person_words))}},
            PAST_YEAR: {"NORM": {"IN": _past_years(date.today().year)}},
            **FIXED_SPECIALS,
        }

    def compile(self, text: str) -> list[Pattern]:
        """All token patterns for one phrase (raises PhraseSyntaxError if too many)."""
        branches = [self._slot_branches(slot) for slot in parse_phrase(text)]
        patterns = [
            [spec for branch in combination for spec in branch]
            for combination in itertools.product(*branches)
        ]
        patterns = [p for p in patterns if p]
        if len(patterns) > MAX_PATTERNS_PER_PHRASE:
            raise PhraseSyntaxError(
                f"expands to {len(patterns)} patterns; split it into simpler phrases"
            )
        return patterns

    def _slot_branches(self, slot: Slot) -> list[Pattern]:
        if slot.is_gap:
            return [[dict(self._gap) for _ in range(GAP_WIDTH)]]
        if slot.special:
            branches = [[dict(self._specials[slot.special])]]
        else:
            branches = _merge_single_tokens(
                branch for alt in slot.alternatives for branch in self._sequence(alt)
            )
        if not slot.optional:
            return branches
        if len(branches) == 1 and len(branches[0]) == 1:
            return [[{**branches[0][0], "OP": "?"}]]
        return [*branches, []]

    def _sequence(self, words: Sequence[str]) -> list[Pattern]:
        per_word = [self._word(word) for word in words]
        return [
            [spec for part in combination for spec in part]
            for combination in itertools.product(*per_word)
        ]

    def _word(self, word: str) -> list[Pattern]:
        """The word and its spellings, each as a token sequence (mostly one token)."""
        norms = {tuple(self._tokenize(form)) for form in self._forms(word.lower())}
        return _merge_single_tokens([{"NORM": n} for n in seq] for seq in norms if seq)


def _one_of(words: Iterable[str]) -> str:
    """A regular expression for exactly one of `words` (none: matches nothing)."""
    alternatives = "|".join(sorted(map(re.escape, set(words))))
    return f"^({alternatives})$" if alternatives else "$^"


def _merge_single_tokens(branches: Iterable[Pattern]) -> list[Pattern]:
    """Fold one-token branches into a single `IN` token so patterns stay few."""
    singles: set[str] = set()
    longer: list[Pattern] = []
    for branch in branches:
        if len(branch) == 1 and _plain_norms(branch[0]) is not None:
            singles |= _plain_norms(branch[0])
        elif branch not in longer:
            longer.append(branch)
    merged: list[Pattern] = [[{"NORM": {"IN": sorted(singles)}}]] if singles else []
    return merged + longer


def _plain_norms(spec: TokenSpec) -> set[str] | None:
    """The norms a spec accepts, if it is a plain NORM test without an operator."""
    if set(spec) != {"NORM"}:
        return None
    norm = spec["NORM"]
    if isinstance(norm, str):
        return {norm}
    if isinstance(norm, dict) and set(norm) == {"IN"}:
        return set(norm["IN"])
    return None
