"""bot.dialogue.faq (issue 18): which answer, and what follows it."""

from __future__ import annotations

import pytest

from bot.dialogue.faq import (
    MIN_CONFIDENCE,
    UNSURE_RESPONSE,
    after_answer,
    answer_values,
    chosen_answer,
)
from bot.settings import Settings


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


@pytest.mark.parametrize(
    ("emergency", "link", "expected"),
    [
        (True, "https://book.example/x", "utter_after_emergency"),
        (True, None, "utter_after_emergency"),
        (False, "https://book.example/x", "utter_booking_link"),
        (False, None, None),
    ],
)
def test_what_follows_the_answer(emergency: bool, link: str | None, expected) -> None:
    assert after_answer(emergency_advised=emergency, booking_link=link) == expected


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
