"""Staff accounts for the staff app: argon2 password hashes, roles, deactivation.

Accounts are deactivated, never deleted, so reviews and notes keep their author.
Password rules beyond a minimum length belong to the staff app's forms.

Each account has a session version that the staff app stores in a session at login
and compares on every request. A new password, a deactivation or a logout raises
it, which ends every session of the account at once, cookies copied earlier too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from functools import lru_cache

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.storage.db import Database
from bot.storage.errors import NotFound, StorageError
from bot.storage.models import StaffUserRow

MIN_PASSWORD_LENGTH = 12
MAX_USERNAME = StaffUserRow.__table__.c.username.type.length
# Raised in the UPDATE itself, so two changes at once both count.
_NEXT_SESSIONS = {"session_version": StaffUserRow.session_version + 1}


class Role(str, Enum):
    ADMIN = "admin"
    REVIEWER = "reviewer"


@dataclass(frozen=True)
class StaffUser:
    id: int
    username: str
    role: Role
    active: bool
    created_at: datetime
    session_version: int


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    return PasswordHasher()


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Checked against for unknown users, so a login takes as long either way."""
    return _hasher().hash("not a real password")


def find_active_user(session: Session, username: str) -> StaffUserRow:
    """The active account `username`; `NotFound` if there is none."""
    row = session.scalar(
        sa.select(StaffUserRow).where(
            StaffUserRow.username == username, StaffUserRow.active.is_(True)
        )
    )
    if row is None:
        raise NotFound(f"There is no active staff user '{username}'.")
    return row


class StaffRepository:
    def __init__(self, database: Database) -> None:
        self._database = database

    def create(self, username: str, password: str, role: Role) -> StaffUser:
        """Add an active account; `StorageError` if the username is taken."""
        username = username.strip()
        if not 0 < len(username) <= MAX_USERNAME:
            raise ValueError(f"A username needs 1 to {MAX_USERNAME} characters.")
        row = StaffUserRow(
            username=username,
            password_hash=_hash(password),
            role=Role(role).value,
            active=True,
        )
        try:
            with self._database.sessions.begin() as session:
                session.add(row)
        except IntegrityError:
            raise StorageError(f"The username '{username}' is taken.") from None
        return _user(row)

    def authenticate(self, username: str, password: str) -> StaffUser | None:
        """The active user with this password, else None (same time either way)."""
        with self._database.sessions.begin() as session:
            try:
                row = find_active_user(session, username)
            except NotFound:
                _verify(_dummy_hash(), password)
                return None
            if not _verify(row.password_hash, password):
                return None
            if _hasher().check_needs_rehash(row.password_hash):
                row.password_hash = _hash(password)
            return _user(row)

    def get(self, username: str) -> StaffUser | None:
        with self._database.sessions() as session:
            row = session.scalar(
                sa.select(StaffUserRow).where(StaffUserRow.username == username)
            )
            return None if row is None else _user(row)

    def known(self, username: str) -> bool:
        """Whether an account has this name, in any case, active or not."""
        with self._database.sessions() as session:
            found = session.scalar(
                sa.select(StaffUserRow.id).where(
                    sa.func.lower(StaffUserRow.username) == username.lower()
                )
            )
            return found is not None

    def list_users(self) -> list[StaffUser]:
        with self._database.sessions() as session:
            rows = session.scalars(sa.select(StaffUserRow).order_by("username"))
            return [_user(row) for row in rows]

    def set_password(self, username: str, password: str) -> None:
        """Change the password and end the account's sessions."""
        self._update(username, password_hash=_hash(password), **_NEXT_SESSIONS)

    def set_active(self, username: str, active: bool) -> None:
        """(De)activate the account and end its sessions."""
        self._update(username, active=active, **_NEXT_SESSIONS)

    def end_sessions(self, username: str) -> None:
        """End every session of the account (log out everywhere)."""
        self._update(username, **_NEXT_SESSIONS)

    def set_role(self, username: str, role: Role) -> None:
        self._update(username, role=Role(role).value)

    def _update(self, username: str, **values: object) -> None:
        with self._database.sessions.begin() as session:
            changed = session.execute(
                sa.update(StaffUserRow)
                .where(StaffUserRow.username == username)
                .values(**values)
            ).rowcount
        if not changed:
            raise NotFound(f"There is no staff user '{username}'.")


def _hash(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"A password needs at least {MIN_PASSWORD_LENGTH} characters.")
    return _hasher().hash(password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _user(row: StaffUserRow) -> StaffUser:
    return StaffUser(
        row.id,
        row.username,
        Role(row.role),
        row.active,
        row.created_at,
        row.session_version,
    )
