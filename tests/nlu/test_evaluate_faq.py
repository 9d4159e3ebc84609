"""How bot/nlu/evaluate_faq.py counts the chat's answers (no model needed)."""

from __future__ import annotations

from pathlib import Path

from bot.nlu.evaluate_faq import Answered, load_questions, tally


def test_questions_are_read_with_their_expected_answer(tmp_path: Path) -> None:
    path = tmp_path / "questions.yml"
    path.write_text(
        'version: "3.1"\nnlu:\n  - intent: faq/what_is_tmd\n    examples: |\n'
        "      - what is tmd?\n      - explain TMJ please\n",
        encoding="utf-8",
    )
    assert load_questions(path) == [
        ("what is tmd?", "utter_faq/what_is_tmd"),
        ("explain TMJ please", "utter_faq/what_is_tmd"),
    ]


def parsed(intent: str, answer: str, confidence: float) -> dict:
    response = {"utter_action": answer, "confidence": confidence}
    return {
        "intent": {"name": intent},
        "response_selector": {"faq": {"response": response}},
    }


def test_each_question_is_counted_once_by_what_the_chat_does() -> None:
    answered = Answered()
    expected = "utter_faq/what_is_tmd"
    tally(answered, "a", expected, parsed("faq", expected, 0.9))
    tally(answered, "b", expected, parsed("faq", expected, 0.1))
    tally(answered, "c", expected, parsed("faq", "utter_faq/privacy", 0.9))
    tally(answered, "d", expected, parsed("describe_symptoms", expected, 0.9))
    assert (answered.right, answered.unsure) == (1, 1)
    assert answered.wrong == ["c: gave utter_faq/privacy"]
    assert answered.not_questions == {"describe_symptoms": 1}
    assert answered.total == 4
