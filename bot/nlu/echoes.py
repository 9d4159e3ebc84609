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
from bot.nlu.phrases import END, phrase_at, words_with_ends
from bot.screening.findings import Experiencer, Mention

ECHO_LEAD = 2  # words before a symptom echoed as a question: "had a fit?"
ARTICLES = frozenset({"a", "an", "the", "any"})  # not counted: "ever had a seizure?"
LIST_WORDS = frozenset({"or", "and", ",", "&", "/"})  # "fever, rash or stiff neck?"
LABEL_MARKS = frozenset({":", "-", "–"})  # "Weight loss - I wish! no"
WH_WORDS = [[w] for w in ("why", "how", "what", "where", "when", "which", "who")]
# A bare denial that ends an echo's answer ("...battle. no"); not "fine" ("only when
# I stand up, otherwise fine") or "not".
BARE_DENIALS = frozenset({"no", "nope", "nah", "none", "never", "nil", "nothing"})


def answered(
    found: Sequence[Span],
    mentions: list[Mention],
    answers: TrailingAnswers,
    answered_right_after: Callable[[Span], bool],
    separate_findings: frozenset[str] = frozenset(),
) -> list[Mention]:
    """Each symptom echoed back as a question with the answer the message gives it:
    what it later says of the same concept if it names it again (`_answered_by`),
    else the visitor's bare words before the next symptom (`_answered_in_words`).
    For a concept of `separate_findings` (symptoms.yml) a later denial after words
    about the echo only casts doubt on it, so the dialogue asks it again: in
    "Numbness? Left hand since Tuesday, no weakness" the weakness denied is not
    the numbness, in "Double vision? Only when my twins stand together. Eyes are
    fine." the joke is."""
    starts = sorted(span.start for span in found)
    listed = _entity_tokens(found)
    marks = [
        _echoed(span, listed) or _topic(span, answers.topics)
        if m.counts_as_present
        else None
        for span, m in zip(found, mentions, strict=True)
    ]
    return [
        m
        if mark is None
        else _answer_to(
            span,
            mark,
            m,
            found,
            mentions,
            starts,
            answers,
            answered_right_after,
            span.label_ in separate_findings,
        )
        for span, m, mark in zip(found, mentions, marks, strict=True)
    ]


def _answer_to(
    echo: Span,
    mark: int,
    mention: Mention,
    found: Sequence[Span],
    mentions: list[Mention],
    starts: list[int],
    answers: TrailingAnswers,
    answered_right_after: Callable[[Span], bool],
    separate: bool,
) -> Mention:
    """ "Passed out? Only on the sofa after Christmas dinner. No, never fainted
    properly": an echo not answered right after ("fever? yes":
    `answered_right_after`) whose concept is named again takes what is said of it
    there by the visitor. One named no more is answered in words. `mark` is where
    the echo's question mark is."""
    again = [
        (span, m)
        for span, m in zip(found, mentions, strict=True)
        if span.label_ == echo.label_ and span.start > mark
    ]
    if not again:
        until = next((s for s in starts if s > mark), len(echo.doc))
        return _answered_in_words(mention, echo.doc[mark + 1 : until], answers)
    if answered_right_after(echo):
        return mention
    said = [
        m for _, m in again if m.experiencer != Experiencer.OTHER and not m.hypothetical
    ]
    told = separate and _tells_of_it(echo.doc[mark + 1 : again[0][0].start], answers)
    return _answered_by(mention, said, told)


def _answered_by(echo: Mention, said: list[Mention], told: bool) -> Mention:
    """The echo as what is said of it later: denied, doubted (a denial after words
    about the echo, `told`), or as it was."""
    if not said or any(m.counts_as_present for m in said):
        return echo
    if any(m.negated for m in said):
        return replace(echo, uncertain=True) if told else replace(echo, negated=True)
    return replace(echo, uncertain=any(m.uncertain for m in said))


def _tells_of_it(words: Span, answers: TrailingAnswers) -> bool:
    """Whether `words` say more than an answer ("no", "well", "honestly")."""
    bare = answers.yes_or_no | set(answers.emphasis) | ARTICLES
    return any(t.is_alpha and t.norm_ not in bare for t in words)


def _answered_in_words(echo: Mention, said: Span, answers: TrailingAnswers) -> Mention:
    """ "Seizure? My grandson has them, not me.", "Getting worse? Hadn't noticed.
    Possibly.": the visitor's bare denial or doubt (context.yml
    `trailing_answers.echo_denied`, `echo_unsure`), unless the answer opens "yes"."""
    words = [t.norm_ for t in said if not t.is_punct]
    first = next((w for w in words if w not in answers.emphasis), None)
    if first in answers.affirmed:  # "fainted? yes, Friday", "anxious? erm yes"
        return echo
    if _says_any(words, answers.echo_unsure):
        return replace(echo, uncertain=True)
    # "weight loss? mate, the sandwiches are winning that battle. no": a bare
    # denial that ends the answer, not one that opens the next symptom ("...
    # helmet cracked, no loss of consciousness")
    ends = said.end == len(said.doc) or (len(said) > 0 and not said[-1].is_alpha)
    last_denies = bool(words) and words[-1] in BARE_DENIALS and ends
    return replace(
        echo,
        negated=last_denies
        or _says_any(words_with_ends(said), answers.echo_denied, answers.echo_tails),
    )


def _says_any(
    words: Sequence[str],
    phrases: Sequence[tuple[str, ...]],
    tails: frozenset[str] | None = None,
) -> bool:
    """Whether one of `phrases` is among `words`, not asking why or how ("fainted?
    once last week, not sure why" doubts the cause, not the faint); with `tails`,
    only as a whole answer, at an end or before a tail ("I'm not." and "as if lol"
    but not "I'm not dieting")."""
    return any(
        phrase_at(words, i, phrase)
        and _after_it_ok(words[i + len(phrase) : i + len(phrase) + 1], tails)
        for phrase in phrases
        for i in range(len(words) - len(phrase) + 1)
    )


def _after_it_ok(after: Sequence[str], tails: frozenset[str] | None) -> bool:
    if tails is not None:
        return list(after) == [END] or (len(after) == 1 and after[0] in tails)
    return list(after) not in WH_WORDS


def _topic(span: Span, topics: Sequence[tuple[str, ...]]) -> int | None:
    """Where `span` ends if its sentence opens with a topic word (context.yml
    `trailing_answers.topics`) and at most ECHO_LEAD other words before it ("About
    the fainting question...", "Regarding head injury, ..."): the answer follows."""
    doc = span.doc
    words = [
        t.norm_
        for t in doc[span.sent.start : span.start]
        if not (t.is_punct or t.is_space)
    ]
    for topic in topics:
        rest = [w for w in words[len(topic) :] if w not in ARTICLES]
        if phrase_at(words, 0, topic) and len(rest) <= ECHO_LEAD:
            return span.end - 1
    return None


def _entity_tokens(found: Sequence[Span]) -> set[int]:
    """The tokens of the message's symptoms, where a listed one may stand."""
    ents = found[0].doc.ents if found else ()
    return {i for ent in ents for i in range(ent.start, ent.end)}


def _echoed(span: Span, listed: set[int]) -> int | None:
    """Where the question mark is if `span` is echoed as a question: it and the mark
    are all its sentence says but for up to ECHO_LEAD words before it ("fever?",
    "had a fit?", "face droop?") and other symptoms listed with it (`listed`: "any
    fever or neck stiffness?"); or where the mark is after a label copied from the
    checklist ("Vision loss: I have lost my reading glasses. My vision is fine.")."""
    doc = span.doc
    mark = span.end
    while mark < len(doc) and (mark in listed or doc[mark].norm_ in LIST_WORDS):
        mark += 1
    if mark >= len(doc) or not (
        doc[mark].text.startswith("?") or doc[mark].text in LABEL_MARKS
    ):
        return None
    before = [
        t
        for t in doc[span.sent.start : span.start]
        if t.i not in listed and t.norm_ not in LIST_WORDS | ARTICLES
    ]
    return mark if len(before) <= ECHO_LEAD else None
