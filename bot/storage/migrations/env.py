"""Alembic's entry point; `bot.storage.migrate` calls it with an open connection."""

from alembic import context

from bot.storage.migrate import include_object, render_item
from bot.storage.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "Run migrations through `python -m bot db ...`, which opens the database "
        "named by DATABASE_URL; offline (--sql) mode is not supported."
    )

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    include_object=include_object,
    render_item=render_item,
    render_as_batch=True,  # SQLite cannot ALTER most things: copy and rename
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
