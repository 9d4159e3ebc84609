"""A conversation as the Rasa server stored it: what a screening record is read from.

Rasa posts the whole conversation with every call to the action server, and a call's
body proves nothing: whoever reaches the action server can post a made-up one. So a
screening is concluded from the conversation in the tracker store (Rasa's `events`
table, in the database of DATABASE_URL), not from the call.

One part is not stored yet. Rasa saves a turn's events after the turn's last action,
so the message that answered the last question, and what the form read from it, are
only in the call: they are the events that follow, in the call's conversation, the
last event stored. A call whose conversation does not reach that event (one the Rasa
server does not hold, a made-up or an out-of-date history) is refused.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.slots import Slot
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

from bot.settings import PROJECT_ROOT
from bot.storage.db import Database
from bot.storage.errors import StorageError
from bot.storage.transcripts import EVENTS, has_events_table

DOMAIN = PROJECT_ROOT / "domain.yml"


class UnknownConversation(StorageError):
    """The call's conversation is not one the Rasa server holds (the message says
    why, never which conversation)."""


def stored_conversation(
    database: Database, posted: Mapping[str, Any]
) -> dict[str, Any]:
    """The conversation of `posted` (a tracker as Rasa posts it to the action server)
    rebuilt from the tracker store: every stored event, then the posted events of
    the turn in progress; in the same shape, slots replayed by Rasa's own tracker.

    Raises `UnknownConversation` when the store does not hold it.
    """
    sender_id = posted.get("sender_id")
    stored = _stored_events(database, sender_id) if sender_id else []
    if not stored:
        raise UnknownConversation("the Rasa server holds no such conversation")
    turn = _turn_in_progress(posted.get("events") or [], stored[-1])
    if turn is None:
        raise UnknownConversation("the call does not continue the stored conversation")
    tracker = DialogueStateTracker.from_dict(sender_id, [*stored, *turn], _slots())
    return tracker.current_state(EventVerbosity.ALL)


def _stored_events(database: Database, sender_id: str) -> list[dict[str, Any]]:
    """Every event of the conversation, in the order stored. Replaying all of them
    gives the latest session's slots: a session start resets the tracker."""
    query = (
        sa.select(EVENTS.c.data)
        .where(EVENTS.c.sender_id == sender_id)
        .order_by(EVENTS.c.id)
    )
    with database.sessions() as session:
        if not has_events_table(session):
            return []
        return [json.loads(data) for data in session.scalars(query)]


def _turn_in_progress(
    posted: Sequence[Mapping[str, Any]], last_stored: Mapping[str, Any]
) -> list[Mapping[str, Any]] | None:
    """The posted events after the last stored one; None if none is it."""
    mark = _identity(last_stored)
    for index in range(len(posted) - 1, -1, -1):
        if _identity(posted[index]) == mark:
            return list(posted[index + 1 :])
    return None


def _identity(event: Mapping[str, Any]) -> tuple[Any, ...]:
    """What tells one event from another: Rasa stamps each when it happens."""
    return event.get("event"), event.get("timestamp"), event.get("name")


@cache
def _slots() -> tuple[Slot, ...]:
    """The slots of domain.yml, which the model was trained with."""
    return tuple(Domain.load(DOMAIN).slots)
