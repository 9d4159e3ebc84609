"""Conclude a screening: judge it, store its record, say what to tell the visitor.

The screening is read from the conversation as the Rasa server stored it, never
from the action server's call alone (bot/storage/conversations.py): a call for a
conversation the Rasa server does not hold stores nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Protocol

from bot.dialogue.explain import reasons_text
from bot.screening import (
    Outcome,
    booking_url,
    build_record,
    evaluate,
    load_ruleset,
    new_booking_reference,
)
from bot.screening.booking import redirect_url
from bot.screening.findings import ScreeningInput
from bot.settings import get_settings
from bot.storage.conversations import UnknownConversation, stored_conversation
from bot.storage.db import Database
from bot.storage.repository import ScreeningRepository

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Screening:
    """What a record is made of, as read from a conversation."""

    inp: ScreeningInput
    channel: str
    started_at: datetime


class Repository(Protocol):
    """Where a screening is read from and kept: a fake stands in, in tests."""

    def stored_conversation(self, posted: Mapping[str, Any]) -> dict[str, Any]:
        """The conversation of `posted` as the Rasa server stored it, with the turn in
        progress; raises `UnknownConversation` when it holds no such conversation."""

    def save_record(self, record: Mapping[str, Any]) -> int:
        """Store a screening's record; return its id."""


@dataclass(frozen=True)
class DatabaseRepository:
    """The database of DATABASE_URL: Rasa's tracker store and the screenings."""

    database: Database

    def stored_conversation(self, posted: Mapping[str, Any]) -> dict[str, Any]:
        return stored_conversation(self.database, posted)

    def save_record(self, record: Mapping[str, Any]) -> int:
        return ScreeningRepository(self.database).save_record(record)


@dataclass(frozen=True)
class Conclusion:
    outcome: Outcome
    reasons: str  # plain-words lines, with the visitor's own words
    booking_link: str | None


def conclude(
    read: Callable[[dict[str, Any]], Screening],
    *,
    conversation: dict[str, Any],
    repository: Repository,
) -> Conclusion:
    """Read the screening from the conversation, evaluate it, store its record, and
    return what to say.

    `conversation` is the tracker of the action server's call; `read` gets it as
    the repository holds it, with the turn in progress. Raises
    `UnknownConversation` (and stores nothing) when the Rasa server does not hold
    it, and the engine's IncompleteScreening if a question is still unanswered: the
    dialogue must not conclude before the engine has everything it needs.
    """
    try:
        screening = read(repository.stored_conversation(conversation))
    except UnknownConversation as refusal:
        logger.warning("Screening not concluded: %s", refusal)
        raise
    ruleset = load_ruleset()
    clinic = get_settings().clinic
    outcome = evaluate(screening.inp, ruleset, clinic)
    reference = new_booking_reference() if outcome.booking_link_offered else None
    record = build_record(
        outcome,
        screening.inp,
        conversation_id=conversation["sender_id"],
        channel=screening.channel,
        started_at=screening.started_at,
        completed_at=max(datetime.now(timezone.utc), screening.started_at),
        booking_reference=reference,
        ruleset=ruleset,
    )
    repository.save_record(record)
    return Conclusion(outcome, reasons_text(outcome, ruleset), booking_link(reference))


def booking_link(reference: str | None) -> str | None:
    """The link to give: through the web chat's /book/<ref> when PUBLIC_CHAT_URL is
    set (so its click counts), else straight to the clinic's booking URL."""
    if reference is None:
        return None
    settings = get_settings()
    if settings.public_chat_url:
        return redirect_url(settings.public_chat_url, reference)
    return booking_url(settings.booking_url, reference)
