"""The staff app in a real browser: Debian's headless chromium, driven by Playwright.

The app runs as `make run` runs it (`python -m bot staff`, a separate process)
on a temporary SQLite database seeded with screenings and Rasa events. The test
logs in, filters, opens a transcript full of hostile text, and exports, all under
the app's real CSP. Needs /usr/bin/chromium: `scripts/install_chromium.sh`.

The accessibility tests (issue 16 item 5) open every page a reviewer and an admin
see, in the states that change what is on it (errors, flashes, notes, pages), and run
axe-core on each (tests/support/axe.py): a serious or critical WCAG 2.1 A/AA
violation on any of them fails, all of them listed in one message. axe-core is
node_modules/axe-core, which `make install` installs.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from bot.screening.ruletypes import TRIAGE_IDS
from bot.settings import PROJECT_ROOT
from bot.stack import free_port
from bot.storage import migrate
from bot.storage.db import Database
from bot.storage.repository import ScreeningRepository
from bot.storage.staff import Role, StaffRepository
from tests.storage.helpers import audit_rows, record
from tests.support.axe import assert_no_serious_axe_violations
from tests.support.browser import launched_chromium

from .helpers import (
    HOSTILE_SCRIPT,
    NOW,
    PASSWORD,
    add_conversation,
    hostile_conversation,
)

if TYPE_CHECKING:
    from playwright.sync_api import ConsoleMessage, Dialog, Locator, Page

pytestmark = pytest.mark.timeout(180)

FORMULA_ID = "=2+5"
STARTUP_S = 60


@pytest.fixture
def seeded(tmp_path: Path) -> Iterator[Database]:
    """A migrated SQLite database: an admin, three screenings, one transcript."""
    database = Database.from_url(f"sqlite:///{tmp_path / 'screening.db'}")
    migrate.upgrade(database)
    StaffRepository(database).create("ada", PASSWORD, Role.ADMIN)
    repo = ScreeningRepository(database)
    repo.save_record(record(FORMULA_ID, triage="emergency", red_flags=["fever"]))
    repo.save_record(record("conv-calm", triage="tmd_likely"))
    repo.save_record(record("conv-urgent", completed_at=NOW.replace(hour=9),
                            triage="emergency"))  # fmt: skip
    add_conversation(database, FORMULA_ID, hostile_conversation())
    yield database
    database.dispose()


@pytest.fixture
def staff_url(seeded: Database, tmp_path: Path) -> Iterator[str]:
    """`python -m bot staff` on a free port, against the seeded database."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": str(seeded.engine.url),
        "STAFF_SECRET_KEY": "browser-test-secret-key-that-is-long",
        "PYTHONPATH": str(PROJECT_ROOT),
    }
    log = (tmp_path / "staff.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "bot", "staff", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(server, f"{url}/healthz", tmp_path / "staff.log")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def _wait_until_up(server: subprocess.Popen, url: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"The staff app exited:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(
        f"The staff app did not answer within {STARTUP_S} s:\n{log.read_text()}"
    )


@dataclass
class Browser:
    """A page, and what it showed that no page of ours should."""

    page: Page
    dialogs: list[str] = field(default_factory=list)  # alert() and the like
    csp_reports: list[str] = field(default_factory=list)

    def watch(self) -> None:
        self.page.on("dialog", self._dialog)
        self.page.on("console", self._console)

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            self.csp_reports.append(message.text)


@pytest.fixture
def browser(staff_url: str) -> Iterator[Browser]:
    with launched_chromium() as chromium:
        context = chromium.new_context(base_url=staff_url, accept_downloads=True)
        watched = Browser(context.new_page())
        watched.watch()
        yield watched


def shown_text(element: Locator) -> str:
    """The message as the reader sees it, without the highlights' labels."""
    return element.evaluate(
        "p => { const c = p.cloneNode(true);"
        " c.querySelectorAll('sup').forEach(s => s.remove()); return c.textContent; }"
    )


def test_log_in_filter_read_a_transcript_and_export(
    browser: Browser, seeded: Database, tmp_path: Path
) -> None:
    page = browser.page
    page.goto("/screenings")
    assert "/login" in page.url  # nothing without logging in
    page.fill("#username", "ada")
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Log in')")
    page.wait_for_url("**/screenings")

    page.select_option("#triage", "emergency")
    page.click("button:has-text('Filter')")
    page.wait_for_url("**/screenings?*triage=emergency*")
    assert page.locator("td.id a").all_inner_texts() == [FORMULA_ID, "conv-urgent"]

    page.click(f"td.id a:text-is('{FORMULA_ID}')")
    page.wait_for_url("**/screenings/1")
    messages = page.locator("li.from-patient .text")
    assert shown_text(messages.first) == HOSTILE_SCRIPT  # as text, whole
    assert page.locator("main script, main b").count() == 0
    highlight = page.locator("mark.symptom", has_text="neck hurts")
    assert highlight.count() == 1
    # The stylesheet loads under the CSP: the highlight has staff.css's colour
    # (#fff3b0), not the browser's own yellow for <mark>.
    colour = highlight.evaluate("m => getComputedStyle(m).backgroundColor")
    assert colour == "rgb(255, 243, 176)"

    page.go_back()
    page.wait_for_url("**/screenings?*triage=emergency*")
    with page.expect_download() as download_info:
        page.click("button[value=csv]")
    saved = tmp_path / "export.csv"
    download_info.value.save_as(saved)
    with saved.open(newline="") as file:
        rows = list(csv.DictReader(file))
    assert [row["conversation_id"] for row in rows] == ["conv-urgent", "'" + FORMULA_ID]

    assert browser.dialogs == []  # no script of the patient's ran
    assert browser.csp_reports == []  # and nothing of ours needed one
    rows = audit_rows(seeded)
    assert {
        ("ada", "view_list"),
        ("ada", "view_screening"),
        ("ada", "view_transcript"),
        ("ada", "export"),
    } <= {(row["actor"], row["action"]) for row in rows}
    export = [row for row in rows if row["action"] == "export"][-1]
    assert "triage=emergency" in export["target"]


def test_the_server_names_no_versions_and_logs_no_query_strings(
    staff_url: str, tmp_path: Path
) -> None:
    with urllib.request.urlopen(f"{staff_url}/healthz?q=conv-secret") as response:
        assert response.headers["Server"] == "staff-app"
    log = (tmp_path / "staff.log").read_text()
    assert '"GET /healthz" 200' in log
    assert "conv-secret" not in log


class AxeRound:
    """Runs axe on page after page, keeping every failure for one message."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.failures: list[str] = []

    def check(self, context: str) -> None:
        self.page.wait_for_load_state()
        try:
            assert_no_serious_axe_violations(self.page, context)
        except AssertionError as error:
            self.failures.append(str(error))

    def visit(self, path: str, context: str) -> None:
        self.page.goto(path)
        self.check(context)

    def assert_clean(self) -> None:
        if self.failures:
            pytest.fail("\n\n".join(self.failures), pytrace=False)


def log_in(page: Page, username: str, password: str = PASSWORD) -> None:
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button:has-text('Log in')")


def test_accessibility_every_page_a_reviewer_sees(
    browser: Browser, seeded: Database
) -> None:
    StaffRepository(seeded).create("rita", PASSWORD, Role.REVIEWER)
    # 28 screenings, two pages of the list; every triage outcome's colour (and an
    # outcome the rules no longer have), on the list and the dashboard's charts.
    outcomes = [*TRIAGE_IDS, "retired_outcome"]
    repo = ScreeningRepository(seeded)
    for n in range(25):
        completed = datetime.now(timezone.utc) - timedelta(days=n % 7, hours=1)
        triage = outcomes[n % len(outcomes)]
        repo.save_record(record(f"conv-{n}", completed_at=completed, triage=triage))
    page = browser.page
    axe = AxeRound(page)

    axe.visit("/login", "the login page")
    log_in(page, "rita", "not the password")
    expect(page.get_by_role("alert")).to_be_visible()
    axe.check("the login page after a failed login")
    log_in(page, "rita")
    page.wait_for_url("**/queue")
    axe.check("the call-back queue, where the app opens")
    axe.visit("/screenings", "the list of screenings")
    axe.visit("/screenings?page=2", "the list's second page")
    expect(page.locator("nav.pages")).to_contain_text("Page 2 of 2")
    axe.visit("/screenings?triage=emergency&reviewed=no", "the list, filtered")
    axe.visit("/screenings?since=yesterday", "the list with a wrong filter")
    expect(page.locator("#since")).to_have_attribute("aria-invalid", "true")
    detail = f"/screenings/{_screening_id(page, FORMULA_ID)}"
    axe.visit(detail, "a screening with its transcript")
    page.click("button:has-text('Mark as reviewed')")
    page.wait_for_url(f"**{detail}*")
    page.fill("#text", "Called back, booked.")
    page.click("button:has-text('Add note')")
    page.wait_for_url(f"**{detail}*")
    expect(page.locator(".flash")).to_have_text("Note added.")
    expect(page.locator("article.note")).to_have_count(1)
    expect(page.locator("#review")).to_contain_text("Reviewed by rita")
    axe.check("a screening, reviewed, with a note and a flash message")
    axe.visit(
        f"/screenings/{_screening_id(page, 'conv-calm')}",
        "a screening with no transcript stored",
    )
    axe.visit("/dashboard", "the dashboard")
    axe.visit("/dashboard?days=7", "the dashboard, 7 days")
    axe.visit("/screenings/99999", "the error page (404)")
    expect(page.locator("h1")).to_have_text("Error 404")
    axe.visit("/admin/users", "the error page (403, a reviewer at the admin pages)")
    expect(page.locator("h1")).to_have_text("Error 403")
    page.click("button:has-text('Log out')")
    page.wait_for_url("**/login*")
    axe.check("the login page after logging out")

    axe.assert_clean()
    assert browser.csp_reports == []  # axe went in without a <script> element


def test_accessibility_every_admin_page(browser: Browser, seeded: Database) -> None:
    StaffRepository(seeded).create("rita", PASSWORD, Role.REVIEWER)
    page = browser.page
    axe = AxeRound(page)

    log_in(page, "ada")
    page.wait_for_url("**/queue")
    axe.visit("/admin/users", "the staff accounts")
    # The hint is read with its field; after a rejection, so are the errors.
    expect(page.locator("#password")).to_have_attribute(
        "aria-describedby", "password-hint"
    )
    page.fill("#username", "new one")  # no spaces allowed
    page.fill("#password", PASSWORD)
    page.fill("#confirm", "a different one")
    page.click("button:has-text('Add')")
    expect(page.locator("#username")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#username")).to_have_attribute(
        "aria-describedby", "username-errors"
    )
    expect(page.locator("#confirm-errors")).to_have_text("The passwords differ.")
    axe.check("the staff accounts after a rejected new account")
    axe.visit("/admin/users/rita", "another staff member's account")
    page.click("button:has-text('Deactivate')")
    page.wait_for_url("**/admin/users/rita")
    expect(page.locator(".flash")).to_have_text("'rita' is deactivated.")
    axe.check("a deactivated account, with a flash message")
    axe.visit("/admin/users/ada", "the admin's own account")
    axe.visit("/admin/audit", "the audit log")
    axe.visit("/admin/audit?actor=nobody", "the audit log, filtered to nothing")
    axe.visit("/admin/users/nobody", "the error page (404, no such account)")
    expect(page.locator("h1")).to_have_text("Error 404")

    axe.assert_clean()
    assert browser.csp_reports == []


def _screening_id(page: Page, conversation_id: str) -> int:
    page.goto(f"/screenings?{urllib.parse.urlencode({'q': conversation_id})}")
    href = page.locator(f"td.id a:text-is('{conversation_id}')").get_attribute("href")
    assert href is not None
    return int(href.rsplit("/", 1)[1])
