"""The front desk's pages: the queue, a screening's follow-up and contact details,
"next in queue", what a short answer meant, the booking webhook (issue 17)."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bot.staff.app import create_app
from bot.staff.booking_webhook import SIGNATURE_HEADER, signature
from bot.storage.contact_crypto import ContactCipher, new_key
from bot.storage.contacts import ContactBook
from bot.storage.db import Database
from bot.storage.repository import ScreeningRepository
from bot.storage.staff import StaffRepository
from tests.storage.helpers import NOW, audit_rows, record

from .conftest import SECRET
from .helpers import Message, add_conversation, login, mention, post

WEBHOOK_SECRET = "w" * 40
STORY = (
    "I keep getting these headaches on the right side that start in my neck and "
    "they are worse after a long day at the computer"
)


@pytest.fixture
def cipher() -> ContactCipher:
    return ContactCipher.from_keys(new_key())


@pytest.fixture
def app(database: Database, accounts: StaffRepository, cipher: ContactCipher) -> Flask:
    return create_app(
        database,
        secret_key=SECRET,
        clinic_timezone=ZoneInfo("America/Toronto"),
        booking_webhook_secret=WEBHOOK_SECRET,
        contact_cipher=cipher,
    )


@pytest.fixture
def desk(
    repo: ScreeningRepository, database: Database, cipher: ContactCipher
) -> dict[str, int]:
    """An emergency with a call-back request, a physician-first, and a reviewed cgh."""
    ids = {
        "emergency": repo.save_record(
            record("web-e", completed_at=NOW, triage="emergency")
        ),
        "physician": repo.save_record(
            record(
                "web-p",
                completed_at=NOW - timedelta(days=1),
                triage="see_physician_first",
            )
        ),
        "cgh": repo.save_record(record("web-c", completed_at=NOW - timedelta(days=2))),
    }
    contacts = ContactBook(database, cipher)
    contacts.save_name("web-e", "Jane Q. Patient")
    contacts.save_phone("web-e", "+14165550123", source="typed")
    add_conversation(
        database,
        "web-e",
        [
            Message("user", STORY, (mention(STORY, "headaches", "headache"),)),
            Message(
                "bot",
                "Have you had any of these?",
                buttons=(("1", "Fever"), ("2", "Numbness or weakness"), ("3", "None")),
            ),
            Message("user", "2"),
        ],
    )
    return ids


def queue_rows(client: FlaskClient) -> list[str]:
    page = client.get("/queue").text
    return re.findall(r'<a href="/screenings/(\d+)">', page)


def test_the_app_opens_on_the_queue_most_urgent_first(
    reviewer: FlaskClient, desk: dict[str, int]
) -> None:
    assert reviewer.get("/").headers["Location"] == "/queue"
    assert queue_rows(reviewer) == [str(desk["emergency"]), str(desk["physician"])]
    page = reviewer.get("/queue").text
    assert "Emergency, not reviewed" in page and "call-back requested" in page
    assert "I keep getting these headaches on the right side" in page  # the story
    assert "2024-06-01 08:00 EDT" in page  # 12:00 UTC, in the clinic's zone


def test_a_call_back_is_shown_audited_called_and_leaves_the_queue(
    reviewer: FlaskClient, desk: dict[str, int], database: Database
) -> None:
    sid = desk["emergency"]
    page = reviewer.get(f"/screenings/{sid}").text
    assert "Jane Q. Patient" in page and 'href="tel:+14165550123"' in page
    assert "view_contact" in [row["action"] for row in audit_rows(database)]
    shown = re.sub(r"<[^>]+>", "", page)
    assert "Options offered: 1. Fever; 2. Numbness or weakness; 3. None" in shown
    assert "Meaning: Numbness or weakness" in page
    post(reviewer, f"/screenings/{sid}/review")
    response = post(
        reviewer,
        f"/screenings/{sid}/follow-up",
        {"status": "called", "assignee": "rita"},
    )
    assert response.status_code == 303
    page = reviewer.get(f"/screenings/{sid}").text
    assert "Status: <strong>called</strong>, assigned to rita." in page
    assert "called, assigned to rita (by rita)" in page
    assert queue_rows(reviewer) == [str(desk["physician"])]


def test_a_follow_up_outside_the_lists_is_refused(
    reviewer: FlaskClient, desk: dict[str, int]
) -> None:
    sid = desk["cgh"]
    for data in (
        {"status": "lost", "assignee": ""},
        {"status": "called", "assignee": "eve"},
    ):
        post(reviewer, f"/screenings/{sid}/follow-up", data)
        page = reviewer.get(f"/screenings/{sid}").text
        assert "Choose a follow-up status and a staff member" in page
        assert "Status: <strong>none</strong>" in page


def test_next_in_queue_goes_on_and_says_when_the_queue_is_empty(
    reviewer: FlaskClient, desk: dict[str, int]
) -> None:
    first = reviewer.get(f"/queue/next?after={desk['cgh']}")
    assert first.headers["Location"] == f"/screenings/{desk['emergency']}"
    second = reviewer.get(f"/queue/next?after={desk['emergency']}")
    assert second.headers["Location"] == f"/screenings/{desk['physician']}"
    for sid in (desk["emergency"], desk["physician"]):
        post(reviewer, f"/screenings/{sid}/review")
        post(
            reviewer,
            f"/screenings/{sid}/follow-up",
            {"status": "closed", "assignee": ""},
        )
    empty = reviewer.get("/queue/next", follow_redirects=True).text
    assert "The queue is empty" in empty


def test_without_contact_key_the_page_says_why_contacts_cannot_be_shown(
    database: Database, accounts: StaffRepository, desk: dict[str, int]
) -> None:
    client = create_app(database, secret_key=SECRET).test_client()
    login(client, "rita")
    page = client.get(f"/screenings/{desk['emergency']}").text
    assert "CONTACT_KEY is not set" in page and "Jane" not in page


def signed(client: FlaskClient, payload: object, secret: str = WEBHOOK_SECRET):
    body = json.dumps(payload).encode()
    headers = {
        SIGNATURE_HEADER: signature(secret, body),
        "Content-Type": "application/json",
    }
    return client.post("/api/bookings", data=body, headers=headers)


def test_the_booking_webhook_marks_booked_by_ref_when_signed(
    client: FlaskClient, reviewer: FlaskClient, desk: dict[str, int]
) -> None:
    ref = "BK-web-c"
    assert signed(client, {"ref": ref}, secret="x" * 40).status_code == 401
    assert client.post("/api/bookings", json={"ref": ref}).status_code == 401
    assert signed(client, {"refs": []}).status_code == 400
    assert signed(client, ["not", "an", "object"]).status_code == 400
    response = signed(client, {"refs": [ref, "unknown-ref"]})
    assert response.json == {"booked": 1, "already": 0, "unknown": 1}
    assert signed(client, {"ref": ref}).json == {
        "booked": 0,
        "already": 1,
        "unknown": 0,
    }
    page = reviewer.get(f"/screenings/{desk['cgh']}").text
    assert "Status: <strong>booked</strong>" in page and "(by booking-system)" in page


def test_the_booking_webhook_does_not_exist_without_its_secret(
    database: Database, accounts: StaffRepository
) -> None:
    client = create_app(database, secret_key=SECRET).test_client()
    assert client.post("/api/bookings", json={"ref": "x"}).status_code == 404


def export(client: FlaskClient, **data: str) -> Any:
    return post(client, "/screenings/export", {"format": "json", **data})


def test_an_export_carries_the_work_and_only_admins_get_contacts_audited(
    reviewer: FlaskClient, admin: FlaskClient, desk: dict[str, int], database: Database
) -> None:
    post(
        reviewer, f"/screenings/{desk['emergency']}/notes", {"text": "Left a message."}
    )
    post(
        reviewer,
        f"/screenings/{desk['emergency']}/follow-up",
        {"status": "no_answer", "assignee": "rita"},
    )
    records = {r["screening_id"]: r for r in export(reviewer).json}
    work = records[desk["emergency"]]["staff_work"]
    assert (work["follow_up_status"], work["assignee"]) == ("no_answer", "rita")
    assert [c["status"] for c in work["follow_up_history"]] == ["to_call", "no_answer"]
    assert work["notes"][0]["text"] == "Left a message."
    assert "contact" not in records[desk["emergency"]]
    assert export(reviewer, contacts="y").status_code == 403
    with_contacts = {r["screening_id"]: r for r in export(admin, contacts="y").json}
    assert with_contacts[desk["emergency"]]["contact"]["phone"] == "+14165550123"
    assert with_contacts[desk["cgh"]]["contact"] is None
    actions = [row["action"] for row in audit_rows(database)]
    assert actions.count("export_contacts") == 1
    csv = post(admin, "/screenings/export", {"format": "csv", "contacts": "y"}).text
    assert csv.splitlines()[0].endswith("contact_name,contact_phone")
    assert "Jane Q. Patient,'+14165550123" in csv  # + would start a formula


def test_one_screening_downloads_as_a_fhir_bundle_without_free_text(
    reviewer: FlaskClient, desk: dict[str, int], database: Database
) -> None:
    response = reviewer.get(f"/screenings/{desk['emergency']}/fhir")
    assert response.status_code == 200
    assert response.mimetype == "application/fhir+json"
    bundle = response.json
    assert bundle["resourceType"] == "Bundle"
    kinds = {entry["resource"]["resourceType"] for entry in bundle["entry"]}
    assert kinds == {"QuestionnaireResponse", "Observation"}
    assert '"web-e"' not in response.text and "Jane" not in response.text
    assert audit_rows(database)[-1]["action"] == "export"
    assert reviewer.get("/screenings/999/fhir").status_code == 404
