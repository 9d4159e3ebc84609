"""What the visitor takes back: the later word wins.

"yes to fainting - sorry I meant no, I've never fainted", "I ticked fever by
mistake, ignore that, no fever", "I fainted in the kitchen last week, scratch that,
it was my husband who fainted": a concept said before a correction and named again
after it is what the words after it say. ConText reads each mention alone, so
without this pass the retracted one stays present beside the correction. The
extractor runs it after ConText and the other passes.

A correction is one of context.yml's `corrections.whole` said as a whole ("scratch
that,", "my mistake.", "wrong button"), not inside a clause ("my mistake was not
eating"), or one of `corrections.leading`, which leads the corrected words ("I
meant", "meant to say").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span

from bot.nlu.lexicon.model import Corrections
from bot.nlu.phrases import END, phrase_at, words_with_ends
from bot.screening.findings import Mention


def retracted(
    doc: Doc,
    found: Sequence[Span],
    mentions: list[Mention],
    corrections: Corrections,
    red_flags: frozenset[str],
) -> list[Mention]:
    """Each mention said before a correction as the same concept's first mention
    after it, if there is one; a red flag the correction takes back without naming
    it again is in doubt, for the dialogue to ask it again ("blood pressure high.
    Scratch that, that's my brother.")."""
    cues = _corrections(doc, corrections)
    return [
        _corrected(span, m, found, mentions, cues, red_flags)
        for span, m in zip(found, mentions, strict=True)
    ]


def _corrected(
    span: Span,
    mention: Mention,
    found: Sequence[Span],
    mentions: list[Mention],
    cues: list[int],
    red_flags: frozenset[str],
) -> Mention:
    after = next((cue for cue in cues if cue >= span.end), None)
    if after is None:
        return mention
    later = next(
        (
            m
            for s, m in zip(found, mentions, strict=True)
            if s.label_ == span.label_ and s.start >= after
        ),
        None,
    )
    if later is None:
        taken_back = (
            mention.counts_as_present
            and span.label_ in red_flags
            and _just_before(span, after)
        )
        return replace(mention, uncertain=True) if taken_back else mention
    return replace(
        mention,
        negated=later.negated,
        experiencer=later.experiencer,
        hypothetical=later.hypothetical,
        uncertain=later.uncertain,
        historical=later.historical,
    )


def _just_before(span: Span, cue: int) -> bool:
    """Whether the correction at token `cue` is in the sentence of `span` or the
    next one: what it takes back is what was said last."""
    sentences = [s.start for s in span.doc.sents]
    cue_sentence = sentences.index(span.doc[cue].sent.start)
    return sentences.index(span.sent.start) >= cue_sentence - 1


def _corrections(doc: Doc, corrections: Corrections) -> list[int]:
    """Where each correction in `doc` starts, in order."""
    tokens = [t for t in doc if not t.is_space]
    words = words_with_ends(tokens)
    whole = [_with_ends(phrase) for phrase in corrections.whole]
    leading = [_with_ends(phrase) for phrase in corrections.leading]
    return [
        tokens[i].i
        for i in range(len(tokens))
        if any(phrase_at(words, i, phrase) for phrase in leading)
        or any(
            phrase_at(words, i, phrase) and words[i + len(phrase)] == END
            for phrase in whole
        )
    ]


def _with_ends(phrase: Sequence[str]) -> tuple[str, ...]:
    """The phrase with each punctuation mark in it as END: "wait , no" matches
    "Wait, no" and "wait - no"."""
    return tuple(END if not any(c.isalnum() for c in w) else w for w in phrase)
