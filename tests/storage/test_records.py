"""Checking a screening record before it is stored, and rebuilding it afterwards."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from bot.storage.errors import InvalidRecord
from bot.storage.records import check_record

from .helpers import record

EVIDENCE = "my neck hurts on the right"


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"frequency": "daily"}, "unknown field 'frequency'"),
        ({"triage": None}, "field 'triage' must not be null"),
        ({"triage": " "}, "field 'triage' must not be empty"),
        ({"age": "42"}, "field 'age' must be int or null, not str"),
        ({"age": True}, "field 'age' must be int or null, not bool"),
        ({"booking_link_offered": 1}, "field 'booking_link_offered' must be bool"),
        ({"red_flags": "fever"}, "field 'red_flags' must be list"),
        ({"red_flags": ["fever", 3]}, "field 'red_flags' must list concept ids"),
        ({"criteria": {"neck_involvement": True}}, "field 'criteria' must map"),
        ({"symptoms": [{"concept": "fever"}]}, "field 'symptoms' must list objects"),
        ({"channel": "x" * 65}, "field 'channel' is longer than 64 characters"),
        ({"started_at": "last tuesday"}, "field 'started_at' is not an ISO-8601"),
        (
            {"started_at": "2024-06-01T13:00:00+00:00"},
            "completed_at < started_at",
        ),
    ],
)
def test_a_bad_record_is_refused_with_the_field_named(
    changes: dict, problem: str
) -> None:
    with pytest.raises(InvalidRecord, match="Screening record not stored") as raised:
        check_record(record(**changes))
    assert problem in str(raised.value)


def test_every_missing_field_is_named() -> None:
    incomplete = record()
    del incomplete["age"], incomplete["channel"]
    with pytest.raises(InvalidRecord) as raised:
        check_record(incomplete)
    assert "missing field 'age'" in str(raised.value)
    assert "missing field 'channel'" in str(raised.value)


def test_the_optional_fields_may_be_left_out() -> None:
    minimal = record()
    for name in ("booking_reference", "onset", "advice"):
        del minimal[name]
    assert check_record(minimal).columns["onset"] is None


def test_messages_never_repeat_patient_text() -> None:
    bad = record(symptoms=[{"concept": 5, "evidence": EVIDENCE}], age=EVIDENCE)
    with pytest.raises(InvalidRecord) as raised:
        check_record(bad)
    assert EVIDENCE not in str(raised.value)


@pytest.mark.parametrize(
    "value",
    [
        "2024-06-01T11:54:00Z",
        "2024-06-01T13:54:00+02:00",
        "2024-06-01T11:54:00",
        datetime(2024, 6, 1, 11, 54, tzinfo=timezone.utc),
    ],
)
def test_times_are_stored_in_utc(value: str | datetime) -> None:
    checked = check_record(record(started_at=value))
    assert checked.columns["started_at"] == datetime(
        2024, 6, 1, 11, 54, tzinfo=timezone.utc
    )


def test_a_red_flag_listed_twice_is_one_red_flag() -> None:
    checked = check_record(record(red_flags=["fever", "pregnancy", "fever"]))
    assert checked.red_flags == ["fever", "pregnancy"]


def test_a_not_sure_answer_is_stored_as_present_null() -> None:
    unsure = {"concept": "fever", "present": None, "side": None, "evidence": "idk"}
    assert check_record(record(symptoms=[unsure]))
