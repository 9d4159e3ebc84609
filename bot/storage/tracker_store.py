"""Rasa's SQL tracker store on the project's one database URL, failing fast.

Rasa's `SQLTrackerStore` is configured by pieces (dialect, host, db) and, when the
database is down at start-up, retries every five seconds forever with a warning in
the log. This subclass takes the whole URL from DATABASE_URL (`bot/settings.py`),
or from `url:` in endpoints.yml when one is given (it should be the same database:
exports read transcripts from there). At start-up it checks, once, that the
database answers and that the project's tables are at the latest migration, and
otherwise raises `TrackerStoreUnavailable` with a message that says what to do, so
`rasa run` stops at once instead of hanging or failing at the first screening.
Migrating is a separate, explicit step (`python -m bot db upgrade`, which
`bot/stack.py` runs before it starts Rasa): several Rasa processes starting
together never race to change the schema.

endpoints.yml says only:

    tracker_store:
      type: bot.storage.tracker_store.UrlSQLTrackerStore

not `url: ${DATABASE_URL}`: Rasa refuses the whole file when a variable in it is
unset, and the default database needs none. (The action endpoint's
`${ACTION_SERVER_TOKEN}` is always set: `python -m bot serve rasa` sets it.)
Beware that Rasa falls back to an in-memory store, with only a warning, when it
cannot import this class: PYTHONPATH
must hold the project root (`bot/stack.py` and the Makefile set it), and
`tests/storage/test_tracker_store.py` checks that endpoints.yml resolves to it.

Its turns read and write through private methods of Rasa's store (below), written
for one version of Rasa: it refuses to start on any other (bot/rasa_internals.py).
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.constants import REQUESTED_SLOT
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActiveLoop,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from rasa.shared.nlu.constants import INTENT_NAME_KEY as INTENT
from sqlalchemy.orm import Session, sessionmaker

from bot.dialogue.callback import CALLBACK_FORM, PRIVATE_QUESTIONS
from bot.rasa_internals import require_rasa
from bot.settings import get_settings
from bot.storage.db import Database, make_engine
from bot.storage.errors import StorageError
from bot.storage.migrate import require_current

logger = logging.getLogger(__name__)
SESSION_STARTED = SessionStarted.type_name
BLANKED = "[contact details: kept encrypted for the call-back]"


class TrackerStoreUnavailable(StorageError, RasaException):
    """The database cannot be used; Rasa's command line prints this and exits."""


class UrlSQLTrackerStore(SQLTrackerStore):
    def __init__(
        self,
        domain: Domain | None = None,
        host: str | None = None,
        event_broker: EventBroker | None = None,
        **kwargs: Any,
    ) -> None:
        require_rasa()  # the private methods overridden below are this Rasa's
        url = host or get_settings().database_url
        try:
            check_database(url)
        except StorageError as error:
            raise TrackerStoreUnavailable(str(error)) from None
        super().__init__(domain=domain, host=url, event_broker=event_broker, **kwargs)
        self._use_project_engine(url)

    def _use_project_engine(self, url: str) -> None:
        """Swap Rasa's engine for the project's (bot/storage/db.py).

        Rasa's engine does not check pooled connections before use: after a
        database restart the next turn gets a dead connection, Rasa falls back to
        an empty conversation and the visitor is greeted as a stranger. The
        project's engine pings first, gives up connecting to PostgreSQL after a
        timeout, and sets SQLite's busy timeout for the action server's writes.
        """
        self.engine.dispose()
        self.engine = make_engine(url)
        self.sessionmaker = sessionmaker(bind=self.engine)

    # Each turn reads the conversation's latest session, then counts its events and
    # adds the new ones. Rasa does it through ORM queries that SQLAlchemy rebuilds,
    # keys and turns into objects row by row, and adds rows one by one: a fifth of
    # the Rasa server's CPU per turn (py-spy under `make bench`). The same queries
    # as plain SQL, and one insert, take a fraction of that.

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        if fetch_events_from_all_sessions:  # staff exports, not turns: Rasa's way
            return await super()._retrieve(sender_id, fetch_events_from_all_sessions)
        with self.session_scope() as session:
            rows = self._latest_session(session, "data", sender_id).scalars()
            events = [json.loads(data) for data in rows]
        if not (self.domain and events):
            return None
        return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Rasa's `save`, the new events added in one statement, the messages that
        gave call-back contact details blanked (`blank_contact_details`)."""
        await self.stream_events(tracker)
        with self.session_scope() as session:
            stored = self._stored_count(session, tracker.sender_id)
            private = contact_answers(tracker.events)
            rows = [
                self._row(tracker.sender_id, event, blank=index in private)
                for index, event in enumerate(tracker.events)
                if index >= stored
            ]
            if rows:
                session.execute(self.SQLEvent.__table__.insert(), rows)
            session.commit()

    @staticmethod
    def _row(sender_id: str, event: Event, *, blank: bool = False) -> dict[str, Any]:
        """The event's row, with the columns Rasa fills."""
        data = event.as_dict()
        if blank:
            data = blank_contact_details(data)
        return {
            "sender_id": sender_id,
            "type_name": event.type_name,
            "timestamp": data.get("timestamp"),
            "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT),
            "action_name": data.get("name"),
            "data": json.dumps(data),
        }

    def _stored_count(self, session: Session, sender_id: str) -> int:
        """How many events of the tracker's latest session are stored already."""
        count = self._latest_session(session, "count(*)", sender_id)
        return int(count.scalar_one())

    def _latest_session(self, session: Session, columns: str, sender_id: str) -> Any:
        query = latest_session_query(self.SQLEvent.__tablename__, columns)
        parameters = {"sender_id": sender_id, "session_started": SESSION_STARTED}
        return session.execute(query, parameters)


def contact_answers(events: Iterable[Event]) -> set[int]:
    """The indexes of the visitor's messages that answered a question for call-back
    contact details (bot/dialogue/callback.py: the name, the phone number)."""
    requested: object = None
    loop: str | None = None
    found = set()
    for index, event in enumerate(events):
        if isinstance(event, SlotSet) and event.key == REQUESTED_SLOT:
            requested = event.value
        elif isinstance(event, ActiveLoop):
            loop = event.name
        elif isinstance(event, UserUttered) and _asks_contact(loop, requested):
            found.add(index)
    return found


def _asks_contact(loop: str | None, requested: object) -> bool:
    return loop == CALLBACK_FORM and requested in PRIVATE_QUESTIONS


def blank_contact_details(data: dict[str, Any]) -> dict[str, Any]:
    """A user event's data with its text and what the NLU read from it replaced:
    the name or number it gave is stored only encrypted (bot/storage/contacts.py).
    The intent stays, so the conversation still reads back as it went."""
    parse_data = data.get("parse_data") or {}
    kept = {"intent": parse_data.get("intent"), "entities": [], "text": BLANKED}
    return {**data, "text": BLANKED, "parse_data": kept}


@functools.cache
def latest_session_query(table: str, columns: str) -> sa.TextClause:
    """Rasa's `SQLTrackerStore._event_query` as SQL: a conversation's events from its
    latest session start on (all of them if it has none), in the order stored."""
    order = " ORDER BY events.id" if columns == "data" else ""
    return sa.text(
        f"SELECT {columns} FROM {table} AS events, "
        f"(SELECT max(timestamp) AS session_start FROM {table} "
        "WHERE sender_id = :sender_id AND type_name = :session_started) AS latest "
        "WHERE events.sender_id = :sender_id AND (events.timestamp >= "
        "latest.session_start OR latest.session_start IS NULL)" + order
    )


def check_database(url: str) -> None:
    """Raise a `StorageError` unless the database answers and is fully migrated."""
    database = Database.from_url(url)
    try:
        require_current(database)
    finally:
        database.dispose()
    logger.info("Conversations are stored in %s", database.display_url)
