"""The screening engine: findings in, triage outcome out (spec sections 1 and 2).

Pure Python: no Rasa, no database. The dialogue gathers a ScreeningInput, asks what
`pending_questions` (questions.py) lists, and calls `evaluate` when that list is
empty; `evaluate` still re-checks everything itself, because safety must not
depend on the caller.
"""

from __future__ import annotations

from bot.screening.advice import render_advice
from bot.screening.answers import Answers, check_input
from bot.screening.clinic import PLACEHOLDER_CLINIC, Clinic
from bot.screening.criteria import Verdict, cgh_criteria, lower_tier_verdicts
from bot.screening.findings import ScreeningInput
from bot.screening.outcome import IncompleteScreening, Outcome, Reason, reason
from bot.screening.redflags import (
    emergency_reasons,
    missing_answers,
    physician_reasons,
    red_flags_found,
    unsure_red_flags,
)
from bot.screening.ruleset import load_ruleset
from bot.screening.ruletypes import Ruleset

# Where each outcome below the red-flag tiers is defined in rules.yml.
_LOWER_TIER_RULES = {
    "cgh_and_tmd": "cgh.likely_when + tmd.min_signs",
    "cgh_likely": "cgh.likely_when",
    "tmd_likely": "tmd.min_signs",
    "possible_musculoskeletal": "musculoskeletal.any_present",
    "not_indicated": "triage.not_indicated",
}

# The one criterion without a list of its own in rules.yml.
_CRITERION_RULES = {"unilateral_no_sideshift": "cgh.head_pain + cgh.side_shift"}


def is_emergency(inp: ScreeningInput, ruleset: Ruleset | None = None) -> bool:
    """Whether what is known already calls for the emergency advice.

    The NLU asks this of every single message, so that an emergency red flag said
    at any point of a conversation ends it at once.
    """
    ruleset = ruleset or load_ruleset()
    return bool(emergency_reasons(check_input(inp, ruleset), ruleset))


def evaluate(
    inp: ScreeningInput,
    ruleset: Ruleset | None = None,
    clinic: Clinic = PLACEHOLDER_CLINIC,
) -> Outcome:
    """Triage one screening: the first rule of rules.yml's `triage` list that holds.

    The advice names `clinic` (the running bot passes its settings' clinic).

    Safety rules, in this order:
    1. An emergency red flag present (or a complete emergency combination, fever
       with neck stiffness) gives `emergency` at once, whatever else is unknown.
    2. Otherwise, while any red-flag question of either tier is still UNKNOWN, or
       the age is unknown, IncompleteScreening is raised with `.missing` (concept
       ids, "age", "onset") instead of an outcome. For a visitor aged
       `age_rules.older_from` (50) or over, the onset and the age rules' findings
       (jaw_pain_on_movement) are required too, unless another rule already sends
       the visitor to a physician (then they cannot change the outcome).
    3. "Not sure" to any red-flag question gives see_physician_first.
    Unknown CGH and TMD findings are not guesses: their criteria stay "unknown" and
    an outcome that needs them does not fire.

    Raises UnknownConceptError (a ValueError) for a concept id the ruleset does not
    define and ValueError/TypeError for any other malformed input.
    """
    ruleset = ruleset or load_ruleset()
    answers = check_input(inp, ruleset)
    criteria = cgh_criteria(answers, ruleset.cgh)
    criteria_reasons = _criteria_reasons(criteria, answers, ruleset)
    emergency = emergency_reasons(answers, ruleset)
    if emergency:
        reasons = [*emergency, *criteria_reasons]
        return _outcome("emergency", reasons, answers, ruleset, criteria, clinic)
    physician = physician_reasons(answers, ruleset)
    missing = missing_answers(answers, ruleset, physician_fired=bool(physician))
    if missing:
        raise IncompleteScreening(missing)
    if physician:
        reasons = [*physician, *criteria_reasons]
        return _outcome(
            "see_physician_first", reasons, answers, ruleset, criteria, clinic
        )
    triage_id, verdict = _first_lower_tier(answers, ruleset, criteria)
    refs = _lower_tier_references(triage_id, ruleset)
    rule = _LOWER_TIER_RULES[triage_id]
    chosen = reason(f"triage:{triage_id}", rule, verdict.concepts, answers, refs)
    reasons = [chosen, *criteria_reasons]
    return _outcome(triage_id, reasons, answers, ruleset, criteria, clinic)


def _first_lower_tier(
    answers: Answers, ruleset: Ruleset, criteria: dict[str, Verdict]
) -> tuple[str, Verdict]:
    verdicts = lower_tier_verdicts(answers, ruleset, criteria)
    return next(
        (row.id, verdicts[row.id])
        for row in ruleset.triage
        if row.id in verdicts and verdicts[row.id].value is True
    )


def _lower_tier_references(triage_id: str, ruleset: Ruleset) -> tuple[str, ...]:
    by_rule = {
        "cgh_and_tmd": (*ruleset.cgh.references, *ruleset.tmd.references),
        "cgh_likely": ruleset.cgh.references,
        "tmd_likely": ruleset.tmd.references,
        "possible_musculoskeletal": ruleset.musculoskeletal.references,
        "not_indicated": ruleset.triage_by_id("not_indicated").references,
    }
    return tuple(dict.fromkeys(by_rule[triage_id]))


def _criteria_reasons(
    criteria: dict[str, Verdict], answers: Answers, ruleset: Ruleset
) -> list[Reason]:
    return [
        reason(
            f"criterion:{name}={verdict.label}",
            _CRITERION_RULES.get(name, f"cgh.{name}"),
            verdict.concepts,
            answers,
            ruleset.cgh.references,
        )
        for name, verdict in criteria.items()
    ]


def _outcome(
    triage_id: str,
    reasons: list[Reason],
    answers: Answers,
    ruleset: Ruleset,
    criteria: dict[str, Verdict],
    clinic: Clinic,
) -> Outcome:
    triage = ruleset.triage_by_id(triage_id)
    return Outcome(
        triage=triage_id,
        criteria={name: verdict.label for name, verdict in criteria.items()},
        red_flags=red_flags_found(answers, ruleset),
        unsure_red_flags=unsure_red_flags(answers, ruleset),
        booking_link_offered=triage.booking_link,
        advice=render_advice(ruleset, triage, answers, clinic),
        reasons=reasons,
        ruleset_version=ruleset.version,
    )
