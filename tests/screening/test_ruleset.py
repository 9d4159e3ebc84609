"""rules.yml: matches the spec, and every kind of broken file is refused by line."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.screening import RulesetError, UnknownConceptError, load_ruleset
from bot.screening.ruleset import DEFAULT_RULES
from bot.screening.ruletypes import CRITERIA, TRIAGE_IDS

from .spec_tables import EMERGENCY_FLAGS, PHYSICIAN_FLAGS, SIDED_CONCEPTS, SPEC_CONCEPTS

RULES_TEXT = DEFAULT_RULES.read_text(encoding="utf-8")


def test_packaged_rules_load_once(rules):
    assert load_ruleset() is rules
    assert re.fullmatch(r"\d{4}\.\d{1,2}\.\d+", rules.version)


def test_concepts_are_the_spec_vocabulary(rules):
    assert rules.concept_ids == SPEC_CONCEPTS
    sided = tuple(c for c in rules.concept_ids if rules.concepts[c].sided)
    assert sided == SIDED_CONCEPTS
    assert all(concept.label for concept in rules.concepts.values())


def test_red_flag_tiers_are_the_spec_lists(rules):
    assert rules.emergency.any_present == EMERGENCY_FLAGS
    assert rules.emergency.all_present == (("fever", "neck_stiffness"),)
    assert rules.physician.any_present == PHYSICIAN_FLAGS


def test_issue13_sides_of_sided_findings_are_asked_last(rules):
    """Last, so the age rules can send a visitor to a physician before it is asked."""
    sides = rules.questions[-1]
    assert sides.side_of == SIDED_CONCEPTS  # spec section 2, "Sides"
    assert not sides.concepts and sides.fact is None
    assert [g for g in rules.questions if g.side_of] == [sides]


def test_rules_follow_spec_section_2(rules):
    ages = rules.age_rules
    assert (ages.under, ages.older_from) == (18, 50)
    assert ages.older_with_present == ("jaw_pain_on_movement",)
    assert rules.tmd.min_signs == 2
    assert set(rules.cgh.all_met) | set(rules.cgh.any_met) == set(CRITERIA)
    assert [t.id for t in rules.triage] == list(TRIAGE_IDS)


def test_every_triage_cites_known_references(rules):
    for triage in rules.triage:
        assert triage.references
        assert set(triage.references) <= set(rules.references)
    assert {"1", "2", "3", "4", "5", "6", "SNNOOP10", "ICHD-3"} == set(rules.references)


def test_check_concept_suggests_the_close_id(rules):
    with pytest.raises(UnknownConceptError, match="did you mean 'jaw_locking'"):
        rules.check_concept("jaw_lockin", "a test")


def swap(a: str, b: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        return text.replace(a, "\0").replace(b, a).replace("\0", b)

    return edit


STATEMENT = RULES_TEXT[
    RULES_TEXT.index("not_a_diagnosis:") : RULES_TEXT.index("\n\n# ---")
]

# (case id, text to find once, its replacement, expected problem, text on the
#  expected error line: the first line of the edited file that contains it)
BROKEN_CASES = [
    (
        "unknown_concept",
        "signs: [jaw_joint_noise, jaw_pain_on_movement, tmj_area_pain, jaw_locking]",
        "signs: [jaw_joint_noise, jaw_pain_on_movement, tmj_area_pain, jaw_clik]",
        "unknown concept 'jaw_clik' in tmd.signs",
        "jaw_clik",
    ),
    (
        "typo_in_a_key",
        "  min_signs: 2",
        "  min_sign: 2",
        "unknown key 'min_sign' in tmd",
        "min_sign:",
    ),
    (
        "duplicate_key",
        "  fever: {label: fever}\n",
        "  fever: {label: fever}\n  fever: {label: a temperature}\n",
        "duplicate key 'fever' in concepts",
        "fever: {label: a temperature}",
    ),
    (
        "unknown_triage_id",
        "- id: tmd_likely",
        "- id: tmd_likley",
        "triage[4].id: 'tmd_likley' is not one of emergency, see_physician_first, "
        "cgh_and_tmd, cgh_likely, tmd_likely, possible_musculoskeletal, "
        "not_indicated (did you mean 'tmd_likely'?)",
        "tmd_likley",
    ),
    (
        "duplicate_triage_id",
        "- id: tmd_likely",
        "- id: cgh_likely",
        "triage 'cgh_likely' is listed twice",
        "id: cgh_likely\n    booking_link: true\n    references: [3, 5]",
    ),
    (
        "unknown_reference",
        "references: [3, 5]\n",
        "references: [3, 7]\n",
        "unknown reference '7' in triage[4].references",
        "references: [3, 7]",
    ),
    (
        "reference_mark_not_cited",
        "(cervicogenic headache) [2]",
        "(cervicogenic headache) [9]",
        "[9] in triage[3].advice is not among its references",
        ">-\n      Your answers fit the features",
    ),
    (
        "unknown_placeholder",
        "at {clinic_fax}",
        "at {clinic_fx}",
        "triage[1].advice: unknown placeholder {clinic_fx}",
        ">-\n      Please see your primary care physician",
    ),
    (
        "physician_advice_without_fax",
        "fax a referral to {clinic_name} at {clinic_fax}, or",
        "send a letter to {clinic_name}, or",
        "the see_physician_first advice must give {clinic_fax}",
        ">-\n      Please see your primary care physician",
    ),
    (
        "issue15_recheck_of_a_concept_that_is_no_red_flag",
        "    recheck:\n      - thunderclap_onset\n",
        "    recheck:\n      - neck_pain\n      - thunderclap_onset\n",
        "'neck_pain' is no red flag",
        "      - neck_pain\n      - thunderclap_onset",
    ),
    (
        "red_flag_not_asked",
        "      - scalp_tenderness\n  - group: cgh",
        "  - group: cgh",
        "questions must ask about 'scalp_tenderness'",
        "  - group: recheck_red_flags",
    ),
    (
        "emergency_flag_not_in_first_group",
        "      - neck_stiffness\n  - group: other_red_flags\n    concepts:\n",
        "  - group: other_red_flags\n    concepts:\n      - neck_stiffness\n",
        "the first checklist must hold every emergency red flag; "
        "'neck_stiffness' is missing",
        "  - group: recheck_red_flags",
    ),
    (
        "booking_link_not_a_boolean",
        "  - id: cgh_likely\n    booking_link: true",
        "  - id: cgh_likely\n    booking_link: maybe",
        "triage[3].booking_link: must be true or false",
        "booking_link: maybe",
    ),
    (
        "age_not_a_number",
        "under: 18",
        "under: eighteen",
        "age_rules.under: must be a whole number",
        "under: eighteen",
    ),
    (
        "unknown_onset",
        "older_with_onset: [recent]",
        "older_with_onset: [recnt]",
        "older_with_onset[0]: 'recnt' is not one of sudden, recent, longstanding",
        "recnt",
    ),
    (
        "flag_in_both_tiers",
        "    any_present:\n      - high_blood_pressure\n",
        "    any_present:\n      - high_blood_pressure\n      - seizure\n",
        "'seizure' in red_flags.see_physician_first is already an emergency red flag",
        "      - seizure\n      - pregnancy",
    ),
    (
        "side_rule_on_a_concept_without_sides",
        "ipsilateral_pain: [neck_pain, shoulder_arm_pain]",
        "ipsilateral_pain: [neck_pain, occipital_pain]",
        "concept 'occipital_pain' in cgh.ipsilateral_pain needs `sided: true`",
        "ipsilateral_pain: [neck_pain, occipital_pain]",
    ),
    (
        "issue13_side_asked_of_a_concept_without_sides",
        "side_of: [unilateral_head_pain, neck_pain, shoulder_arm_pain, tmj_area_pain]",
        "side_of: [unilateral_head_pain, neck_pain, occipital_pain]",
        "concept 'occipital_pain' in questions[7].side_of needs `sided: true`",
        "side_of: [unilateral_head_pain, neck_pain, occipital_pain]",
    ),
    (
        "issue13_side_group_of_two_kinds",
        "  - group: sides\n",
        "  - group: sides\n    concepts: [headache]\n",
        "questions[7]: needs exactly one of concepts, fact, side_of or recheck",
        "  - group: sides",
    ),
    (
        "issue13_side_asked_in_two_groups",
        "  - group: age\n",
        "  - group: more_sides\n    side_of: [neck_pain]\n  - group: age\n",
        "'the side of neck_pain' is asked in two groups",
        "  - group: sides",
    ),
    (
        "unknown_criterion",
        "all_met: [unilateral_no_sideshift, neck_involvement]",
        "all_met: [unilateral_no_sideshift, neck_involvment]",
        "all_met[1]: 'neck_involvment' is not one of neck_involvement, ",
        "neck_involvment",
    ),
    (
        "misspelt_section",
        "\nmusculoskeletal:\n",
        "\nmusculoskeletel:\n",
        "unknown key 'musculoskeletel' in the file",
        "musculoskeletel:",
    ),
    (
        "concept_id_not_lower_case",
        "  headache: {label: headache}",
        "  Headache: {label: headache}",
        "concepts: key 'Headache' must be lower_case_with_underscores",
        "Headache:",
    ),
    (
        "yaml_syntax_error",
        "  min_signs: 2\n",
        "  min_signs: [2\n",
        "YAML syntax",
        "  references: [3, 5, ICHD-3]",
    ),
    (
        "empty_statement",
        STATEMENT,
        "not_a_diagnosis: ''",
        "not_a_diagnosis: must not be empty",
        "not_a_diagnosis: ''",
    ),
    # issue 14: the shape of the file is checked by the pydantic models of
    # rules_schema.py; each kind of mistake still names its line.
    (
        "issue14_missing_field",
        "  - id: emergency\n    booking_link: false\n",
        "  - id: emergency\n",
        "missing key 'booking_link' in triage[0]",
        "  - id: emergency",
    ),
    (
        "issue14_typo_in_a_key_of_a_list_item",
        "    side_of: [",
        "    sides_of: [",
        "unknown key 'sides_of' in questions[7]",
        "sides_of:",
    ),
    (
        "issue14_list_written_as_text",
        "  restricted_rom: [neck_stiffness]",
        "  restricted_rom: neck_stiffness",
        "cgh.restricted_rom: must be a list",
        "restricted_rom: neck_stiffness",
    ),
    (
        "issue14_number_where_text_is_due",
        "  headache: {label: headache}",
        "  headache: {label: 42}",
        'concepts.headache.label: must be text (write "42" in quotes)',
        "label: 42",
    ),
    (
        "issue14_same_concept_twice_in_a_list",
        "signs: [jaw_joint_noise, jaw_pain_on_movement, tmj_area_pain, jaw_locking]",
        "signs: [jaw_joint_noise, jaw_pain_on_movement, jaw_joint_noise]",
        "tmd.signs: lists the same item twice",
        "signs: [jaw_joint_noise, jaw_pain_on_movement, jaw_joint_noise]",
    ),
    (
        "issue14_min_signs_below_one",
        "  min_signs: 2",
        "  min_signs: 0",
        "tmd.min_signs: must be at least 1",
        "min_signs: 0",
    ),
    (
        "issue14_combination_of_one",
        "      - [fever, neck_stiffness]",
        "      - [fever]",
        "red_flags.emergency.all_present[0]: a combination needs 2 or more",
        "      - [fever]",
    ),
]


@pytest.mark.parametrize(
    ("find", "replace", "problem", "line_text"),
    [case[1:] for case in BROKEN_CASES],
    ids=[case[0] for case in BROKEN_CASES],
)
def test_broken_rules_are_refused_with_line_and_problem(
    tmp_path: Path, find, replace, problem, line_text
):
    assert RULES_TEXT.count(find) == 1, "the test's edit must be unambiguous"
    edited = RULES_TEXT.replace(find, replace)
    path = tmp_path / "rules.yml"
    path.write_text(edited, encoding="utf-8")
    with pytest.raises(RulesetError) as raised:
        load_ruleset(path)
    line = edited[: edited.index(line_text)].count("\n") + 1
    assert str(raised.value).startswith(f"rules.yml line {line}: ")
    assert problem in raised.value.problem


def test_outcome_order_is_a_safety_rule(tmp_path: Path):
    path = tmp_path / "rules.yml"
    path.write_text(swap("id: emergency", "id: not_indicated")(RULES_TEXT))
    with pytest.raises(RulesetError, match="safety order"):
        load_ruleset(path)


def test_middle_outcomes_may_be_reordered(tmp_path: Path):
    path = tmp_path / "rules.yml"
    path.write_text(swap("id: cgh_likely", "id: tmd_likely")(RULES_TEXT))
    order = [t.id for t in load_ruleset(path).triage]
    assert order.index("tmd_likely") < order.index("cgh_likely")


def test_an_empty_file_is_refused(tmp_path: Path):
    path = tmp_path / "rules.yml"
    path.write_text("# nothing here\n")
    with pytest.raises(RulesetError, match="rules.yml line 1: the file is empty"):
        load_ruleset(path)


def test_a_missing_section_is_named(tmp_path: Path):
    path = tmp_path / "rules.yml"
    start = RULES_TEXT.index("\nmusculoskeletal:")
    end = RULES_TEXT.index("\n# ----", start + 1)
    path.write_text(RULES_TEXT[:start] + RULES_TEXT[end:])
    with pytest.raises(RulesetError, match="missing key 'musculoskeletal'"):
        load_ruleset(path)


def test_ruleset_error_is_a_value_error():
    assert issubclass(RulesetError, ValueError)
