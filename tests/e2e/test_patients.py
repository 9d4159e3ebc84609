"""Simulated patients: the written cases of patients.yml, each driven to an outcome.

Each case is a real client of the running bot: it talks to Rasa's REST channel, reads
which question is pending from the tracker (Rasa's HTTP API) and answers it as the
case says, tapping or typing the numbers of the checklist buttons it was shown. At
the end it checks the outcome the patient saw and the screening stored in the
database, read back with `python -m bot export` as staff would.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
import uuid
import zlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.settings import PROJECT_ROOT, get_settings
from bot.stack import LocalStack

from .exports import exported
from .question_counts import QUESTIONS_TARGET, QuestionCounts

pytestmark = pytest.mark.timeout(300)

CASES_FILE = Path(__file__).with_name("patients.yml")
RULES_FILE = PROJECT_ROOT / "bot" / "screening" / "rules.yml"

# Spec section 2: the outcomes, and which of them offer the booking link.
TRIAGES = (
    "emergency",
    "see_physician_first",
    "cgh_and_tmd",
    "cgh_likely",
    "tmd_likely",
    "possible_musculoskeletal",
    "not_indicated",
)
WITHOUT_BOOKING = {"emergency", "see_physician_first"}
NOT_A_DIAGNOSIS = "not a diagnosis"
BOOKING_LINE = "book an appointment here"
EMERGENCY_FIRST = "Please get urgent medical help now."  # utter_outcome_emergency
NOT_UNDERSTOOD = "didn't quite get that"  # utter_not_understood
KIND_ANSWER = "checked by a doctor first"  # utter_after_emergency
MIN_CASES_PER_TRIAGE = 3

STORY = "story"
CHECKLISTS = (
    "q_emergency_red_flags",
    "q_other_red_flags",
    "q_cgh",
    "q_tmd",
)
SIDES = "q_sides"  # the side of a finding given without one (issue 13)
RECHECK = "q_recheck_red_flags"  # a red flag said with doubt, asked again (issue 15)
QUESTIONS = (STORY, RECHECK, *CHECKLISTS, SIDES, "q_age", "q_onset")
NONE_OF_THESE = "none of these"
MAX_MESSAGES = 30  # a screening that needs more is stuck in a loop

# What the bot says back to each kind of interruption (domain.yml responses).
INTERRUPTION_REPLIES = {
    "hand_off": "talk to a person",
    "off_topic": "can't help with that here",
    "bot_challenge": "automated screening assistant",
}
INTERRUPTION_KINDS = (*INTERRUPTION_REPLIES, "volunteered", "emergency")
CASE_KEYS = {
    "id", "note", "story", "answers", "expected_triage", "opening", "detailed",
    "needs_symptom_nlu", "emergency_revealed_by", "interruptions", "followups",
}  # fmt: skip


# ---- the cases -----------------------------------------------------------------------


@dataclass(frozen=True)
class Interruption:
    before: str
    text: str
    expect: str


@dataclass(frozen=True)
class Case:
    id: str
    story: str
    answers: dict[str, Any]
    expected_triage: str
    opening: str = "hi"
    detailed: bool = False
    needs_symptom_nlu: bool = False
    emergency_revealed_by: str | None = None
    interruptions: tuple[Interruption, ...] = ()
    # Answers to a question asked a second time: a checklist answered in words
    # ("they're getting worse") settles only what the words name, so the rest of
    # the list comes again.
    followups: dict[str, Any] = field(default_factory=dict)

    def answer(self, question: str, attempt: int = 0) -> Any:
        """The case's answer to `question`; fails the test if it has none."""
        if question == STORY:
            return self.story
        if attempt:
            if question not in self.followups:
                pytest.fail(
                    f"{question!r} was asked again; case {self.id!r} has no followup"
                )
            return self.followups[question]
        if question not in self.answers:
            pytest.fail(
                f"The bot asked {question!r}, which case {self.id!r} has no answer "
                "for: it asked something it should not have."
            )
        return self.answers[question]


@cache
def question_groups() -> dict[str, tuple[str, ...]]:
    """Checklist slot -> the concept ids of its question group in rules.yml."""
    rules = yaml.safe_load(RULES_FILE.read_text())
    return {
        f"q_{group['group']}": tuple(group.get("concepts", ()))
        for group in rules["questions"]
    }


@cache
def concept_by_label() -> dict[str, str]:
    """A checklist button's title (lower case) -> the concept id it stands for."""
    concepts = yaml.safe_load(RULES_FILE.read_text())["concepts"]
    return {item["label"].lower(): concept for concept, item in concepts.items()}


def load_cases() -> list[Case]:
    """The cases of patients.yml, checked so that a typo fails loudly, not silently."""
    raw = yaml.safe_load(CASES_FILE.read_text())["cases"]
    cases = [_case(item) for item in raw]
    ids = [case.id for case in cases]
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert not duplicates, f"{CASES_FILE.name}: duplicate ids {sorted(duplicates)}"
    return cases


def _case(item: dict[str, Any]) -> Case:
    where = f"{CASES_FILE.name}, case {item.get('id')!r}"
    unknown = set(item) - CASE_KEYS
    assert not unknown, f"{where}: unknown keys {sorted(unknown)}"
    assert item.get("note"), f"{where}: every case needs a note with its reasoning"
    assert item["expected_triage"] in TRIAGES, f"{where}: unknown expected_triage"
    for question, answer in {**item["answers"], **item.get("followups", {})}.items():
        _check_answer(where, question, answer)
    interruptions = tuple(Interruption(**i) for i in item.get("interruptions", ()))
    for interruption in interruptions:
        assert interruption.before in QUESTIONS, f"{where}: unknown question"
        assert interruption.expect in INTERRUPTION_KINDS, f"{where}: unknown expect"
    revealed_by = item.get("emergency_revealed_by")
    is_emergency = item["expected_triage"] == "emergency"
    assert (revealed_by is not None) == is_emergency, (
        f"{where}: emergency cases, and only they, say emergency_revealed_by"
    )
    assert revealed_by in (None, *QUESTIONS, "interruption"), (
        f"{where}: emergency_revealed_by must be a question or interruption"
    )
    fields = {k: v for k, v in item.items() if k not in ("note", "interruptions")}
    return Case(**fields, interruptions=interruptions)


def _check_answer(where: str, question: str, answer: Any) -> None:
    assert question in QUESTIONS[1:], f"{where}: no question {question!r}"
    if question in CHECKLISTS and isinstance(answer, list):
        group = question_groups()[question]
        strays = [c for c in answer if c not in group]
        assert not strays, f"{where}: {strays} are not on the {question} list"
    else:
        assert isinstance(answer, str), f"{where}: {question} needs text or a list"


CASES = load_cases()


# ---- one patient's conversation ------------------------------------------------------


@dataclass
class Conversation:
    """A patient's conversation over the REST channel, and what it can read back."""

    stack: LocalStack
    sender: str = field(default_factory=lambda: f"patient-{uuid.uuid4().hex}")
    last_replies: list[dict[str, Any]] = field(default_factory=list)

    def say(self, text: str) -> list[dict[str, Any]]:
        self.last_replies = _post(
            f"{self.stack.rasa_url}/webhooks/rest/webhook",
            {"sender": self.sender, "message": text},
        )
        return self.last_replies

    def tracker(self) -> dict[str, Any]:
        sender = urllib.parse.quote(self.sender)
        query = urllib.parse.urlencode(
            {"token": self.stack.api_token, "include_events": "NONE"}
        )
        url = f"{self.stack.rasa_url}/conversations/{sender}/tracker?{query}"
        with urllib.request.urlopen(url, timeout=60) as response:
            return json.loads(response.read())

    def pending_question(self) -> str | None:
        tracker = self.tracker()
        if not (tracker.get("active_loop") or {}).get("name"):
            return None
        return tracker["slots"].get("requested_slot")

    @property
    def text(self) -> str:
        return "\n".join(reply.get("text") or "" for reply in self.last_replies)

    @property
    def buttons(self) -> list[dict[str, Any]]:
        shown = [r["buttons"] for r in self.last_replies if r.get("buttons")]
        return shown[-1] if shown else []


def _post(url: str, payload: dict[str, Any]) -> list[dict[str, Any]]:
    request = urllib.request.Request(
        url,
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read() or b"[]")


def reply_to(
    case: Case, question: str, buttons: list[dict[str, Any]], attempt: int = 0
) -> str:
    """The message the patient sends to answer `question` (asked `attempt` times)."""
    answer = case.answer(question, attempt)
    if question in CHECKLISTS and isinstance(answer, list):
        return checklist_reply(answer, buttons, style=zlib.crc32(case.id.encode()))
    return answer


def checklist_reply(
    concepts: list[str], buttons: list[dict[str, Any]], style: int
) -> str:
    """Tap one button, or type the numbers of several ("1 and 3", "2, 5", "4 6").

    Concepts settled earlier in the conversation are not on the list any more and
    are skipped; if none of the patient's concepts is listed, the rest are "none".
    """
    numbers = [
        str(button["payload"]) for button in buttons if _concept_of(button) in concepts
    ]
    if not numbers:
        return NONE_OF_THESE
    if len(numbers) == 1:
        return numbers[0]
    joiners = (" and ", ", ", " ")
    joiner = joiners[style % len(joiners)]
    if joiner == " and ":
        return ", ".join(numbers[:-1]) + " and " + numbers[-1]
    return joiner.join(numbers)


def _concept_of(button: dict[str, Any]) -> str | None:
    if not str(button.get("payload", "")).isdigit():
        return None  # "None of these", "Not sure"
    title = str(button["title"]).lower()
    assert title in concept_by_label(), f"button {title!r} names no concept"
    return concept_by_label()[title]


def export_record(sender: str, database_url: str) -> list[dict[str, Any]]:
    """The stored screenings of one conversation, as staff would export them."""
    return exported(database_url, "--conversation", sender)


# ---- driving a case ------------------------------------------------------------------


@dataclass
class Screening:
    """What happened in one simulated patient's screening."""

    questions: int = 0  # form questions the patient answered, the story included
    revealed_emergency: bool = False
    outcome_text: str = ""
    asked: list[str] = field(default_factory=list)


def run_case(case: Case, chat: Conversation) -> Screening:
    """Drive the conversation from the first message to the outcome."""
    chat.say(case.opening)
    assert any(b.get("payload") == "yes" for b in chat.buttons), (
        f"no consent question after {case.opening!r}: {chat.text!r}"
    )
    chat.say("yes")
    screening = Screening()
    interruptions = list(case.interruptions)
    for _ in range(MAX_MESSAGES):
        question = chat.pending_question()
        if question is None:
            screening.outcome_text = chat.text
            assert not interruptions, f"never interrupted: {interruptions}"
            return screening
        assert not screening.revealed_emergency, (
            f"asked {question!r} after the emergency was revealed"
        )
        due = [i for i in interruptions if i.before == question]
        if due:
            interruptions.remove(due[0])
            interrupt(chat, question, due[0], screening)
        else:
            answer(case, chat, question, screening)
    pytest.fail(f"no outcome after {MAX_MESSAGES} messages: {screening.asked}")


def answer(case: Case, chat: Conversation, question: str, screening: Screening) -> None:
    attempt = screening.asked.count(question)
    message = reply_to(case, question, chat.buttons, attempt)
    chat.say(message)
    screening.questions += 1
    screening.asked.append(question)
    if case.emergency_revealed_by == question:
        screening.revealed_emergency = True
    expects_followup = attempt == 0 and question in case.followups
    assert (
        chat.pending_question() != question
        or screening.revealed_emergency
        or expects_followup
    ), f"{question!r} was asked again after the answer {message!r}: {chat.text!r}"


def interrupt(
    chat: Conversation, question: str, interruption: Interruption, screening: Screening
) -> None:
    chat.say(interruption.text)
    if interruption.expect == "emergency":
        screening.revealed_emergency = True
    elif interruption.expect in INTERRUPTION_REPLIES:
        assert INTERRUPTION_REPLIES[interruption.expect] in chat.text, chat.text
        assert chat.pending_question() == question, (
            f"after {interruption.expect}, {question!r} should be asked again, not "
            f"{chat.pending_question()!r}: {chat.text!r}"
        )


# ---- the tests -----------------------------------------------------------------------


@pytest.fixture(scope="session")
def understands_symptoms(bot_stack: LocalStack) -> bool:
    """Whether the running model extracts symptoms (seed models do not)."""
    parsed = _post(
        f"{bot_stack.rasa_url}/model/parse?token={bot_stack.api_token}",
        {"text": "my neck hurts"},
    )
    return any(e.get("entity") == "symptom" for e in parsed.get("entities", []))


def require_symptom_nlu(case: Case, understands_symptoms: bool) -> None:
    """A case told in free text fails, never skips, on a model that cannot read it."""
    if case.needs_symptom_nlu and not understands_symptoms:
        pytest.fail(
            f"{case.id} needs a model that extracts symptoms from free text; this one "
            "finds none in 'my neck hurts': retrain it (`make train`).",
            pytrace=False,
        )


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_patient(
    case: Case,
    bot_stack: LocalStack,
    database_url: str,
    understands_symptoms: bool,
    question_counts: QuestionCounts,
) -> None:
    require_symptom_nlu(case, understands_symptoms)
    chat = Conversation(bot_stack)
    screening = run_case(case, chat)
    question_counts.by_case[case.id] = screening.questions
    if case.detailed and case.expected_triage == "cgh_likely":
        question_counts.detailed_cgh.add(case.id)

    if case.emergency_revealed_by:
        assert screening.revealed_emergency, "the emergency was never revealed"
    if SIDES in case.answers:  # a side the case expects to be asked (issue 13)
        assert SIDES in screening.asked, f"the side was never asked: {screening.asked}"
    outcome = screening.outcome_text
    records = export_record(chat.sender, database_url)
    assert len(records) == 1, f"expected one stored screening, got {len(records)}"
    assert records[0]["triage"] == case.expected_triage, (
        f"asked {screening.asked}, then said: {outcome}"
    )
    offers_booking = case.expected_triage not in WITHOUT_BOOKING
    assert records[0]["booking_link_offered"] == offers_booking
    assert NOT_A_DIAGNOSIS in outcome, f"no 'not a diagnosis' in {outcome!r}"
    if case.expected_triage == "emergency":  # alone and first (issue 13 item 4)
        assert outcome.startswith(EMERGENCY_FIRST), outcome
        assert NOT_UNDERSTOOD not in outcome, outcome
    assert (BOOKING_LINE in outcome) == offers_booking, outcome
    if case.id in question_counts.detailed_cgh:
        assert screening.questions <= QUESTIONS_TARGET, screening.asked


def test_a_free_text_case_fails_not_skips_without_symptom_nlu() -> None:
    case = next(case for case in CASES if case.needs_symptom_nlu)
    with pytest.raises(pytest.fail.Exception, match="retrain it"):
        require_symptom_nlu(case, understands_symptoms=False)
    require_symptom_nlu(case, understands_symptoms=True)


def test_the_cases_cover_every_outcome() -> None:
    covered = [case.expected_triage for case in CASES]
    thin = [t for t in TRIAGES if covered.count(t) < MIN_CASES_PER_TRIAGE]
    assert not thin, f"fewer than {MIN_CASES_PER_TRIAGE} cases for {thin}"
    assert len(CASES) >= 40


def test_screening_again_in_the_same_conversation_asks_everything_again(
    bot_stack: LocalStack, database_url: str
) -> None:
    by_id = {case.id: case for case in CASES}
    cases = [by_id["ni-terse"], by_id["sp-high-blood-pressure"]]
    chat = Conversation(bot_stack)
    for case in cases:
        screening = run_case(case, chat)
        assert screening.asked[:2] == [STORY, "q_emergency_red_flags"], screening.asked
    records = sorted(
        export_record(chat.sender, database_url), key=lambda r: r["completed_at"]
    )
    assert [r["triage"] for r in records] == [c.expected_triage for c in cases]


@pytest.mark.parametrize(
    "case_id", ["em-fainting-on-checklist", "em-thunderclap-story"]
)
def test_issue13_after_the_emergency_advice_every_message_gets_the_kind_answer(
    case_id: str, bot_stack: LocalStack, understands_symptoms: bool
) -> None:
    """Issue 13 item 5: "can I still book?" hears: a doctor first, and our number."""
    case = next(case for case in CASES if case.id == case_id)
    require_symptom_nlu(case, understands_symptoms)
    chat = Conversation(bot_stack)
    run_case(case, chat)
    for message in ("it's gone now, can I still book?", "ok thanks", "bye"):
        chat.say(message)
        assert KIND_ANSWER in chat.text, f"{message!r} got {chat.text!r}"
        assert get_settings().clinic_phone in chat.text, chat.text
        assert "goodbye" not in chat.text.lower(), chat.text
    chat.say("hi")  # a greeting still starts anew
    assert any(b.get("payload") == "yes" for b in chat.buttons), chat.text
