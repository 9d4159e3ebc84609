"""The dashboard's charts as shapes: bars, text and axis lines in SVG coordinates.

The template turns the shapes into an inline <svg> (colours come from CSS classes),
so the charts need no script and no inline style, and the CSP can forbid both.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

from bot.screening.ruletypes import TRIAGE_IDS
from bot.staff.display import triage_class, triage_label
from bot.storage.stats import FUNNEL_STEPS, DailyCount, WeekFunnel

WIDTH, DAILY_HEIGHT = 720, 240
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 10, 30
PLOT_HEIGHT = DAILY_HEIGHT - TOP - BOTTOM
BASELINE = TOP + PLOT_HEIGHT
MAX_DAY_LABELS = 10
ROW, LABEL_WIDTH, COUNT_WIDTH = 26, 190, 50
K = TypeVar("K")


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    css_class: str
    title: str


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str = "middle"  # SVG text-anchor: start, middle or end


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    labels: tuple[Label, ...]
    lines: tuple[Line, ...]


def triage_order(counts: Iterable[DailyCount]) -> list[str]:
    """The section-2 outcomes in rule order, then any other stored ids."""
    others = sorted({c.triage for c in counts} - set(TRIAGE_IDS))
    return [*TRIAGE_IDS, *others]


def daily_chart(counts: list[DailyCount], first_day: date, days: int) -> Chart:
    """Stacked bars: screenings per day from `first_day`, split by outcome."""
    top = max(_totals(counts, lambda c: c.day).values(), default=0) or 1
    slot = (WIDTH - LEFT - RIGHT) / days
    bars = _stacked_bars(counts, first_day, slot, top)
    labels = [*_day_labels(first_day, days, slot), *_count_labels(top)]
    axes = (
        Line(LEFT, TOP, LEFT, BASELINE),
        Line(LEFT, BASELINE, WIDTH - RIGHT, BASELINE),
    )
    return Chart(WIDTH, DAILY_HEIGHT, tuple(bars), tuple(labels), axes)


def _stacked_bars(
    counts: list[DailyCount], first_day: date, slot: float, top: int
) -> list[Bar]:
    order = {triage: i for i, triage in enumerate(triage_order(counts))}
    bars, stacked = [], Counter()
    for c in sorted(counts, key=lambda c: (c.day, order[c.triage])):
        height = PLOT_HEIGHT * c.count / top
        stacked[c.day] += height
        x = LEFT + (c.day - first_day).days * slot
        bars.append(
            Bar(
                x=_round(x + slot * 0.1),
                y=_round(BASELINE - stacked[c.day]),
                width=_round(slot * 0.8),
                height=_round(height),
                css_class=triage_class(c.triage),
                title=f"{c.day.isoformat()}: {c.count} {triage_label(c.triage)}",
            )
        )
    return bars


def _day_labels(first_day: date, days: int, slot: float) -> list[Label]:
    """A date under every day, or every few days so at most MAX_DAY_LABELS."""
    step = math.ceil(days / MAX_DAY_LABELS)
    return [
        Label(
            _round(LEFT + (i + 0.5) * slot),
            BASELINE + 16,
            (first_day + timedelta(days=i)).strftime("%m-%d"),
        )
        for i in range(0, days, step)
    ]


def _count_labels(top: int) -> list[Label]:
    """0, half-way and the highest daily count, beside the vertical axis."""
    return [
        Label(
            LEFT - 6,
            _round(BASELINE - PLOT_HEIGHT * value / top + 4),
            str(value),
            "end",
        )
        for value in sorted({0, top // 2, top})
    ]


def triage_chart(counts: list[DailyCount]) -> Chart:
    """Horizontal bars: screenings per outcome over the whole period."""
    totals = _totals(counts, lambda c: c.triage)
    order = triage_order(counts)
    top = max(totals.values(), default=0) or 1
    bar_area = WIDTH - LABEL_WIDTH - COUNT_WIDTH
    bars, labels = [], []
    for row, triage in enumerate(order):
        y = TOP + row * ROW
        width = _round(bar_area * totals[triage] / top)
        bars.append(
            Bar(LABEL_WIDTH, y + 4, width, ROW - 8, triage_class(triage),
                f"{triage_label(triage)}: {totals[triage]}")
        )  # fmt: skip
        labels.append(
            Label(LABEL_WIDTH - 8, y + ROW / 2 + 4, triage_label(triage), "end")
        )
        labels.append(
            Label(
                LABEL_WIDTH + width + 6, y + ROW / 2 + 4, str(totals[triage]), "start"
            )
        )
    height = TOP + len(order) * ROW + 10
    axis = (Line(LABEL_WIDTH, TOP, LABEL_WIDTH, TOP + len(order) * ROW),)
    return Chart(WIDTH, height, tuple(bars), tuple(labels), axis)


FUNNEL_LABELS = {
    "started": "conversations started",
    "consented": "screenings consented to",
    "completed": "screenings completed",
    "clicked": "booking links clicked",
    "booked": "bookings made",
}


def funnel_chart(weeks: list[WeekFunnel]) -> Chart:
    """Grouped bars: each week's five funnel steps side by side."""
    top = max((n for w in weeks for n in w.steps.values()), default=0) or 1
    slot = (WIDTH - LEFT - RIGHT) / max(len(weeks), 1)
    bar_width = slot * 0.8 / len(FUNNEL_STEPS)
    bars, labels = [], []
    for i, week in enumerate(weeks):
        x = LEFT + i * slot + slot * 0.1
        for j, step in enumerate(FUNNEL_STEPS):
            height = PLOT_HEIGHT * week.steps[step] / top
            bars.append(
                Bar(
                    x=_round(x + j * bar_width),
                    y=_round(BASELINE - height),
                    width=_round(bar_width),
                    height=_round(height),
                    css_class=f"step-{step}",
                    title=f"week of {week.week.isoformat()}: "
                    f"{week.steps[step]} {FUNNEL_LABELS[step]}",
                )
            )
        labels.append(
            Label(_round(LEFT + (i + 0.5) * slot), BASELINE + 16, f"{week.week:%m-%d}")
        )
    axes = (
        Line(LEFT, TOP, LEFT, BASELINE),
        Line(LEFT, BASELINE, WIDTH - RIGHT, BASELINE),
    )
    return Chart(WIDTH, DAILY_HEIGHT, tuple(bars), (*labels, *_count_labels(top)), axes)


def _totals(counts: list[DailyCount], key: Callable[[DailyCount], K]) -> Counter[K]:
    totals: Counter[K] = Counter()
    for c in counts:
        totals[key(c)] += c.count
    return totals


def _round(value: float) -> float:
    return round(value, 1)
