"""The chat as a widget on a clinic's website, in a real browser (Debian's Chromium).

The clinic page is the demo page `make run` serves (bot/webchat/demo.py) on
127.0.0.1, while the chat is on localhost: two sites, so the chat is a third-party
iframe with everything that brings (frame-ancestors, a partitioned SameSite=None
cookie). A visitor opens the widget from the keyboard, holds a whole screening in
the iframe up to the outcome with its booking button, reloads the clinic's page and
finds the conversation again; axe-core checks the page before, during and after. A
site the clinic did not allow cannot show the chat at all.

The web chat server and the demo page run as processes of their own, in front of
the session's bot (`bot_stack`), so the allowed origin can be the demo page's.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Frame, Page, expect

from bot.settings import PROJECT_ROOT
from bot.stack import LocalStack, free_port
from bot.webchat.demo import demo_origin
from tests.support.axe import assert_no_serious_axe_violations

from .local_servers import wait_until_up
from .test_webchat_browser import (  # noqa: F401 - `browser` is a fixture
    STORY,
    assert_booking_button_ends_the_outcome,
    browser,
    configured_booking_url,
    screen_to_the_cervicogenic_outcome,
    start_screening,
    type_message,
)

pytestmark = pytest.mark.timeout(600)

LAUNCHER = "Headache screening"
IN_MESSAGE_BOX = "() => document.activeElement?.id === 'message'"


@dataclass(frozen=True)
class Embedded:
    chat_url: str  # http://localhost:<port>
    host_url: str  # the demo clinic page, allowed: http://127.0.0.1:<port>
    other_host_url: str  # the same page on a port the clinic did not allow


def _start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("wb") as out:
        return subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=PROJECT_ROOT
        )


def _demo_command(port: int, chat_url: str) -> list[str]:
    return [sys.executable, "-m", "bot.webchat.demo", "--port", str(port),
            "--chat-url", chat_url]  # fmt: skip


@pytest.fixture(scope="module")
def embedded(
    bot_stack: LocalStack, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Embedded]:
    """A web chat that allows the demo page's origin, the demo page, and the demo
    page again on an origin that is not allowed."""
    logs = tmp_path_factory.mktemp("widget")
    chat_port, host_port, other_port = free_port(), free_port(), free_port()
    chat_url = f"http://localhost:{chat_port}"
    env = {**bot_stack.process_env(), "WEBCHAT_ALLOWED_ORIGINS": demo_origin(host_port)}
    chat = [sys.executable, "-m", "bot", "webchat", "--port", str(chat_port),
            "--rasa-url", bot_stack.rasa_url]  # fmt: skip
    processes = [
        _start(chat, env, logs / "webchat.log"),
        _start(_demo_command(host_port, chat_url), env, logs / "demo.log"),
        _start(_demo_command(other_port, chat_url), env, logs / "other.log"),
    ]
    try:
        urls = [f"{chat_url}/healthz", demo_origin(host_port), demo_origin(other_port)]
        for process, url in zip(processes, urls, strict=True):
            wait_until_up(process, url)
        yield Embedded(chat_url, demo_origin(host_port), demo_origin(other_port))
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=20)


@pytest.fixture
def clinic_page(browser: Browser) -> Iterator[Page]:  # noqa: F811 - the fixture
    context = browser.new_context()
    yield context.new_page()
    context.close()


def chat_frame(page: Page) -> Frame:
    """The chat inside the widget's iframe (Playwright reaches into the shadow root)."""
    frame = (
        page.locator("#headache-chat-widget iframe").element_handle().content_frame()
    )
    assert frame is not None
    frame.wait_for_load_state()
    return frame


def tab_to_launcher(page: Page) -> None:
    launcher = page.get_by_role("button", name=LAUNCHER)
    for _ in range(15):
        page.keyboard.press("Tab")
        if launcher.evaluate("e => e.getRootNode().activeElement === e"):
            return
    raise AssertionError("Tab never reached the widget's launcher")


def log_texts(frame: Frame) -> list[str]:
    return frame.locator("#log .msg").all_inner_texts()


def test_the_widget_on_a_clinic_site_holds_a_screening_that_survives_a_reload(
    embedded: Embedded, bot_stack: LocalStack, clinic_page: Page
) -> None:
    page = clinic_page
    page.goto(embedded.host_url)
    launcher = page.get_by_role("button", name=LAUNCHER)
    expect(launcher).to_have_attribute("aria-expanded", "false")
    assert_no_serious_axe_violations(page, "the clinic page, chat closed")

    # Opened from the keyboard: focus goes to the chat's message box...
    tab_to_launcher(page)
    page.keyboard.press("Enter")
    expect(launcher).to_have_attribute("aria-expanded", "true")
    frame = chat_frame(page)
    frame.wait_for_function(IN_MESSAGE_BOX)
    assert_no_serious_axe_violations(page, "the chat in the clinic page, before")
    # ... Escape closes it and puts focus back on the launcher.
    page.keyboard.press("Escape")
    expect(page.locator("#headache-chat-widget .panel")).to_be_hidden()
    expect(launcher).to_have_attribute("aria-expanded", "false")
    expect(launcher).to_be_focused()
    page.keyboard.press("Enter")
    frame.wait_for_function(IN_MESSAGE_BOX)

    start_screening(frame)
    assert "for your safety" in type_message(frame, STORY)
    assert_no_serious_axe_violations(page, "the chat in the clinic page, a checklist")
    assert "cervicogenic" in screen_to_the_cervicogenic_outcome(frame).lower()
    shown = log_texts(frame)
    assert_booking_button_ends_the_outcome(frame, configured_booking_url(bot_stack))
    assert_no_serious_axe_violations(page, "the chat in the clinic page, the outcome")

    [cookie] = [c for c in page.context.cookies() if c["name"] == "screening_sid"]
    assert cookie["sameSite"] == "None" and cookie["secure"] and cookie["httpOnly"]

    page.reload()
    expect(launcher).to_have_attribute("aria-expanded", "true")  # still open
    frame = chat_frame(page)
    expect(frame.locator("#log .msg.card")).to_have_count(1)
    assert log_texts(frame) == shown
    expect(frame.locator("#log .msg.patient").first).to_have_text(
        "You: Start the screening"
    )
    assert_booking_button_ends_the_outcome(frame, configured_booking_url(bot_stack))
    assert_no_serious_axe_violations(page, "the chat in the clinic page, reloaded")


def test_a_site_the_clinic_did_not_allow_cannot_show_the_chat(
    embedded: Embedded, clinic_page: Page
) -> None:
    """frame-ancestors is the enforcement: the browser shows no chat there."""
    page = clinic_page
    page.goto(embedded.other_host_url)
    refused = page.expect_console_message(lambda m: "frame-ancestors" in m.text)
    with refused:
        page.get_by_role("button", name=LAUNCHER).click()
    frame = chat_frame(page)
    assert frame.locator("#message").count() == 0
