"""Cutting a message into plain and highlighted pieces by symptom offsets."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.staff.highlight import Piece, pieces
from bot.storage.transcripts import SymptomMention


def m(start: int, end: int, concept: str = "neck_pain", **attrs) -> SymptomMention:
    values = {"negated": False, "side": None, "experiencer": "patient"}
    values |= {"hypothetical": False, **attrs}
    return SymptomMention(concept, start, end, **values)


TEXT = "my neck hurts, no fever"


@pytest.mark.parametrize(
    ("mentions", "expected"),
    [
        ([], [TEXT]),
        ([m(3, 13)], ["my ", "[neck hurts]", ", no fever"]),
        ([m(0, 2)], ["[my]", " neck hurts, no fever"]),
        ([m(18, 23)], ["my neck hurts, no ", "[fever]"]),
        ([m(18, 23), m(3, 7)], ["my ", "[neck]", " hurts, no ", "[fever]"]),
        ([m(3, 7), m(3, 13)], ["my ", "[neck hurts]", ", no fever"]),  # longest
        ([m(3, 13), m(8, 20)], ["my ", "[neck hurts]", ", no fever"]),  # overlap
        ([m(20, 99)], [TEXT]),  # past the end
        ([m(5, 5)], [TEXT]),  # empty
    ],
)
def test_pieces(mentions: list[SymptomMention], expected: list[str]) -> None:
    shown = [f"[{p.text}]" if p.mention else p.text for p in pieces(TEXT, mentions)]
    assert shown == expected


@given(
    st.text(max_size=40),
    st.lists(st.tuples(st.integers(-2, 45), st.integers(-2, 45)), max_size=6),
)
def test_pieces_always_join_back_to_the_text(text: str, spans: list) -> None:
    found = pieces(text, [m(start, end) for start, end in spans])
    assert "".join(p.text for p in found) == text


@pytest.mark.parametrize(
    ("attrs", "counts", "qualifiers"),
    [
        ({}, True, ()),
        ({"side": "left"}, True, ("left side",)),
        ({"negated": True}, False, ("negated",)),
        ({"experiencer": "other"}, False, ("someone else",)),
        ({"hypothetical": True}, False, ("hypothetical",)),
        ({"experiencer": None}, True, ()),  # not said: the patient
        (
            {"side": "both", "negated": True, "hypothetical": True},
            False,
            ("both sides", "negated", "hypothetical"),
        ),
    ],
)
def test_what_a_highlight_says(attrs: dict, counts: bool, qualifiers: tuple) -> None:
    piece = Piece("neck", m(0, 4, **attrs))
    assert (piece.counts, piece.qualifiers) == (counts, qualifiers)


def test_plain_text_is_no_mention() -> None:
    assert (Piece("x").counts, Piece("x").qualifiers) == (False, ())
