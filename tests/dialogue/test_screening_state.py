"""The screening state across turns: volunteered facts, answers, next question."""

from __future__ import annotations

from bot.dialogue.entities import MessageFacts
from bot.dialogue.screening_state import (
    ScreeningState,
    Turn,
    next_question,
    question_concepts,
    read_reply,
)
from bot.screening import load_ruleset
from bot.screening.findings import Mention, Side

EMERGENCY = "q_emergency_red_flags"


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


def test_a_story_told_to_the_red_flag_list_denies_no_other_red_flag() -> None:
    state = ScreeningState(findings={}, story_told=True)
    stiff = turn("my neck is stiff", Mention("neck_stiffness", "neck is stiff"))
    state = read_reply(state, EMERGENCY, stiff).state
    assert status(state, "neck_stiffness") == "present"
    assert status(state, "fainting") is None
    assert next_question(state) == EMERGENCY
