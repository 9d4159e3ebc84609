"""How ids, answers and times read on the pages."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from flask import Flask

from bot.staff.display import (
    answer,
    clinic_time,
    concept_label,
    follow_up_label,
    red_flag_ids,
    triage_class,
    triage_label,
    words,
)


def test_words_and_labels() -> None:
    assert words("see_physician_first") == "see physician first"
    assert concept_label("jaw_joint_noise") == "jaw clicking or popping"
    assert concept_label("not_a_concept") == "not a concept"
    assert triage_label("cgh_likely") == "neck-related headache likely"
    assert triage_label("not_a_triage") == "not a triage"
    assert (follow_up_label("no_answer"), follow_up_label(None)) == (
        "no answer",
        "none",
    )


def in_zone(name: str) -> Flask:
    app = Flask(__name__)
    app.config["CLINIC_TIMEZONE"] = ZoneInfo(name)
    return app


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
def test_times_read_in_utc_by_default(moment: object, shown: str) -> None:
    with in_zone("UTC").app_context():
        assert clinic_time(moment) == shown


def test_times_read_in_the_clinics_zone_summer_and_winter() -> None:
    with in_zone("America/Toronto").app_context():
        assert clinic_time("2024-06-01T12:00:59Z", seconds=True) == (
            "2024-06-01 08:00:59 EDT"
        )
        assert clinic_time("2024-01-15T03:30:00Z") == "2024-01-14 22:30 EST"


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
