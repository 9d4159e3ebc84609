"""Logging in and out: generic errors, throttling, expiring sessions, redirects."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bot.staff import security
from bot.staff.auth import LOCKED, WRONG
from bot.storage.db import Database
from bot.storage.staff import StaffRepository

from .helpers import PASSWORD, csrf_token, login, post


@pytest.mark.parametrize(
    ("username", "password"),
    [("ada", "wrong password!"), ("nobody", PASSWORD), ("ADA", PASSWORD)],
)
def test_a_failed_login_says_the_same_whatever_was_wrong(
    client: FlaskClient, username: str, password: str
) -> None:
    response = login(client, username, password)
    assert response.status_code == 401
    assert WRONG in response.text
    assert client.get("/screenings").status_code == 303  # still not logged in


def test_a_login_leads_to_the_page_asked_for(client: FlaskClient) -> None:
    client.get("/screenings?triage=emergency")
    token = csrf_token(client, "/login?next=/screenings%3Ftriage%3Demergency")
    response = client.post(
        "/login?next=/screenings%3Ftriage%3Demergency",
        data={"username": "rita", "password": PASSWORD, "csrf_token": token},
    )
    assert response.location == "/screenings?triage=emergency"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "x"]
)
def test_a_login_never_leads_off_site(client: FlaskClient, target: str) -> None:
    token = csrf_token(client)
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"username": "rita", "password": PASSWORD, "csrf_token": token},
    )
    assert response.location == "/queue"


def test_login_without_csrf_token_is_refused(client: FlaskClient) -> None:
    client.get("/login")
    response = client.post("/login", data={"username": "ada", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/screenings").status_code == 303


def test_repeated_failures_lock_the_username(client: FlaskClient) -> None:
    for _ in range(5):
        assert login(client, "ada", "wrong password!").status_code == 401
    response = login(client, "ada", PASSWORD)  # the right one, too late
    assert response.status_code == 429
    assert LOCKED in response.text
    assert login(client, "rita").status_code == 303  # others are not locked


def test_a_success_clears_the_failures(client: FlaskClient) -> None:
    for _ in range(4):
        login(client, "ada", "wrong password!")
    assert login(client, "ada").status_code == 303
    post(client, "/logout")
    for _ in range(4):
        login(client, "ada", "wrong password!")
    assert login(client, "ada").status_code == 303


def test_logging_out_ends_the_session(reviewer: FlaskClient) -> None:
    assert reviewer.get("/screenings").status_code == 200
    assert reviewer.post("/logout").status_code == 400  # needs the CSRF token
    assert post(reviewer, "/logout").status_code == 303
    assert reviewer.get("/screenings").status_code == 303


@pytest.mark.parametrize(
    ("idle_s", "since_s", "logged_in"),
    [
        (60, 60, True),
        (29 * 60, 11 * 3600, True),
        (31 * 60, 31 * 60, False),  # idle longer than 30 minutes
        (60, 12 * 3600 + 60, False),  # logged in longer than 12 hours
    ],
)
def test_sessions_expire(
    reviewer: FlaskClient, idle_s: int, since_s: int, logged_in: bool
) -> None:
    with reviewer.session_transaction() as session:
        now = session[security.SEEN]
        session[security.SEEN] = now - idle_s
        session[security.SINCE] = now - since_s
    response = reviewer.get("/screenings")
    assert (response.status_code == 200) is logged_in
    if not logged_in:
        assert "Your session expired" in reviewer.get("/login").text


def test_activity_keeps_a_session_alive(reviewer: FlaskClient) -> None:
    with reviewer.session_transaction() as session:
        session[security.SEEN] -= 29 * 60
    reviewer.get("/dashboard")
    with reviewer.session_transaction() as session:
        session[security.SEEN] -= 29 * 60  # 58 minutes since login, 29 idle
    assert reviewer.get("/dashboard").status_code == 200


def test_a_deactivated_account_is_logged_out_at_once(
    reviewer: FlaskClient, accounts: StaffRepository
) -> None:
    accounts.set_active("rita", False)
    assert reviewer.get("/screenings").status_code == 303
    accounts.set_active("rita", True)
    assert reviewer.get("/screenings").status_code == 303  # must log in again


def test_the_login_page_says_how_to_create_the_first_admin(database: Database) -> None:
    from bot.staff.app import create_app

    empty = create_app(database, secret_key="k" * 40).test_client()
    assert "python -m bot create-admin" in empty.get("/login").text


def test_with_accounts_the_login_page_gives_no_hint(client: FlaskClient) -> None:
    assert "create-admin" not in client.get("/login").text


def test_a_logged_in_user_skips_the_login_page(reviewer: FlaskClient) -> None:
    assert reviewer.get("/login").location == "/queue"


def test_the_session_cookie_expires_with_the_idle_limit(app: Flask) -> None:
    assert app.permanent_session_lifetime.total_seconds() == 30 * 60
