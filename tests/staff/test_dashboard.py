"""The dashboard page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask.testing import FlaskClient

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
    assert "<title>emergency: 2</title>" in page
    assert "<title>tmd likely: 1</title>" in page
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
    assert len(re.findall(r'<svg class="chart"', page)) == 2
    assert "style=" not in page
