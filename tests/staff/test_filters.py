"""The list's query string, checked and turned into the storage's filter."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from werkzeug.datastructures import MultiDict

from bot.staff.filters import filter_form
from bot.storage.repository import ScreeningFilter


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ScreeningFilter()),
        ({"triage": "emergency"}, ScreeningFilter(triage="emergency")),
        ({"channel": " twilio "}, ScreeningFilter(channel="twilio")),
        ({"reviewed": "yes"}, ScreeningFilter(reviewed=True)),
        ({"reviewed": "no"}, ScreeningFilter(reviewed=False)),
        ({"red_flag": "any"}, ScreeningFilter(has_red_flags=True)),
        ({"red_flag": "none"}, ScreeningFilter(has_red_flags=False)),
        ({"red_flag": "fever"}, ScreeningFilter(red_flag="fever")),
        (
            {"since": "2024-05-30", "until": "2024-05-31"},
            ScreeningFilter(since=utc(2024, 5, 30), until=utc(2024, 6, 1)),
        ),
        ({"q": "  BK-12 "}, ScreeningFilter(search="BK-12")),
        ({"q": "   "}, ScreeningFilter()),
    ],
)
def test_query_to_filter(query: dict, expected: ScreeningFilter) -> None:
    form = filter_form(MultiDict(query))
    assert form.errors == {}
    assert form.to_filter() == expected


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"triage": "bogus"}, "triage"),
        ({"reviewed": "maybe"}, "reviewed"),
        ({"red_flag": "headache"}, "red_flag"),  # a concept, not a red flag
        ({"since": "01/06/2024"}, "since"),
        ({"since": "2024-06-02", "until": "2024-06-01"}, "until"),
        ({"channel": "x" * 65}, "channel"),
        ({"page": "0"}, "page"),
        ({"page": "two"}, "page"),
    ],
)
def test_bad_values_are_named(query: dict, field: str) -> None:
    assert field in filter_form(MultiDict(query)).errors


def test_query_args_keep_the_filter_but_not_the_page() -> None:
    query = {"triage": "emergency", "q": "abc", "since": "", "page": "3"}
    form = filter_form(MultiDict(query))
    assert form.query_args() == {"triage": "emergency", "q": "abc"}
    assert form.active
    assert not filter_form(MultiDict({"page": "2"})).active
