"""Side attachment rules on hand-placed mentions and cues (no spaCy involved)."""

from __future__ import annotations

import pytest

from bot.nlu.sides import Cue, Placed, attach_sides
from bot.screening.findings import Side

HEAD = {"headache", "unilateral_head_pain"}


def mention(
    concept: str,
    start: int,
    clause: int = 0,
    sentence: int = 0,
    takes_side: bool = True,
) -> Placed:
    return Placed(concept, start, start + 2, clause, sentence, takes_side)


def cue(kind: str, start: int, clause: int = 0, sentence: int = 0) -> Cue:
    return Cue(kind, start, start + 1, clause, sentence)


def test_a_cue_touching_a_mention_is_its_own() -> None:
    head, shoulder = mention("headache", 0), mention("shoulder_arm_pain", 5)
    sides = attach_sides([cue("left", 4)], [head, shoulder], HEAD)
    assert sides.of_mentions == [None, Side.LEFT]


def test_a_cue_inside_a_mention_without_sides_is_no_side() -> None:
    shifting = mention("side_shifting_pain", 3, takes_side=False)
    head = mention("headache", 0)
    sides = attach_sides([cue("left", 3)], [head, shifting], HEAD)
    assert sides.of_mentions == [None, None]
    assert sides.bare is None


def test_a_clause_cue_goes_to_every_free_mention_of_the_clause() -> None:
    head, neck = mention("headache", 0), mention("neck_pain", 4)
    sides = attach_sides([cue("right", 9)], [head, neck], HEAD)
    assert sides.of_mentions == [Side.RIGHT, Side.RIGHT]


def test_without_one_in_its_clause_a_cue_goes_to_the_nearest_in_the_sentence() -> None:
    head = mention("headache", 0, clause=0)
    neck = mention("neck_pain", 12, clause=2)
    sides = attach_sides([cue("left", 6, clause=1)], [head, neck], HEAD)
    assert sides.of_mentions == [Side.LEFT, None]


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        (["left", "right"], Side.BOTH),
        (["both"], Side.BOTH),
        (["left", "left"], Side.LEFT),
    ],
)
def test_sides_combine(kinds: list[str], expected: Side) -> None:
    head = mention("headache", 0)
    sides = attach_sides([cue(k, 5 + i) for i, k in enumerate(kinds)], [head], HEAD)
    assert sides.of_mentions == [expected]


@pytest.mark.parametrize(
    ("relative", "expected"), [("same", Side.LEFT), ("opposite", Side.RIGHT)]
)
def test_relative_sides_follow_the_head_pain(relative: str, expected: Side) -> None:
    head = mention("headache", 0, clause=0)
    neck = mention("neck_pain", 6, clause=1)
    cues = [cue("left", 3, clause=0), cue(relative, 9, clause=1)]
    sides = attach_sides(cues, [head, neck], HEAD)
    assert sides.of_mentions == [Side.LEFT, expected]


def test_same_side_without_a_head_side_stays_unknown() -> None:
    neck = mention("neck_pain", 0)
    assert attach_sides([cue("same", 4)], [neck], HEAD).of_mentions == [None]


def test_a_cue_with_no_mention_in_its_clause_is_a_bare_answer() -> None:
    sides = attach_sides([cue("left", 2)], [], HEAD)
    assert (sides.bare, len(sides.bare_cues)) == (Side.LEFT, 1)


def test_a_cue_beside_a_symptom_without_sides_is_no_answer() -> None:
    jaw = mention("jaw_joint_noise", 0, takes_side=False)
    assert attach_sides([cue("left", 5)], [jaw], HEAD).bare is None
