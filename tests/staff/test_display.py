"""How ids, answers and times read on the pages."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.staff.display import (
    answer,
    concept_label,
    red_flag_ids,
    triage_class,
    utc_time,
    words,
)


def test_words_and_labels() -> None:
    assert words("see_physician_first") == "see physician first"
    assert concept_label("jaw_joint_noise") == "jaw clicking or popping"
    assert concept_label("not_a_concept") == "not a concept"


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        (None, ""),
        ("2024-06-01T12:00:59+00:00", "2024-06-01 12:00 UTC"),
        ("2024-06-01T14:00:00+02:00", "2024-06-01 12:00 UTC"),
        (
            datetime(2024, 6, 1, 23, 30, tzinfo=timezone(timedelta(hours=-2))),
            "2024-06-02 01:30 UTC",
        ),
    ],
)
def test_times_read_in_utc(moment: object, shown: str) -> None:
    assert utc_time(moment) == shown


def test_times_with_seconds() -> None:
    assert utc_time("2024-06-01T12:00:59Z", seconds=True) == "2024-06-01 12:00:59 UTC"


@pytest.mark.parametrize(
    ("present", "shown"), [(True, "yes"), (False, "no"), (None, "not sure")]
)
def test_answers(present: bool | None, shown: str) -> None:
    assert answer(present) == shown


def test_triage_classes_are_known_ids_only() -> None:
    assert triage_class("emergency") == "triage-emergency"
    assert triage_class('x" onmouseover="y') == "triage-other"


def test_red_flags_are_the_rules_red_flag_concepts() -> None:
    flags = red_flag_ids()
    assert {"thunderclap_onset", "fever", "pregnancy"} <= set(flags)
    assert "headache" not in flags
