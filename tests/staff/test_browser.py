"""The staff app in a real browser: Debian's headless chromium, driven by Playwright.

The app runs as `make run` runs it (`python -m bot staff`, a separate process)
on a temporary SQLite database seeded with screenings and Rasa events. The test
logs in, filters, opens a transcript full of hostile text, and exports, all under
the app's real CSP. Needs /usr/bin/chromium: `scripts/install_chromium.sh`.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bot.settings import PROJECT_ROOT
from bot.stack import free_port
from bot.storage import migrate
from bot.storage.db import Database
from bot.storage.repository import ScreeningRepository
from bot.storage.staff import Role, StaffRepository
from tests.storage.helpers import audit_rows, record

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

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
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
    if not CHROMIUM.exists():
        pytest.fail(
            f"No browser at {CHROMIUM}: run scripts/install_chromium.sh "
            "(make install does).",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        context = chromium.new_context(base_url=staff_url, accept_downloads=True)
        watched = Browser(context.new_page())
        watched.watch()
        yield watched
        chromium.close()


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
