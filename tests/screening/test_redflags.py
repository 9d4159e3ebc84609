"""Which concepts are red-flag questions for a visitor, and what is still missing."""

from __future__ import annotations

import pytest

from bot.screening.answers import check_input
from bot.screening.redflags import (
    age_questions,
    missing_answers,
    red_flags_found,
    tier_questions,
)


@pytest.mark.parametrize(
    ("arguments", "stiff_neck_is_a_red_flag_question"),
    [
        ({"red_flags_answered": False}, True),  # fever not asked yet
        ({"present": ["fever"]}, True),
        ({"absent": ["fever"]}, False),
        ({"unsure": ["fever"]}, False),  # "not sure" already sends to a physician
    ],
)
def test_stiff_neck_is_a_question_while_the_combination_is_open(
    make_input, rules, arguments, stiff_neck_is_a_red_flag_question
):
    answers = check_input(make_input(**arguments), rules)
    questions = tier_questions(answers, rules)
    assert ("neck_stiffness" in questions) is stiff_neck_is_a_red_flag_question


@pytest.mark.parametrize(
    ("age", "expected"), [(None, ()), (49, ()), (50, ("jaw_pain_on_movement",))]
)
def test_age_rules_add_jaw_pain_for_older_visitors(make_input, rules, age, expected):
    answers = check_input(make_input(age=age), rules)
    assert age_questions(answers, rules) == expected


def test_missing_answers_leave_out_what_cannot_change_the_outcome(make_input, rules):
    answers = check_input(make_input(age=70, onset=None), rules)
    assert missing_answers(answers, rules, physician_fired=False) == [
        "jaw_pain_on_movement",
        "onset",
    ]
    assert missing_answers(answers, rules, physician_fired=True) == []


def test_red_flags_found_include_the_age_rule_finding(make_input, rules):
    inp = make_input(
        present=["jaw_pain_on_movement", "fever"], absent=["neck_stiffness"], age=60
    )
    assert red_flags_found(check_input(inp, rules), rules) == [
        "jaw_pain_on_movement",
        "fever",
    ]
    younger = make_input(present=["jaw_pain_on_movement"], age=40)
    assert red_flags_found(check_input(younger, rules), rules) == []
