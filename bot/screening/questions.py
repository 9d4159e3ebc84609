"""Which questions the dialogue still has to ask, in the order it must ask them.

The groups and their order are data (rules.yml `questions`); the wording is in
Rasa's domain.yml under each group id. A group is returned with only its concepts
that are still UNKNOWN and worth asking:
- red-flag questions are always worth asking (never skipped); a red flag the
  visitor mentioned with doubt ("not sure if I had a fever": an UNKNOWN finding
  that has the visitor's words) is asked again first, directly, by a `recheck`
  group;
- the age is always asked; the onset only for an older visitor not already sent to
  a physician;
- CGH, TMD and other neck/jaw questions only while they can change the outcome:
  not once a red flag (or "not sure", or an age rule) already sends the visitor to
  a physician, and not for a rule that is already decided either way (e.g. the
  remaining TMD signs once two are present);
- the side of a finding present without one only when its answer could change a
  CGH criterion (sides.py), and likewise not once a physician is the outcome.
When the list is empty, `evaluate` gives an outcome instead of IncompleteScreening.
"""

from __future__ import annotations

from dataclasses import replace

from bot.screening.answers import Answers, check_input
from bot.screening.criteria import cgh_criteria, cgh_likely, musculoskeletal, tmd_likely
from bot.screening.findings import ScreeningInput, Status
from bot.screening.redflags import (
    age_questions,
    emergency_reasons,
    needs_onset,
    physician_reasons,
    tier_questions,
)
from bot.screening.ruleset import load_ruleset
from bot.screening.ruletypes import QuestionGroup, Ruleset
from bot.screening.sides import sides_worth_asking


def pending_questions(
    inp: ScreeningInput, ruleset: Ruleset | None = None
) -> list[QuestionGroup]:
    """The question groups still to ask, first one first; empty when done."""
    ruleset = ruleset or load_ruleset()
    answers = check_input(inp, ruleset)
    if emergency_reasons(answers, ruleset):
        return []
    physician_fired = bool(physician_reasons(answers, ruleset))
    worth_asking = _worth_asking(answers, ruleset, physician_fired)
    pending = []
    for group in ruleset.questions:
        if group.fact:
            if _fact_needed(group.fact, answers, ruleset, physician_fired):
                pending.append(group)
        elif group.side_of:
            sides = _sides_to_ask(answers, ruleset, group, physician_fired)
            if sides:
                pending.append(replace(group, side_of=sides))
        elif group.recheck:
            doubted = tuple(c for c in group.recheck if _doubted(inp, c))
            if doubted:
                pending.append(replace(group, recheck=doubted))
        else:
            concepts = tuple(
                c
                for c in group.concepts
                if c in worth_asking and answers.status(c) is Status.UNKNOWN
            )
            if concepts:
                pending.append(replace(group, concepts=concepts))
    return pending


def _doubted(inp: ScreeningInput, concept: str) -> bool:
    """Mentioned with doubt and not answered since (findings_from_mentions)."""
    finding = inp.findings.get(concept)
    return bool(finding and finding.status is Status.UNKNOWN and finding.evidence)


def _sides_to_ask(
    answers: Answers, ruleset: Ruleset, group: QuestionGroup, physician_fired: bool
) -> tuple[str, ...]:
    if physician_fired:  # sides only matter for the CGH outcomes below a physician
        return ()
    return sides_worth_asking(answers, ruleset.cgh, group.side_of)


def _fact_needed(
    fact: str, answers: Answers, ruleset: Ruleset, physician_fired: bool
) -> bool:
    if fact == "age":
        return answers.age is None
    return needs_onset(answers, ruleset, physician_fired)


def _worth_asking(
    answers: Answers, ruleset: Ruleset, physician_fired: bool
) -> set[str]:
    concepts = set(tier_questions(answers, ruleset))
    if not physician_fired:
        concepts.update(age_questions(answers, ruleset))
        concepts.update(_undecided_lower_tier_concepts(answers, ruleset))
    return concepts


def _undecided_lower_tier_concepts(answers: Answers, ruleset: Ruleset) -> set[str]:
    """Concepts of the CGH, TMD and neck/jaw rules whose verdict is still open."""
    criteria = cgh_criteria(answers, ruleset.cgh)
    rules = [
        (cgh_likely(criteria, ruleset.cgh), ruleset.cgh.concepts),
        (tmd_likely(answers, ruleset.tmd), ruleset.tmd.signs),
        (
            musculoskeletal(answers, ruleset.musculoskeletal),
            ruleset.musculoskeletal.any_present,
        ),
    ]
    return {c for verdict, concepts in rules if verdict.value is None for c in concepts}
