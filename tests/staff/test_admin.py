"""Admin pages: reviewers are kept out; admins manage accounts and read the log."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from bot.storage.staff import Role, StaffRepository

from .helpers import PASSWORD, login, post

NEW_PASSWORD = "another long password"


@pytest.mark.parametrize("path", ["/admin/users", "/admin/users/ada", "/admin/audit"])
def test_a_reviewer_cannot_see_admin_pages(reviewer: FlaskClient, path: str) -> None:
    assert reviewer.get(path).status_code == 403


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/admin/users", {"username": "mallory", "role": "admin",
                          "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}),
        ("/admin/users/ada/role", {"role": "reviewer"}),
        ("/admin/users/ada/active", {"active": "0"}),
        ("/admin/users/ada/password", {"password": NEW_PASSWORD,
                                       "confirm": NEW_PASSWORD}),
    ],
)  # fmt: skip
def test_a_reviewer_cannot_manage_users(
    reviewer: FlaskClient, accounts: StaffRepository, path: str, data: dict
) -> None:
    assert post(reviewer, path, data).status_code == 403
    ada = accounts.get("ada")
    assert (ada.role, ada.active) == (Role.ADMIN, True)
    assert accounts.get("mallory") is None
    assert accounts.authenticate("ada", PASSWORD) is not None


def test_an_admin_adds_a_reviewer_who_can_log_in(
    admin: FlaskClient, client: FlaskClient
) -> None:
    data = {"username": "rob", "role": "reviewer"}
    data |= {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    response = post(admin, "/admin/users", data)
    assert response.status_code == 303
    assert "rob" in admin.get("/admin/users").text
    assert login(client, "rob", NEW_PASSWORD).status_code == 303


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"username": "rita"}, "is taken"),
        ({"username": "a b"}, "letters, digits"),
        ({"username": "<script>"}, "letters, digits"),
        ({"password": "short", "confirm": "short"}, "at least 12"),
        ({"confirm": "something else!"}, "passwords differ"),
        ({"role": "superuser"}, "Not a valid choice"),
    ],
)
def test_a_bad_new_account_is_refused_with_the_reason(
    admin: FlaskClient, accounts: StaffRepository, changes: dict, problem: str
) -> None:
    data = {"username": "rob", "role": "reviewer"}
    data |= {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD, **changes}
    before = accounts.list_users()
    response = post(admin, "/admin/users", data)
    assert response.status_code == 400
    assert problem in response.text
    assert accounts.list_users() == before


def test_an_admin_changes_role_status_and_password(
    admin: FlaskClient, reviewer: FlaskClient, accounts: StaffRepository
) -> None:
    post(admin, "/admin/users/rita/role", {"role": "admin"})
    assert reviewer.get("/admin/users").status_code == 200  # at once
    post(admin, "/admin/users/rita/password", {"password": NEW_PASSWORD,
                                               "confirm": NEW_PASSWORD})  # fmt: skip
    assert accounts.authenticate("rita", NEW_PASSWORD) is not None
    post(admin, "/admin/users/rita/active", {"active": "0"})
    assert reviewer.get("/screenings").status_code == 303  # logged out
    assert not accounts.get("rita").active


@pytest.mark.parametrize(
    ("path", "data"),
    [("/admin/users/ada/role", {"role": "reviewer"}),
     ("/admin/users/ada/active", {"active": "0"})],
)  # fmt: skip
def test_an_admin_cannot_lock_themselves_out(
    admin: FlaskClient, accounts: StaffRepository, path: str, data: dict
) -> None:
    post(admin, path, data)
    assert "ask another admin" in admin.get("/admin/users/ada").text
    ada = accounts.get("ada")
    assert (ada.role, ada.active) == (Role.ADMIN, True)


def test_an_unknown_account_is_a_404(admin: FlaskClient) -> None:
    assert admin.get("/admin/users/nobody").status_code == 404
    assert post(admin, "/admin/users/nobody/active", {"active": "0"}).status_code == 404


def test_the_audit_log_lists_who_saw_what(
    admin: FlaskClient, reviewer: FlaskClient
) -> None:
    reviewer.get("/screenings?triage=emergency")
    page = admin.get("/admin/audit?action=view_list").text
    assert "rita" in page and "triage=emergency" in page
    assert "rita" not in admin.get("/admin/audit?actor=ada").text
    assert admin.get("/admin/audit?action=bogus").status_code == 400
