"""How ids, answers and times read on the staff pages (Jinja filters), and the
choices the filters offer, taken from the screening rules so they cannot drift."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import Flask, current_app

from bot.screening.ruleset import load_ruleset
from bot.screening.ruletypes import TRIAGE_IDS
from bot.storage.times import parse_iso, to_utc


def words(identifier: str) -> str:
    """`see_physician_first` -> `see physician first`."""
    return identifier.replace("_", " ")


def concept_label(concept: str) -> str:
    """The rules' plain-words label of a concept id, or the id in words."""
    known = load_ruleset().concepts.get(concept)
    return known.label if known else words(concept)


def red_flag_ids() -> tuple[str, ...]:
    """Every concept a stored screening can list as a red flag, in rule order."""
    return load_ruleset().red_flag_concepts


def clinic_zone() -> ZoneInfo:
    """CLINIC_TIMEZONE, as the app was created with (config.py)."""
    zone: ZoneInfo = current_app.config["CLINIC_TIMEZONE"]
    return zone


def clinic_time(moment: datetime | str | None, *, seconds: bool = False) -> str:
    """`2024-06-01 08:00 EDT` in the clinic's time zone, for a datetime or an
    ISO-8601 string; '' for None."""
    if moment is None:
        return ""
    value = parse_iso(moment) if isinstance(moment, str) else to_utc(moment)
    local = value.astimezone(clinic_zone())
    return local.strftime("%Y-%m-%d %H:%M:%S %Z" if seconds else "%Y-%m-%d %H:%M %Z")


def triage_label(triage: str) -> str:
    """The rules' plain-words label of an outcome: "neck-related headache likely"."""
    known = {t.id: t.label for t in load_ruleset().triage}
    return known.get(triage, words(triage))


def duration(value: timedelta | None) -> str:
    """`2 h 5 min`, `3 d 4 h`, `45 min`; `-` for None."""
    if value is None:
        return "-"
    minutes = int(value.total_seconds() // 60)
    days, hours, minutes = minutes // 1440, minutes // 60 % 24, minutes % 60
    if days:
        return f"{days} d {hours} h"
    return f"{hours} h {minutes} min" if hours else f"{minutes} min"


def follow_up_label(status: str | None) -> str:
    """`no_answer` -> `no answer`; None (nothing to follow up) -> `none`."""
    return words(status) if status else "none"


def answer(present: bool | None) -> str:
    """A symptom's `present` as the patient's answer reads."""
    return {True: "yes", False: "no", None: "not sure"}[present]


def triage_class(triage: str) -> str:
    """The CSS class colouring a triage outcome; one class for unknown ids."""
    return f"triage-{triage}" if triage in TRIAGE_IDS else "triage-other"


def register_filters(app: Flask) -> None:
    filters = (
        words,
        concept_label,
        clinic_time,
        answer,
        triage_class,
        triage_label,
        follow_up_label,
        duration,
    )
    for function in filters:
        app.add_template_filter(function)
