"""Issue 17 end to end, in Chromium: patients ask for call-backs and book in the web
chat, a reviewer works the queue in the staff app, the booking system's CSV marks a
booking, and the dashboard counts it; contact details never reach a log, are kept
only encrypted, and are gone when the conversation is deleted.

A stack of its own (the session's `bot_stack` has no CONTACT_KEY, so it offers no
call-backs): Rasa, actions, web chat and staff app on one SQLite file, with
CONTACT_KEY, PUBLIC_CHAT_URL (booking links through /book/<ref>) and DEBUG logs, so
that "nothing in the logs" is checked where the most is written.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from bot.settings import PROJECT_ROOT
from bot.stack import LocalStack, Ports, free_port
from bot.storage.contact_crypto import new_key
from bot.storage.db import Database
from bot.storage.staff import Role, StaffRepository
from tests.conftest import API_TOKEN
from tests.support.axe import assert_no_serious_axe_violations

from .test_webchat_browser import (  # noqa: F401 - `browser` is a fixture
    PHONE,
    STORY,
    browser,
    screen_to_the_cervicogenic_outcome,
    start_screening,
    tap,
    type_message,
)

pytestmark = pytest.mark.timeout(900)

BOOKING = "https://book.clinic.example/appointments"
NAME, TYPED_NUMBER, E164 = "Jane Q. Patient", "(613) 555-0199", "+16135550199"
SECRETS = (NAME, "Jane", "555-0199", "5550199")
EMERGENCY = (
    "I suddenly got the worst headache of my life an hour ago and my left arm went numb"
)
PASSWORD = "a long enough staff password"


@pytest.fixture(scope="module")
def desk(
    trained_model: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LocalStack]:
    workdir = tmp_path_factory.mktemp("desk")
    ports = Ports(free_port(), free_port(), free_port(), free_port())
    stack = LocalStack(
        model=trained_model,
        api_token=API_TOKEN,
        workdir=workdir,
        ports=ports,
        log_level="DEBUG",
        env={
            "DATABASE_URL": f"sqlite:///{workdir}/var/screening.db",
            "CONTACT_KEY": new_key(),
            "PUBLIC_CHAT_URL": f"http://localhost:{ports.webchat}",
            "CLINIC_BOOKING_URL": BOOKING,
            "CLINIC_COUNTRY": "CA",
            "CLINIC_TIMEZONE": "America/Toronto",
        },
    )
    try:
        stack.start(staff=True)
        StaffRepository(Database.from_url(stack.env["DATABASE_URL"])).create(
            "rita", PASSWORD, Role.REVIEWER
        )
        yield stack
    finally:
        stack.stop()


def run_cli(stack: LocalStack, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env=stack.process_env(),
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout


def tables(stack: LocalStack) -> dict[str, list[tuple]]:
    """Every table of the stack's database with its rows."""
    path = stack.env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        query = "SELECT name FROM sqlite_master WHERE type='table'"
        names = [row[0] for row in connection.execute(query)]
        return {n: connection.execute(f"SELECT * FROM {n}").fetchall() for n in names}


def database_text(stack: LocalStack) -> str:
    """Every value of every table of the stack's database, as text."""
    return "\n".join(str(row) for rows in tables(stack).values() for row in rows)


def logs(stack: LocalStack) -> str:
    return "\n".join(p.read_text(errors="replace") for p in stack.log_dir.glob("*.log"))


def ask_for_a_call_back(page: Page) -> str:
    """Accept the offer, give the name and number; the confirmation."""
    assert "What name should we ask for" in tap(page, "Yes, please call me")
    assert "What number should we call?" in type_message(page, NAME)
    assert "couldn't read a phone number" in type_message(page, "call me maybe")
    return type_message(page, TYPED_NUMBER)


def log_in(page: Page, stack: LocalStack) -> None:
    page.goto(f"{stack.staff_url}/login")
    page.get_by_label("Username").fill("rita")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_call_backs_queue_bookings_count_and_contacts_stay_private(
    desk: LocalStack,
    browser: Browser,  # noqa: F811 - the fixture
) -> None:
    chat, other_chat = (browser.new_context(viewport=PHONE) for _ in range(2))
    other_chat.route(
        f"{BOOKING}**",
        lambda route: route.fulfill(
            body="<h1>Book a visit</h1>", content_type="text/html"
        ),
    )

    # An emergency: the advice first, then the offer; the confirmation says not to wait.
    patient = chat.new_page()
    patient.goto(desk.webchat_url)
    start_screening(patient)
    advice = type_message(patient, EMERGENCY)
    assert "emergency" in advice.lower() and "call you back" in advice
    assert advice.lower().index("emergency") < advice.index("call you back")
    assert "don't wait for that call" in ask_for_a_call_back(patient)
    assert_no_serious_axe_violations(patient, "chat after a call-back request")

    # A neck-related headache: the booking button counts its click, then a no thanks.
    other = other_chat.new_page()  # another visitor: a cookie of their own
    other.goto(desk.webchat_url)
    start_screening(other)
    type_message(other, STORY)
    assert "call you back" in screen_to_the_cervicogenic_outcome(other)
    link = other.locator("#log .msg.card").last.get_by_role(
        "link", name="Book an appointment"
    )
    href = link.get_attribute("href") or ""
    assert href.startswith(f"{desk.webchat_url}/book/")
    with other.expect_popup() as opened:
        link.click()
    booking_page = opened.value
    expect(booking_page.get_by_role("heading", name="Book a visit")).to_be_visible()
    ref = href.rsplit("/", 1)[1]
    assert booking_page.url == f"{BOOKING}?ref={ref}"
    assert "call" in tap(other, "No, thanks")

    # The reviewer: the emergency with its call-back comes first.
    staff = browser.new_context().new_page()
    log_in(staff, desk)
    expect(staff).to_have_url(re.compile(r"/queue$"))
    first_row = staff.locator("table.list tbody tr").first
    expect(first_row).to_contain_text("Emergency, not reviewed; call-back requested")
    expect(first_row).to_contain_text("worst headache of my life")
    assert_no_serious_axe_violations(staff, "queue")
    staff.get_by_role("link", name="Open the first").click()
    expect(staff.get_by_text(NAME)).to_be_visible()
    expect(staff.get_by_role("link", name=E164)).to_have_attribute(
        "href", f"tel:{E164}"
    )
    assert_no_serious_axe_violations(staff, "screening with a call-back")
    conversation = staff.locator("dt:has-text('Conversation') + dd").inner_text()
    staff.get_by_role("button", name="Mark as reviewed").click()
    staff.get_by_label("Follow-up status").select_option("called")
    staff.get_by_label("Assigned to").select_option("rita")
    staff.get_by_role("button", name="Save follow-up").click()
    expect(staff.get_by_text("Follow-up set to called.")).to_be_visible()
    expect(staff.locator("ol.history")).to_contain_text(
        "called, assigned to rita (by rita)"
    )
    staff.get_by_role("link", name="Next in queue").click()
    expect(staff.get_by_text("The queue is empty")).to_be_visible()

    # The booking system's CSV marks the booking; the dashboard counts the funnel.
    csv = desk.workdir / "bookings.csv"
    csv.write_text(f"date,ref\n2026-12-06,{ref}\n")
    assert "Booked: 1 newly" in run_cli(desk, "bookings", "import", str(csv))
    staff.goto(f"{desk.staff_url}/dashboard?days=7")
    week = staff.locator("table.funnel tbody tr").last.locator("td").all_inner_texts()
    assert [int(n) for n in week] == [2, 2, 2, 1, 1]
    assert_no_serious_axe_violations(staff, "dashboard")

    # Nothing readable anywhere but the staff page: not the logs, not the database.
    for secret in SECRETS:
        assert secret not in logs(desk), f"{secret!r} in the logs"
        assert secret not in database_text(desk), f"{secret!r} in the database"
    assert "kept encrypted" in database_text(desk)  # the blanked messages

    # Deleting the conversation deletes the contact details with it.
    run_cli(desk, "retention", "delete-conversation", conversation)
    staff.goto(f"{desk.staff_url}/screenings")
    expect(staff.get_by_text(conversation)).to_have_count(0)
    assert tables(desk)["screening_contacts"] == []
