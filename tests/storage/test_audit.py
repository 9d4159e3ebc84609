"""The audit log: rows are added, read back, and can never be changed or deleted."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from bot.storage.audit import AuditAction, AuditLog, cli_actor, describe, record_audit
from bot.storage.db import Database
from tests.support.databases import POSTGRESQL

from .helpers import audit_rows


def add(database: Database, actor: str, action: AuditAction, target: str) -> None:
    with database.sessions.begin() as session:
        record_audit(session, actor, action, target)


def execute(database: Database, statement: str) -> None:
    with database.engine.begin() as connection:
        connection.execute(sa.text(statement))


def test_rows_are_read_back_newest_first_and_filtered(database: Database) -> None:
    add(database, "rita", AuditAction.VIEW_LIST, "triage=emergency page=1")
    add(database, "cli:ops", AuditAction.EXPORT, "format=csv records=2")
    add(database, "rita", AuditAction.VIEW_SCREENING, "screening=1 conversation=c")
    log = AuditLog(database)

    newest = log.entries()
    assert [entry.action for entry in newest] == [
        "view_screening",
        "export",
        "view_list",
    ]
    assert newest[0].at.tzinfo is not None
    assert [e.actor for e in log.entries(actor="rita")] == ["rita", "rita"]
    assert [e.target for e in log.entries(action=AuditAction.EXPORT)] == [
        "format=csv records=2"
    ]
    assert [e.action for e in log.entries(before_id=newest[0].id, limit=1)] == [
        "export"
    ]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_log SET actor = 'someone else'",
        "DELETE FROM audit_log",
    ],
)
def test_the_database_refuses_to_change_audit_rows(
    database: Database, statement: str
) -> None:
    add(database, "rita", AuditAction.VIEW_LIST, "page=1")
    with pytest.raises(DBAPIError, match="audit_log is append-only"):
        execute(database, statement)
    assert [row["actor"] for row in audit_rows(database)] == ["rita"]


def typed_insert(row_id: str = "1", verb: str = "INSERT") -> str:
    """An audit row inserted by hand, with the id given."""
    return (
        f"{verb} INTO audit_log (id, at, actor, action, target) VALUES "
        f"({row_id}, CURRENT_TIMESTAMP, 'mallory', 'view_list', 'page=9')"
    )


UPSERT = typed_insert() + " ON CONFLICT (id) DO UPDATE SET actor = excluded.actor"
REWRITES = {
    "sqlite": [
        typed_insert(verb="INSERT OR REPLACE"),
        typed_insert(verb="REPLACE"),
        UPSERT,
    ],
    "postgresql": [UPSERT],
}


def test_the_database_refuses_to_replace_audit_rows(database: Database) -> None:
    add(database, "rita", AuditAction.VIEW_LIST, "page=1")
    for statement in REWRITES[database.engine.dialect.name]:
        with pytest.raises(DBAPIError, match="audit_log is append-only"):
            execute(database, statement)
    assert [(row["id"], row["actor"]) for row in audit_rows(database)] == [(1, "rita")]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_sqlite_refuses_ids_below_one_so_new_rows_keep_coming(
    database: Database,
) -> None:
    # SQLite's BEFORE INSERT triggers see an id yet to be chosen as -1: a row
    # stored with id -1 would make every later insert look like a REPLACE.
    with pytest.raises(DBAPIError, match="append-only: ids start at 1"):
        execute(database, typed_insert("-1"))
    execute(database, typed_insert("NULL", verb="INSERT OR REPLACE"))
    add(database, "rita", AuditAction.VIEW_LIST, "page=1")
    assert [row["id"] for row in audit_rows(database)] == [1, 2]


@pytest.mark.parametrize("database_url", [POSTGRESQL], indirect=True)
def test_postgresql_refuses_truncate_too(database: Database) -> None:
    with pytest.raises(DBAPIError, match="append-only: TRUNCATE"):
        execute(database, "TRUNCATE audit_log")


def test_a_long_target_is_cut_to_fit(database: Database) -> None:
    add(database, "rita", AuditAction.VIEW_LIST, "search=" + "x" * 600)
    (row,) = audit_rows(database)
    assert len(row["target"]) == 512
    assert row["target"].endswith("…")


@pytest.mark.parametrize("actor", ["", "   ", "x" * 129])
def test_an_actor_is_required(database: Database, actor: str) -> None:
    with pytest.raises(ValueError, match="audit actor"):
        add(database, actor, AuditAction.VIEW_LIST, "page=1")
    assert audit_rows(database) == []


def test_describe_skips_empty_values() -> None:
    assert describe(screening=3, conversation="abc", search="", since=None) == (
        "screening=3 conversation=abc"
    )


def test_the_command_line_actor_names_the_os_user(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: "ops")
    assert cli_actor() == "cli:ops"
