"""Score the answers to visitors' questions on held-out questions (issue 18).

Two figures, because they fail differently:
1. Rasa's own: `rasa test nlu` scores the ResponseSelector's top-1 pick among the
   topics on every question (target: accuracy >= 0.9). It does not ask whether the
   intent classifier took the message for a question at all.
2. What a visitor meets: the whole pipeline parses each question, as in the chat; a
   question is answered right when its intent is `faq` and `bot.dialogue.faq`
   gives its topic's answer. The others are counted as "not sure" (the selector's
   confidence was too low: the bot says it is unsure and lists what it can answer),
   a wrong answer, or not taken for a question (and by which intent).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.dialogue.faq import FAQ_INTENT, UNSURE_RESPONSE, chosen_answer
from bot.nlu.rasa_test import rasa_test_nlu
from bot.settings import PROJECT_ROOT

HELDOUT_FAQ = PROJECT_ROOT / "tests" / "nlu" / "heldout_faq.yml"
TARGET_TOP1 = 0.9


@dataclass
class Answered:
    """How the chat answered a set of questions."""

    right: int = 0
    unsure: int = 0
    wrong: list[str] = field(default_factory=list)  # "<text>: gave <response>"
    not_questions: Counter[str] = field(default_factory=Counter)  # by intent

    @property
    def total(self) -> int:
        return (
            self.right
            + self.unsure
            + len(self.wrong)
            + sum(self.not_questions.values())
        )


def load_questions(path: Path) -> list[tuple[str, str]]:
    """(text, expected response) pairs of a Rasa NLU file of faq/<topic> examples."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    pairs = []
    for block in data.get("nlu", []):
        response = f"utter_{block['intent']}"
        for line in block["examples"].splitlines():
            text = line.strip().removeprefix("- ").strip()
            if text:
                pairs.append((text, response))
    return pairs


def tally(answered: Answered, text: str, expected: str, parsed: dict) -> None:
    """Count one parsed question into `answered`."""
    intent = (parsed.get("intent") or {}).get("name") or "none"
    if intent != FAQ_INTENT:
        answered.not_questions[intent] += 1
        return
    response = chosen_answer(parsed)
    if response == expected:
        answered.right += 1
    elif response == UNSURE_RESPONSE:
        answered.unsure += 1
    else:
        answered.wrong.append(f"{text}: gave {response}")


def answer_all(model: Path, questions: list[tuple[str, str]]) -> Answered:
    """Parse every question with the trained model, as the chat does."""
    from rasa.core.agent import Agent  # heavy: loaded only when scoring

    agent = Agent.load(str(model))
    answered = Answered()

    async def parse_all() -> None:
        for text, expected in questions:
            tally(answered, text, expected, await agent.parse_message(text))

    asyncio.run(parse_all())
    return answered


def run_faq_test(model: Path, path: Path, out: Path, verbose: bool = False) -> int:
    """Print both figures for the questions in `path`; 1 if Rasa could not run."""
    print(f"\nAnswers to questions: rasa test nlu --nlu {path} --model {model}")
    report = rasa_test_nlu(model, path, out, "response_selection_report.json")
    if report is None:
        return 1
    top1 = report["accuracy"]
    verdict = "met" if top1 >= TARGET_TOP1 else "MISSED"
    print(
        f"  response selector top-1 accuracy {top1:.3f} (target >= {TARGET_TOP1}:"
        f" {verdict}), macro F1 {report['macro avg']['f1-score']:.3f}"
    )
    print(f"  per-topic report: {out / 'response_selection_report.json'}")
    answered = answer_all(model, load_questions(path))
    n = answered.total
    print(
        f"  in the chat (whole pipeline): answered right {answered.right}/{n}"
        f" ({answered.right / n:.3f}), unsure {answered.unsure},"
        f" wrong answer {len(answered.wrong)},"
        f" not taken for a question {sum(answered.not_questions.values())}"
        f" {dict(answered.not_questions)}"
    )
    if verbose:
        print("\n".join(["  Wrong answers:", *answered.wrong]))
    return 0
