"""Splitting at the largest boundary that lets every piece fit."""

from __future__ import annotations

import pytest

from bot.channels.text_split import split_to_fit


def at_most(limit: int):
    return lambda text: len(text) <= limit


@pytest.mark.parametrize(
    ("text", "limit", "pieces"),
    [
        ("", 10, []),
        ("   ", 10, []),
        ("short", 10, ["short"]),
        ("para one\n\npara two", 10, ["para one", "para two"]),
        ("para one\n \n\npara two", 10, ["para one", "para two"]),
        ("line one\nline two", 10, ["line one", "line two"]),
        ("One. Two! Three?", 10, ["One. Two!", "Three?"]),
        ("alpha beta gamma delta", 11, ["alpha beta", "gamma delta"]),
        ("abcdefghij", 4, ["abcd", "efgh", "ij"]),
        ("ab\n\ncd\n\nef", 6, ["ab\n\ncd", "ef"]),
        ("intro\n\nword1 word2 word3", 11, ["intro", "word1 word2", "word3"]),
    ],
)
def test_split_to_fit(text: str, limit: int, pieces: list[str]) -> None:
    assert split_to_fit(text, at_most(limit)) == pieces


def test_last_piece_of_a_split_paragraph_can_take_the_next_one() -> None:
    text = "aaaa bbbb cccc\n\ndd"
    assert split_to_fit(text, at_most(12)) == ["aaaa bbbb", "cccc\n\ndd"]
