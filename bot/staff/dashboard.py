"""The dashboard: screenings per day and outcome, the weekly funnel from first
message to booking, unreviewed emergencies and how fast staff review, as SVG
charts and tables.

Counts only (no ids, no patient text), so viewing it writes no audit row. Days
and weeks are the clinic's (CLINIC_TIMEZONE).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue

from bot.staff.charts import (
    FUNNEL_LABELS,
    daily_chart,
    funnel_chart,
    triage_chart,
    triage_order,
)
from bot.staff.display import clinic_zone
from bot.staff.services import services
from bot.storage.stats import FUNNEL_STEPS
from bot.storage.times import utcnow

bp = Blueprint("dashboard", __name__)
PERIODS = (7, 30, 90)  # days
DEFAULT_PERIOD = 30


@bp.get("/dashboard")
def index() -> ResponseReturnValue:
    days = request.args.get("days", DEFAULT_PERIOD, type=int)
    if days not in PERIODS:
        days = DEFAULT_PERIOD
    zone = clinic_zone()
    tomorrow = utcnow().astimezone(zone).date() + timedelta(days=1)
    until = datetime.combine(tomorrow, time(), zone)
    since = until - timedelta(days=days)
    stats = services().stats
    counts = stats.daily_counts(since, until, zone)
    weeks = stats.weekly_funnel(since, until, zone)
    return render_template(
        "dashboard.html",
        days=days,
        periods=PERIODS,
        total=sum(c.count for c in counts),
        outcomes=triage_order(counts),
        daily=daily_chart(counts, since.date(), days),
        by_triage=triage_chart(counts),
        weeks=weeks,
        funnel=funnel_chart(weeks),
        steps=[(step, FUNNEL_LABELS[step]) for step in FUNNEL_STEPS],
        unreviewed_emergencies=stats.unreviewed_emergencies(),
        median_review=stats.median_time_to_review(since, until),
    )
