"""How ids, answers and times read on the staff pages (Jinja filters), and the
choices the filters offer, taken from the screening rules so they cannot drift."""

from __future__ import annotations

from datetime import datetime

from flask import Flask

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


def utc_time(moment: datetime | str | None, *, seconds: bool = False) -> str:
    """`2024-06-01 12:00 UTC` for a datetime or an ISO-8601 string; '' for None."""
    if moment is None:
        return ""
    value = parse_iso(moment) if isinstance(moment, str) else to_utc(moment)
    return value.strftime("%Y-%m-%d %H:%M:%S UTC" if seconds else "%Y-%m-%d %H:%M UTC")


def answer(present: bool | None) -> str:
    """A symptom's `present` as the patient's answer reads."""
    return {True: "yes", False: "no", None: "not sure"}[present]


def triage_class(triage: str) -> str:
    """The CSS class colouring a triage outcome; one class for unknown ids."""
    return f"triage-{triage}" if triage in TRIAGE_IDS else "triage-other"


def register_filters(app: Flask) -> None:
    for function in (words, concept_label, utc_time, answer, triage_class):
        app.add_template_filter(function)
