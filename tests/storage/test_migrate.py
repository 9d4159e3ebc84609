"""Migrations: an empty database upgrades, and the models match the migrations."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from bot.storage import migrate
from bot.storage.db import Database
from bot.storage.errors import SchemaNotReady
from bot.storage.models import Base
from bot.storage.staff import Role, StaffRepository

from .helpers import PASSWORD


def test_an_empty_database_upgrades_to_the_latest(empty_database: Database) -> None:
    assert migrate.current_revision(empty_database) is None
    assert migrate.upgrade(empty_database) == migrate.head_revision()
    tables = set(sa.inspect(empty_database.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables


def test_upgrading_again_changes_nothing(database: Database) -> None:
    assert migrate.upgrade(database) == migrate.head_revision()


def assert_models_match_database(database: Database) -> None:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "compare_server_default": True,
                "include_object": migrate.include_object,
            },
        )
        assert compare_metadata(context, Base.metadata) == []


def test_the_models_match_the_migrations(database: Database) -> None:
    assert_models_match_database(database)


def test_the_newest_migration_downgrades_and_upgrades_again(
    database: Database,
) -> None:
    scripts = ScriptDirectory.from_config(migrate.alembic_config())
    previous = scripts.get_revision(migrate.head_revision()).down_revision
    StaffRepository(database).create("ada", PASSWORD, Role.ADMIN)
    with database.engine.begin() as connection:
        command.downgrade(migrate.alembic_config(connection), "-1")
    assert migrate.current_revision(database) == previous
    migrate.upgrade(database)
    assert_models_match_database(database)
    assert StaffRepository(database).authenticate("ada", PASSWORD) is not None


def test_rasa_tables_are_left_to_rasa(database: Database) -> None:
    sa.Table("events", sa.MetaData(), sa.Column("id", sa.Integer)).create(
        database.engine
    )
    assert_models_match_database(database)


def test_there_is_one_line_of_migrations() -> None:
    scripts = ScriptDirectory.from_config(migrate.alembic_config())
    assert len(scripts.get_heads()) == 1
    numbers = [script.revision for script in scripts.walk_revisions()]
    assert sorted(numbers) == [f"{n:04d}" for n in range(1, len(numbers) + 1)]


def test_require_current_says_how_to_fix_an_empty_database(
    empty_database: Database,
) -> None:
    with pytest.raises(SchemaNotReady, match="Run: python -m bot db upgrade"):
        migrate.require_current(empty_database)
    migrate.upgrade(empty_database)
    migrate.require_current(empty_database)


def test_require_current_spots_a_database_from_newer_code(database: Database) -> None:
    with database.engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(SchemaNotReady, match="newer version of the bot"):
        migrate.require_current(database)
    with pytest.raises(SchemaNotReady, match="Cannot migrate"):
        migrate.upgrade(database)


def test_a_new_revision_is_numbered_next_and_empty_when_in_step(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    location = tmp_path / "migrations"
    shutil.copytree(migrate.SCRIPT_LOCATION, location)
    monkeypatch.setattr(migrate, "SCRIPT_LOCATION", location)
    count = len(list((location / "versions").glob("*.py")))

    path = migrate.new_revision(database, "add opt-outs", autogenerate=True)

    assert path.name == f"{count + 1:04d}_add_opt_outs.py"
    source = path.read_text()
    assert f"down_revision = '{count:04d}'" in source
    assert "op." not in source  # models and database agree: nothing to do


def test_autogenerating_against_an_old_database_says_what_to_run(
    empty_database: Database,
) -> None:
    with pytest.raises(SchemaNotReady, match="not up to date. Run: python -m bot db"):
        migrate.new_revision(empty_database, "too early", autogenerate=True)
