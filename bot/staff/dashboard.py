"""The dashboard: screenings per day and per triage outcome, as SVG charts.

Counts only (no ids, no patient text), so viewing it writes no audit row.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue

from bot.staff.charts import daily_chart, triage_chart, triage_order
from bot.staff.services import services
from bot.storage.times import utcnow

bp = Blueprint("dashboard", __name__)
PERIODS = (7, 30, 90)  # days
DEFAULT_PERIOD = 30


@bp.get("/dashboard")
def index() -> ResponseReturnValue:
    days = request.args.get("days", DEFAULT_PERIOD, type=int)
    if days not in PERIODS:
        days = DEFAULT_PERIOD
    tomorrow = utcnow().date() + timedelta(days=1)
    until = datetime.combine(tomorrow, time(), timezone.utc)
    since = until - timedelta(days=days)
    counts = services().stats.daily_counts(since, until)
    return render_template(
        "dashboard.html",
        days=days,
        periods=PERIODS,
        total=sum(c.count for c in counts),
        outcomes=triage_order(counts),
        daily=daily_chart(counts, since.date(), days),
        by_triage=triage_chart(counts),
    )
