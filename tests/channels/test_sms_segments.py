"""GSM-7 / UCS-2 segment arithmetic and splitting replies into SMS bodies."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.channels.sms_segments import (
    check_max_segments,
    encoding_of,
    fits_in_segments,
    gsm_friendly,
    segment_count,
    sms_bodies,
)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Plain ASCII text, 123!", "GSM-7"),
        ("Ça coûte 5€ {ok} [yes] ~ | ^ \\", "UCS-2"),  # û is not GSM-7
        ("Ça 5€ {ok} [yes] ~ | ^ \\ @£$¥èéùìò", "GSM-7"),
        ("It’s sore", "UCS-2"),  # typographic apostrophe
        ("Neck pain 😀", "UCS-2"),
        ("Tab\there", "UCS-2"),
        ("", "GSM-7"),
    ],
)
def test_encoding_of(text: str, encoding: str) -> None:
    assert encoding_of(text) == encoding


@pytest.mark.parametrize(
    ("text", "segments"),
    [
        ("", 0),
        ("a", 1),
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("€" * 80, 1),  # extension characters take two septets
        ("€" * 81, 2),
        # an escape pair is never split: 152 + (2) moves to segment 2, which fills
        ("a" * 152 + "€" + "a" * 152, 3),
        ("ç" * 70, 1),
        ("ç" * 71, 2),
        ("ç" * 134, 2),
        ("ç" * 135, 3),
        ("😀" * 35, 1),  # outside the BMP: two UTF-16 units each
        ("😀" * 36, 2),
        ("😀" * 66, 2),
        ("😀" * 67, 3),
    ],
)
def test_segment_count(text: str, segments: int) -> None:
    assert segment_count(text) == segments


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("It’s ‘fine’", "It's 'fine'"),
        ("“Quoted” «text»", '"Quoted" "text"'),
        ("pain – mild — severe", "pain - mild - severe"),
        ("wait…", "wait..."),
        ("a\u00a0b\tc", "a b c"),
        ("zero\u200bwidth", "zerowidth"),
        ("• item", "- item"),
        ("unchanged ç é €", "unchanged ç é €"),
    ],
)
def test_gsm_friendly(text: str, plain: str) -> None:
    assert gsm_friendly(text) == plain


def test_typographic_punctuation_no_longer_forces_ucs2() -> None:
    text = "It’s a screening — not a diagnosis."
    assert encoding_of(text) == "UCS-2"
    assert encoding_of(gsm_friendly(text)) == "GSM-7"


def test_short_reply_is_one_body() -> None:
    assert sms_bodies("  Hello there.  ") == ["Hello there."]


def test_blank_reply_sends_nothing() -> None:
    assert sms_bodies(" \n ") == []


def test_paragraphs_are_kept_whole_when_they_fit() -> None:
    first, second = "A" * 150 + ".", "B" * 150 + "."
    assert sms_bodies(f"{first}\n\n{second}", max_segments=1) == [first, second]


def test_paragraphs_share_a_body_when_both_fit() -> None:
    text = "First part.\n\nSecond part."
    assert sms_bodies(text, max_segments=1) == [text]


def test_long_link_is_cut_only_when_it_cannot_fit() -> None:
    link = "https://clinic.example/book?ref=" + "x" * 400
    bodies = sms_bodies(f"Book here: {link}", max_segments=1)
    assert bodies[0] == "Book here:"
    assert "".join(bodies[1:]) == link


@pytest.mark.parametrize("max_segments", [0, 11, -1])
def test_impossible_segment_budget_is_refused(max_segments: int) -> None:
    with pytest.raises(ValueError, match="max_segments"):
        check_max_segments(max_segments)
    with pytest.raises(ValueError, match="max_segments"):
        sms_bodies("hello", max_segments)


@given(
    text=st.text(alphabet=st.sampled_from(list("abc xyz.,!?\n€çé’😀—")), max_size=1200),
    max_segments=st.integers(min_value=1, max_value=4),
)
def test_bodies_fit_and_lose_nothing(text: str, max_segments: int) -> None:
    bodies = sms_bodies(text, max_segments)
    assert all(body and fits_in_segments(body, max_segments) for body in bodies)
    assert "".join("".join(bodies).split()) == "".join(gsm_friendly(text).split())
