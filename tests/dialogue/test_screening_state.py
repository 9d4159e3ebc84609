"""The screening state across turns: volunteered facts, answers, next question."""

from __future__ import annotations

import pytest
import yaml

from bot.dialogue.entities import MessageFacts
from bot.dialogue.screening_state import (
    ScreeningState,
    Turn,
    next_question,
    question_concepts,
    questions_to_ask,
    read_answer,
    read_reply,
    with_volunteered,
)
from bot.screening import evaluate, load_ruleset, pending_questions
from bot.screening.findings import Mention, Side
from bot.settings import PROJECT_ROOT

EMERGENCY = "q_emergency_red_flags"
DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))


def turn(text: str, *mentions: Mention, intent: str = "inform", **facts) -> Turn:
    return Turn(intent, text, MessageFacts(mentions=list(mentions), **facts))


def status(state: ScreeningState, concept: str) -> str | None:
    return state.findings.get(concept, {}).get("status")


def answer_all_red_flags_no(state: ScreeningState) -> ScreeningState:
    for question in (EMERGENCY, "q_other_red_flags"):
        state = read_reply(state, question, turn("none", intent="deny")).state
    return state


def test_a_new_screening_asks_for_the_story_first() -> None:
    assert next_question(ScreeningState(findings={})) == "story"


def test_after_the_story_the_emergency_checklist_comes_first() -> None:
    story = turn("my jaw clicks", Mention("jaw_joint_noise", "jaw clicks"))
    state = read_reply(ScreeningState(findings={}), "story", story).state
    assert status(state, "jaw_joint_noise") == "present"
    assert next_question(state) == EMERGENCY


def test_checklist_numbers_refer_to_the_list_as_shown() -> None:
    state = ScreeningState(findings={}, story_told=True)
    shown = question_concepts(state, EMERGENCY)
    picked = shown.index("fainting") + 1
    state = read_reply(state, EMERGENCY, turn(str(picked))).state
    assert status(state, "fainting") == "present"
    assert status(state, "seizure") == "absent"
    assert next_question(state) is None  # an emergency: conclude at once


def test_an_emergency_volunteered_mid_screening_ends_the_questions() -> None:
    state = answer_all_red_flags_no(ScreeningState(findings={}, story_told=True))
    passed_out = turn("i just passed out", Mention("fainting", "passed out"))
    state = read_reply(state, "q_age", passed_out).state
    assert status(state, "fainting") == "present"
    assert next_question(state) is None


def test_a_later_statement_corrects_an_earlier_one() -> None:
    state = answer_all_red_flags_no(ScreeningState(findings={}, story_told=True))
    fever = turn("actually I do have a fever", Mention("fever", "fever"))
    state = read_reply(state, "q_age", fever).state
    assert status(state, "fever") == "present"


def test_a_bare_side_corrects_the_head_pain_side() -> None:
    head = Mention("unilateral_head_pain", "right side", side=Side.RIGHT)
    state = read_reply(ScreeningState(findings={}), "story", turn("x", head)).state
    state = read_reply(state, EMERGENCY, turn("it's the left", side=Side.LEFT)).state
    assert state.findings["unilateral_head_pain"]["side"] == "left"


def test_an_unreadable_reply_is_not_understood_and_keeps_the_question() -> None:
    state = ScreeningState(findings={}, story_told=True)
    reply = read_reply(state, EMERGENCY, turn("purple", intent="describe_symptoms"))
    assert not reply.understood
    assert next_question(reply.state) == EMERGENCY


def test_the_age_comes_after_the_red_flags_and_ends_a_plain_screening() -> None:
    state = answer_all_red_flags_no(ScreeningState(findings={}, story_told=True))
    for question in ("q_cgh", "q_tmd"):
        if next_question(state) == question:
            state = read_reply(state, question, turn("none", intent="deny")).state
    assert next_question(state) == "q_age"
    state = read_reply(state, "q_age", turn("42")).state
    assert state.age == 42 and next_question(state) is None


def test_checklist_evidence_quotes_the_answer_and_the_item() -> None:
    state = ScreeningState(findings={}, story_told=True)
    state = read_reply(state, EMERGENCY, turn("not sure", intent="unsure")).state
    label = load_ruleset().concepts["fever"].label
    assert state.findings["fever"]["evidence"] == f"answered “not sure” to “{label}”"


def domain_text(response: str, **values: str) -> str:
    (variant,) = DOMAIN["responses"][response]
    return variant["text"].format(**values)


def test_issue14_the_evidence_is_worded_in_domain_yml() -> None:
    state = ScreeningState(findings={}, story_told=True)
    state = read_reply(state, EMERGENCY, turn("not sure", intent="unsure")).state
    label = load_ruleset().concepts["fever"].label
    worded = domain_text("utter_evidence_answer", answer="not sure", item=label)
    assert state.findings["fever"]["evidence"] == worded


def test_a_story_told_to_the_red_flag_list_denies_no_other_red_flag() -> None:
    state = ScreeningState(findings={}, story_told=True)
    stiff = turn("my neck is stiff", Mention("neck_stiffness", "neck is stiff"))
    state = read_reply(state, EMERGENCY, stiff).state
    assert status(state, "neck_stiffness") == "present"
    assert status(state, "fainting") is None
    assert next_question(state) == EMERGENCY


# ---- issue 13, item 3: asking the side of a finding ticked without one ---------------

SIDES = "q_sides"


def ticked_neck_pain_with_right_head_pain() -> ScreeningState:
    """Right head pain from neck movement told in the story; neck pain ticked; the
    jaw list and the age answered: only the side question is left."""
    story = turn(
        "my head hurts on the right when I turn my neck",
        Mention("unilateral_head_pain", "head hurts on the right", side=Side.RIGHT),
        Mention("pain_on_neck_movement", "when I turn my neck"),
    )
    state = read_reply(ScreeningState(findings={}), "story", story).state
    state = answer_all_red_flags_no(state)
    picked = question_concepts(state, "q_cgh").index("neck_pain") + 1
    state = read_reply(state, "q_cgh", turn(str(picked))).state  # the rest: no
    state = read_reply(state, "q_tmd", turn("none", intent="deny")).state
    return read_reply(state, "q_age", turn("30")).state


def test_issue13_neck_pain_ticked_without_a_side_is_asked_its_side() -> None:
    state = ticked_neck_pain_with_right_head_pain()
    assert status(state, "neck_pain") == "present"
    assert next_question(state) == SIDES
    assert question_concepts(state, SIDES) == ("neck_pain",)


@pytest.mark.parametrize(
    ("reply", "side", "side_unsure"),
    [
        (turn("right", intent="inform"), "right", False),
        (turn("the left one", intent="inform"), "left", False),
        (turn("both", intent="inform", side=Side.BOTH), "both", False),
        (turn("not sure", intent="unsure"), None, True),
    ],
    ids=["right", "left", "both", "not sure"],
)
def test_issue13_the_side_answer_is_the_asked_findings_not_the_head_pains(
    reply: Turn, side: str | None, side_unsure: bool
) -> None:
    state = ticked_neck_pain_with_right_head_pain()
    answered = read_reply(state, SIDES, reply)
    assert answered.understood
    neck = answered.state.findings["neck_pain"]
    assert (neck["side"], neck["side_unsure"]) == (side, side_unsure)
    assert f"answered “{reply.text}”" in neck["evidence"]
    assert answered.state.findings["unilateral_head_pain"]["side"] == "right"
    assert next_question(answered.state) is None  # never asked twice


def test_issue13_an_unreadable_side_answer_is_asked_again_with_a_hint() -> None:
    state = ticked_neck_pain_with_right_head_pain()
    reply = read_reply(state, SIDES, turn("purple", intent="describe_symptoms"))
    assert not reply.understood and reply.needs_hint
    assert next_question(reply.state) == SIDES


def test_issue13_a_side_not_sure_is_in_the_outcome_reasons() -> None:
    state = ticked_neck_pain_with_right_head_pain()
    state = read_reply(state, SIDES, turn("not sure", intent="unsure")).state
    assert next_question(state) is None
    outcome = evaluate(state.screening_input())
    assert outcome.triage == "possible_musculoskeletal"
    assert outcome.criteria["ipsilateral_pain"] == "not_met"
    reason = next(r for r in outcome.reasons if "ipsilateral" in r.conclusion)
    assert "answered “not sure” to “which side" in reason.evidence["neck_pain"]


def test_issue14_the_side_answers_evidence_is_worded_in_domain_yml() -> None:
    state = ticked_neck_pain_with_right_head_pain()
    state = read_reply(state, SIDES, turn("not sure", intent="unsure")).state
    label = load_ruleset().concepts["neck_pain"].label
    worded = domain_text("utter_evidence_side_answer", answer="not sure", item=label)
    assert state.findings["neck_pain"]["evidence"].endswith(worded)


# ---- issue 13, item 4: no "didn't get that" before the emergency advice -------------


def test_issue13_an_emergency_in_an_unreadable_age_reply_needs_no_hint() -> None:
    state = answer_all_red_flags_no(ScreeningState(findings={}, story_told=True))
    passed_out = turn("i just passed out", Mention("fainting", "passed out"))
    reply = read_reply(state, "q_age", passed_out)
    assert not reply.understood  # no age in it ...
    assert not reply.needs_hint  # ... but the emergency advice comes alone


# ---- issue 14, item 4: the form's questions are the engine's pending ones -----------


def test_issue14_the_questions_to_ask_are_the_story_then_the_engines_groups() -> None:
    state = answer_all_red_flags_no(ScreeningState(findings={}))
    engine = [f"q_{group.id}" for group in pending_questions(state.screening_input())]
    assert engine  # the neck and jaw lists, the age...
    assert questions_to_ask(state) == ["story", *engine]
    told = ScreeningState(state.findings, story_told=True)
    assert questions_to_ask(told) == engine
    assert next_question(told) == engine[0]


def test_issue14_an_emergency_before_the_form_leaves_nothing_to_ask() -> None:
    fainted = ScreeningState(findings={"fainting": {"status": "present"}})
    assert questions_to_ask(fainted) == []


def test_issue14_nothing_is_read_before_a_question_is_asked() -> None:
    assert read_answer(ScreeningState(findings={}), None, turn("yes")) is None


@pytest.mark.parametrize("question", ["story", EMERGENCY])
def test_issue14_an_interruption_is_no_reply(question: str) -> None:
    state = ScreeningState(findings={}, story_told=question != "story")
    assert read_answer(state, question, turn("stop", intent="stop")) is None


def test_issue14_an_interruption_that_names_a_symptom_or_answers_is_a_reply() -> None:
    state = ScreeningState(findings={}, story_told=True)
    fever = turn("stop, I have a fever", Mention("fever", "fever"), intent="stop")
    assert status(read_answer(state, EMERGENCY, fever).state, "fever") == "present"
    tapped = read_answer(state, EMERGENCY, turn("none of these", intent="ask_human"))
    assert tapped is not None and tapped.understood


# ---- issue 18: questions asked during the screening ---------------------------------


def test_a_question_is_no_reply_unless_it_answers_a_closed_question() -> None:
    state = answer_all_red_flags_no(ScreeningState(findings={}, story_told=True))
    asked = turn("what is TMD?", intent="faq")
    assert read_answer(state, "q_tmd", asked) is None
    told = turn("my jaw clicks, why?", Mention("jaw_joint_noise", "jaw clicks"),
                intent="faq")  # fmt: skip
    assert read_answer(state, "story", told) is None  # answered, then with_volunteered
    tapped = turn("none of these", intent="faq")
    reply = read_answer(state, "q_tmd", tapped)
    assert reply is not None and reply.understood


def test_a_question_keeps_its_symptoms_and_tells_the_story() -> None:
    asked = turn("I'm pregnant, is that why?", Mention("pregnancy", "pregnant"),
                 intent="faq")  # fmt: skip
    state = with_volunteered(
        ScreeningState(findings={}), asked, bare_side_is_head=False
    )
    assert status(state, "pregnancy") == "present"
    assert state.story_told and next_question(state) != "story"


def test_a_side_in_a_question_corrects_nothing() -> None:
    head = {"status": "present", "side": "left"}
    state = ScreeningState(findings={"unilateral_head_pain": head}, story_told=True)
    asked = turn("why do you ask which side, is the right worse?", intent="faq",
                 side=Side.RIGHT)  # fmt: skip
    after = with_volunteered(state, asked, bare_side_is_head=False)
    assert after.findings["unilateral_head_pain"]["side"] == "left"
    assert after.story_told
