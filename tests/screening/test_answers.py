"""check_input(): the engine's checked view of a ScreeningInput."""

from __future__ import annotations

import pytest

from bot.screening.answers import check_input
from bot.screening.findings import Finding, ScreeningInput, Side, Status


def test_unknown_findings_are_the_same_as_unsaid(rules):
    inp = ScreeningInput({"fever": Finding("fever", Status.UNKNOWN, None, "hm")})
    answers = check_input(inp, rules)
    assert answers.findings == {}
    assert answers.status("fever") is Status.UNKNOWN


@pytest.mark.parametrize(
    ("status", "truth"),
    [("present", True), ("absent", False), ("unsure", None), ("unknown", None)],
)
def test_truth_of_each_status(rules, status, truth):
    inp = ScreeningInput({"neck_pain": Finding("neck_pain", status, "left", "x")})
    answers = check_input(inp, rules)
    assert answers.truth("neck_pain") is truth


def test_strings_become_enums(rules):
    inp = ScreeningInput({"neck_pain": Finding("neck_pain", "present", "left", "x")})
    finding = check_input(inp, rules).findings["neck_pain"]
    assert (finding.status, finding.side) == (Status.PRESENT, Side.LEFT)


def test_evidence_only_for_concepts_with_words(rules):
    inp = ScreeningInput(
        {
            "neck_pain": Finding("neck_pain", Status.PRESENT, None, "sore neck"),
            "fever": Finding("fever", Status.ABSENT),
        }
    )
    answers = check_input(inp, rules)
    assert answers.evidence(["neck_pain", "fever", "seizure"]) == {
        "neck_pain": "sore neck"
    }


@pytest.mark.parametrize(
    ("inp", "error"),
    [
        ({"findings": {"fever": "present"}}, TypeError),
        ({"findings": {"fever": Finding("fever", None)}}, ValueError),
        ({"findings": {"fever": Finding("fever", "present", None, 7)}}, TypeError),
        # issue 13 item 3: a side answered "not sure" has no side, and is a bool
        (
            {
                "findings": {
                    "neck_pain": Finding(
                        "neck_pain", "present", "left", side_unsure=True
                    )
                }
            },
            ValueError,
        ),
        (
            {
                "findings": {
                    "neck_pain": Finding("neck_pain", "present", side_unsure="yes")
                }
            },
            TypeError,
        ),
        ({"age": True}, TypeError),
        ({"age": 131}, ValueError),
    ],
)
def test_malformed_values_are_refused(rules, inp, error):
    with pytest.raises(error):
        check_input(ScreeningInput(**inp), rules)


def test_only_a_screening_input_is_accepted(rules):
    with pytest.raises(TypeError, match="ScreeningInput"):
        check_input({"findings": {}}, rules)


def test_issue13_side_unsure_is_kept_and_the_side_stays_open_until_answered(rules):
    open_side = Finding("neck_pain", Status.PRESENT)
    unsure = Finding("neck_pain", Status.PRESENT, side_unsure=True)
    assert check_input(ScreeningInput({"neck_pain": open_side}), rules).side_open(
        "neck_pain"
    )
    answers = check_input(ScreeningInput({"neck_pain": unsure}), rules)
    assert answers.findings["neck_pain"].side_unsure
    assert not answers.side_open("neck_pain")
