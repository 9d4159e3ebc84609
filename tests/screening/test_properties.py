"""Property tests of the engine's safety rules over arbitrary screenings."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.screening import (
    IncompleteScreening,
    evaluate,
    load_ruleset,
    pending_questions,
)
from bot.screening.findings import Finding, Onset, ScreeningInput, Side, Status

# Seconds a test: kept out of `make test-unit`, run by `make test`.
pytestmark = pytest.mark.slow
RULES = load_ruleset()
# No per-example deadline: the machine is shared and timing is not what is tested.
relaxed = settings(deadline=None)
TIER_FLAGS = (*RULES.emergency.any_present, *RULES.physician.any_present)
OTHERS = [c for c in RULES.concept_ids if c not in RULES.red_flag_concepts]
ORDER = [t.id for t in RULES.triage]  # most urgent first
EMERGENCY_TRIGGERS = [
    *((c,) for c in RULES.emergency.any_present),
    *RULES.emergency.all_present,
]

sides = st.sampled_from([None, Side.LEFT, Side.RIGHT, Side.BOTH])
ages = st.integers(min_value=0, max_value=110)
adults = st.integers(min_value=RULES.age_rules.under, max_value=110)
onsets = st.sampled_from(list(Onset))


def findings_for(concepts, statuses) -> st.SearchStrategy[dict[str, Finding]]:
    """A finding (or none, i.e. unknown) for each concept, with a random side."""
    entries = [
        st.tuples(st.just(c), statuses, sides).map(
            lambda t: Finding(t[0], t[1], t[2], f"words for {t[0]}")
        )
        for c in concepts
    ]
    return st.tuples(*entries).map(
        lambda found: {f.concept: f for f in found if f.status is not Status.UNKNOWN}
    )


# Starting points that the random findings are laid over, so that CGH and TMD
# outcomes, which need several findings at once, are reached often.
CGH_PATTERN = {
    "unilateral_head_pain": (Status.PRESENT, Side.RIGHT),
    "side_shifting_pain": (Status.ABSENT, None),
    "pain_on_neck_movement": (Status.PRESENT, None),
    "neck_pain": (Status.PRESENT, Side.RIGHT),
}
TMD_PATTERN = {
    "jaw_joint_noise": (Status.PRESENT, None),
    "tmj_area_pain": (Status.PRESENT, Side.LEFT),
}
patterns = st.sampled_from(
    [{}, CGH_PATTERN, TMD_PATTERN, {**CGH_PATTERN, **TMD_PATTERN}]
)


@st.composite
def screenings(draw, complete: bool = False) -> ScreeningInput:
    """Any screening; `complete` ones have every red flag, the age and onset answered.

    Half of them deny every red flag and come from an adult under the age rules'
    threshold, and many start from a CGH or TMD pattern, so the outcomes below the
    red-flag tiers are reached often too.
    """
    deny = draw(st.booleans())
    if deny:
        flag_statuses = st.just(Status.ABSENT)
    elif complete:
        flag_statuses = st.sampled_from(
            [Status.ABSENT] * 4 + [Status.PRESENT, Status.UNSURE]
        )
    else:
        flag_statuses = st.sampled_from(list(Status))
    pattern = draw(patterns)
    others = [c for c in OTHERS if c not in pattern]
    findings = {
        **draw(findings_for(RULES.red_flag_concepts, flag_statuses)),
        **{
            c: Finding(c, status, side, f"words for {c}")
            for c, (status, side) in pattern.items()
        },
        **draw(findings_for(others, st.sampled_from(list(Status)))),
    }
    age_range = adults if deny else ages
    age = draw(age_range if complete else st.none() | age_range)
    onset = draw(onsets if complete else st.none() | onsets)
    return ScreeningInput(findings=findings, age=age, onset=onset)


def with_present(inp: ScreeningInput, concepts) -> ScreeningInput:
    added = {c: Finding(c, Status.PRESENT, None, f"words for {c}") for c in concepts}
    return ScreeningInput({**inp.findings, **added}, inp.age, inp.onset)


@relaxed
@given(screenings(), st.sampled_from(EMERGENCY_TRIGGERS))
def test_adding_an_emergency_red_flag_always_gives_emergency(inp, trigger):
    outcome = evaluate(with_present(inp, trigger))
    assert outcome.triage == "emergency"
    assert not outcome.booking_link_offered
    assert set(trigger) <= set(outcome.red_flags)


@relaxed
@given(screenings(complete=True))
def test_a_complete_screening_always_has_an_outcome(inp):
    assert evaluate(inp).triage in ORDER


@relaxed
@given(screenings(complete=True), st.data())
def test_removing_a_finding_never_raises_urgency(inp, data):
    before = evaluate(inp)
    if not inp.findings:
        return
    removed = data.draw(st.sampled_from(sorted(inp.findings)))
    findings = {k: v for k, v in inp.findings.items() if k != removed}
    try:
        after = evaluate(ScreeningInput(findings, inp.age, inp.onset))
    except IncompleteScreening:
        return  # no outcome at all: the dialogue asks again, nothing is raised
    assert ORDER.index(after.triage) >= ORDER.index(before.triage)


@relaxed
@given(st.one_of(screenings(complete=True), screenings()))
def test_every_outcome_says_it_is_not_a_diagnosis(inp):
    try:
        outcome = evaluate(inp)
    except IncompleteScreening:
        return
    assert RULES.not_a_diagnosis in outcome.advice
    assert (
        outcome.booking_link_offered is RULES.triage_by_id(outcome.triage).booking_link
    )


@relaxed
@given(screenings())
def test_no_outcome_but_emergency_while_a_red_flag_is_unknown(inp):
    unknown = [c for c in TIER_FLAGS if c not in inp.findings]
    try:
        outcome = evaluate(inp)
    except IncompleteScreening as incomplete:
        assert set(unknown) <= set(incomplete.missing)
        return
    assert outcome.triage == "emergency" or not unknown


@relaxed
@given(screenings())
def test_what_evaluate_misses_is_what_pending_questions_asks(inp):
    groups = pending_questions(inp)
    pending = {c for g in groups for c in g.concepts} | {g.fact for g in groups}
    try:
        evaluate(inp)
    except IncompleteScreening as incomplete:
        assert set(incomplete.missing) <= pending
    else:
        assert pending.isdisjoint(TIER_FLAGS)


@relaxed
@given(screenings(), st.data())
def test_answering_the_pending_questions_always_ends_in_an_outcome(inp, data):
    """The dialogue loop: ask the first group, record any answers, repeat."""
    for _ in range(len(RULES.questions) * 2):
        groups = pending_questions(inp)
        if not groups:
            break
        inp = data.draw(answered(inp, groups[0]))
    assert pending_questions(inp) == []
    assert evaluate(inp).triage in ORDER


def answered(inp: ScreeningInput, group) -> st.SearchStrategy[ScreeningInput]:
    answers = st.sampled_from([Status.PRESENT, Status.ABSENT, Status.UNSURE])
    if group.fact == "age":
        return ages.map(lambda age: ScreeningInput(inp.findings, age, inp.onset))
    if group.fact == "onset":
        return onsets.map(lambda onset: ScreeningInput(inp.findings, inp.age, onset))
    if group.side_of:  # the first finding's side: left, right, both or "not sure"
        asked = inp.findings[group.side_of[0]]
        return sides.map(
            lambda side: ScreeningInput(
                {
                    **inp.findings,
                    asked.concept: replace(asked, side=side, side_unsure=side is None),
                },
                inp.age,
                inp.onset,
            )
        )
    return findings_for(group.concepts, answers).map(
        lambda new: ScreeningInput({**inp.findings, **new}, inp.age, inp.onset)
    )
