"""Issue 13, item 3: the side of a sided finding is asked when, and only when, it
can change a CGH criterion or the outcome (bot/screening/sides.py, spec section 2)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.screening import evaluate, pending_questions
from bot.screening.findings import Onset, Side


def ids(groups) -> list[str]:
    return [group.id for group in groups]


L, R, B = Side.LEFT, Side.RIGHT, Side.BOTH
HEAD, NECK, SHOULDER = "unilateral_head_pain", "neck_pain", "shoulder_arm_pain"
# One-sided head pain set off by neck movement, no stiffness: whether CGH is likely
# turns on ipsilateral_pain alone, i.e. on the sides.
CGH_BY_SIDES = {
    "present": [HEAD, "pain_on_neck_movement"],
    "absent": ["side_shifting_pain", "neck_stiffness"],
}

# (case, extra present, extra absent, sides, sides answered "not sure",
#  the findings whose side is asked, first one first)
SIDE_CASES = [
    ("neck pain ticked, head pain on the right",
     [NECK], [SHOULDER], {HEAD: R}, [], (NECK,)),
    ("neck pain ticked, head pain on the left",
     [NECK], [SHOULDER], {HEAD: L}, [], (NECK,)),
    ("neither has a side: they count as the same side",
     [NECK], [SHOULDER], {}, [], ()),
    ("neck pain on the left, head pain ticked with no side",
     [NECK], [SHOULDER], {NECK: L}, [], (HEAD,)),
    ("neck pain on both sides matches whatever side the head is",
     [NECK], [SHOULDER], {NECK: B}, [], ()),
    ("neck pain already on the head pain's side",
     [NECK], [SHOULDER], {HEAD: R, NECK: R}, [], ()),
    ("the shoulder already meets ipsilateral_pain",
     [NECK, SHOULDER], [], {HEAD: R, SHOULDER: R}, [], ()),
    ("neck and shoulder both without a side",
     [NECK, SHOULDER], [], {HEAD: R}, [], (NECK, SHOULDER)),
    ("head pain on both sides is not one-sided: no side can help",
     [NECK], [SHOULDER], {HEAD: B}, [], ()),
    ("neck side answered not sure: not asked again",
     [NECK], [SHOULDER], {HEAD: R}, [NECK], ()),
    ("head side answered not sure: not asked again",
     [NECK], [SHOULDER], {NECK: L}, [HEAD], ()),
    ("no rule compares the side of pain in front of the ear",
     ["tmj_area_pain", "jaw_joint_noise"], [NECK, SHOULDER], {HEAD: R}, [], ()),
    ("a restricted neck makes CGH likely, but the criterion still turns on the side",
     [NECK, "neck_stiffness"], [SHOULDER], {HEAD: R}, [], (NECK,)),
]  # fmt: skip


def side_input(make_input, present, absent, sides, unsure_sides, **kwargs):
    inp = make_input(
        present=[*CGH_BY_SIDES["present"], *present],
        absent=[c for c in CGH_BY_SIDES["absent"] if c not in present] + absent,
        sides=sides,
        **kwargs,
    )
    findings = {
        c: replace(f, side_unsure=True) if c in unsure_sides else f
        for c, f in inp.findings.items()
    }
    return replace(inp, findings=findings)


def sides_asked(groups) -> tuple[str, ...]:
    return tuple(c for group in groups for c in group.side_of)


@pytest.mark.parametrize(
    ("present", "absent", "sides", "unsure", "expected"),
    [case[1:] for case in SIDE_CASES],
    ids=[case[0] for case in SIDE_CASES],
)
def test_issue13_side_is_asked_only_when_it_can_change_a_criterion(
    make_input, present, absent, sides, unsure, expected
):
    inp = side_input(make_input, present, absent, sides, unsure)
    assert sides_asked(pending_questions(inp)) == expected


def test_issue13_side_question_comes_last(make_input):
    inp = side_input(make_input, [NECK], [], {HEAD: R}, [], age=None, onset=None)
    assert ids(pending_questions(inp)) == ["cgh", "tmd", "age", "sides"]


def test_issue13_side_is_not_asked_when_the_age_rules_send_to_a_physician(make_input):
    inp = side_input(
        make_input, [NECK], [SHOULDER], {HEAD: R}, [], age=58, onset=Onset.RECENT
    )
    assert sides_asked(pending_questions(inp)) == ()
    assert evaluate(inp).triage == "see_physician_first"


@pytest.mark.parametrize(
    ("extra", "red_flags_answered"),
    [(["pregnancy"], True), (["fainting"], True), ([], False)],
    ids=["a physician decides", "an emergency decides", "red flags first"],
)
def test_issue13_side_is_never_asked_once_a_red_flag_decides(
    make_input, extra, red_flags_answered
):
    inp = side_input(
        make_input, [NECK, *extra], [SHOULDER], {HEAD: R}, [],
        red_flags_answered=red_flags_answered,
    )  # fmt: skip
    groups = pending_questions(inp)
    if red_flags_answered:
        assert sides_asked(groups) == ()
    else:  # asked, but only after every red-flag question
        assert ids(groups)[:2] == ["emergency_red_flags", "other_red_flags"]


@pytest.mark.parametrize(
    ("neck_side", "unsure", "triage", "ipsilateral"),
    [
        (R, False, "cgh_likely", "met"),
        (B, False, "cgh_likely", "met"),
        (L, False, "possible_musculoskeletal", "not_met"),
        (None, True, "possible_musculoskeletal", "not_met"),
    ],
    ids=["same side", "both sides", "other side", "not sure"],
)
def test_issue13_the_side_answer_decides_the_criterion_and_the_outcome(
    make_input, neck_side, unsure, triage, ipsilateral
):
    sides = {HEAD: R, NECK: neck_side}
    inp = side_input(make_input, [NECK], [SHOULDER], sides, [NECK] if unsure else [])
    assert sides_asked(pending_questions(inp)) == ()
    outcome = evaluate(inp)
    assert (outcome.triage, outcome.criteria["ipsilateral_pain"]) == (
        triage,
        ipsilateral,
    )


def test_issue13_a_pending_side_is_no_safety_question(make_input):
    """The engine judges an unstated side by the spec's rule; only red flags block."""
    inp = side_input(make_input, [NECK], [SHOULDER], {HEAD: R}, [])
    assert sides_asked(pending_questions(inp)) == (NECK,)
    outcome = evaluate(inp)
    assert outcome.criteria["ipsilateral_pain"] == "not_met"
