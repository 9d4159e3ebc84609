"""Fixtures for the screening engine tests: the packaged rules and an input builder."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pytest

from bot.screening import Clinic, load_ruleset
from bot.screening.findings import Finding, Onset, ScreeningInput, Side, Status
from bot.screening.ruleset import Ruleset

from .spec_tables import EMERGENCY_FLAGS, PHYSICIAN_FLAGS, words

MakeInput = Callable[..., ScreeningInput]


@pytest.fixture(scope="session")
def rules() -> Ruleset:
    return load_ruleset()


@pytest.fixture()
def make_input() -> MakeInput:
    """Build a ScreeningInput.

    By default every red flag of both tiers is answered "absent", the visitor is
    35 and the headaches are longstanding, so a test names only what it is about.
    `red_flags_answered=False` leaves the red flags unknown instead.
    """

    def build(
        present: Iterable[str] = (),
        absent: Iterable[str] = (),
        unsure: Iterable[str] = (),
        *,
        sides: dict[str, Side | None] | None = None,
        age: int | None = 35,
        onset: Onset | None = Onset.LONGSTANDING,
        red_flags_answered: bool = True,
    ) -> ScreeningInput:
        sides = sides or {}
        findings: dict[str, Finding] = {}
        if red_flags_answered:
            for concept in (*EMERGENCY_FLAGS, *PHYSICIAN_FLAGS):
                findings[concept] = Finding(concept, Status.ABSENT)
        for status, concepts in (
            (Status.PRESENT, present),
            (Status.ABSENT, absent),
            (Status.UNSURE, unsure),
        ):
            for concept in concepts:
                side = sides.get(concept)
                findings[concept] = Finding(concept, status, side, words(concept))
        return ScreeningInput(findings=findings, age=age, onset=onset)

    return build


@pytest.fixture()
def clinic() -> Clinic:
    """Distinctive clinic details, none of them the placeholders."""
    return Clinic(
        name="Test Rehab Clinic",
        phone="555-0142",
        fax="555-0177",
        booking_url="https://book.test.example/pain?src=bot",
    )
