"""NLU mentions -> findings: negation, other people, hypotheticals, merging."""

from __future__ import annotations

import pytest

from bot.screening import (
    IncompleteScreening,
    UnknownConceptError,
    evaluate,
    findings_from_mentions,
)
from bot.screening.findings import (
    Experiencer,
    Finding,
    Mention,
    ScreeningInput,
    Side,
    Status,
)
from bot.screening.mentions import merge_sides

from .spec_tables import EMERGENCY_FLAGS, PHYSICIAN_FLAGS

OTHER = Experiencer.OTHER


def test_affirmed_mention_is_present_with_the_visitors_words():
    mention = Mention("jaw_joint_noise", "my jaw clicks when I chew", 0, 25)
    assert findings_from_mentions([mention]) == {
        "jaw_joint_noise": Finding(
            "jaw_joint_noise", Status.PRESENT, None, "my jaw clicks when I chew"
        )
    }


def test_negated_mention_is_absent():
    findings = findings_from_mentions([Mention("fever", "no fever", negated=True)])
    assert findings["fever"].status is Status.ABSENT
    assert findings["fever"].evidence == "no fever"


@pytest.mark.parametrize(
    "mention",
    [
        Mention("neuro_deficit", "my dad had a stroke", experiencer=OTHER),
        Mention("jaw_joint_noise", "what if my jaw starts clicking", hypothetical=True),
        Mention("fever", "my son has no fever", negated=True, experiencer=OTHER),
        Mention(
            "seizure", "what if I don't have a fit", negated=True, hypothetical=True
        ),
        Mention("jaw_joint_noise", "used to have jaw clicking", historical=True),
        Mention(
            "fever", "not sure my son had a fever", uncertain=True, experiencer=OTHER
        ),
    ],
)
def test_mentions_not_about_the_visitor_are_ignored(mention):
    assert findings_from_mentions([mention]) == {}


def test_a_doubt_is_unknown_and_keeps_the_words():
    """ "Not sure if I had a fever": neither present nor absent; asked again."""
    findings = findings_from_mentions([Mention("fever", "fever", uncertain=True)])
    assert findings["fever"].status is Status.UNKNOWN
    assert findings["fever"].evidence == "fever"


def test_in_the_same_message_a_yes_wins_over_a_doubt_and_a_doubt_over_a_no():
    """ "Numbness? Left hand since Tuesday, no weakness": one concept, the numbness
    in doubt and the weakness denied; the red flag is asked again, not dropped."""
    doubted = Mention("neuro_deficit", "Numbness", uncertain=True)
    denied = Mention("neuro_deficit", "no weakness", negated=True)
    affirmed = Mention("neuro_deficit", "my arm went weak")
    status = findings_from_mentions([doubted, denied])["neuro_deficit"].status
    assert status is Status.UNKNOWN
    status = findings_from_mentions([doubted, affirmed])["neuro_deficit"].status
    assert status is Status.PRESENT


def test_a_family_red_flag_does_not_make_an_emergency(make_input):
    """ "My dad had a stroke": the question must still be asked of the visitor."""
    said = findings_from_mentions(
        [Mention("neuro_deficit", "my dad had a stroke", experiencer=OTHER)]
    )
    base = make_input()
    findings = {k: v for k, v in base.findings.items() if k != "neuro_deficit"}
    with pytest.raises(IncompleteScreening) as raised:
        evaluate(ScreeningInput({**findings, **said}, base.age, base.onset))
    assert raised.value.missing == ["neuro_deficit"]


@pytest.mark.parametrize("flag", [*EMERGENCY_FLAGS, *PHYSICIAN_FLAGS])
def test_a_negated_red_flag_counts_as_answered_no(make_input, flag):
    said = findings_from_mentions([Mention(flag, f"no {flag}", negated=True)])
    base = make_input()
    findings = {**{k: v for k, v in base.findings.items() if k != flag}, **said}
    outcome = evaluate(ScreeningInput(findings, base.age, base.onset))
    assert outcome.triage == "not_indicated"
    assert outcome.red_flags == []


def test_present_wins_over_absent_in_one_message():
    mentions = [
        Mention("neck_pain", "no neck pain", negated=True),
        Mention("neck_pain", "my neck hurts when I turn", side=Side.LEFT),
    ]
    finding = findings_from_mentions(mentions)["neck_pain"]
    assert (finding.status, finding.side, finding.evidence) == (
        Status.PRESENT,
        Side.LEFT,
        "my neck hurts when I turn",
    )


def test_several_affirmed_mentions_keep_all_the_words():
    mentions = [
        Mention("neck_pain", "sore neck"),
        Mention("neck_pain", "my neck hurts"),
        Mention("neck_pain", "sore neck"),
    ]
    assert findings_from_mentions(mentions)["neck_pain"].evidence == (
        "sore neck; my neck hurts"
    )


@pytest.mark.parametrize(
    ("sides", "expected"),
    [
        ([], None),
        ([None, None], None),
        ([Side.LEFT, None], Side.LEFT),
        ([Side.LEFT, Side.LEFT], Side.LEFT),
        ([Side.LEFT, Side.RIGHT], Side.BOTH),
        ([Side.RIGHT, Side.BOTH], Side.BOTH),
        (["left", "right"], Side.BOTH),
    ],
)
def test_merge_sides(sides, expected):
    assert merge_sides(sides) is expected


def test_plain_string_attributes_from_json_are_accepted():
    mention = Mention("fever", "my mum's fever", experiencer="other")
    assert findings_from_mentions([mention]) == {}


def test_unknown_concept_in_a_mention_is_an_error():
    with pytest.raises(UnknownConceptError, match="'jaw_clik'"):
        findings_from_mentions([Mention("jaw_clik", "click")])


def test_unknown_concept_is_an_error_even_when_ignored():
    mention = Mention("strok", "my dad had a stroke", experiencer=OTHER)
    with pytest.raises(UnknownConceptError, match="'strok'"):
        findings_from_mentions([mention])
