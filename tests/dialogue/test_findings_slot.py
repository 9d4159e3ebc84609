"""The findings slot: JSON round trip and which statement wins."""

from __future__ import annotations

import pytest

from bot.dialogue import findings_slot
from bot.screening.findings import Finding, Side, Status


def test_round_trip() -> None:
    findings = {"neck_pain": Finding("neck_pain", Status.PRESENT, Side.LEFT, "my neck")}
    assert findings_slot.load(findings_slot.dump(findings)) == findings


def test_later_statement_wins_but_keeps_an_earlier_side() -> None:
    earlier = {"neck_pain": Finding("neck_pain", Status.PRESENT, Side.LEFT, "neck")}
    later = {"neck_pain": Finding("neck_pain", Status.PRESENT, None, "ticked")}
    assert findings_slot.merge(earlier, later)["neck_pain"].side is Side.LEFT
    denied = {"neck_pain": Finding("neck_pain", Status.ABSENT, None, None)}
    assert findings_slot.merge(earlier, denied)["neck_pain"].status is Status.ABSENT


def test_side_correction_needs_a_one_sided_head_pain() -> None:
    nothing = {"neck_pain": Finding("neck_pain", Status.PRESENT)}
    assert findings_slot.with_side(nothing, Side.LEFT) == nothing
    head = {"unilateral_head_pain": Finding("unilateral_head_pain", Status.PRESENT)}
    corrected = findings_slot.with_side(head, Side.RIGHT)
    assert corrected["unilateral_head_pain"].side is Side.RIGHT


def test_issue13_a_side_answered_not_sure_survives_the_slot_and_a_later_mention():
    unsure = Finding("neck_pain", Status.PRESENT, None, "ticked", side_unsure=True)
    assert findings_slot.load(findings_slot.dump({"neck_pain": unsure})) == {
        "neck_pain": unsure
    }
    later = {"neck_pain": Finding("neck_pain", Status.PRESENT, None, "sore neck")}
    assert findings_slot.merge({"neck_pain": unsure}, later)["neck_pain"].side_unsure


@pytest.mark.parametrize(
    ("side", "side_unsure"), [(Side.LEFT, False), (None, True)], ids=["left", "unsure"]
)
def test_issue13_a_side_answer_sets_the_side_and_adds_its_words(side, side_unsure):
    ticked = Finding("neck_pain", Status.PRESENT, None, "answered “1” to “neck pain”")
    answered = findings_slot.with_side_answer(ticked, side, "answered “x” to “side”")
    assert (answered.side, answered.side_unsure) == (side, side_unsure)
    assert answered.evidence == "answered “1” to “neck pain”; answered “x” to “side”"
