"""`python -m bot create-admin`, `add-staff` and `staff` (its start-up checks)."""

from __future__ import annotations

import getpass
import io
import sys
from collections.abc import Iterator

import pytest

from bot.cli import main
from bot.settings import get_settings
from bot.storage.db import Database, database_for
from bot.storage.staff import Role, StaffRepository

from .helpers import PASSWORD


@pytest.fixture
def configured(
    database: Database, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[StaffRepository]:
    """DATABASE_URL points at this test's (migrated) database."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    get_settings.cache_clear()
    database_for.cache_clear()
    yield StaffRepository(database)
    database_for(database_url).dispose()
    database_for.cache_clear()
    get_settings.cache_clear()


def piped(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))


def test_create_admin_reads_the_password_from_a_pipe(
    configured: StaffRepository,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
) -> None:
    piped(monkeypatch, PASSWORD + "\n")
    assert main(["create-admin", "ada"]) == 0
    assert "Created admin 'ada'." in capsys.readouterr().out
    assert configured.authenticate("ada", PASSWORD).role is Role.ADMIN


def test_add_staff_asks_twice_on_a_terminal(
    configured: StaffRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(getpass, "getpass", lambda prompt: next(answers))
    assert main(["add-staff", "rita"]) == 0
    assert configured.authenticate("rita", PASSWORD).role is Role.REVIEWER


@pytest.mark.parametrize(
    ("argv", "typed", "problem"),
    [
        (["create-admin", "ada"], [PASSWORD, "something else!"], "passwords differ"),
        (["create-admin", "ada"], ["short", "short"], "at least 12"),
        (["create-admin", "a/b"], [PASSWORD, PASSWORD], "Invalid username"),
        (["add-staff", "taken"], [PASSWORD, PASSWORD], "is taken"),
    ],
)
def test_account_problems_are_reported(
    configured: StaffRepository,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
    argv: list[str],
    typed: list[str],
    problem: str,
) -> None:
    configured.create("taken", PASSWORD, Role.REVIEWER)
    answers = iter(typed)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(getpass, "getpass", lambda prompt: next(answers))
    assert main(argv) == 1
    assert problem in capsys.readouterr().err
    assert [user.username for user in configured.list_users()] == ["taken"]


def test_add_staff_refuses_an_unknown_role(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit):
        main(["add-staff", "rob", "--role", "root"])
    assert "invalid choice" in capsys.readouterr().err


def test_an_unmigrated_database_is_reported(
    tmp_path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    get_settings.cache_clear()
    database_for.cache_clear()
    try:
        piped(monkeypatch, PASSWORD + "\n")
        assert main(["create-admin", "ada"]) == 1
        assert "db upgrade" in capsys.readouterr().err
    finally:
        database_for.cache_clear()
        get_settings.cache_clear()


def test_staff_refuses_a_short_secret_key(
    configured: StaffRepository,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
) -> None:
    monkeypatch.setenv("STAFF_SECRET_KEY", "short")
    assert main(["staff", "--port", "1"]) == 1
    assert "STAFF_SECRET_KEY" in capsys.readouterr().out
