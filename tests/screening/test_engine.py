"""evaluate(): one case per triage outcome and per red flag, age rules, safety rules."""

from __future__ import annotations

import pytest

from bot.screening import (
    IncompleteScreening,
    UnknownConceptError,
    evaluate,
    is_emergency,
)
from bot.screening.findings import Finding, Onset, ScreeningInput, Side, Status

from .spec_tables import EMERGENCY_FLAGS, PHYSICIAN_FLAGS, words

R = Side.RIGHT
CGH = {
    "present": [
        "unilateral_head_pain",
        "pain_on_neck_movement",
        "neck_stiffness",
    ],
    "absent": ["side_shifting_pain"],
    "sides": {"unilateral_head_pain": R},
}

TRIAGE_CASES = [
    # (case id, builder arguments, expected triage)
    (
        "cgh_and_tmd",
        {**CGH, "present": [*CGH["present"], "jaw_joint_noise", "jaw_locking"]},
        "cgh_and_tmd",
    ),
    ("cgh_likely", CGH, "cgh_likely"),
    (
        "cgh_likely_by_ipsilateral_neck_pain",
        {
            "present": [
                "unilateral_head_pain",
                "pain_on_sustained_posture",
                "neck_pain",
            ],
            "absent": ["side_shifting_pain", "neck_stiffness"],
            "sides": {"unilateral_head_pain": R, "neck_pain": R},
        },
        "cgh_likely",
    ),
    (
        "tmd_likely",
        {"present": ["jaw_pain_on_movement", "tmj_area_pain"]},
        "tmd_likely",
    ),
    (
        "tmd_needs_two_signs",
        {"present": ["jaw_joint_noise"], "absent": ["jaw_locking"]},
        "possible_musculoskeletal",
    ),
    ("msk_neck_pain", {"present": ["neck_pain"]}, "possible_musculoskeletal"),
    ("msk_occipital_pain", {"present": ["occipital_pain"]}, "possible_musculoskeletal"),
    ("msk_one_jaw_sign", {"present": ["jaw_locking"]}, "possible_musculoskeletal"),
    (
        "msk_cgh_without_neck_involvement",
        {
            **CGH,
            "present": ["unilateral_head_pain", "neck_stiffness"],
            "absent": [
                "side_shifting_pain",
                "pain_on_neck_movement",
                "pain_on_sustained_posture",
                "pain_on_neck_pressure",
            ],
        },
        "possible_musculoskeletal",
    ),
    ("not_indicated_headache_only", {"present": ["headache"]}, "not_indicated"),
    ("not_indicated_nothing_said", {}, "not_indicated"),
    (
        "not_indicated_related_only",
        {
            "present": [
                "teeth_grinding",
                "dizziness",
                "poor_sleep",
                "anxiety",
                "depression",
            ]
        },
        "not_indicated",
    ),
    (
        "physician_first_beats_cgh",
        {**CGH, "present": [*CGH["present"], "pregnancy"]},
        "see_physician_first",
    ),
    (
        "emergency_beats_all",
        {**CGH, "present": [*CGH["present"], "seizure", "cancer_history"]},
        "emergency",
    ),
]


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [case[1:] for case in TRIAGE_CASES],
    ids=[case[0] for case in TRIAGE_CASES],
)
def test_triage_outcomes(make_input, arguments, expected):
    assert evaluate(make_input(**arguments)).triage == expected


@pytest.mark.parametrize(
    ("triage", "offered"),
    [
        ("emergency", False),
        ("see_physician_first", False),
        ("cgh_and_tmd", True),
        ("cgh_likely", True),
        ("tmd_likely", True),
        ("possible_musculoskeletal", True),
        ("not_indicated", True),
    ],
)
def test_booking_link_follows_the_spec_table(make_input, triage, offered):
    arguments = next(case[1] for case in TRIAGE_CASES if case[2] == triage)
    outcome = evaluate(make_input(**arguments))
    assert (outcome.triage, outcome.booking_link_offered) == (triage, offered)


@pytest.mark.parametrize("flag", EMERGENCY_FLAGS)
def test_each_emergency_flag_gives_emergency_at_once(make_input, flag):
    """Even with every other question unanswered and no age."""
    inp = make_input(present=[flag], age=None, onset=None, red_flags_answered=False)
    outcome = evaluate(inp)
    assert outcome.triage == "emergency"
    assert outcome.red_flags == [flag]
    assert not outcome.booking_link_offered
    assert outcome.reasons[0].evidence == {flag: words(flag)}


def test_fever_with_stiff_neck_is_an_emergency(make_input):
    outcome = evaluate(make_input(present=["fever", "neck_stiffness"]))
    assert outcome.triage == "emergency"
    assert outcome.red_flags == ["neck_stiffness", "fever"]
    assert outcome.reasons[0].rule == "red_flags.emergency.all_present"


def test_stiff_neck_without_fever_is_no_red_flag(make_input):
    outcome = evaluate(make_input(present=["neck_stiffness"]))
    assert outcome.triage == "possible_musculoskeletal"
    assert outcome.red_flags == []


def test_fever_needs_the_stiff_neck_question_answered(make_input):
    with pytest.raises(IncompleteScreening) as raised:
        evaluate(make_input(present=["fever"]))
    assert raised.value.missing == ["neck_stiffness"]


@pytest.mark.parametrize("flag", PHYSICIAN_FLAGS)
def test_each_physician_flag_gives_see_physician_first(make_input, flag):
    inp = make_input(present=[flag], absent=["neck_stiffness"])
    outcome = evaluate(inp)
    assert outcome.triage == "see_physician_first"
    assert outcome.red_flags == [flag]
    assert not outcome.booking_link_offered
    assert outcome.reasons[0].evidence == {flag: words(flag)}


@pytest.mark.parametrize("flag", [*EMERGENCY_FLAGS, *PHYSICIAN_FLAGS])
def test_not_sure_to_a_red_flag_gives_see_physician_first(make_input, flag):
    outcome = evaluate(make_input(unsure=[flag]))
    assert outcome.triage == "see_physician_first"
    assert outcome.unsure_red_flags == [flag]
    assert outcome.red_flags == []
    assert outcome.reasons[0].rule == "red_flags.not_sure"


def test_not_sure_to_a_non_red_flag_changes_nothing(make_input):
    assert evaluate(make_input(unsure=["dizziness"])).triage == "not_indicated"


AGE_CASES = [
    # (age, onset, present, expected triage)
    (17, Onset.LONGSTANDING, [], "see_physician_first"),
    (18, Onset.LONGSTANDING, [], "not_indicated"),
    (50, Onset.RECENT, [], "see_physician_first"),
    (49, Onset.RECENT, [], "not_indicated"),
    (50, Onset.LONGSTANDING, [], "not_indicated"),
    # Spec section 2 names only "recent"; "sudden" is a clinical question (report).
    (72, Onset.SUDDEN, [], "not_indicated"),
    (50, Onset.LONGSTANDING, ["jaw_pain_on_movement"], "see_physician_first"),
    (49, Onset.LONGSTANDING, ["jaw_pain_on_movement"], "possible_musculoskeletal"),
    (49, Onset.LONGSTANDING, ["jaw_pain_on_movement", "jaw_joint_noise"], "tmd_likely"),
]


@pytest.mark.parametrize(("age", "onset", "present", "expected"), AGE_CASES)
def test_age_rules(make_input, age, onset, present, expected):
    absent = [] if present else ["jaw_pain_on_movement"]
    inp = make_input(present=present, absent=absent, age=age, onset=onset)
    assert evaluate(inp).triage == expected


def test_age_rule_reason_carries_the_facts(make_input):
    outcome = evaluate(
        make_input(absent=["jaw_pain_on_movement"], age=66, onset=Onset.RECENT)
    )
    first = outcome.reasons[0]
    assert (first.rule, first.facts) == (
        "age_rules.older_with_onset",
        {"age": 66, "onset": "recent"},
    )


def test_unknown_age_blocks_an_outcome(make_input):
    with pytest.raises(IncompleteScreening) as raised:
        evaluate(make_input(age=None))
    assert raised.value.missing == ["age"]


def test_older_visitor_needs_onset_and_jaw_pain_answered(make_input):
    with pytest.raises(IncompleteScreening) as raised:
        evaluate(make_input(age=50, onset=None))
    assert raised.value.missing == ["jaw_pain_on_movement", "onset"]


def test_onset_not_needed_for_a_younger_visitor(make_input):
    assert evaluate(make_input(age=49, onset=None)).triage == "not_indicated"


def test_onset_not_needed_once_sent_to_a_physician(make_input):
    inp = make_input(present=["cancer_history"], age=70, onset=None)
    assert evaluate(inp).triage == "see_physician_first"


def test_unknown_red_flags_block_any_outcome_but_emergency(make_input):
    inp = make_input(present=[*CGH["present"]], red_flags_answered=False)
    with pytest.raises(IncompleteScreening) as raised:
        evaluate(inp)
    expected = [*EMERGENCY_FLAGS, "fever", *PHYSICIAN_FLAGS[:-1]]
    assert raised.value.missing == expected
    assert "fever" in str(raised.value)


@pytest.mark.parametrize("flag", [*EMERGENCY_FLAGS, *PHYSICIAN_FLAGS])
def test_each_unknown_red_flag_blocks_an_outcome(make_input, flag):
    inp = make_input(absent=["neck_stiffness"])
    findings = {k: v for k, v in inp.findings.items() if k != flag}
    with pytest.raises(IncompleteScreening) as raised:
        evaluate(ScreeningInput(findings, inp.age, inp.onset))
    assert raised.value.missing == [flag]


def test_reasons_trace_the_outcome_to_the_visitors_words(make_input):
    outcome = evaluate(make_input(**CGH))
    chosen = outcome.reasons[0]
    assert chosen.conclusion == "triage:cgh_likely"
    assert chosen.rule == "cgh.likely_when"
    decisive = [*CGH["present"], *CGH["absent"]]  # "no, it never switches sides"
    assert chosen.evidence == {c: words(c) for c in decisive}
    assert "2" in chosen.references
    by_conclusion = {r.conclusion: r for r in outcome.reasons}
    rom = by_conclusion["criterion:restricted_rom=met"]
    assert rom.evidence == {"neck_stiffness": words("neck_stiffness")}
    assert "criterion:ipsilateral_pain=unknown" in by_conclusion


def test_outcome_carries_ruleset_version_and_criteria(make_input, rules):
    outcome = evaluate(make_input(**CGH))
    assert outcome.ruleset_version == rules.version
    assert outcome.criteria == {
        "neck_involvement": "met",
        "restricted_rom": "met",
        "ipsilateral_pain": "unknown",
        "unilateral_no_sideshift": "met",
    }


def test_see_physician_first_advice_gives_the_clinic_fax(make_input, clinic, rules):
    outcome = evaluate(make_input(present=["high_blood_pressure"]), rules, clinic)
    assert clinic.fax in outcome.advice
    assert clinic.name in outcome.advice
    assert "{" not in outcome.advice
    assert rules.not_a_diagnosis in outcome.advice


def test_advice_lists_its_references(make_input, rules):
    advice = evaluate(make_input(**CGH)).advice
    assert f"[2] {rules.references['2']}" in advice


def test_tmd_advice_names_related_findings_present(make_input, rules):
    present = ["jaw_joint_noise", "jaw_locking", "teeth_grinding", "poor_sleep"]
    advice = evaluate(make_input(present=present)).advice
    labels = [rules.concepts[c].label for c in ("teeth_grinding", "poor_sleep")]
    assert f"{labels[0]} and {labels[1]}" in advice
    assert rules.concepts["anxiety"].label not in advice


def test_tmd_advice_without_related_findings_has_no_note(make_input, rules):
    advice = evaluate(make_input(present=["jaw_joint_noise", "jaw_locking"])).advice
    note_opening = rules.triage_by_id("tmd_likely").note.text.split("{labels}")[0]
    assert note_opening.strip() not in advice


@pytest.mark.parametrize(
    ("inp", "message"),
    [
        (
            ScreeningInput({"jaw_clik": Finding("jaw_clik", Status.PRESENT)}),
            "'jaw_clik'",
        ),
        (ScreeningInput({"fever": Finding("fevr", Status.PRESENT)}), "'fevr'"),
    ],
)
def test_unknown_concept_ids_are_errors(inp, message):
    with pytest.raises(UnknownConceptError, match=message):
        evaluate(inp)


@pytest.mark.parametrize(
    ("inp", "message"),
    [
        (
            ScreeningInput({"fever": Finding("seizure", Status.PRESENT)}),
            "filed under 'fever'",
        ),
        (ScreeningInput({"fever": Finding("fever", "maybe")}), "'maybe', not one of"),
        (
            ScreeningInput({"neck_pain": Finding("neck_pain", Status.PRESENT, "up")}),
            "'up'",
        ),
        (ScreeningInput(age=-1), "age -1"),
        (ScreeningInput(onset="yesterday"), "'yesterday'"),
    ],
)
def test_malformed_input_is_an_error(inp, message):
    with pytest.raises(ValueError, match=message):
        evaluate(inp)


def test_plain_string_values_are_accepted(make_input):
    inp = make_input()
    findings = {
        **inp.findings,
        "neck_pain": Finding("neck_pain", "present", "right", "my neck"),
    }
    outcome = evaluate(ScreeningInput(findings, 35, "longstanding"))
    assert outcome.triage == "possible_musculoskeletal"


def test_age_as_float_is_refused():
    with pytest.raises(TypeError, match="whole number"):
        evaluate(ScreeningInput(age=42.0))


@pytest.mark.parametrize(
    ("present", "expected"),
    [
        ({"fainting"}, True),
        ({"fever", "neck_stiffness"}, True),
        ({"fever"}, False),
        ({"neck_pain", "jaw_joint_noise"}, False),
        (set(), False),
    ],
)
def test_is_emergency_on_partial_findings(present: set[str], expected: bool) -> None:
    findings = {c: Finding(c, Status.PRESENT) for c in present}
    assert is_emergency(ScreeningInput(findings=findings)) is expected
