"""The dashboard page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask.testing import FlaskClient

from bot.storage.bookings import Bookings
from bot.storage.db import Database
from bot.storage.repository import ScreeningRepository
from bot.storage.times import utcnow
from tests.storage.helpers import audit_rows, record


@pytest.fixture
def recent(repo: ScreeningRepository) -> None:
    now = utcnow()
    for n, (days_ago, triage) in enumerate(
        [(0, "emergency"), (0, "emergency"), (1, "tmd_likely"), (40, "tmd_likely")]
    ):
        at = now - timedelta(days=days_ago, minutes=1)
        repo.save_record(record(f"c{n}", completed_at=at, triage=triage))


def test_the_dashboard_counts_the_period(
    reviewer: FlaskClient, recent: None, database: Database
) -> None:
    page = reviewer.get("/dashboard").text
    assert "3 screenings completed in the last 30 days" in page
    assert "<title>emergency care advised: 2</title>" in page
    assert "<title>jaw joint problem (TMD) likely: 1</title>" in page
    assert audit_rows(database) == []  # counts only: not audited
    page = reviewer.get("/dashboard?days=90").text
    assert "4 screenings completed in the last 90 days" in page


@pytest.mark.parametrize("days", ["5", "x", "-1"])
def test_an_unknown_period_shows_the_default(reviewer: FlaskClient, days: str) -> None:
    assert "last 30 days" in reviewer.get(f"/dashboard?days={days}").text


def test_the_charts_are_inline_svg_without_style_attributes(
    reviewer: FlaskClient, recent: None
) -> None:
    page = reviewer.get("/dashboard").text
    assert len(re.findall(r'<svg class="chart"', page)) == 3
    assert "style=" not in page


def test_the_funnel_counts_clicks_bookings_and_unreviewed_emergencies(
    reviewer: FlaskClient, repo: ScreeningRepository, database: Database
) -> None:
    at = utcnow() - timedelta(minutes=5)
    for n in range(3):
        repo.save_record(
            record(f"f{n}", completed_at=at, booking_reference=f"{n}" * 16)
        )
    bookings = Bookings(database)
    bookings.record_click("0" * 16)
    bookings.record_click("1" * 16)
    bookings.mark_booked(["1" * 16])
    page = reviewer.get("/dashboard?days=7").text
    rows = re.findall(
        r'<tr><th scope="row">([0-9-]+)</th>((?:<td>\d+</td>)+)</tr>', page
    )
    weekly = [[int(n) for n in re.findall(r"\d+", cells)] for _, cells in rows]
    # started and consented come from Rasa's events: none here
    assert [sum(column) for column in zip(*weekly, strict=True)] == [0, 0, 3, 2, 1]
    assert "<strong>0</strong> emergencies not yet reviewed" in page
