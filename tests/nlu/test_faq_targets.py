"""The quality gate of issue 18: the answers to the held-out questions.

tests/nlu/heldout_faq.yml was written blind and never tuned on (README, "Answers to
questions"). The ResponseSelector must meet its top-1 target, and in the chat no
question may get another question's answer: unsure, the bot says so.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.nlu.evaluate_faq import (
    HELDOUT_FAQ,
    TARGET_TOP1,
    Answered,
    answer_all,
    load_questions,
)
from bot.nlu.rasa_test import rasa_test_nlu

# Answered right in the chat, whole pipeline: 0.89 when issue 18 was resolved.
CHAT_FLOOR = 0.85


@pytest.fixture(scope="module")
def answered(trained_model: Path) -> Answered:
    return answer_all(trained_model, load_questions(HELDOUT_FAQ))


def test_the_response_selector_meets_its_target(
    trained_model: Path, tmp_path: Path
) -> None:
    report = rasa_test_nlu(
        trained_model, HELDOUT_FAQ, tmp_path, "response_selection_report.json"
    )
    assert report is not None and report["accuracy"] >= TARGET_TOP1


def test_no_question_gets_another_questions_answer(answered: Answered) -> None:
    assert answered.wrong == []


def test_most_questions_are_answered_right_in_the_chat(answered: Answered) -> None:
    assert answered.right / answered.total >= CHAT_FLOOR, answered
