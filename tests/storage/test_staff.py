"""Staff accounts: argon2 hashes, roles, deactivation instead of deletion."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from bot.storage import staff as staff_module
from bot.storage.db import Database
from bot.storage.errors import NotFound, StorageError
from bot.storage.staff import Role, StaffRepository

from .helpers import PASSWORD


def test_a_new_user_logs_in_with_the_password(staff: StaffRepository) -> None:
    created = staff.create("alice", PASSWORD, Role.ADMIN)
    assert (created.username, created.role, created.active) == (
        "alice",
        Role.ADMIN,
        True,
    )
    assert created.created_at.tzinfo is not None
    assert staff.authenticate("alice", PASSWORD) == created


@pytest.mark.parametrize(
    ("username", "password"),
    [("alice", "wrong password!"), ("bob", PASSWORD), ("ALICE", PASSWORD)],
)
def test_a_wrong_name_or_password_logs_in_nobody(
    staff: StaffRepository, username: str, password: str
) -> None:
    staff.create("alice", PASSWORD, Role.ADMIN)
    assert staff.authenticate(username, password) is None


def test_a_login_upgrades_a_hash_made_with_weaker_parameters(
    staff: StaffRepository, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    staff.create("alice", PASSWORD, Role.ADMIN)
    monkeypatch.setattr(staff_module, "_hasher", PasswordHasher)  # production cost
    assert staff.authenticate("alice", PASSWORD) is not None
    assert "m=65536,t=3" in stored_hash(database)
    assert staff.authenticate("alice", PASSWORD) is not None


def stored_hash(database: Database) -> str:
    with database.engine.connect() as connection:
        return connection.execute(
            sa.text("SELECT password_hash FROM staff_users")
        ).scalar_one()


def test_only_a_hash_is_stored(staff: StaffRepository, database: Database) -> None:
    staff.create("alice", PASSWORD, Role.REVIEWER)
    stored = stored_hash(database)
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_a_deactivated_user_cannot_log_in(staff: StaffRepository) -> None:
    staff.create("alice", PASSWORD, Role.REVIEWER)
    staff.set_active("alice", False)
    assert staff.authenticate("alice", PASSWORD) is None
    assert staff.get("alice").active is False
    staff.set_active("alice", True)
    assert staff.authenticate("alice", PASSWORD) is not None


def test_password_and_role_changes(staff: StaffRepository) -> None:
    staff.create("alice", PASSWORD, Role.REVIEWER)
    staff.set_password("alice", "a new long passphrase")
    staff.set_role("alice", Role.ADMIN)
    assert staff.authenticate("alice", PASSWORD) is None
    assert staff.authenticate("alice", "a new long passphrase").role is Role.ADMIN


def test_users_are_listed_by_name(staff: StaffRepository) -> None:
    for name in ("zoe", "alice"):
        staff.create(name, PASSWORD, Role.REVIEWER)
    assert [user.username for user in staff.list_users()] == ["alice", "zoe"]


def test_a_username_is_taken_once(staff: StaffRepository) -> None:
    staff.create("alice", PASSWORD, Role.REVIEWER)
    with pytest.raises(StorageError, match="'alice' is taken"):
        staff.create("alice", PASSWORD, Role.ADMIN)


@pytest.mark.parametrize(
    ("username", "password", "role", "problem"),
    [
        ("alice", "short", Role.ADMIN, "at least 12 characters"),
        ("", PASSWORD, Role.ADMIN, "username needs"),
        ("x" * 65, PASSWORD, Role.ADMIN, "username needs"),
        ("alice", PASSWORD, "superuser", "not a valid Role"),
    ],
)
def test_bad_accounts_are_refused(
    staff: StaffRepository, username: str, password: str, role: str, problem: str
) -> None:
    with pytest.raises(ValueError, match=problem):
        staff.create(username, password, role)  # type: ignore[arg-type]


def test_the_database_refuses_an_unknown_role(database: Database) -> None:
    with pytest.raises(sa.exc.IntegrityError), database.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO staff_users (username, password_hash, role, active, "
                "created_at) VALUES ('x', 'h', 'superuser', true, CURRENT_TIMESTAMP)"
            )
        )


def test_changing_an_unknown_user_says_so(staff: StaffRepository) -> None:
    with pytest.raises(NotFound, match="no staff user 'ghost'"):
        staff.set_active("ghost", False)


def test_a_new_password_deactivation_or_logout_ends_the_sessions(
    staff: StaffRepository,
) -> None:
    versions = [staff.create("alice", PASSWORD, Role.REVIEWER).session_version]
    for change in (
        lambda: staff.set_password("alice", "a new long passphrase"),
        lambda: staff.set_active("alice", False),
        lambda: staff.set_active("alice", True),
        lambda: staff.end_sessions("alice"),
    ):
        change()
        versions.append(staff.get("alice").session_version)
    assert versions == [0, 1, 2, 3, 4]
    staff.set_role("alice", Role.ADMIN)  # takes effect at once: sessions stay
    assert staff.authenticate("alice", "a new long passphrase").session_version == 4


def test_known_names_any_account_in_any_case(staff: StaffRepository) -> None:
    staff.create("Alice", PASSWORD, Role.REVIEWER)
    staff.set_active("Alice", False)
    assert staff.known("alice") and staff.known("ALICE")
    assert not staff.known("bob")
