"""Schema migrations with Alembic, configured in code (there is no alembic.ini).

    python -m bot db upgrade      bring the database to the latest migration
    python -m bot db current      show the database's revision and the latest one
    python -m bot db revision -m "add opt-outs" --autogenerate

How to add a migration (for example the channels team's opt-out table):

1. Add the model to `bot/storage/models.py` (or to your own module whose models use
   `models.Base`, imported by `models.py` so Alembic sees it).
2. Upgrade a database to the latest migration (the default SQLite file will do) and
   run `python -m bot db revision -m "add opt-outs" --autogenerate`. It writes
   `migrations/versions/NNNN_add_opt_outs.py`, numbered after the newest one.
3. Read the file and fix what Alembic cannot see: triggers, data moves, renames
   (it sees a drop and an add). On SQLite, migrations run in batch mode (copy and
   rename the table); a batch migration of `audit_log` drops its append-only
   triggers, so re-create them as `0001_initial.py` and `0003_...` do.
4. `pytest tests/storage/test_migrate.py` upgrades empty SQLite and PostgreSQL
   databases, checks that models and migrations agree, that there is one head and
   that the audit log still refuses changes.

Rasa's own `events` table is not migrated here: Rasa creates it at start-up.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy.engine import Connection

from bot.storage.db import Database
from bot.storage.errors import SchemaNotReady
from bot.storage.models import UtcDateTime

SCRIPT_LOCATION = Path(__file__).with_name("migrations")
RASA_TABLES = frozenset({"events"})
# Key of the PostgreSQL advisory lock that lets one process migrate at a time.
MIGRATION_LOCK_KEY = 7_406_211
UPGRADE_HINT = "Run: python -m bot db upgrade"


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration; env.py migrates over `connection`."""
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    config.attributes["connection"] = connection
    return config


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Leave Rasa's tables to Rasa when Alembic compares models and database."""
    return not (type_ == "table" and name in RASA_TABLES)


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Write `UtcDateTime` columns as plain `sa.DateTime(timezone=True)`.

    Migrations then do not import the models, which keep changing after them.
    """
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def head_revision() -> str:
    """The newest migration in this code."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(database: Database) -> str | None:
    """The migration the database is at; None for a database never migrated."""
    database.check()
    with database.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(database: Database, revision: str = "head") -> str | None:
    """Migrate to `revision` in one transaction; return the revision reached."""
    database.check()
    with database.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(
                sa.text("SELECT pg_advisory_xact_lock(:key)"),
                {"key": MIGRATION_LOCK_KEY},
            )
        try:
            command.upgrade(alembic_config(connection), revision)
        except CommandError as error:
            raise SchemaNotReady(
                f"Cannot migrate the database at {database.display_url}: {error}"
            ) from None
    return current_revision(database)


def require_current(database: Database) -> None:
    """Raise `SchemaNotReady` unless the database is at this code's newest migration."""
    current, head = current_revision(database), head_revision()
    if current == head:
        return
    where = f"The database at {database.display_url}"
    scripts = ScriptDirectory.from_config(alembic_config())
    if current is None:
        problem = "has none of the screening tables yet"
    elif current not in {script.revision for script in scripts.walk_revisions()}:
        raise SchemaNotReady(
            f"{where} is at migration {current}, which this code does not know: "
            "it was migrated by a newer version of the bot. Update the bot."
        )
    else:
        problem = f"is at migration {current}, this code needs {head}"
    raise SchemaNotReady(f"{where} {problem}. {UPGRADE_HINT}")


def new_revision(database: Database, message: str, autogenerate: bool) -> Path:
    """Write the next numbered migration script; return its path."""
    scripts = ScriptDirectory.from_config(alembic_config())
    number = len(list(scripts.walk_revisions())) + 1
    with database.engine.connect() as connection:
        try:
            script = command.revision(
                alembic_config(connection),
                message=message,
                autogenerate=autogenerate,
                rev_id=f"{number:04d}",
            )
        except CommandError as error:  # e.g. the database is behind the scripts
            raise SchemaNotReady(f"{error} {UPGRADE_HINT}") from None
    return Path(script.path)
