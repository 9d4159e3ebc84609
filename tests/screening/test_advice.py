"""render_advice(): clinic settings filled in, statement and references added."""

from __future__ import annotations

import pytest

from bot.screening.advice import join_words, render_advice
from bot.screening.answers import check_input
from bot.screening.findings import ScreeningInput
from bot.screening.ruletypes import TRIAGE_IDS


@pytest.mark.parametrize("triage_id", TRIAGE_IDS)
def test_every_outcome_says_it_is_not_a_diagnosis(rules, clinic_env, triage_id):
    answers = check_input(ScreeningInput(), rules)
    advice = render_advice(rules, rules.triage_by_id(triage_id), answers)
    assert rules.not_a_diagnosis in advice
    assert "{" not in advice and "}" not in advice
    for ref in rules.triage_by_id(triage_id).references:
        assert f"[{ref}] {rules.references[ref]}" in advice


def test_settings_are_read_when_rendering(rules, clinic_env):
    answers = check_input(ScreeningInput(), rules)
    advice = render_advice(rules, rules.triage_by_id("see_physician_first"), answers)
    for name in ("CLINIC_NAME", "CLINIC_PHONE", "CLINIC_FAX"):
        assert clinic_env[name] in advice


@pytest.mark.parametrize(
    ("words", "expected"),
    [([], ""), (["a"], "a"), (["a", "b"], "a and b"), (["a", "b", "c"], "a, b and c")],
)
def test_join_words(words, expected):
    assert join_words(words) == expected
