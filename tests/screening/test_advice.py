"""render_advice(): the clinic's details filled in, statement and references added."""

from __future__ import annotations

import pytest

from bot.screening import evaluate
from bot.screening.advice import join_words, render_advice
from bot.screening.answers import check_input
from bot.screening.findings import ScreeningInput
from bot.screening.ruletypes import TRIAGE_IDS
from bot.settings import get_settings


@pytest.mark.parametrize("triage_id", TRIAGE_IDS)
def test_every_outcome_says_it_is_not_a_diagnosis(rules, clinic, triage_id):
    answers = check_input(ScreeningInput(), rules)
    advice = render_advice(rules, rules.triage_by_id(triage_id), answers, clinic)
    assert rules.not_a_diagnosis in advice
    assert "{" not in advice and "}" not in advice
    for ref in rules.triage_by_id(triage_id).references:
        assert f"[{ref}] {rules.references[ref]}" in advice


def test_the_clinic_given_is_named_in_the_advice(rules, clinic):
    answers = check_input(ScreeningInput(), rules)
    triage = rules.triage_by_id("see_physician_first")
    advice = render_advice(rules, triage, answers, clinic)
    for detail in (clinic.name, clinic.phone, clinic.fax):
        assert detail in advice


def test_the_engine_reads_no_environment(rules, clinic, make_input, monkeypatch):
    """The same screening and clinic give the same advice whatever CLINIC_* say."""
    inp = make_input(present=["high_blood_pressure"])
    before = evaluate(inp, rules, clinic).advice
    for name in ("CLINIC_NAME", "CLINIC_PHONE", "CLINIC_FAX", "CLINIC_BOOKING_URL"):
        monkeypatch.setenv(name, "from the environment")
    get_settings.cache_clear()
    try:
        assert evaluate(inp, rules, clinic).advice == before
        assert "from the environment" not in evaluate(inp, rules).advice
    finally:
        get_settings.cache_clear()


@pytest.mark.parametrize(
    ("words", "expected"),
    [([], ""), (["a"], "a"), (["a", "b"], "a and b"), (["a", "b", "c"], "a, b and c")],
)
def test_join_words(words, expected):
    assert join_words(words) == expected
