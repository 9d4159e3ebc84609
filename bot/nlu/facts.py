"""The visitor's age and when the headaches began, found in free text.

Age: "I'm 54", "54 years old", "54F", "F54", "54 y/o", "age 54", "45, male", a message
that starts with the number ("63", "61, retired"), in digits or words ("fifty-two",
through bot/nlu/numbers.py), a number said as a sentence of its own ("Not feverish.
34."); a birthday to come or gone ("I'll be 50 next month" -> 49, "turned sixty last
year" -> 61) and a correction ("I'm 45, no wait, 46" -> 46). Numbers that are not ages
stay out: "190 over 110", "10 kg", "30 weeks pregnant", "temp 101F", "my daughter
is 12", "my 2 year old". Onset: "came on suddenly" -> sudden; "2 weeks ago", "since
last month" -> recent (within the last 3 months); "for years", "since I was a kid"
-> longstanding. A sudden onset outranks the others; otherwise the first one said.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from bot.nlu.anchored_matcher import AnchoredMatcher
from bot.nlu.lexicon.model import AgeWords, OnsetWords
from bot.nlu.numbers import with_digits
from bot.screening.findings import Onset

_GLUED_DURATION = re.compile(r"^(\d{1,3})([a-z]+)$")  # "2wks"


@dataclass(frozen=True)
class Fact:
    """A value found in the text and the character span that says it."""

    value: int | Onset
    start: int
    end: int


# --- age -------------------------------------------------------------------------


def find_age(text: str, words: AgeWords) -> Fact | None:
    """The first age in `text` that is the visitor's own, if any."""
    digits = with_digits(text)
    matches = sorted(
        (
            match
            for pattern in _age_patterns(words)
            for match in pattern.finditer(digits.text)
        ),
        key=lambda match: match.start("n"),
    )
    for match in matches:
        years = int(match.group("n"))
        if words.minimum <= years <= words.maximum and _is_own_age(match, words):
            corrected = _corrected_age(match, words)
            if corrected is not None:
                match = corrected
                years = int(match.group("n"))
            years += _birthday_shift(match)
            return Fact(years, *digits.original(match.start("n"), match.end("n")))
    return None


_MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    "|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
# "I'll be 50 next month", "53 next month", "I'm 50 in March": a birthday to come,
# so one year less now; "turned sixty last year": a birthday passed, one year more.
_FUTURE_BIRTHDAY = re.compile(
    r"\s*(?:years?\s+old\s+)?(?:next\s+(?:week|month|year|\w+day)|in\s+(?:"
    + _MONTHS
    + r"|a\s+(?:few\s+|couple\s+of\s+)?(?:days?|weeks?|months?)"
    r"|\d+\s+(?:days?|weeks?|months?))\b|on\s+\w+day\b|soon\b|tomorrow\b)",
    re.IGNORECASE,
)
_TURNED_LAST_YEAR = re.compile(r"\s*(?:years?\s+old\s+)?last\s+year\b", re.IGNORECASE)
# "I'm 45, no wait, 46": the number after a correction is the age.
_CORRECTION = re.compile(
    r"\s*[,.]?\s*(?:no\s+wait|sorry|oops|i\s+mean|actually|no)\s*[,.]?\s*"
    r"(?P<n>\d{1,3})(?!\d)",
    re.IGNORECASE,
)


def _corrected_age(match: re.Match[str], words: AgeWords) -> re.Match[str] | None:
    corrected = _CORRECTION.match(match.string, match.end("n"))
    if (
        corrected
        and words.minimum <= int(corrected.group("n")) <= words.maximum
        and not re.match(
            rf"\s*(?:{_units(words)})(?![a-z])", match.string[corrected.end() :]
        )
    ):
        return corrected
    return None


def _birthday_shift(match: re.Match[str]) -> int:
    before = match.string[: match.start("n")]
    if re.search(r"\bturned\s*$", before, re.IGNORECASE):
        return 1 if _TURNED_LAST_YEAR.match(match.string, match.end("n")) else 0
    if _FUTURE_BIRTHDAY.match(match.string, match.end("n")):
        return -1
    return 0


@lru_cache(maxsize=4)
def _age_patterns(words: AgeWords) -> tuple[re.Pattern[str], ...]:
    number = r"(?P<n>\d{1,3})(?!\d|[.,/:]\d|['\"])"
    units = _units(words)
    patterns = (
        # "I'm 54", "i am 54", "im 54" -- but not "I'm 30 weeks pregnant"
        rf"\b(?:i'?m|i\s+am)\s+(?:a\s+|now\s+|just\s+|only\s+)?{number}"
        rf"(?!\s*(?:{units})(?![a-z]))",
        # "54 years old", "54-year-old", "54 yo", "54y/o", "54 years young"
        rf"\b{number}\s*-?\s*(?:(?:years?|yrs?|yr)\s*-?\s*(?:old|of\s+age|young)\b"
        r"|(?:yo|y/o|y\.o\.?)(?![a-z]))",
        # "54F", "54 m", "45, male" at the start of a message or after a comma
        rf"(?:^|(?<=[\s,(;]))\s*{number}\s?,?\s?"
        r"(?:f|m|female|male|man|woman|guy|lady|bloke)\b",
        # "F45", "male, 45", "M 45", "female 45yrs" opening the message or after a
        # comma (not "the M25"), "45/F"
        r"(?:^|(?<=[,(;]))\s*(?:f|m|female|male|man|woman)\s*[,/]?\s*"
        rf"{number}(?:\s*(?:years?|yrs?|yo|y/o))?\b(?!\s*(?:{units})(?![a-z]))",
        rf"\b{number}\s*/\s*(?:f|m)\b",
        # "63", "61, retired", "57 and never had headaches": a message that starts
        # with a number of two digits, said alone (not "10 days", "2 and a half")
        rf"^\W*(?=[1-9]\d\b){number}\s*(?:$|[,.!;]|\s+(?:and|n|&)(?!\S)(?!\s+a\s+half))",
        # "scaffolder, 34, took a pole to the head", "19 btw", "at my age (88)"
        rf"(?<=,)\s*(?=[1-9]\d\b){number}\s*(?=[,.])",
        rf"\b{number}\s+btw\b",
        rf"\bmy\s+age\s*\(\s*{number}\s*\)",
        # "31 yrs" said alone, as an answer
        rf"^\W*{number}\s*(?:years?|yrs?)\W*$",
        # "I have 52 years" (as said in many languages), not "I have 3 years of pain"
        rf"\bi\s+have\s+{number}\s+years\b(?!\s+(?:of|with|since|now|and))",
        # "age 54", "aged 54", "age: 54", "just turned 54"
        rf"\b(?:age|aged|turned|turning)\s*:?\s*{number}",
        # "I'll be 50 next month", "I'm going to be 40 soon", "53 next month"
        rf"\b(?:i'?ll|i\s+will|i'?m\s+going\s+to|i'?m\s+gonna)\s+be\s+{number}"
        rf"(?=\s+(?:next|in|on|soon|tomorrow|this)\b)",
        rf"^\W*(?=[1-9]\d\b){number}(?=\s+next\s+(?:week|month|year|\w+day)\b)",
        # "Not feverish. 34.", "😅 48, and my blood pressure's fine": a number of two
        # digits said alone as a sentence of its own; "why do you need that? fine, 56"
        rf"(?:(?<=[.!?])|(?<=[^\x00-\u2fff]))\s+(?=[1-9]\d\b){number}\s*"
        r"(?:$|[,.!;]|\s+(?:and|n|&)(?!\S)(?!\s+a\s+half))",
        rf"(?<=,)\s*(?=[1-9]\d\b){number}\s*$",
    )
    return tuple(re.compile(pattern, re.IGNORECASE) for pattern in patterns)


def _units(words: AgeWords) -> str:
    """The units as one alternation; a dash followed by a word is punctuation ("I'm
    29 - can you ...?"), one followed by a number a range ("I'm 30-32 weeks")."""
    return "|".join(
        r"-(?!\s+[a-z])" if unit == "-" else re.escape(unit) for unit in words.units
    )


def _is_own_age(match: re.Match[str], words: AgeWords) -> bool:
    before = match.string[: match.start("n")].lower()
    after = match.string[match.end() :].lower()
    if re.search(r"\b(?:my|our|his|her|their|your|of\s+an?)\s+$", before):
        return False  # "my 2 year old has a fever", "mum of a 2 yr old"
    if re.search(
        r"\b(?:temp\w*|fever\w*|thermometer|degrees?)\b[^.!?]*[.!?]\s*$", before
    ):
        return False  # "My temp was high. 38.": a reading, not an age
    person = "|".join(re.escape(word) for word in words.person_words)
    if re.search(
        rf"\b(?:{person})s?\s*(?:is|'s|was|turned|aged|age)?\s*:?\s*$", before
    ):
        return False  # "my daughter is 12"
    if re.match(rf"\s*-?\s*(?:{person})s?\b", after):
        return False  # "a 12 year old son"
    temperature = "|".join(re.escape(word) for word in words.temperature_words)
    return not re.search(rf"\b(?:{temperature})\b[^.!?]{{0,15}}$", before)


# --- onset -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Said:
    onset: Onset
    span: Span


def find_onset(
    doc: Doc,
    phrases: AnchoredMatcher,
    words: OnsetWords,
    negations: Collection[str],
    mentions: Sequence[Span],
    unsaid: Sequence[Span] = (),
    theirs: Sequence[Span] = (),
) -> Fact | None:
    """The onset the text states, skipping those that date another event or a
    mention in `theirs` (someone else's, wondered about), and those inside a mention
    in `unsaid` (denied, wondered about: "not a thunderclap")."""
    clause_of = {
        token.i: index for index, sent in enumerate(doc.sents) for token in sent
    }
    said = [
        item
        for item in (*_phrases(doc, phrases, negations), *_durations(doc, words))
        if _dated(item.span, mentions, clause_of, words.event_concepts, theirs)
        and not any(_within(item.span, span) for span in unsaid)
    ]
    if not said:
        return None
    sudden = [item for item in said if item.onset is Onset.SUDDEN]
    first = min(sudden or said, key=lambda item: item.span.start)
    return Fact(first.onset, first.span.start_char, first.span.end_char)


def _within(inner: Span, outer: Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _dated(
    span: Span,
    mentions: Sequence[Span],
    clause_of: dict[int, int],
    events: Collection[str],
    theirs: Sequence[Span],
) -> bool:
    """Whether an onset phrase dates the headaches: not an event's (`events`) or
    someone else's mention (`theirs`)."""
    dated = _dated_mention(span, mentions, clause_of)
    return dated is None or (dated.label_ not in events and dated not in theirs)


def _dated_mention(
    span: Span, mentions: Sequence[Span], clause_of: dict[int, int]
) -> Span | None:
    """The mention an onset phrase dates: the one said just before it in its
    clause ("fever since yesterday"), else the first one after it."""
    same_clause = [m for m in mentions if clause_of[m.start] == clause_of[span.start]]
    around = [m for m in same_clause if m.start <= span.start and span.end <= m.end]
    if around:  # "staring at my phone for ages" is one posture phrase
        return around[0]
    before = [m for m in same_clause if m.end <= span.start]
    if before:
        return max(before, key=lambda m: m.end)
    after = [m for m in same_clause if m.start >= span.end]
    return min(after, key=lambda m: m.start) if after else None


def _phrases(
    doc: Doc, phrases: AnchoredMatcher, negations: Collection[str]
) -> Iterator[_Said]:
    spans = filter_spans(phrases(doc, as_spans=True))
    for span in spans:
        preceding = doc[max(0, span.start - 3) : span.start]
        if not any(token.norm_ in negations for token in preceding):
            yield _Said(Onset(span.label_), span)


def _durations(doc: Doc, words: OnsetWords) -> Iterator[_Said]:
    """ "2 weeks ago", "for about six months", "a couple of weeks", "3wks"."""
    units = dict(words.unit_days)
    for token in doc:
        glued = _GLUED_DURATION.match(token.norm_)
        if glued and glued.group(2) in units:
            count, first, days = int(glued.group(1)), token.i, units[glued.group(2)]
        elif token.norm_ in units and token.i > 0:
            parsed = _count_before(doc, token.i, words)
            if parsed is None:
                continue
            (count, first), days = parsed, units[token.norm_]
        else:
            continue
        if not _is_duration(doc, first, token.i, words):
            continue
        total = count * days
        onset = Onset.RECENT if total <= words.recent_max_days else Onset.LONGSTANDING
        yield _Said(onset, doc[first : token.i + 1])


def _count_before(doc: Doc, unit: int, words: OnsetWords) -> tuple[int, int] | None:
    """The number before a unit and where it starts ("a couple of" -> 2)."""
    numbers = dict(words.number_words)
    index = unit - 1
    if doc[index].norm_ == "of" and index > 0:
        index -= 1
    token = doc[index]
    if token.text.isdigit():
        return int(token.text), index
    if token.norm_ not in numbers:
        return None
    vague = token.norm_ in ("few", "couple", "several")
    if vague and index > 0 and doc[index - 1].norm_ in ("a", "an"):
        index -= 1
    return numbers[token.norm_], index


def _is_duration(doc: Doc, first: int, unit: int, words: OnsetWords) -> bool:
    """ "for 2 weeks", "2 weeks ago"; not "twice a week", "54 years old", "one day"."""
    before = doc[first - 1] if first > 0 else None
    after = [token.norm_ for token in doc[unit + 1 : unit + 3]]
    if before is not None and (
        before.norm_ in words.frequency_words or before.like_num
    ):
        return False  # "twice a week", "every 2 weeks", "3 a week"
    if after[:1] == ["old"] or after[:2] == ["of", "age"]:
        return False  # "54 years old"
    if after and after[0] in words.frequency_words:
        return False  # "3 days a week"
    return (before is not None and before.norm_ in words.duration_before) or (
        bool(after) and after[0] in words.duration_after
    )
