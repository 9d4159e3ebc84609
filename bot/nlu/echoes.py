"""A symptom echoed back as a question, and the answer the message gives it later.

A visitor answering the bot's checklist often repeats its word as a question and
answers after it, in a sentence of its own or several: "Passed out? Only on the sofa
after Christmas dinner. No, never fainted properly", "Seizure? My grandson has them,
not me.", "Worse lying down? Hadn't noticed. Possibly." ConText's scope stops at the
echo's own sentence, so without these passes the echo reads as the visitor's own
symptom: a red flag wrongly present. The extractor runs them after ConText.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from spacy.tokens import Span

from bot.nlu.lexicon.model import TrailingAnswers
from bot.screening.findings import Experiencer, Mention

ECHO_LEAD = 2  # words before a symptom echoed as a question: "had a fit?"
WH_WORDS = [[w] for w in ("why", "how", "what", "where", "when", "which", "who")]
END = "\n"  # a break in the words an echoed symptom's answer is read in
ANSWER_TAILS = [[w] for w in ("though", "tho", "thankfully", "myself", "personally")]


def answered_later(
    found: Sequence[Span],
    mentions: list[Mention],
    answered_right_after: Callable[[Span], bool],
) -> list[Mention]:
    """ "Passed out? Only on the sofa after Christmas dinner. No, never fainted
    properly": a symptom echoed back as a question, the bot's own, and not answered
    right after ("fever? yes": `answered_right_after`), is answered by what the
    message later says of the same concept, a denial or a doubt, unless it also says
    the visitor has it."""
    later = [
        (span.start, span.label_, m)
        for span, m in zip(found, mentions, strict=True)
        if m.experiencer != Experiencer.OTHER and not m.hypothetical
    ]
    return [
        _answered_by(
            m,
            [o for at, label, o in later if label == span.label_ and at > span.end],
        )
        if m.counts_as_present and _echoed(span) and not answered_right_after(span)
        else m
        for span, m in zip(found, mentions, strict=True)
    ]


def _answered_by(echo: Mention, said: list[Mention]) -> Mention:
    """The echo as what is said of it later: denied, doubted, or as it was."""
    if not said or any(m.counts_as_present for m in said):
        return echo
    if any(m.negated for m in said):
        return replace(echo, negated=True)
    return replace(echo, uncertain=any(m.uncertain for m in said))


def answered_in_words(
    found: Sequence[Span], mentions: list[Mention], answers: TrailingAnswers
) -> list[Mention]:
    """ "Seizure? My grandson has them, not me.", "Getting worse? Hadn't noticed.
    Possibly.": a symptom echoed back as a question and named no more is answered
    by the visitor's words before the next symptom (context.yml
    `trailing_answers.echo_denied`, `echo_unsure`)."""
    starts = sorted(span.start for span in found)
    answered = []
    for span, m in zip(found, mentions, strict=True):
        again = any(s.label_ == span.label_ and s.start > span.end for s in found)
        if not m.counts_as_present or again or not _echoed(span):
            answered.append(m)
            continue
        until = next((s for s in starts if s > span.start), len(span.doc))
        said = span.doc[span.end + 1 : until]
        words = [t.norm_ for t in said if not t.is_punct]
        first = next((w for w in words if w not in answers.emphasis), None)
        if first in answers.affirmed:  # "fainted? yes, Friday", "anxious? erm yes"
            answered.append(m)
        elif _says_any(words, answers.echo_unsure):
            answered.append(replace(m, uncertain=True))
        else:
            denied = _says_any(_with_ends(said), answers.echo_denied, ends=True)
            answered.append(replace(m, negated=denied))
    return answered


def _with_ends(tokens: Span) -> list[str]:
    """The words, each punctuation mark as END, and END at the end."""
    return [END if t.is_punct else t.norm_ for t in tokens] + [END]


def _says_any(
    words: Sequence[str], phrases: Sequence[tuple[str, ...]], ends: bool = False
) -> bool:
    """Whether one of `phrases` is among `words`, not asking why or how ("fainted?
    once last week, not sure why" doubts the cause, not the faint); with `ends`,
    only as a whole answer ("I'm not." but not "I'm not dieting")."""
    return any(
        tuple(words[i : i + len(phrase)]) == phrase
        and _after_it_ok(words[i + len(phrase) : i + len(phrase) + 1], ends)
        for phrase in phrases
        for i in range(len(words) - len(phrase) + 1)
    )


def _after_it_ok(after: Sequence[str], ends: bool) -> bool:
    if ends:
        return list(after) in ([END], *ANSWER_TAILS)
    return list(after) not in WH_WORDS


def _echoed(span: Span) -> bool:
    """Whether `span` and a question mark are all its sentence says but for up to
    ECHO_LEAD words before it ("fever?", "had a fit?", "face droop?")."""
    doc = span.doc
    return (
        span.end < len(doc)
        and doc[span.end].text.startswith("?")
        and span.start - span.sent.start <= ECHO_LEAD
    )
