"""The phrase notation of the lexicon: parsing and compiling to spaCy patterns."""

from __future__ import annotations

from datetime import date

import pytest
import spacy
from spacy.matcher import Matcher

from bot.nlu.lexicon.phrases import PhraseCompiler, PhraseSyntaxError, parse_phrase
from bot.nlu.lexicon.spellings import Spellings


@pytest.mark.parametrize(
    ("phrase", "problem"),
    [
        ("", "empty"),
        ("(a|b", "'\\(' without '\\)'"),
        ("a|b)", "'\\)' without '\\('"),
        ("((a|b))", "nested"),
        ("a||b", "empty alternative"),
        ("x? y?", "every part is optional"),
        ("... neck", "between two words"),
        ("neck ...?", "already optional"),
        ("(a|<side>) neck", "must stand alone"),
        ("<knee> pain", "unknown special"),
        ("x(a|b)", "whole item"),
    ],
)
def test_malformed_phrases_are_refused(phrase: str, problem: str) -> None:
    with pytest.raises(PhraseSyntaxError, match=problem):
        parse_phrase(phrase)


@pytest.fixture(scope="module")
def compiler() -> PhraseCompiler:
    nlp = spacy.blank("en")
    spellings = Spellings({"neck": ("nek",), "can't": ("cant",)}, 7, frozenset())
    return PhraseCompiler(
        lambda text: [t.norm_ for t in nlp.make_doc(text)],
        spellings.forms,
        gap_blockers={"not", ",", "and"},
        side_words={"left", "right"},
        first_names=("Jean", "Bill"),
    )


@pytest.mark.parametrize(
    ("phrase", "text", "matches"),
    [
        ("stiff neck", "my stiff nek", True),  # listed spelling
        ("stiff neck", "a stiff neck's", True),
        ("neck ... stiff", "neck is so very stiff", True),
        ("neck ... stiff", "neck is so very very stiff", False),  # gap of 3 words
        ("neck ... stiff", "neck is not stiff", False),  # gaps never skip negations
        ("neck ... stiff", "neck, stiff", False),
        ("can't turn (my|the)? head", "cannot turn head", True),
        ("can't turn (my|the)? head", "i cant turn my head", True),
        ("(back of|base of) (my|the)? skull", "base of the skull", True),
        ("my <side>? shoulder", "my left shoulder", True),
        ("my <side>? shoulder", "my shoulder", True),
        ("headache", "hedache", True),  # automatic typo of a long word
        ("headache", "hdache", False),  # two letters off
        ("lost <number> kg", "lost 10 kg", True),
        ("bp <high_bp>", "bp 150/95", True),
        ("bp <high_bp>", "bp 120/80", False),
        ("<name> had", "Jean had", True),
        ("<name> had", "Bill had", True),
        ("<name> had", "the bill had", False),  # a name as written, capital first
        ("<name> had", "Joan had", False),  # not listed
        ("in <past_year>", "in 2014", True),
        ("in <past_year>", f"in {date.today().year - 1}", False),  # may be recent
        ("in <past_year>", "in 14", False),
    ],
)
def test_compiled_patterns_match_what_the_phrase_says(
    compiler: PhraseCompiler, phrase: str, text: str, matches: bool
) -> None:
    nlp = spacy.blank("en")
    matcher = Matcher(nlp.vocab)
    matcher.add("x", compiler.compile(phrase))
    assert bool(matcher(nlp(text))) is matches


def test_a_phrase_with_too_many_combinations_is_refused(
    compiler: PhraseCompiler,
) -> None:
    alternatives = "|".join(f"w{n} x{n}" for n in range(30))
    with pytest.raises(PhraseSyntaxError, match="split it"):
        compiler.compile(f"({alternatives}) ({alternatives})")
