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
unset, and the default database needs none. Beware that Rasa falls back to an
in-memory store, with only a warning, when it cannot import this class: PYTHONPATH
must hold the project root (`bot/stack.py` and the Makefile set it), and
`tests/storage/test_tracker_store.py` checks that endpoints.yml resolves to it.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.exceptions import RasaException
from sqlalchemy.orm import sessionmaker

from bot.settings import get_settings
from bot.storage.db import Database, make_engine
from bot.storage.errors import StorageError
from bot.storage.migrate import require_current

logger = logging.getLogger(__name__)


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


def check_database(url: str) -> None:
    """Raise a `StorageError` unless the database answers and is fully migrated."""
    database = Database.from_url(url)
    try:
        require_current(database)
    finally:
        database.dispose()
    logger.info("Conversations are stored in %s", database.display_url)
