"""The dashboard's chart shapes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.staff import charts
from bot.staff.charts import daily_chart, triage_chart
from bot.storage.stats import DailyCount

DAY1 = date(2024, 6, 1)
DAY2 = DAY1 + timedelta(days=1)


def test_daily_bars_stack_by_outcome_and_scale_to_the_busiest_day() -> None:
    counts = [
        DailyCount(DAY1, "tmd_likely", 1),
        DailyCount(DAY1, "emergency", 1),
        DailyCount(DAY2, "emergency", 4),
    ]
    chart = daily_chart(counts, DAY1, days=2)
    first, second, busiest = chart.bars
    assert (first.css_class, second.css_class) == (
        "triage-emergency",
        "triage-tmd_likely",
    )
    assert busiest.height == charts.PLOT_HEIGHT  # 4 of 4
    assert first.height == second.height == charts.PLOT_HEIGHT / 4
    assert first.y == charts.BASELINE - first.height  # emergency at the bottom
    assert second.y + second.height == pytest.approx(first.y)
    assert busiest.x > first.x == second.x
    assert busiest.title == "2024-06-02: 4 emergency care advised"
    assert [label.text for label in chart.labels] == ["06-01", "06-02", "0", "2", "4"]


def test_a_long_period_gets_at_most_ten_date_labels() -> None:
    chart = daily_chart([], DAY1, days=90)
    dates = [label for label in chart.labels if "-" in label.text]
    assert len(dates) == 10
    assert dates[0].text == "06-01"


def test_no_screenings_give_no_bars() -> None:
    chart = daily_chart([], DAY1, days=7)
    assert chart.bars == ()
    assert [label.text for label in chart.labels][-2:] == ["0", "1"]


def test_outcome_bars_list_every_outcome_in_rule_order_then_unknown_ones() -> None:
    counts = [
        DailyCount(DAY1, "cgh_likely", 2),
        DailyCount(DAY2, "cgh_likely", 2),
        DailyCount(DAY2, "old_outcome", 1),
    ]
    chart = triage_chart(counts)
    classes = [bar.css_class for bar in chart.bars]
    assert classes[0] == "triage-emergency"
    assert classes[-1] == "triage-other"
    widths = {bar.title: bar.width for bar in chart.bars}
    full = charts.WIDTH - charts.LABEL_WIDTH - charts.COUNT_WIDTH
    assert widths["neck-related headache likely: 4"] == full
    assert widths["old outcome: 1"] == full / 4
    assert widths["emergency care advised: 0"] == 0
