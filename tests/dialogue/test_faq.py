"""bot.dialogue.faq (issue 18): which answer, and what follows it."""

from __future__ import annotations

import pytest

from bot.dialogue.entities import MessageFacts
from bot.dialogue.faq import (
    MIN_CONFIDENCE,
    UNSURE_RESPONSE,
    after_answer,
    answer_values,
    chosen_answer,
    new_red_flags,
)
from bot.screening import load_ruleset
from bot.screening.findings import Mention
from bot.settings import Settings

RULES = load_ruleset()


def selected(utter_action: str | None, confidence: float) -> dict:
    response = {"utter_action": utter_action, "confidence": confidence}
    return {"response_selector": {"faq": {"response": response}}}


def test_the_selectors_answer_is_given_when_it_is_sure() -> None:
    assert (
        chosen_answer(selected("utter_faq/what_is_tmd", 0.8)) == "utter_faq/what_is_tmd"
    )


@pytest.mark.parametrize(
    "parse_data",
    [
        selected("utter_faq/what_is_tmd", MIN_CONFIDENCE - 0.01),
        selected(None, 0.9),
        {},
        {"response_selector": {}},
    ],
)
def test_unsure_or_missing_gives_the_unsure_answer(parse_data: dict) -> None:
    assert chosen_answer(parse_data) == UNSURE_RESPONSE


LINK = "https://book.example/x"


@pytest.mark.parametrize(
    ("emergency", "link", "red_flags", "expected"),
    [
        (True, LINK, [], "utter_after_emergency"),
        (True, None, ["pregnancy"], "utter_after_emergency"),
        (False, LINK, ["pregnancy"], "utter_red_flag_in_question"),
        (False, LINK, [], "utter_booking_link"),
        (False, None, [], None),
    ],
)
def test_what_follows_the_answer(
    emergency: bool, link: str | None, red_flags: list[str], expected
) -> None:
    then = after_answer(
        emergency_advised=emergency, booking_link=link, red_flags=red_flags
    )
    assert then == expected


def facts(*mentions: Mention) -> MessageFacts:
    return MessageFacts(mentions=list(mentions))


def test_a_red_flag_the_screening_did_not_have_is_new() -> None:
    had = {"weight_loss": {"status": "present"}, "pregnancy": {"status": "absent"}}
    said = facts(
        Mention("pregnancy", "pregnant"),
        Mention("weight_loss", "lost weight"),
        Mention("neck_pain", "neck hurts"),  # no red flag
        Mention("fever", "fever", negated=True),  # denied
    )
    assert new_red_flags(had, said) == [RULES.concepts["pregnancy"].label]


def test_the_answers_name_the_clinics_configured_details() -> None:
    settings = Settings(
        "sqlite://", "https://b.example", "Clinic", "555-1", "555-2", 30
    )
    assert answer_values(settings) == {
        "clinic_name": "Clinic",
        "clinic_phone": "555-1",
        "clinic_fax": "555-2",
        "retention_days": "30",
        "emergency_number": "911",
    }
