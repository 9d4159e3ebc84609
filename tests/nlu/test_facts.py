"""Age and onset found in free text."""

from __future__ import annotations

import pytest

from bot.nlu.extractor import extract
from bot.screening.findings import Onset


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("I'm 54", 54),
        ("i am 54 and my neck hurts", 54),
        ("im 54.", 54),
        ("54 years old", 54),
        ("a 54-year-old woman", 54),
        ("54F", 54),
        ("54 f, headaches", 54),
        ("54 y/o", 54),
        ("54yo", 54),
        ("age 54", 54),
        ("aged: 54", 54),
        ("just turned 54", 54),
        ("my blood pressure was 190 over 110", None),
        ("lost 10 kg", None),
        ("I'm 30 weeks pregnant", None),
        ("I'm 5'4", None),
        ("temp 101F", None),
        ("my daughter is 12", None),
        ("my 12 year old son has migraines", None),
        ("my son is 15 and I'm 44", 44),
        ("I'm 150", None),
        ("for 3 years", None),
    ],
)
def test_age(text: str, age: int | None) -> None:
    result = extract(text)
    assert result.age == age
    if age is not None:
        start, end = result.spans["age"]
        assert text[start:end] == str(age)


@pytest.mark.parametrize(
    ("text", "onset"),
    [
        ("it came on suddenly", Onset.SUDDEN),
        ("out of the blue, the worst pain", Onset.SUDDEN),
        ("it didn't come on suddenly", None),
        ("they started 2 weeks ago", Onset.RECENT),
        ("for about 3 months", Onset.RECENT),
        ("for about 4 months", Onset.LONGSTANDING),
        ("a couple of weeks ago", Onset.RECENT),
        ("for years", Onset.LONGSTANDING),
        ("since I was a kid", Onset.LONGSTANDING),
        ("headaches for 2 years, but suddenly much worse", Onset.SUDDEN),
        ("twice a week", None),
        ("3 days a week", None),
        ("every 2 weeks", None),
        ("54 years old", None),
        ("running a fever since yesterday", None),
        ("lost 8 kg in 2 months", None),
        ("headache for 3 weeks, worse when looking down", Onset.RECENT),
        ("staring at my phone for ages", None),
    ],
)
def test_onset(text: str, onset: Onset | None) -> None:
    result = extract(text)
    assert result.onset is onset
    assert ("onset" in result.spans) is (onset is not None)


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("I'll be 50 next month", 49),  # a birthday to come
        ("53 next month, headaches on the left", 52),
        ("I turned sixty last year", 61),  # a birthday gone
        ("I'm 45, no wait, 46", 46),  # a correction
        ("I'm 29 - can you help?", 29),  # a dash before a word is no range
        ("Not sure what else. 48.", 48),  # a number said as its own sentence
        ("my 2 year old has a fever", None),  # someone else's
        ("My temp was high. 38.", None),  # a reading, not an age: the bot asks
    ],
)
def test_issue15_round25_age_families(text: str, age: int | None) -> None:
    assert extract(text).age == age
