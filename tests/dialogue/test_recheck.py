"""A red flag said with doubt is asked again, directly (issue 15, spec section 1).

"I'm not sure if I had a fever" neither drops the fever nor assumes it: the next
question asks it on its own, and "not sure" there is the answer "not sure", which
sends the visitor to a physician first.
"""

from __future__ import annotations

from bot.dialogue.entities import MessageFacts
from bot.dialogue.screening_state import (
    ScreeningState,
    Turn,
    next_question,
    question_concepts,
    read_reply,
)
from bot.screening import evaluate
from bot.screening.findings import Mention

RECHECK = "q_recheck_red_flags"
DOUBTED_FEVER = Mention("fever", "fever", uncertain=True)


def turn(text: str, *mentions: Mention, intent: str = "inform") -> Turn:
    return Turn(intent, text, MessageFacts(mentions=list(mentions)))


def told(*mentions: Mention) -> ScreeningState:
    story = turn("my story", *mentions)
    return read_reply(ScreeningState(findings={}), "story", story).state


def test_a_doubted_red_flag_is_asked_again_first_and_on_its_own() -> None:
    state = told(Mention("headache", "head hurts"), DOUBTED_FEVER)
    assert state.findings["fever"]["status"] == "unknown"
    assert state.findings["fever"]["evidence"] == "fever"
    assert next_question(state) == RECHECK
    assert question_concepts(state, RECHECK) == ("fever",)


def test_two_doubts_are_asked_one_after_the_other() -> None:
    fainted = Mention("fainting", "passed out", uncertain=True)
    state = told(DOUBTED_FEVER, fainted)
    first = question_concepts(state, RECHECK)
    assert len(first) == 1
    state = read_reply(state, RECHECK, turn("no", intent="deny")).state
    second = question_concepts(state, RECHECK)
    assert len(second) == 1 and second != first


def test_not_sure_on_the_recheck_sends_the_visitor_to_a_physician_first() -> None:
    state = told(DOUBTED_FEVER)
    state = read_reply(state, RECHECK, turn("not sure", intent="unsure")).state
    assert state.findings["fever"]["status"] == "unsure"
    assert next_question(state) != RECHECK
    for question in ("q_emergency_red_flags", "q_other_red_flags"):
        state = read_reply(state, question, turn("none", intent="deny")).state
    state = read_reply(state, "q_age", turn("40")).state
    assert evaluate(state.screening_input()).triage == "see_physician_first"


def test_yes_on_the_recheck_makes_the_red_flag_present() -> None:
    state = read_reply(told(DOUBTED_FEVER), RECHECK, turn("yes", intent="affirm"))
    assert state.state.findings["fever"]["status"] == "present"
    assert state.understood


def test_a_doubt_never_takes_back_an_answer() -> None:
    state = told(Mention("fever", "no fever", negated=True))
    state = read_reply(state, "q_emergency_red_flags", turn("my story", DOUBTED_FEVER))
    assert state.state.findings["fever"]["status"] == "absent"
    assert next_question(state.state) != RECHECK


def test_a_doubt_about_someone_else_or_the_past_is_not_rechecked() -> None:
    state = told(
        Mention("fever", "fever", uncertain=True, historical=True),
        Mention("fainting", "passed out", uncertain=True, hypothetical=True),
    )
    assert next_question(state) != RECHECK
