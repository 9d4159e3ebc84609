"""What a short answer meant, read against the options the bot offered."""

from __future__ import annotations

import pytest

from bot.staff.choices import chosen

OFFERED = {"1": "Fever", "2": "Numbness", "3": "Double vision", "none": "None of these"}


@pytest.mark.parametrize(
    ("answer", "meaning"),
    [
        ("2", ("Numbness",)),
        (" 1, 3 ", ("Fever", "Double vision")),
        ("1 and 3.", ("Fever", "Double vision")),
        ("3 1 3", ("Double vision", "Fever")),
        ("none", ("None of these",)),
        ("4", ()),  # not offered: no guess
        ("1 and 9", ()),
        ("I had 2 of them", ()),  # words: the patient said more than numbers
        ("", ()),
    ],
)
def test_answers_read_against_the_options(
    answer: str, meaning: tuple[str, ...]
) -> None:
    assert chosen(answer, OFFERED) == meaning


def test_nothing_offered_means_nothing_chosen() -> None:
    assert chosen("2", {}) == ()
