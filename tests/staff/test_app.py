"""The app as a whole: the login gate, CSRF, security headers, error pages."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from bot.staff.security import CONTENT_SECURITY_POLICY
from bot.storage.db import Database
from bot.storage.repository import ScreeningRepository
from tests.storage.helpers import audit_rows, record

from .helpers import add_conversation, hostile_conversation, login

PATIENT_PAGES = [
    "/",
    "/screenings",
    "/screenings?triage=emergency",
    "/screenings/1",
    "/dashboard",
    "/admin/users",
    "/admin/users/ada",
    "/admin/audit",
    "/no/such/page",
]
POSTS = [
    "/screenings/export",
    "/screenings/1/review",
    "/screenings/1/notes",
    "/admin/users",
    "/admin/users/rita/active",
]


@pytest.fixture
def seeded(repo: ScreeningRepository, database: Database) -> None:
    repo.save_record(record("conv-secret", triage="emergency"))
    add_conversation(database, "conv-secret", hostile_conversation())


@pytest.mark.parametrize("path", PATIENT_PAGES)
def test_no_page_shows_anything_without_login(
    client: FlaskClient, seeded: None, database: Database, path: str
) -> None:
    response = client.get(path)
    assert response.status_code == 303
    assert response.location.startswith("/login?next=")
    assert b"conv-secret" not in response.data
    assert audit_rows(database) == []


@pytest.mark.parametrize("path", POSTS)
def test_no_post_works_without_login(
    client: FlaskClient, seeded: None, database: Database, path: str
) -> None:
    client.get("/login")  # a session, but no user
    response = client.post(path, data={"format": "csv", "text": "x", "active": "0"})
    assert (response.status_code, response.location) == (303, "/login")
    assert audit_rows(database) == []


def test_health_needs_no_login(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert (response.status_code, response.data) == (200, b"ok")


@pytest.mark.parametrize(
    "path", ["/login", "/screenings", "/nope", "/static/staff.css"]
)
def test_every_response_carries_the_security_headers(
    reviewer: FlaskClient, path: str
) -> None:
    headers = reviewer.get(path).headers
    assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert "script-src 'none'" in CONTENT_SECURITY_POLICY
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    # Pages are never cached (patient data); the stylesheet may be.
    assert (headers.get("Cache-Control") == "no-store") != path.startswith("/static")


def test_pages_have_no_inline_script_or_style(
    reviewer: FlaskClient, seeded: None
) -> None:
    for path in ("/screenings", "/screenings/1", "/dashboard", "/login"):
        html = reviewer.get(path).get_data(as_text=True).lower()
        assert "<script" not in html.replace("&lt;script", "")
        assert "<style" not in html
        assert " style=" not in html
        assert " on" + "click=" not in html


def test_a_post_without_csrf_token_is_refused(
    reviewer: FlaskClient, seeded: None, database: Database
) -> None:
    response = reviewer.post("/screenings/1/review")
    assert response.status_code == 400
    assert b"The form expired" in response.data
    assert [row["action"] for row in audit_rows(database)] == []


def test_session_cookie_is_httponly_and_strict(client: FlaskClient) -> None:
    cookie = login(client, "ada").headers["Set-Cookie"]
    assert cookie.startswith("staff_session=")
    assert "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie
    assert "Secure" not in cookie  # only when configured (HTTPS)


def test_secure_cookies_when_configured(database: Database) -> None:
    from bot.staff.app import create_app

    app = create_app(database, secret_key="k" * 40, secure_cookies=True)
    response = app.test_client().get("/login")
    assert "Secure" in response.headers["Set-Cookie"]


def test_an_unknown_screening_is_a_404(reviewer: FlaskClient) -> None:
    response = reviewer.get("/screenings/999")
    assert response.status_code == 404
    assert b"There is no screening 999." in response.data
