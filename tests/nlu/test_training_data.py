"""Training data: every intent well fed, nothing held out leaks into training."""

from __future__ import annotations

import re
from collections import Counter

import pytest
import yaml

from bot.settings import PROJECT_ROOT

NLU_DIR = PROJECT_ROOT / "data" / "nlu"
HELDOUT_INTENTS = PROJECT_ROOT / "tests" / "nlu" / "heldout_intents.yml"
HELDOUT_MENTIONS = PROJECT_ROOT / "tests" / "nlu" / "heldout_mentions.yml"
HELDOUT_FAQ = PROJECT_ROOT / "tests" / "nlu" / "heldout_faq.yml"
DEV_FAQ = PROJECT_ROOT / "tests" / "nlu" / "dev_faq.yml"
NOT_TRAINED = {"report_emergency"}  # set by bot.nlu.emergency_intent
# Retrieval intents: Rasa adds them to the domain itself (see domain.yml).
RETRIEVAL = {"faq"}
DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))


def examples(path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
        lines = block["examples"].splitlines()
        found.setdefault(block["intent"], []).extend(
            re.sub(r"^\s*-\s*", "", line) for line in lines if line.strip()
        )
    return found


def norm(text: str) -> str:
    return " ".join(text.lower().split())


@pytest.fixture(scope="module")
def training() -> dict[str, list[str]]:
    merged: dict[str, list[str]] = {}
    for path in sorted(NLU_DIR.glob("*.yml")):
        for intent, texts in examples(path).items():
            merged.setdefault(intent, []).extend(texts)
    return merged


def base_intent(name: str) -> str:
    """ "faq/what_is_tmd" -> "faq": a retrieval intent's topic is not an intent."""
    return name.split("/")[0]


def test_the_trained_intents_are_the_domains(training: dict[str, list[str]]) -> None:
    trained = {base_intent(intent) for intent in training}
    assert trained == set(DOMAIN["intents"]) - NOT_TRAINED | RETRIEVAL


def test_every_intent_has_enough_examples(training: dict[str, list[str]]) -> None:
    counts = Counter[str]()
    for intent, texts in training.items():
        counts[base_intent(intent)] += len(texts)
    assert min(counts.values()) >= 30, counts
    assert counts["describe_symptoms"] >= 150
    topics = {intent: len(texts) for intent, texts in training.items() if "/" in intent}
    assert min(topics.values()) >= 12, topics


def test_every_question_topic_has_its_answer(training: dict[str, list[str]]) -> None:
    topics = {intent for intent in training if intent.startswith("faq/")}
    answers = {name.removeprefix("utter_") for name in DOMAIN["responses"]}
    assert topics == {answer for answer in answers if answer.startswith("faq/")}


@pytest.mark.parametrize("questions", [HELDOUT_FAQ, DEV_FAQ], ids=["heldout", "dev"])
def test_held_out_questions_are_never_trained_on(
    training: dict[str, list[str]], questions
) -> None:
    trained = {norm(t) for texts in training.values() for t in texts}
    held = {norm(t) for texts in examples(questions).values() for t in texts}
    assert sorted(trained & held) == []


def test_the_held_out_questions_cover_every_topic(
    training: dict[str, list[str]],
) -> None:
    held = examples(HELDOUT_FAQ)
    assert sum(len(texts) for texts in held.values()) >= 60
    assert set(held) == {intent for intent in training if intent.startswith("faq/")}


def test_no_example_is_given_two_intents(training: dict[str, list[str]]) -> None:
    owners = Counter(norm(t) for texts in training.values() for t in set(texts))
    assert [text for text, n in owners.items() if n > 1] == []


def test_held_out_intents_are_never_trained_on(training: dict[str, list[str]]) -> None:
    trained = {norm(t) for texts in training.values() for t in texts}
    held = {norm(t) for texts in examples(HELDOUT_INTENTS).values() for t in texts}
    assert sorted(trained & held) == []


def test_held_out_stories_are_never_trained_on(training: dict[str, list[str]]) -> None:
    """The extractor does not learn from data/nlu, but the intent classifier must
    not have seen the held-out stories either (some are in heldout_intents.yml)."""
    trained = {norm(t) for t in training["describe_symptoms"]}
    mentions = yaml.safe_load(HELDOUT_MENTIONS.read_text(encoding="utf-8"))
    assert (
        sorted(trained & {norm(item["text"]) for item in mentions["utterances"]}) == []
    )
