"""Ending sessions: a session cookie copied earlier stops working after a logout,
a password change or a deactivation."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from bot.storage.staff import StaffRepository

from .helpers import login, post

COOKIE = "staff_session"
NEW_PASSWORD = "another long password"


def copy_cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie(COOKIE)
    assert cookie is not None
    return cookie.value


def replay(app: Flask, cookie: str) -> FlaskClient:
    """A second browser that sends a copied session cookie."""
    thief = app.test_client()
    thief.set_cookie(COOKIE, cookie)
    return thief


def assert_logged_out(client: FlaskClient) -> None:
    response = client.get("/screenings")
    assert response.status_code == 303
    assert response.location.startswith("/login")


def test_a_cookie_copied_before_logout_is_refused_after(
    app: Flask, reviewer: FlaskClient
) -> None:
    copied = copy_cookie(reviewer)
    assert replay(app, copied).get("/screenings").status_code == 200
    post(reviewer, "/logout")
    assert_logged_out(replay(app, copied))


def test_logging_out_ends_the_other_sessions_too(
    app: Flask, reviewer: FlaskClient
) -> None:
    other = app.test_client()
    assert login(other, "rita").status_code == 303
    post(reviewer, "/logout")
    assert_logged_out(other)


def test_an_admins_password_change_ends_the_users_sessions(
    app: Flask, admin: FlaskClient, reviewer: FlaskClient
) -> None:
    copied = copy_cookie(reviewer)
    data = {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    post(admin, "/admin/users/rita/password", data)
    assert_logged_out(reviewer)
    assert_logged_out(replay(app, copied))
    assert login(app.test_client(), "rita", NEW_PASSWORD).status_code == 303


def test_a_password_change_from_outside_the_app_ends_sessions(
    app: Flask, reviewer: FlaskClient, accounts: StaffRepository
) -> None:
    copied = copy_cookie(reviewer)
    accounts.set_password("rita", NEW_PASSWORD)  # as a command-line tool would
    assert_logged_out(replay(app, copied))


def test_changing_ones_own_password_keeps_this_session_only(
    app: Flask, admin: FlaskClient
) -> None:
    elsewhere = app.test_client()
    assert login(elsewhere, "ada").status_code == 303
    data = {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    post(admin, "/admin/users/ada/password", data)
    assert "is changed" in admin.get("/admin/users/ada").text
    assert_logged_out(elsewhere)


def test_a_cookie_copied_before_a_deactivation_stays_dead_after_reactivation(
    app: Flask, admin: FlaskClient, reviewer: FlaskClient
) -> None:
    copied = copy_cookie(reviewer)
    post(admin, "/admin/users/rita/active", {"active": "0"})
    post(admin, "/admin/users/rita/active", {"active": "1"})
    assert_logged_out(replay(app, copied))
