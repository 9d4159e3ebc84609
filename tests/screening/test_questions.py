"""pending_questions(): order, what is skipped, and that red flags never are."""

from __future__ import annotations

import pytest

from bot.screening import UnknownConceptError, evaluate, pending_questions
from bot.screening.findings import Finding, Onset, ScreeningInput, Status

from .spec_tables import EMERGENCY_FLAGS, PHYSICIAN_FLAGS


def ids(groups) -> list[str]:
    return [group.id for group in groups]


def asked(groups) -> set[str]:
    return {c for group in groups for c in group.concepts}


def test_a_fresh_screening_asks_every_group_in_order(rules):
    groups = pending_questions(ScreeningInput())
    assert ids(groups) == [
        "emergency_red_flags",
        "other_red_flags",
        "cgh",
        "tmd",
        "age",
    ]
    assert groups[0].concepts == (*EMERGENCY_FLAGS, "fever", "neck_stiffness")
    assert set(groups[1].concepts) == set(PHYSICIAN_FLAGS) - {"fever"}
    assert groups[-1].fact == "age"
    assert groups == [g for g in rules.questions if g.id in ids(groups)]


def test_an_emergency_ends_the_questions():
    findings = {"seizure": Finding("seizure", Status.PRESENT)}
    assert pending_questions(ScreeningInput(findings)) == []


def test_answered_concepts_are_not_asked_again(make_input):
    groups = pending_questions(make_input(present=["unilateral_head_pain"]))
    assert "unilateral_head_pain" not in asked(groups)
    # stiff neck sits in the emergency checklist and is still open for CGH
    assert [(g.id, g.concepts) for g in groups][0] == (
        "emergency_red_flags",
        ("neck_stiffness",),
    )
    assert ids(groups) == ["emergency_red_flags", "cgh", "tmd"]


def test_nothing_is_asked_once_every_rule_is_decided(make_input):
    """TMD holds and CGH cannot (no one-sided head pain): the outcome is fixed."""
    inp = make_input(
        present=["jaw_joint_noise", "jaw_locking"], absent=["unilateral_head_pain"]
    )
    assert pending_questions(inp) == []
    assert evaluate(inp).triage == "tmd_likely"


def test_cgh_questions_stay_while_cgh_and_tmd_is_possible(make_input):
    inp = make_input(present=["jaw_joint_noise", "jaw_locking"])
    assert ids(pending_questions(inp)) == ["emergency_red_flags", "cgh"]


def test_questions_that_cannot_change_the_outcome_are_skipped(make_input):
    inp = make_input(present=["pregnancy"])
    assert pending_questions(inp) == []
    assert evaluate(inp).triage == "see_physician_first"


def test_red_flags_are_asked_even_when_the_outcome_is_known(make_input):
    inp = make_input(present=["pregnancy"], red_flags_answered=False)
    groups = pending_questions(inp)
    assert ids(groups) == ["emergency_red_flags", "other_red_flags"]
    assert "neck_stiffness" in groups[0].concepts  # fever still unknown
    assert "pregnancy" not in asked(groups)


def test_stiff_neck_is_asked_when_fever_makes_it_an_emergency_question(make_input):
    groups = pending_questions(make_input(present=["fever"]))
    assert ids(groups) == ["emergency_red_flags"]
    assert groups[0].concepts == ("neck_stiffness",)


def test_stiff_neck_is_not_asked_without_fever_once_sent_to_a_physician(make_input):
    inp = make_input(present=["cancer_history"])
    assert "neck_stiffness" not in asked(pending_questions(inp))


def test_remaining_tmd_signs_are_skipped_once_two_are_present(make_input):
    groups = pending_questions(make_input(present=["jaw_joint_noise", "jaw_locking"]))
    assert "tmd" not in ids(groups)


def test_jaw_pain_is_asked_of_an_older_visitor_even_then(make_input):
    inp = make_input(present=["jaw_joint_noise", "jaw_locking"], age=64, onset=None)
    groups = pending_questions(inp)
    assert ("tmd", ("jaw_pain_on_movement",)) in [(g.id, g.concepts) for g in groups]
    assert ids(groups)[-1] == "onset"


def test_age_then_onset_only_for_an_older_visitor(make_input):
    assert ids(pending_questions(make_input(age=None, onset=None)))[-1] == "age"
    younger = pending_questions(make_input(age=30, onset=None))
    assert "onset" not in ids(younger)
    older = pending_questions(make_input(age=50, onset=None))
    assert ids(older)[-1] == "onset"
    answered = pending_questions(make_input(age=50, onset=Onset.RECENT))
    assert "onset" not in ids(answered)


def test_unknown_concept_is_an_error():
    inp = ScreeningInput({"neck_pian": Finding("neck_pian", Status.PRESENT)})
    with pytest.raises(UnknownConceptError, match="did you mean 'neck_pain'"):
        pending_questions(inp)
