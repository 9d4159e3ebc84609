"""The four CGH criteria, the side rules, the TMD rule and three-valued logic."""

from __future__ import annotations

import pytest

from bot.screening import evaluate
from bot.screening.answers import check_input
from bot.screening.criteria import (
    Verdict,
    all_of,
    any_of,
    cgh_criteria,
    same_side,
    tmd_likely,
)
from bot.screening.findings import Side

L, R, B = Side.LEFT, Side.RIGHT, Side.BOTH


def criteria_of(make_input, rules, **arguments) -> dict[str, str]:
    answers = check_input(make_input(**arguments), rules)
    return {name: v.label for name, v in cgh_criteria(answers, rules.cgh).items()}


# Spec section 2: "A neck or shoulder pain with no side stated counts as ipsilateral
# only when the head pain has no side stated either; otherwise the sides must
# match." Our addition: a neck pain on both sides includes the head pain's side.
SIDE_CASES = [
    # (head side, neck side, ipsilateral_pain)
    (R, R, "met"),
    (L, L, "met"),
    (R, L, "not_met"),
    (R, None, "not_met"),
    (None, R, "not_met"),
    (None, None, "met"),
    (R, B, "met"),
    (L, B, "met"),
    (None, B, "met"),
    (B, R, "not_met"),  # head pain on both sides is not one-sided
    (B, B, "not_met"),
]


@pytest.mark.parametrize(("head", "neck", "expected"), SIDE_CASES)
def test_ipsilateral_side_rules(make_input, rules, head, neck, expected):
    criteria = criteria_of(
        make_input,
        rules,
        present=["unilateral_head_pain", "neck_pain"],
        absent=["shoulder_arm_pain"],
        sides={"unilateral_head_pain": head, "neck_pain": neck},
    )
    assert criteria["ipsilateral_pain"] == expected


@pytest.mark.parametrize(("head", "shoulder", "expected"), SIDE_CASES)
def test_shoulder_or_arm_pain_follows_the_same_side_rules(
    make_input, rules, head, shoulder, expected
):
    criteria = criteria_of(
        make_input,
        rules,
        present=["unilateral_head_pain", "shoulder_arm_pain"],
        absent=["neck_pain"],
        sides={"unilateral_head_pain": head, "shoulder_arm_pain": shoulder},
    )
    assert criteria["ipsilateral_pain"] == expected


def test_one_matching_side_is_enough(make_input, rules):
    criteria = criteria_of(
        make_input,
        rules,
        present=["unilateral_head_pain", "neck_pain", "shoulder_arm_pain"],
        sides={"unilateral_head_pain": R, "neck_pain": L, "shoulder_arm_pain": R},
    )
    assert criteria["ipsilateral_pain"] == "met"


UNKNOWN_SIDE_CASES = [
    # head pain not asked yet: its side is unknown, so a stated side decides nothing
    ({"present": ["neck_pain"], "sides": {"neck_pain": R}}, "unknown"),
    # ... but with no neck, shoulder or arm pain at all it cannot be met
    ({"absent": ["neck_pain", "shoulder_arm_pain"]}, "not_met"),
    # head pain known, neck pain not asked, shoulder pain on the other side
    (
        {
            "present": ["unilateral_head_pain", "shoulder_arm_pain"],
            "sides": {"unilateral_head_pain": R, "shoulder_arm_pain": L},
        },
        "unknown",
    ),
    # "not sure" is not an answer the criterion can use
    (
        {
            "present": ["unilateral_head_pain"],
            "unsure": ["neck_pain"],
            "absent": ["shoulder_arm_pain"],
        },
        "unknown",
    ),
    ({"absent": ["unilateral_head_pain"], "present": ["neck_pain"]}, "not_met"),
]


@pytest.mark.parametrize(("arguments", "expected"), UNKNOWN_SIDE_CASES)
def test_ipsilateral_with_unknowns(make_input, rules, arguments, expected):
    assert criteria_of(make_input, rules, **arguments)["ipsilateral_pain"] == expected


UNILATERAL_CASES = [
    ({"present": ["unilateral_head_pain"], "absent": ["side_shifting_pain"]}, "met"),
    ({"present": ["unilateral_head_pain", "side_shifting_pain"]}, "not_met"),
    ({"present": ["unilateral_head_pain"]}, "unknown"),  # side shift not asked
    (
        {
            "present": ["unilateral_head_pain"],
            "absent": ["side_shifting_pain"],
            "sides": {"unilateral_head_pain": B},
        },
        "not_met",
    ),
    ({"absent": ["unilateral_head_pain"]}, "not_met"),
    ({"present": ["bilateral_head_pain"], "absent": ["side_shifting_pain"]}, "unknown"),
    ({"present": ["side_shifting_pain"]}, "not_met"),
]


@pytest.mark.parametrize(("arguments", "expected"), UNILATERAL_CASES)
def test_unilateral_without_side_shift(make_input, rules, arguments, expected):
    criteria = criteria_of(make_input, rules, **arguments)
    assert criteria["unilateral_no_sideshift"] == expected


@pytest.mark.parametrize(
    "concept",
    ["pain_on_neck_movement", "pain_on_sustained_posture", "pain_on_neck_pressure"],
)
def test_any_neck_involvement_finding_meets_the_criterion(make_input, rules, concept):
    assert (
        criteria_of(make_input, rules, present=[concept])["neck_involvement"] == "met"
    )


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (
            {
                "absent": [
                    "pain_on_neck_movement",
                    "pain_on_sustained_posture",
                    "pain_on_neck_pressure",
                ]
            },
            "not_met",
        ),
        (
            {
                "absent": ["pain_on_neck_movement", "pain_on_sustained_posture"],
                "unsure": ["pain_on_neck_pressure"],
            },
            "unknown",
        ),
        ({}, "unknown"),
    ],
)
def test_neck_involvement_needs_all_three_denied(
    make_input, rules, arguments, expected
):
    assert criteria_of(make_input, rules, **arguments)["neck_involvement"] == expected


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ({"present": ["neck_stiffness"]}, "met"),
        ({"absent": ["neck_stiffness"]}, "not_met"),
        ({"unsure": ["neck_stiffness"]}, "unknown"),
    ],
)
def test_restricted_range_of_motion(make_input, rules, arguments, expected):
    assert criteria_of(make_input, rules, **arguments)["restricted_rom"] == expected


CGH_BASE = {
    "present": ["unilateral_head_pain", "pain_on_neck_pressure", "neck_pain"],
    "absent": ["side_shifting_pain", "neck_stiffness", "shoulder_arm_pain"],
}


@pytest.mark.parametrize(
    ("head", "neck", "expected"),
    [
        (R, R, "cgh_likely"),
        (R, L, "possible_musculoskeletal"),
        (None, None, "cgh_likely"),
        (L, None, "possible_musculoskeletal"),
        (L, B, "cgh_likely"),
        (B, B, "possible_musculoskeletal"),
    ],
)
def test_side_rules_decide_the_triage(make_input, head, neck, expected):
    sides = {"unilateral_head_pain": head, "neck_pain": neck}
    assert evaluate(make_input(**CGH_BASE, sides=sides)).triage == expected


def test_side_shift_rules_out_cgh(make_input):
    arguments = {
        "present": [*CGH_BASE["present"], "side_shifting_pain"],
        "absent": ["neck_stiffness", "shoulder_arm_pain"],
        "sides": {"unilateral_head_pain": R, "neck_pain": R},
    }
    outcome = evaluate(make_input(**arguments))
    assert outcome.triage == "possible_musculoskeletal"
    assert outcome.criteria["unilateral_no_sideshift"] == "not_met"


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ({"present": ["jaw_joint_noise", "jaw_locking"]}, True),
        (
            {
                "present": ["jaw_joint_noise"],
                "absent": ["jaw_pain_on_movement", "tmj_area_pain", "jaw_locking"],
            },
            False,
        ),
        (
            {
                "present": ["jaw_joint_noise"],
                "absent": ["jaw_pain_on_movement", "tmj_area_pain"],
            },
            None,
        ),
        (
            {"absent": ["jaw_joint_noise", "jaw_pain_on_movement", "tmj_area_pain"]},
            False,
        ),
        ({}, None),
    ],
)
def test_tmd_rule(make_input, rules, arguments, expected):
    answers = check_input(make_input(**arguments), rules)
    assert tmd_likely(answers, rules.tmd).value is expected


T, F, U = Verdict(True, ("t",)), Verdict(False, ("f",)), Verdict(None, ("u",))


@pytest.mark.parametrize(
    ("verdicts", "any_expected", "all_expected"),
    [
        ([T, F, U], Verdict(True, ("t",)), Verdict(False, ("f",))),
        ([F, U], Verdict(None, ("u",)), Verdict(False, ("f",))),
        ([T, U], Verdict(True, ("t",)), Verdict(None, ("u",))),
        ([F, F], Verdict(False, ("f",)), Verdict(False, ("f",))),
        ([T, T], Verdict(True, ("t",)), Verdict(True, ("t",))),
    ],
)
def test_three_valued_logic(verdicts, any_expected, all_expected):
    assert (any_of(verdicts), all_of(verdicts)) == (any_expected, all_expected)


@pytest.mark.parametrize(
    ("head", "other", "expected"),
    [
        (None, None, True),
        (None, B, True),
        (R, B, True),
        (R, None, False),
        (L, R, False),
    ],
)
def test_same_side(head, other, expected):
    assert same_side(head, other) is expected
