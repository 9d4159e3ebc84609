"""The red-flag tiers and age rules: what fires them and what must be asked first.

"Red-flag questions" for a visitor are:
- every concept of either tier's any_present list, always;
- each member of an emergency combination (fever with neck_stiffness) while no
  other member of it is answered absent or not sure, so the combination could
  still be complete;
- the age rules' findings (jaw_pain_on_movement) once the visitor is known to be
  at or over `age_rules.older_from`.
An answer of "not sure" to any of them leads to see_physician_first (spec section
2). Unknown ones block any outcome but emergency (see `missing_answers`).
"""

from __future__ import annotations

from bot.screening.answers import Answers
from bot.screening.findings import Status
from bot.screening.outcome import Reason, reason
from bot.screening.ruletypes import Ruleset

_EMERGENCY = "triage:emergency"
_PHYSICIAN = "triage:see_physician_first"


def emergency_reasons(answers: Answers, ruleset: Ruleset) -> list[Reason]:
    """Why the emergency tier fires; empty if it does not."""
    tier = ruleset.emergency
    reasons = []
    present = answers.having(tier.any_present, Status.PRESENT)
    if present:
        rule = "red_flags.emergency.any_present"
        reasons.append(reason(_EMERGENCY, rule, present, answers, tier.references))
    for combo in tier.all_present:
        if all(answers.status(c) is Status.PRESENT for c in combo):
            rule = "red_flags.emergency.all_present"
            reasons.append(reason(_EMERGENCY, rule, combo, answers, tier.references))
    return reasons


def physician_reasons(answers: Answers, ruleset: Ruleset) -> list[Reason]:
    """Why see_physician_first fires from what is known; empty if nothing does."""
    tier, ages = ruleset.physician, ruleset.age_rules
    reasons = []
    present = answers.having(tier.any_present, Status.PRESENT)
    if present:
        rule = "red_flags.see_physician_first.any_present"
        reasons.append(reason(_PHYSICIAN, rule, present, answers, tier.references))
    unsure = unsure_red_flags(answers, ruleset)
    if unsure:
        rule = "red_flags.not_sure"
        reasons.append(reason(_PHYSICIAN, rule, unsure, answers, tier.references))
    if answers.age is not None and answers.age < ages.under:
        facts = {"age": answers.age}
        reasons.append(
            reason(_PHYSICIAN, "age_rules.under", (), answers, ages.references, facts)
        )
    if _is_older(answers, ruleset):
        reasons.extend(_older_reasons(answers, ruleset))
    return reasons


def _older_reasons(answers: Answers, ruleset: Ruleset) -> list[Reason]:
    ages = ruleset.age_rules
    assert answers.age is not None  # the age rules for older visitors need an age
    reasons = []
    if answers.onset is not None and answers.onset in ages.older_with_onset:
        facts: dict[str, int | str] = {
            "age": answers.age,
            "onset": answers.onset.value,
        }
        rule = "age_rules.older_with_onset"
        reasons.append(reason(_PHYSICIAN, rule, (), answers, ages.references, facts))
    present = answers.having(ages.older_with_present, Status.PRESENT)
    if present:
        facts = {"age": answers.age}
        rule = "age_rules.older_with_present"
        reasons.append(
            reason(_PHYSICIAN, rule, present, answers, ages.references, facts)
        )
    return reasons


def tier_questions(answers: Answers, ruleset: Ruleset) -> tuple[str, ...]:
    """Red-flag questions of the two tiers (see the module docstring)."""
    questions = [*ruleset.emergency.any_present, *ruleset.physician.any_present]
    for tier in ruleset.red_flags.values():
        for combo in tier.all_present:
            questions.extend(c for c in combo if _combo_open_for(c, combo, answers))
    return tuple(dict.fromkeys(questions))


def age_questions(answers: Answers, ruleset: Ruleset) -> tuple[str, ...]:
    """Red-flag questions that the age rules add for an older visitor."""
    if _is_older(answers, ruleset):
        return ruleset.age_rules.older_with_present
    return ()


def unsure_red_flags(answers: Answers, ruleset: Ruleset) -> list[str]:
    asked = [*tier_questions(answers, ruleset), *age_questions(answers, ruleset)]
    return _in_concept_order(answers.having(asked, Status.UNSURE), ruleset)


def red_flags_found(answers: Answers, ruleset: Ruleset) -> list[str]:
    """Red flags present: tier concepts, complete combinations, age-rule findings."""
    candidates = [*ruleset.emergency.any_present, *ruleset.physician.any_present]
    for tier in ruleset.red_flags.values():
        for combo in tier.all_present:
            if all(answers.status(c) is Status.PRESENT for c in combo):
                candidates.extend(combo)
    candidates.extend(age_questions(answers, ruleset))
    return _in_concept_order(answers.having(candidates, Status.PRESENT), ruleset)


def missing_answers(
    answers: Answers, ruleset: Ruleset, physician_fired: bool
) -> list[str]:
    """What must still be asked before a non-emergency outcome can be given.

    Every unknown red-flag question of the tiers and the age; the age rules'
    findings and the onset only for an older visitor and only while they can still
    change the outcome (nothing has sent the visitor to a physician yet).
    """
    needed = list(tier_questions(answers, ruleset))
    if not physician_fired:
        needed.extend(age_questions(answers, ruleset))
    missing = _in_question_order(answers.having(needed, Status.UNKNOWN), ruleset)
    if answers.age is None:
        missing.append("age")
    if needs_onset(answers, ruleset, physician_fired):
        missing.append("onset")
    return missing


def needs_onset(answers: Answers, ruleset: Ruleset, physician_fired: bool) -> bool:
    return answers.onset is None and _is_older(answers, ruleset) and not physician_fired


def _is_older(answers: Answers, ruleset: Ruleset) -> bool:
    return answers.age is not None and answers.age >= ruleset.age_rules.older_from


def _combo_open_for(concept: str, combo: tuple[str, ...], answers: Answers) -> bool:
    """Could the combination still be completed, judging by its other members?"""
    closed = {Status.ABSENT, Status.UNSURE}
    return all(answers.status(c) not in closed for c in combo if c != concept)


def _in_concept_order(concepts: tuple[str, ...], ruleset: Ruleset) -> list[str]:
    return [c for c in ruleset.concept_ids if c in set(concepts)]


def _in_question_order(concepts: tuple[str, ...], ruleset: Ruleset) -> list[str]:
    order = [c for group in ruleset.questions for c in group.concepts]
    return sorted(set(concepts), key=order.index)
