"""Reading replies to the screening's questions, tapped or typed."""

from __future__ import annotations

import pytest

from bot.dialogue.entities import MessageFacts
from bot.dialogue.replies import (
    age_answer,
    checklist_answer,
    onset_answer,
    side_answer,
)
from bot.screening.findings import Experiencer, Mention, Onset, Side, Status

P, A, U = Status.PRESENT, Status.ABSENT, Status.UNSURE
LIST = ("fever", "seizure", "fainting")


def facts(*mentions: Mention, age: int | None = None) -> MessageFacts:
    return MessageFacts(mentions=list(mentions), age=age)


@pytest.mark.parametrize(
    ("intent", "text", "expected"),
    [
        ("inform", "2", {"fever": A, "seizure": P, "fainting": A}),
        ("inform", "1 and 3", {"fever": P, "seizure": A, "fainting": P}),
        ("inform", "1,3", {"fever": P, "seizure": A, "fainting": P}),
        ("deny", "none of these", {"fever": A, "seizure": A, "fainting": A}),
        ("deny", "nope", {"fever": A, "seizure": A, "fainting": A}),
        ("affirm", "none", {"fever": A, "seizure": A, "fainting": A}),
        ("unsure", "not sure", {"fever": U, "seizure": U, "fainting": U}),
        ("inform", "idk", {"fever": U, "seizure": U, "fainting": U}),
        ("unsure", "nothing like that", {"fever": A, "seizure": A, "fainting": A}),
        ("deny", "no idea", {"fever": U, "seizure": U, "fainting": U}),
        ("affirm", "yes", None),
        ("inform", "7", None),
        ("describe_symptoms", "purple", None),
    ],
)
def test_checklist_answers(intent: str, text: str, expected: dict | None) -> None:
    assert checklist_answer(LIST, intent, text, facts()) == expected


def test_plain_yes_answers_a_single_item_list() -> None:
    assert checklist_answer(("fever",), "affirm", "yeah", facts()) == {"fever": P}


def test_naming_a_symptom_answers_only_that_item() -> None:
    mention = Mention("seizure", "had a fit")
    answer = checklist_answer(LIST, "describe_symptoms", "I had a fit", facts(mention))
    assert answer == {"seizure": P}


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        (Mention("neuro_deficit", "Numbness"), Status.PRESENT),
        (Mention("neuro_deficit", "Numbness", uncertain=True), Status.UNKNOWN),
    ],
)
def test_a_denial_of_another_finding_of_the_concept_does_not_answer_it(
    said: Mention, expected: Status
) -> None:
    """ "Numbness yes, no weakness": numbness and weakness are one concept; the
    weakness denied must not deny the numbness, said or in doubt."""
    denied = Mention("neuro_deficit", "weakness", negated=True)
    listed = ("neuro_deficit", "fever")
    answer = checklist_answer(listed, "inform", "...", facts(said, denied))
    assert answer == {"neuro_deficit": expected}


def test_naming_only_a_denial_answers_just_that_item() -> None:
    mention = Mention("fever", "fever", negated=True)
    assert checklist_answer(LIST, "deny", "no fever", facts(mention)) == {"fever": A}


@pytest.mark.parametrize(
    "mention",
    [
        Mention("seizure", "fit", experiencer=Experiencer.OTHER),
        Mention("seizure", "fit", hypothetical=True),
    ],
)
def test_someone_elses_or_hypothetical_symptom_answers_nothing(
    mention: Mention,
) -> None:
    text = "my son had a fit"
    assert checklist_answer(LIST, "describe_symptoms", text, facts(mention)) is None


@pytest.mark.parametrize(
    ("text", "entity_age", "expected"),
    [("54", None, 54), ("I'm 54", 54, 54), ("about 30 i think", None, 30),
     ("old", None, None), ("400", None, None), ("0", None, None)],
)  # fmt: skip
def test_age(text: str, entity_age: int | None, expected: int | None) -> None:
    assert age_answer(text, facts(age=entity_age)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("recent", Onset.RECENT), ("longstanding", Onset.LONGSTANDING),
     ("sudden", Onset.SUDDEN), ("not sure", Onset.RECENT), ("banana", None)],
)  # fmt: skip
def test_onset(text: str, expected: Onset | None) -> None:
    assert onset_answer(text, facts()) == expected


# ---- issue 13, item 3: the side question's typed and tapped answers ------------------

L, R, B = Side.LEFT, Side.RIGHT, Side.BOTH


@pytest.mark.parametrize(
    ("text", "intent", "head", "expected"),
    [
        ("left", "inform", None, L),
        ("right", "inform", None, R),
        ("both", "inform", None, B),
        ("Left.", "inform", None, L),
        ("the right one", "inform", None, R),
        ("it's the left side", "inform", None, L),
        ("it’s the right", "inform", None, R),
        ("on the left", "inform", None, L),
        ("both sides", "inform", None, B),
        ("left and right", "inform", None, B),
        ("L", "inform", None, L),
        ("rt", "inform", None, R),
        ("RHS", "inform", None, R),
        ("the same side as the headache", "inform", R, R),
        ("the other side", "inform", R, L),
        ("same side", "inform", None, None),  # no head pain side to be the same as
        ("not sure", "unsure", None, "not sure"),
        ("dunno", "inform", None, "not sure"),
        ("hmm", "unsure", None, "not sure"),
        ("that's right", "affirm", None, None),
        ("not on the left", "deny", None, None),
        ("purple", "inform", None, None),
        ("", "inform", None, None),
    ],
)
def test_issue13_side_answers(text, intent, head, expected) -> None:
    assert side_answer("neck_pain", intent, text, facts(), head) == expected


def test_issue13_the_asked_finding_named_with_its_side_answers() -> None:
    neck = Mention("neck_pain", "neck hurts on the left", side=L)
    assert side_answer("neck_pain", "inform", "my neck hurts on the left",
                       facts(neck), None) == L  # fmt: skip


def test_issue13_another_findings_side_does_not_answer() -> None:
    shoulder = Mention("shoulder_arm_pain", "right shoulder", side=R)
    text = "my right shoulder"
    assert side_answer("neck_pain", "inform", text, facts(shoulder), None) is None


def test_issue13_the_nlu_bare_side_answers() -> None:
    bare = MessageFacts(side=B)
    assert side_answer("neck_pain", "inform", "on each side really", bare, R) == B
