"""Cheap password hashing for the staff accounts tests create.

Hashing at production cost would dominate the storage and staff suites; the one test
about production parameters sets them itself.
"""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from bot.storage import staff

FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Autouse in the conftest.py that imports it."""
    monkeypatch.setattr(staff, "_hasher", lambda: FAST_HASHER)
