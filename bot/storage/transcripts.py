"""Transcripts from Rasa's `events` table, written by Rasa's SQL tracker store.

Rasa owns that table: it creates it at start-up, and the migrations leave it alone.
Only the columns used here are described. `user` events are the patient's messages
and `bot` events the bot's; every other event (actions, slots, sessions) and bot
messages without text (buttons or images only) are left out. A patient message
carries the symptom mentions the NLU found in it (spec section 4: the `symptom`
entities of its `parse_data`, by character offsets), for the staff app's
highlighting; exports leave them out (`as_dict`). A screening's
transcript is the whole conversation of its sender id, across sessions, so a sender
who screened twice has one transcript shared by both screenings.

The table may be missing (a database Rasa never wrote to): then transcripts are
empty and there are no events to delete.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.storage.times import from_epoch, iso

EVENTS = sa.Table(
    "events",
    sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255), nullable=False),
    sa.Column("type_name", sa.String(255), nullable=False),
    sa.Column("timestamp", sa.Float),
    sa.Column("action_name", sa.String(255)),
    sa.Column("data", sa.Text),
)
SENDERS = {"user": "patient", "bot": "bot"}
# Conversation ids per IN (...) query: well under every backend's parameter limit.
CHUNK = 500
STORY_CHARACTERS = 80


@dataclass(frozen=True)
class SymptomMention:
    """A symptom entity of a patient message: `text[start:end]` names `concept`."""

    concept: str
    start: int
    end: int
    negated: bool
    side: str | None
    experiencer: str | None
    hypothetical: bool
    uncertain: bool = False
    historical: bool = False


@dataclass(frozen=True)
class TranscriptLine:
    sender: str  # "patient" or "bot"
    text: str
    at: datetime
    symptoms: tuple[SymptomMention, ...] = ()
    # A bot message's answer buttons, (payload, title): what "2" meant.
    options: tuple[tuple[str, str], ...] = ()

    def as_dict(self) -> dict[str, str]:
        return {"sender": self.sender, "text": self.text, "at": iso(self.at)}


@dataclass(frozen=True)
class RemovedEvents:
    events: int
    conversations: int


def has_events_table(session: Session) -> bool:
    return sa.inspect(session.connection()).has_table(EVENTS.name)


def read_transcripts(
    session: Session, conversation_ids: Collection[str]
) -> dict[str, list[TranscriptLine]]:
    """Each conversation's messages in order; conversations without any are absent."""
    transcripts: dict[str, list[TranscriptLine]] = defaultdict(list)
    if not conversation_ids or not has_events_table(session):
        return {}
    for chunk in _chunks(sorted(set(conversation_ids))):
        query = (
            sa.select(EVENTS.c.sender_id, EVENTS.c.type_name, EVENTS.c.data)
            .where(EVENTS.c.sender_id.in_(chunk), EVENTS.c.type_name.in_(SENDERS))
            .order_by(EVENTS.c.id)
        )
        for sender_id, type_name, data in session.execute(query):
            line = _line(type_name, data)
            if line is not None:
                transcripts[sender_id].append(line)
    return dict(transcripts)


def story_openings(
    session: Session, conversation_ids: Collection[str]
) -> dict[str, str]:
    """The first words of each conversation's story: its first patient message in
    which the NLU found a symptom, cut at a word near STORY_CHARACTERS."""
    openings: dict[str, str] = {}
    for sender_id, lines in read_transcripts(session, conversation_ids).items():
        story = next(
            (line.text for line in lines if line.sender == "patient" and line.symptoms),
            "",
        )
        openings[sender_id] = _opening(" ".join(story.split()))
    return openings


def _opening(text: str) -> str:
    if len(text) <= STORY_CHARACTERS:
        return text
    cut = text[:STORY_CHARACTERS].rsplit(" ", 1)[0]
    return cut.rstrip(",.;:-") + "…"


def delete_events(
    session: Session, *, sender_id: str | None = None, before: datetime | None = None
) -> RemovedEvents:
    """Delete one conversation's events, or every event older than `before`."""
    if (sender_id is None) == (before is None):
        raise ValueError("Pass exactly one of sender_id and before.")
    if not has_events_table(session):
        return RemovedEvents(0, 0)
    condition = (
        EVENTS.c.sender_id == sender_id
        if sender_id is not None
        else EVENTS.c.timestamp < before.timestamp()
    )
    conversations = session.scalar(
        sa.select(sa.func.count(sa.distinct(EVENTS.c.sender_id))).where(condition)
    )
    events = session.execute(sa.delete(EVENTS).where(condition)).rowcount
    return RemovedEvents(events, conversations)


def _line(type_name: str, data: str | None) -> TranscriptLine | None:
    event = json.loads(data or "{}")
    text, timestamp = event.get("text"), event.get("timestamp")
    if not isinstance(text, str) or not text or timestamp is None:
        return None
    if type_name == "user":
        symptoms, options = _symptoms(event.get("parse_data"), text), ()
    else:
        symptoms, options = (), _options(event.get("data"))
    at = from_epoch(timestamp)
    return TranscriptLine(SENDERS[type_name], text, at, symptoms, options)


def _options(data: object) -> tuple[tuple[str, str], ...]:
    """A bot message's buttons as (payload, title); malformed ones are skipped."""
    buttons = data.get("buttons") if isinstance(data, dict) else None
    return tuple(
        (button["payload"], button["title"])
        for button in (buttons if isinstance(buttons, list) else [])
        if isinstance(button, dict)
        and isinstance(button.get("payload"), str)
        and isinstance(button.get("title"), str)
    )


def _symptoms(parse_data: object, text: str) -> tuple[SymptomMention, ...]:
    """The well-formed symptom entities; others (bad offsets, wrong types) are
    skipped, since the events were written by whatever NLU ran at the time."""
    found = parse_data.get("entities") if isinstance(parse_data, dict) else None
    return tuple(
        SymptomMention(
            concept=entity["value"],
            start=entity["start"],
            end=entity["end"],
            negated=entity.get("negated") is True,
            side=_text_or_none(entity.get("side")),
            experiencer=_text_or_none(entity.get("experiencer")),
            hypothetical=entity.get("hypothetical") is True,
            uncertain=entity.get("uncertain") is True,
            historical=entity.get("historical") is True,
        )
        for entity in (found if isinstance(found, list) else [])
        if _is_symptom(entity, len(text))
    )


def _is_symptom(entity: object, length: int) -> bool:
    if not isinstance(entity, dict) or entity.get("entity") != "symptom":
        return False
    start, end = entity.get("start"), entity.get("end")
    return (
        isinstance(entity.get("value"), str)
        and type(start) is int  # not a bool, not a float
        and type(end) is int
        and 0 <= start < end <= length
    )


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]
