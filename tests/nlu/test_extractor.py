"""The symptom extractor: concepts, negation, other person, hypothetical, sides.

Each table row is a message and what must (or must not) come out of it, written as
"<concept> [negated] [other] [hypothetical] [left|right|both]" like the held-out
file. These phrasings are the development set; tests/nlu/heldout_mentions.yml is
the separate, never-tuned-on test.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.nlu.extractor import extract
from bot.nlu.pipeline import get_pipeline
from bot.screening.findings import Experiencer, Mention, Side


def describe(mention: Mention) -> str:
    flags = [
        "negated" if mention.negated else "",
        "other" if mention.experiencer is Experiencer.OTHER else "",
        "hypothetical" if mention.hypothetical else "",
        mention.side.value if mention.side else "",
    ]
    return " ".join([mention.concept, *filter(None, flags)])


def found(text: str) -> set[str]:
    return {describe(m) for m in extract(text).mentions}


def present(text: str) -> set[str]:
    return {m.concept for m in extract(text).mentions if m.counts_as_present}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my head hurts on the right", {"headache", "unilateral_head_pain right"}),
        ("sometimes left, sometimes right", {"side_shifting_pain"}),
        # a pain named by its place is the place's concept (annotation guide, 2)
        ("a dull ache at the back of my head", {"occipital_pain"}),
        ("the pain is always on the left", {"unilateral_head_pain left"}),
        ("the pain is in the right side of my neck", {"neck_pain right"}),
        ("back of my head", {"occipital_pain"}),
        ("stiff neck", {"neck_stiffness"}),
        (
            "it comes on when i'm looking down at my laptop",
            {"pain_on_sustained_posture"},
        ),
        ("after hours at my desk", {"pain_on_sustained_posture"}),
        ("turning my head sets it off", {"pain_on_neck_movement"}),
        ("I can't turn my head all the way", {"neck_stiffness"}),
        ("pressing the base of my skull triggers it", {"pain_on_neck_pressure"}),
        ("my jaw clicks when I open my mouth", {"jaw_joint_noise"}),
        ("it hurts to chew", {"jaw_pain_on_movement"}),
        ("my jaw locks", {"jaw_locking"}),
        ("pain just in front of my ear", {"tmj_area_pain"}),
        ("like a band around my head", {"bilateral_head_pain"}),
        ("worst headache of my life", {"thunderclap_onset"}),
        ("my blood pressure was 190 over 110", {"high_blood_pressure"}),
        ("bp 165/100", {"high_blood_pressure"}),
        ("bp 120/80", {"high_blood_pressure negated"}),  # a normal reading denies it
        ("I'm 30 weeks pregnant", {"pregnancy"}),
        ("lost 10 kg without trying", {"weight_loss"}),
        ("my temples are sore to touch", {"scalp_tenderness"}),
        ("my boss is a pain in the neck", set()),
        ("my neck clicks when I stretch", set()),
    ],
)
def test_concepts(text: str, expected: set[str]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("headache", {"headache"}),
        ("hedache", {"headache"}),
        ("headaches", {"headache"}),
        ("migranes", {"headache"}),
        ("migarine", {"headache"}),  # two letters swapped
        ("stiff nek", {"neck_stiffness"}),
        ("jaw klicks", {"jaw_joint_noise"}),
        ("sholders ache", {"shoulder_arm_pain"}),
        ("feeling dizy", {"dizziness"}),
        ("MY NECK HURTS", {"neck_pain"}),
        ("cant sleep", {"poor_sleep"}),
        ("can not sleep", {"poor_sleep"}),
    ],
)
def test_misspellings_plurals_and_case(text: str, expected: set[str]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no fever", {"fever negated"}),
        ("I don't have a temperature", {"fever negated"}),
        ("never fainted", {"fainting negated"}),
        (
            "no fever, vomiting or dizziness",
            {
                "fever negated",
                "positional_or_morning_headache negated",
                "dizziness negated",
            },
        ),
        ("no fever but my neck is stiff", {"fever negated", "neck_stiffness"}),
        ("no fever, my neck is stiff", {"fever negated", "neck_stiffness"}),
        ("no fever and my head hurts", {"fever negated", "headache"}),
        ("my neck isn't stiff", {"neck_stiffness negated"}),
        ("my jaw doesn't lock", {"jaw_locking negated"}),
        ("my vision is fine", {"vision_loss negated"}),
        ("fever? no", {"fever negated"}),
        ("painkillers don't help the headache", {"headache"}),
        ("not sure if I had a fever", {"fever"}),
        ("I can't sleep", {"poor_sleep"}),
        ("I'm not sleeping well", {"poor_sleep"}),
        ("I sleep fine", {"poor_sleep negated"}),
        (
            "no numbness, blood pressure is fine",
            {"neuro_deficit negated", "high_blood_pressure negated"},
        ),
        ("not that my blood pressure is fine", {"high_blood_pressure"}),
    ],
)
def test_negation(text: str, expected: set[str]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my mom has migraines", {"headache other"}),
        ("my dad had a stroke", {"neuro_deficit other"}),
        ("my sister passed out yesterday", {"fainting other"}),
        ("my brother has epilepsy, he had a seizure", {"seizure other"}),
        ("migraines run in my family", {"headache other"}),
        ("my mom has migraines and my neck hurts", {"headache other", "neck_pain"}),
        ("my husband grinds his teeth but I don't", {"teeth_grinding other"}),
        ("I get headaches like my mum", {"headache"}),
        ("my wife says my neck is stiff", {"neck_stiffness"}),
    ],
)
def test_other_person(text: str, expected: set[str]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("what if my jaw starts clicking", {"jaw_joint_noise hypothetical"}),
        ("in case I get a fever", {"fever hypothetical"}),
        ("I'm worried that I might have a stroke", {"neuro_deficit hypothetical"}),
        ("should I worry about double vision?", {"vision_loss hypothetical"}),
        ("could this turn into a migraine", {"headache hypothetical"}),
        ("it hurts if I turn my head", {"pain_on_neck_movement"}),
    ],
)
def test_hypothetical(text: str, expected: set[str]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "no fever",
        "my mum had a stroke",
        "what if I pass out",
        "my dad has high blood pressure and my brother had cancer",
        "I've never had a seizure and I'm not pregnant",
        "if my vision ever goes blurry what do I do",
        "I'm scared I could faint",
        "my friend's husband went blind",
    ],
)
def test_nothing_leaks(text: str) -> None:
    """A mention of someone else, a negated or a hypothetical one never counts."""
    assert present(text) == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("headaches on both sides", {"headache", "bilateral_head_pain"}),
        ("my whole head throbs", {"headache", "bilateral_head_pain"}),
        # A place of the head with a side is the side's concept alone (round 24).
        ("my left temple throbs", {"unilateral_head_pain left"}),
        ("pain behind my right eye", {"unilateral_head_pain right"}),
        ("my temples throb", {"headache"}),
        ("left-sided headache", {"headache", "unilateral_head_pain left"}),
        ("sore neck on the right", {"neck_pain right"}),
        ("my right shoulder aches", {"shoulder_arm_pain right"}),
        ("the pain shoots from my left shoulder", {"shoulder_arm_pain left"}),
        (
            "headache on the left and my neck hurts on the same side",
            {"headache", "unilateral_head_pain left", "neck_pain left"},
        ),
        (
            "headache on the left and my shoulder hurts on the other side",
            {"headache", "unilateral_head_pain left", "shoulder_arm_pain right"},
        ),
        (
            "my head hurts. always on the right.",
            {"headache", "unilateral_head_pain right"},
        ),
        ("headaches, left and right", {"headache", "bilateral_head_pain"}),
        ("my arm went numb on the left", {"neuro_deficit"}),
        ("I left work early with a headache", {"headache"}),
        ("my head hurts right now", {"headache"}),
        ("pain right in front of my ear", {"tmj_area_pain"}),
    ],
)
def test_sides(text: str, expected: set[str]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("only the left side", Side.LEFT),
        ("actually it's the right", Side.RIGHT),
        ("both", Side.BOTH),
        ("left and right", Side.BOTH),
        ("the rite one", Side.RIGHT),
        ("clicking jaw on the left", None),  # a symptom without a side: no answer
        ("right now", None),
        ("that's right", None),
    ],
)
def test_bare_side_answer(text: str, side: Side | None) -> None:
    result = extract(text)
    assert result.side is side
    assert ("side" in result.spans) is (side is not None)


def test_offsets_and_text_of_a_story() -> None:
    text = "So my head hurts on the right and my jaw clicks. No fever."
    result = extract(text)
    for mention in result.mentions:
        assert text[mention.start : mention.end] == mention.text
    assert {m.concept for m in result.present} == {
        "headache",
        "unilateral_head_pain",
        "jaw_joint_noise",
    }


WORDS = st.sampled_from(
    [
        "my",
        "head",
        "hurts",
        "left",
        "right",
        "no",
        "not",
        "fever",
        "mom",
        "neck",
        "stiff",
        "jaw",
        "clicks",
        "both",
        "sides",
        "what",
        "if",
        "I'm",
        "54",
        "F",
        "years",
        "old",
        "2",
        "weeks",
        "ago",
        "same",
        "side",
        "never",
        "and",
        "but",
        ",",
        ".",
        "?",
        "\n",
        "190/110",
        "kg",
        "pregnant",
        "dad",
        "had",
        "a",
        "stroke",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=120), st.lists(WORDS, max_size=40).map(" ".join)))
def test_any_text_extracts_without_error_and_offsets_slice_the_text(text: str) -> None:
    result = extract(text)
    for mention in result.mentions:
        assert text[mention.start : mention.end] == mention.text
        assert mention.side is None or mention.concept in get_pipeline().sided
    for start, end in result.spans.values():
        assert 0 <= start < end <= len(text)
