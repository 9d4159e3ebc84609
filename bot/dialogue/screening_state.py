"""One turn of the screening: fold the visitor's message into the screening state.

The state is what Rasa keeps in slots (`findings`, `age`, `onset`, `story`); this
module works on a plain `ScreeningState` so the whole turn logic is tested without
Rasa. The screening form asks the slots `questions_to_ask()` lists, first to last:
"story", then "q_<group>" for each question group the engine still needs, in the
engine's order.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.dialogue import findings_slot, wording
from bot.dialogue.entities import MessageFacts
from bot.dialogue.faq import FAQ_INTENT
from bot.dialogue.replies import (
    INTERRUPTIONS,
    age_answer,
    checklist_answer,
    onset_answer,
    side_answer,
)
from bot.screening import findings_from_mentions, load_ruleset, pending_questions
from bot.screening.findings import Finding, ScreeningInput, Side, Status

STORY = "story"
QUESTION_PREFIX = "q_"


@dataclass(frozen=True)
class ScreeningState:
    findings: findings_slot.FindingsSlot
    age: int | None = None
    onset: str | None = None
    story_told: bool = False

    def screening_input(self) -> ScreeningInput:
        return findings_slot.screening_input(self.findings, self.age, self.onset)


@dataclass(frozen=True)
class Turn:
    """The visitor's message as the dialogue sees it."""

    intent: str
    text: str
    facts: MessageFacts


def with_message(
    state: ScreeningState, turn: Turn, *, bare_side_is_head: bool = True
) -> ScreeningState:
    """Add what the message volunteered: symptoms, age, onset, a side correction.

    A bare side ("it's the left") corrects the head pain's side, except in reply to
    a side question (`bare_side_is_head=False`), where it answers that question.
    """
    findings = findings_slot.merge(
        findings_slot.load(state.findings), findings_from_mentions(turn.facts.mentions)
    )
    bare_side = turn.facts.side if bare_side_is_head else None
    if bare_side is not None and not turn.facts.mentions:
        findings = findings_slot.with_side(findings, bare_side)
    return replace(
        state,
        findings=findings_slot.dump(findings),
        age=turn.facts.age if turn.facts.age is not None else state.age,
        onset=turn.facts.onset.value if turn.facts.onset else state.onset,
    )


def with_volunteered(
    state: ScreeningState, turn: Turn, *, bare_side_is_head: bool = True
) -> ScreeningState:
    """Fold in a message that answers no question of the form: one said before the
    screening began, or a question asked during it ("is one-sided pain with a stiff
    neck serious?"). The symptoms it names count, red flags too, and tell the story.
    A question passes `bare_side_is_head=False`: a side in it corrects nothing."""
    updated = with_message(state, turn, bare_side_is_head=bare_side_is_head)
    return replace(updated, story_told=True) if turn.facts.mentions else updated


def questions_to_ask(state: ScreeningState) -> list[str]:
    """The form's slots still to ask, in order; empty when the screening can conclude.

    The story comes first until it is told, unless what was said before the form
    already settles the screening (an emergency); then each question group the
    engine still needs.
    """
    pending = pending_questions(state.screening_input())
    groups = [QUESTION_PREFIX + group.id for group in pending]
    if state.story_told or not (groups or not state.findings):
        return groups
    return [STORY, *groups]


def next_question(state: ScreeningState) -> str | None:
    """The slot to ask next, or None when the screening can conclude."""
    return next(iter(questions_to_ask(state)), None)


def question_concepts(state: ScreeningState, question: str) -> tuple[str, ...]:
    """The concepts the question `q_<group>` is about now, in the order asked.

    For a checklist, those still unknown; for a side question, the findings whose
    side is still worth asking, and for a recheck, the red flags still in doubt (of
    both, the first is the one asked).
    """
    group_id = question.removeprefix(QUESTION_PREFIX)
    pending = pending_questions(state.screening_input())
    found = next((g for g in pending if g.id == group_id), None)
    if found is None:
        return ()
    return found.asks_about[:1] if found.recheck else found.asks_about


def is_side_question(question: str) -> bool:
    """Whether `q_<group>` asks the side of a finding (rules.yml `side_of`)."""
    group_id = question.removeprefix(QUESTION_PREFIX)
    return any(g.id == group_id and g.side_of for g in load_ruleset().questions)


@dataclass(frozen=True)
class Reply:
    state: ScreeningState
    understood: bool  # False: the question gets asked again, with a hint
    question: str  # the question the message answered

    @property
    def needs_hint(self) -> bool:
        """Whether to say "sorry, I didn't quite get that" before the next question.

        Only when the same question is asked again: a message that revealed an
        emergency must be followed by the emergency advice alone, and one that made
        its question moot is followed by a different question.
        """
        return not self.understood and next_question(self.state) == self.question


def read_reply(state: ScreeningState, question: str, turn: Turn) -> Reply:
    """Fold a message into the state, reading it as the answer to `question`.

    A checklist's numbers refer to the list as it was shown, so the listed concepts
    are taken from the state before this message's symptoms are added.
    """
    shown = question_concepts(state, question)
    side_question = is_side_question(question)
    updated = with_message(state, turn, bare_side_is_head=not side_question)
    if side_question:
        answered = _side_answered(updated, shown, turn)
    else:
        answered = _answer(updated, question, turn, shown)
    return Reply(answered or updated, answered is not None, question)


def read_answer(
    state: ScreeningState, question: str | None, turn: Turn
) -> Reply | None:
    """The message read as the reply to `question`; None when it is no reply to it.

    None before any question is asked, and for an interruption (stop, hand-off,
    off-topic...), which the dialogue's rules handle before the question comes
    again. A message that reveals a symptom is never an interruption: an emergency
    red flag said at any point must end the screening. Nor is one that answers a
    closed question (a tapped "recent" is an answer, whatever intent the NLU
    guessed); the story takes any text, so there only the intent and symptoms count.
    A question the visitor asks (intent faq) is no reply either, unless it answers a
    closed question ("bilateral" taken for a question still answers "which side?"):
    the dialogue answers it and `with_volunteered` keeps what it volunteered.
    """
    if question is None:
        return None
    reply = read_reply(state, question, turn)
    answered = reply.understood and question != STORY
    interrupted = turn.intent == FAQ_INTENT or (
        turn.intent in INTERRUPTIONS and not turn.facts.mentions
    )
    return None if interrupted and not answered else reply


def _answer(
    state: ScreeningState, question: str, turn: Turn, shown: tuple[str, ...]
) -> ScreeningState | None:
    if question == STORY:
        return replace(state, story_told=True)
    if question == QUESTION_PREFIX + "age":
        age = age_answer(turn.text, turn.facts)
        return replace(state, age=age) if age is not None else None
    if question == QUESTION_PREFIX + "onset":
        onset = onset_answer(turn.text, turn.facts)
        return replace(state, onset=onset.value) if onset else None
    statuses = checklist_answer(shown, turn.intent, turn.text, turn.facts)
    if not statuses:
        return None
    return replace(state, findings=_answered(state, statuses, turn.text))


def _side_answered(
    state: ScreeningState, shown: tuple[str, ...], turn: Turn
) -> ScreeningState | None:
    """The state with the side of the finding asked about (`shown[0]`) answered."""
    findings = findings_slot.load(state.findings)
    asked = findings.get(shown[0]) if shown else None
    if asked is None or asked.status is not Status.PRESENT:
        return None
    rules = load_ruleset()
    head = findings.get(rules.cgh.head_pain)  # what "the same side" refers to
    side = side_answer(
        asked.concept, turn.intent, turn.text, turn.facts, head.side if head else None
    )
    if side is None:
        return None
    stated = side if isinstance(side, Side) else None  # None: "not sure"
    label = rules.concepts[asked.concept].label
    evidence = wording.text(
        "utter_evidence_side_answer", answer=turn.text.strip(), item=label
    )
    findings[asked.concept] = findings_slot.with_side_answer(asked, stated, evidence)
    return replace(state, findings=findings_slot.dump(findings))


def _answered(
    state: ScreeningState, statuses: dict[str, Status], words: str
) -> findings_slot.FindingsSlot:
    findings = findings_slot.load(state.findings)
    labels = load_ruleset().concepts
    for concept, status in statuses.items():
        earlier = findings.get(concept)
        if earlier is not None and earlier.status is status:
            continue
        label = labels[concept].label
        evidence = (
            wording.text("utter_evidence_answer", answer=words.strip(), item=label)
            if status is not Status.ABSENT
            else None
        )
        findings[concept] = Finding(concept, status, None, evidence)
    return findings_slot.dump(findings)
