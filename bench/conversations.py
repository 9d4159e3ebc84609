"""The simulated visitors of the load benchmark and the scale-out test.

Two kinds, one per bot, each asked what its own bot is built for:

- the screening bot gets *patients*: "hi", consent, a story in their own words, then
  whatever the bot asks (numbered checklists answered "none", "1", "1 and 3", "not
  sure"..., age, sometimes onset) until the bot gives its outcome. A patient reads
  which question is pending from the bot's reply, matched against the responses of
  the running model's domain (`GET /domain`), and picks checklist numbers among the
  options shown, so the conversation follows the bot instead of a fixed list that
  would fall out of step when the dialogue or the NLU changes;
- the stock `rasa init` bot gets its own kind of chat: greet, how are you (great or
  sad), did that help (yes or no), goodbye, sometimes "are you a bot?".

Both are built from fixed fragments with a fixed seed, so every run sends the same
work. Everything here is invented; nothing is a real patient's words.
"""

from __future__ import annotations

import json
import random
import re
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Protocol

ASK_PREFIX = "utter_ask_"
# Responses after which the conversation is over: what the visitor came for.
ENDING_PREFIXES = (
    "utter_outcome_",
    "utter_consent_declined",
    "utter_stopped",
    "utter_goodbye",
    "utter_cannot_conclude",
)
MAX_SAME_QUESTION = 3  # asked more often than this: the patient is stuck, stop


Message = dict[str, Any]  # one bot message of the REST channel: text, buttons...


class Dialogue(Protocol):
    """One visitor's side of a conversation."""

    def next_message(self, replies: list[Message]) -> str | None:
        """What to say after the bot's `replies` to the last message (the first
        call gets none); None when the conversation is over."""

    @property
    def finished(self) -> bool:
        """Whether the conversation reached its natural end (an outcome, goodbye)."""


# ---- which domain response a bot message is ------------------------------------------


class ResponseIndex:
    """Tells which responses of a domain a bot message can be part of.

    Rasa's REST channel sends a text with blank lines as one message per paragraph,
    so each paragraph of each response is matched on its own, its `{slots}` filled
    with anything; a paragraph that is nothing but a slot says nothing and is left out.
    """

    def __init__(self, responses: dict[str, list[dict]]) -> None:
        self._patterns = [
            (name, _template_pattern(paragraph))
            for name, variants in responses.items()
            for variant in variants
            for paragraph in variant.get("text", "").strip().split("\n\n")
            if re.sub(r"\{\w+\}", "", paragraph).strip()
        ]

    @classmethod
    def of_server(cls, url: str, token: str) -> ResponseIndex:
        """The responses of the model a Rasa server runs (its HTTP API, `token`)."""
        request = urllib.request.Request(
            f"{url}/domain?token={token}", headers={"Accept": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return cls(json.loads(response.read())["responses"])

    def names_of(self, text: str) -> set[str]:
        return {name for name, pattern in self._patterns if pattern.fullmatch(text)}


def _template_pattern(template: str) -> re.Pattern[str]:
    pieces = re.split(r"\{\w+\}", template)
    return re.compile(".*".join(re.escape(piece) for piece in pieces), re.DOTALL)


# ---- patients of the screening bot ---------------------------------------------------


@dataclass(frozen=True)
class Patient:
    """What one patient says: `answers` maps a question (the domain response
    `utter_ask_<question>` without its prefix) to the reply typed, or for a
    checklist to the option numbers chosen (those beyond the options shown are
    left out, and "1" is said if none is left); `interruption` is said once,
    before answering `interrupt_before`."""

    opening: str
    answers: dict[str, str | tuple[int, ...]]
    interruption: str | None = None
    interrupt_before: str | None = None


@dataclass
class PatientDialogue:
    """A patient talking to the screening bot, following its questions."""

    patient: Patient
    responses: ResponseIndex
    finished: bool = False
    _started: bool = False
    _interrupted: bool = False
    _asked: dict[str, int] = field(default_factory=dict)

    def next_message(self, replies: list[Message]) -> str | None:
        if not self._started:
            self._started = True
            return self.patient.opening
        texts = [message.get("text") or "" for message in replies]
        names = set().union(*(self.responses.names_of(text) for text in texts))
        if any(name.startswith(ENDING_PREFIXES) for name in names):
            self.finished = True
            return None
        question = self._pending_question(texts)
        if question is None or question not in self.patient.answers:
            return None
        self._asked[question] = self._asked.get(question, 0) + 1
        if self._asked[question] > MAX_SAME_QUESTION:
            return None
        if question == self.patient.interrupt_before and not self._interrupted:
            self._interrupted = True
            return self.patient.interruption
        answer = self.patient.answers[question]
        if isinstance(answer, str):
            return answer
        return _option_numbers(answer, _numbered_options(replies))

    def _pending_question(self, texts: list[str]) -> str | None:
        for text in reversed(texts):
            for name in self.responses.names_of(text):
                if name.startswith(ASK_PREFIX):
                    return name.removeprefix(ASK_PREFIX)
        return None


def _numbered_options(replies: list[Message]) -> int:
    """How many numbered buttons (payload "1", "2"...) the last question offered."""
    for message in reversed(replies):
        if message.get("buttons"):
            return sum(str(b.get("payload", "")).isdigit() for b in message["buttons"])
    return 0


def _option_numbers(chosen: tuple[int, ...], offered: int) -> str:
    """'1', '1 and 3' or '1, 2 and 3': the chosen numbers among those offered."""
    numbers = [str(n) for n in chosen if n <= offered] or ["1"]
    if len(numbers) == 1:
        return numbers[0]
    return ", ".join(numbers[:-1]) + " and " + numbers[-1]


OPENINGS = ["hi", "hello", "hi there", "hey", "good morning", "hello, I get headaches"]
CONSENTS = ["yes", "yes", "sure", "ok", "yes please"]
STORIES = [
    "my head hurts on the right side and my neck is stiff, worse after a day at my "
    "laptop",
    "the pain starts at the base of my skull on the left and spreads to my eye, "
    "turning my head sets it off",
    "my jaw clicks when I chew and it aches right in front of my ear, then the "
    "headache comes",
    "it's like a tight band around my head most afternoons, no idea why",
    "headaches on the right side of my head and my right shoulder aches too, "
    "especially when I look down at my phone",
    "I grind my teeth at night and wake up with a sore jaw and a headache",
    "sometimes left sometimes right, my temples throb by the evening",
    "dull ache at the back of my head and I sleep badly, stressed at work",
]
EMERGENCY_STORIES = [
    "worst headache of my life, it came on suddenly an hour ago",
    "I passed out this morning and now my head is pounding",
]
RED_FLAG_ANSWERS = ["none", "none", "none of these", "nope, none"]
OTHER_FLAG_ANSWERS = ["none", "none", "none", "not sure"]
CGH_ANSWERS: list[str | tuple[int, ...]] = [
    (1,),
    (1, 3),
    "none",
    (2,),
    "not sure",
    (1, 2, 3),
]
TMD_ANSWERS: list[str | tuple[int, ...]] = ["none", "none", (1, 2), "not sure", (3,)]
AGE_FORMS = ["{}", "I'm {}", "{} years old"]
ONSET_ANSWERS = ["more than 3 months ago", "longstanding", "recent", "not sure"]
# "Which side is the neck pain on?" (utter_ask_side_<concept>), asked when a ticked
# finding's side can change the outcome.
SIDED_CONCEPTS = [
    "unilateral_head_pain",
    "neck_pain",
    "shoulder_arm_pain",
    "tmj_area_pain",
]
SIDE_ANSWERS = ["left", "right", "the right side", "both", "not sure"]
INTERRUPTIONS = ["are you a bot?", "can I talk to a person", "what's the weather"]
PATIENT_QUESTIONS = ["story", "q_emergency_red_flags", "q_other_red_flags", "q_cgh"]


def patients(count: int, seed: int = 11) -> list[Patient]:
    """`count` varied patients: most go through every question to an outcome; some
    reveal an emergency in their story, decline consent or interrupt once."""
    rng = random.Random(seed)
    return [_patient(rng) for _ in range(count)]


def _patient(rng: random.Random) -> Patient:
    emergency = rng.random() < 0.1
    answers = {
        "consent": "no thanks" if rng.random() < 0.05 else rng.choice(CONSENTS),
        "story": rng.choice(EMERGENCY_STORIES if emergency else STORIES),
        "q_emergency_red_flags": rng.choice(RED_FLAG_ANSWERS),
        "q_other_red_flags": rng.choice(OTHER_FLAG_ANSWERS),
        "q_cgh": rng.choice(CGH_ANSWERS),
        "q_tmd": rng.choice(TMD_ANSWERS),
        "q_age": rng.choice(AGE_FORMS).format(rng.randint(19, 74)),
        "q_onset": rng.choice(ONSET_ANSWERS),
    }
    answers.update(
        {f"side_{concept}": rng.choice(SIDE_ANSWERS) for concept in SIDED_CONCEPTS}
    )
    interrupts = rng.random() < 0.15
    return Patient(
        opening=rng.choice(OPENINGS),
        answers=answers,
        interruption=rng.choice(INTERRUPTIONS) if interrupts else None,
        interrupt_before=rng.choice(PATIENT_QUESTIONS) if interrupts else None,
    )


# ---- the stock bot's own kind of conversation ----------------------------------------


@dataclass
class ScriptedDialogue:
    """A fixed list of messages, sent whatever the bot answers."""

    messages: list[str]
    finished: bool = False
    _next: int = 0

    def next_message(self, replies: list[Message]) -> str | None:
        if self._next == len(self.messages):
            self.finished = True
            return None
        self._next += 1
        return self.messages[self._next - 1]


STOCK_PHRASES = {
    "greet": ["hey", "hello", "hi", "hello there", "good morning", "hey there"],
    "mood_great": ["great", "amazing", "I am feeling very good", "I am great"],
    "mood_unhappy": ["I am sad", "my day was horrible", "not good", "so sad"],
    "affirm": ["yes", "indeed", "of course", "that sounds good"],
    "deny": ["no", "not really", "I don't think so", "never"],
    "goodbye": ["bye", "goodbye", "see you later", "have a nice day"],
    "bot_challenge": ["are you a bot?", "am I talking to a bot?", "are you a human?"],
}
STOCK_PATHS = [
    ["greet", "mood_great", "goodbye"],
    ["greet", "mood_unhappy", "affirm", "goodbye"],
    ["greet", "mood_unhappy", "deny"],
    ["bot_challenge", "greet", "mood_great", "goodbye"],
]


def stock_conversations(count: int, seed: int = 11) -> list[list[str]]:
    """`count` chats in the stock bot's own stories and rules, phrased variously."""
    rng = random.Random(seed)
    return [
        [rng.choice(STOCK_PHRASES[intent]) for intent in rng.choice(STOCK_PATHS)]
        for _ in range(count)
    ]
