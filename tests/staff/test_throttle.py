"""Failed-login throttling: back-off, shared state, addresses and proxies."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from bot.staff.app import create_app
from bot.staff.auth import LOCKED
from bot.staff.throttle import LoginThrottle
from bot.storage.db import Database
from bot.storage.login_failures import BackOff, LoginFailures
from bot.storage.staff import Role, StaffRepository
from tests.storage.helpers import NOW

from .helpers import PASSWORD, login

SECRET = "another test secret that is long enough"
WRONG_PASSWORD = "wrong password!"
ADDRESS = "192.0.2.7"


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def throttle(database: Database, clock: Clock) -> LoginThrottle:
    return LoginThrottle(LoginFailures(database, clock), SECRET)


def fail(throttle: LoginThrottle, times: int, username: str = "ada") -> None:
    for _ in range(times):
        throttle.failed(username, ADDRESS, known=True)


def test_waits_double_up_to_a_ceiling() -> None:
    back_off = BackOff(limit=5, first_wait_s=30, longest_wait_s=900)
    waits = [back_off.wait(n).total_seconds() for n in (1, 4, 5, 6, 7, 9, 10, 10**6)]
    assert waits == [0, 0, 30, 60, 120, 480, 900, 900]


def test_each_further_failure_doubles_the_wait(
    throttle: LoginThrottle, clock: Clock
) -> None:
    fail(throttle, 4)
    assert not throttle.name_locked("ada")
    for wait in (30, 60, 120, 240):
        fail(throttle, 1)
        clock.advance(wait - 1)
        assert throttle.name_locked("ADA")  # a name in any case
        assert not throttle.name_locked("rita")
        clock.advance(2)
        assert not throttle.name_locked("ada")


def test_a_success_or_a_quiet_day_forgets_the_failures(
    throttle: LoginThrottle, clock: Clock
) -> None:
    fail(throttle, 4)
    throttle.succeeded("ada")
    fail(throttle, 4)
    assert not throttle.name_locked("ada")
    clock.advance(24 * 3600 + 1)
    fail(throttle, 4)
    assert not throttle.name_locked("ada")
    fail(throttle, 1)
    assert throttle.name_locked("ada")


def test_the_table_holds_no_typed_name_or_address(
    throttle: LoginThrottle, database: Database
) -> None:
    throttle.failed("my password by mistake", ADDRESS, known=False)
    with database.engine.connect() as connection:
        keys = connection.execute(sa.text("SELECT key_hash FROM staff_login_failures"))
        stored = " ".join(keys.scalars())
    assert len(stored.split()) == 2
    assert "password" not in stored and ADDRESS not in stored


def from_address(client: FlaskClient, address: str) -> FlaskClient:
    client.environ_base["REMOTE_ADDR"] = address
    return client


def forwarded_for(client: FlaskClient, addresses: str) -> FlaskClient:
    client.environ_base["HTTP_X_FORWARDED_FOR"] = addresses
    return client


def lock_address(client: FlaskClient) -> None:
    """20 failures with unknown names."""
    for n in range(20):
        assert login(client, f"nobody{n}").status_code == 401


def assert_locked(client: FlaskClient, username: str, password: str) -> None:
    response = login(client, username, password)
    assert response.status_code == 429
    assert LOCKED in response.text


def test_failures_of_accounts_do_not_lock_their_address(
    client: FlaskClient, accounts: StaffRepository
) -> None:
    names = ["ada", "bob", "cy", "dee", "eve"]
    for name in names[1:]:
        accounts.create(name, PASSWORD, Role.REVIEWER)
    for name in names:
        for _ in range(4):
            assert login(client, name, WRONG_PASSWORD).status_code == 401
    assert login(client, "rita").status_code == 303


def test_unknown_names_lock_the_address_yet_staff_still_log_in(
    app: Flask, client: FlaskClient
) -> None:
    lock_address(client)
    assert_locked(client, "nobody", PASSWORD)
    assert_locked(client, "ada", WRONG_PASSWORD)  # the same answer for an account
    assert login(client, "rita").status_code == 303
    elsewhere = from_address(app.test_client(), "192.0.2.99")
    assert login(elsewhere, "nobody").status_code == 401


@pytest.fixture
def two_apps(database_url: str, accounts: StaffRepository) -> Iterator[list[Flask]]:
    """Two staff apps, each with its own engine, as two processes would have."""
    databases = [Database.from_url(database_url) for _ in range(2)]
    yield [create_app(database, secret_key=SECRET) for database in databases]
    for database in databases:
        database.dispose()


def test_every_app_on_the_database_sees_the_same_failures(
    two_apps: list[Flask],
) -> None:
    first, second = two_apps
    for _ in range(5):
        assert login(first.test_client(), "ada", WRONG_PASSWORD).status_code == 401
    assert_locked(second.test_client(), "ada", PASSWORD)
    lock_address(second.test_client())
    assert_locked(first.test_client(), "nobody", PASSWORD)


def test_x_forwarded_for_is_ignored_without_trusted_proxies(
    client: FlaskClient,
) -> None:
    for n in range(20):
        forwarded_for(client, f"203.0.113.{n}")  # a client naming itself anew
        assert login(client, f"nobody{n}").status_code == 401
    assert_locked(forwarded_for(client, "198.51.100.1"), "nobody", PASSWORD)


def test_x_forwarded_for_is_read_from_trusted_proxies(
    database: Database, accounts: StaffRepository
) -> None:
    app = create_app(database, secret_key=SECRET, trusted_proxies=1)
    client = app.test_client()
    for n in range(20):
        # The proxy appends the address it saw; what the client sent is ignored.
        forwarded_for(client, f"10.0.0.{n}, 203.0.113.1")
        assert login(client, f"nobody{n}").status_code == 401
    assert_locked(client, "nobody", PASSWORD)
    other = forwarded_for(app.test_client(), "203.0.113.2")
    assert login(other, "nobody").status_code == 401
