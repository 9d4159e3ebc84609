"""The website's chat page in a real browser (Debian's headless Chromium).

A visitor opens the page served by the running bot, taps and types their way through
a screening and sees the outcome with the booking link as a link. Further tests cover
what a visitor needs besides: numbered checklist buttons, keyboard use, the "typing"
indicator, clear errors, a phone-sized screen, and text that never becomes markup.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from unittest import mock

import pytest
from local_servers import wait_until_up
from playwright.sync_api import Browser, Page, Route, expect, sync_playwright

from bot.settings import PROJECT_ROOT, get_settings
from bot.stack import LocalStack, free_port

pytestmark = pytest.mark.timeout(600)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
REPLY_TIMEOUT_MS = 90_000
STORY = "My head hurts on the right side and my neck is stiff"
PHONE = {"width": 360, "height": 740}
BOT_MESSAGES = "#log .msg.bot:not(.typing)"
# Boxes on the page whose content is wider than they are (cut off, or scrolling).
OVERFLOWING = """() => [...document.querySelectorAll("main, main *")]
    .filter((e) => getComputedStyle(e).display !== "inline")
    .filter((e) => !e.matches(".visually-hidden"))
    .filter((e) => e.scrollWidth > e.clientWidth + 1)
    .map((e) => e.outerHTML.slice(0, 80))"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"No Chromium at {CHROMIUM}: run scripts/install_chromium.sh "
            "(apt-get install chromium)."
        )
    expect.set_options(timeout=REPLY_TIMEOUT_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def open_chat(browser: Browser) -> Iterator[Callable[..., Page]]:
    """Open the chat page at `url` in a fresh browser profile (its own cookie)."""
    contexts = []

    def open_page(url: str, **context_options) -> Page:
        context = browser.new_context(**context_options)
        contexts.append(context)
        page = context.new_page()
        page.goto(url)
        return page

    yield open_page
    for context in contexts:
        context.close()


def bot_count(page: Page) -> int:
    return page.locator(BOT_MESSAGES).count()


def wait_for_replies(page: Page, before: int) -> str:
    """Wait until the bot has answered; the text of its new messages."""
    page.wait_for_function(
        f"n => document.querySelectorAll({BOT_MESSAGES!r}).length > n",
        arg=before,
        timeout=REPLY_TIMEOUT_MS,
    )
    expect(page.locator("#log .typing")).to_have_count(0)
    return "\n".join(page.locator(BOT_MESSAGES).all_inner_texts()[before:])


def type_message(page: Page, text: str) -> str:
    """Type `text` into the message box, press Enter; the bot's answer."""
    before = bot_count(page)
    page.get_by_label("Your message").fill(text)
    page.get_by_label("Your message").press("Enter")
    return wait_for_replies(page, before)


def tap(page: Page, title: str) -> str:
    """Click the offered answer named `title`; the bot's answer."""
    before = bot_count(page)
    page.locator("#log .buttons").get_by_role("button", name=title, exact=True).click()
    return wait_for_replies(page, before)


def offered(page: Page) -> list[str]:
    return page.locator("#log .buttons button").all_inner_texts()


def number_of(page: Page, label: str) -> str:
    """The number a checklist button shows for the option `label`."""
    for text in offered(page):
        match = re.fullmatch(r"(\d+)\. (.+)", text)
        if match and match.group(2).lower() == label.lower():
            return match.group(1)
    raise AssertionError(f"{label!r} is not among the buttons {offered(page)}")


def configured_booking_url(stack: LocalStack) -> str:
    """The booking URL the bot's processes read from their environment."""
    with mock.patch.dict(os.environ, stack.process_env(), clear=True):
        get_settings.cache_clear()
        url = get_settings().booking_url
    get_settings.cache_clear()
    return url


def start_screening(page: Page) -> None:
    """Open the conversation and give consent: the bot asks for the story."""
    assert "Shall we start?" in tap(page, "Start the screening")
    assert "own words" in tap(page, "Yes, let's start")


def test_a_screening_by_clicking_and_typing_ends_with_a_booking_link(
    bot_stack: LocalStack, open_chat
) -> None:
    page = open_chat(bot_stack.webchat_url)
    start_screening(page)
    assert "for your safety" in type_message(page, STORY)
    assert "Do any of these apply to you?" in tap(page, "None of these")
    assert "Which of these fit your headaches?" in tap(page, "None of these")
    picks = [
        number_of(page, "Headache set off by moving the neck"),
        number_of(page, "Headache after holding the head in one position"),
    ]
    assert "your jaw" in type_message(page, " and ".join(picks))
    assert "How old are you?" in tap(page, "None of these")

    outcome = type_message(page, "42")

    assert "not a diagnosis" in outcome
    assert "cervicogenic" in outcome.lower()
    booking_url = configured_booking_url(bot_stack)
    link = page.locator(f'#log .msg.bot a[href^="{booking_url}"]')
    expect(link).to_have_count(1)
    assert link.get_attribute("href") == link.inner_text()
    assert link.get_attribute("rel") == "noopener noreferrer"


def test_checklist_buttons_show_the_numbers_the_question_asks_for(
    bot_stack: LocalStack, open_chat
) -> None:
    page = open_chat(bot_stack.webchat_url)
    start_screening(page)
    assert "numbers of all that apply" in type_message(page, STORY)

    buttons = offered(page)
    numbered = [text for text in buttons if re.match(r"\d+\. ", text)]
    assert [text.split(".")[0] for text in numbered] == [
        str(n) for n in range(1, len(numbered) + 1)
    ]
    assert len(numbered) >= 2
    assert buttons[len(numbered) :] == ["None of these", "Not sure"]


def test_typed_markup_is_shown_as_text(bot_stack: LocalStack, open_chat) -> None:
    page = open_chat(bot_stack.webchat_url)
    markup = (
        "<script>window.injected = 1</script>"
        '<img src="x" onerror="window.injected = 2"><b>bold</b>'
    )
    type_message(page, markup)

    expect(page.locator("#log .msg.patient")).to_have_text(f"You: {markup}")
    expect(page.locator("#log script, #log img, #log b")).to_have_count(0)
    assert page.evaluate("typeof window.injected") == "undefined"


def test_the_whole_conversation_works_from_the_keyboard(
    bot_stack: LocalStack, open_chat
) -> None:
    page = open_chat(bot_stack.webchat_url)
    page.get_by_label("Your message").focus()
    page.keyboard.type("hello")
    page.keyboard.press("Enter")
    wait_for_replies(page, 0)

    focused = page.locator(":focus")
    expect(focused).to_have_text("Yes, let's start")
    before = bot_count(page)
    page.keyboard.press("Enter")
    assert "own words" in wait_for_replies(page, before)

    expect(focused).to_have_attribute("id", "message")
    page.keyboard.type(STORY)
    before = bot_count(page)
    page.keyboard.press("Enter")
    assert "for your safety" in wait_for_replies(page, before)

    expect(focused).to_have_text(re.compile(r"^1\. "))
    for _ in range(len(offered(page))):
        if focused.inner_text() == "None of these":
            break
        page.keyboard.press("Tab")
    before = bot_count(page)
    page.keyboard.press("Enter")
    assert "Do any of these apply to you?" in wait_for_replies(page, before)


def test_a_typing_indicator_shows_while_the_bot_answers(
    bot_stack: LocalStack, open_chat
) -> None:
    page = open_chat(bot_stack.webchat_url)
    held: list[Route] = []
    page.route("**/api/messages", lambda route: held.append(route))

    page.get_by_label("Your message").fill("hello")
    page.get_by_label("Your message").press("Enter")
    page.wait_for_function("() => document.querySelector('#log .typing')")
    expect(page.locator("#log .typing")).to_contain_text("typing")
    expect(page.locator("#send")).to_be_disabled()

    held[0].continue_()
    assert "Shall we start?" in wait_for_replies(page, 0)
    expect(page.locator("#send")).to_be_enabled()


def test_a_lost_connection_is_shown_and_the_message_kept(
    bot_stack: LocalStack, open_chat
) -> None:
    page = open_chat(bot_stack.webchat_url)
    page.route("**/api/messages", lambda route: route.abort())

    page.get_by_label("Your message").fill("hello")
    page.get_by_label("Your message").press("Enter")

    expect(page.get_by_role("alert")).to_contain_text("Could not reach the assistant")
    expect(page.get_by_label("Your message")).to_have_value("hello")
    expect(page.locator("#log .msg.patient")).to_have_count(0)
    expect(page.locator("#log .typing")).to_have_count(0)


@pytest.fixture
def relay_without_rasa(tmp_path: Path) -> Iterator[str]:
    """The web chat server alone, pointed at a Rasa that is not running."""
    port = free_port()
    command = [
        sys.executable, "-m", "bot", "webchat",
        "--port", str(port), "--rasa-url", f"http://127.0.0.1:{free_port()}",
    ]  # fmt: skip
    with (tmp_path / "webchat.log").open("wb") as log:
        relay = subprocess.Popen(
            command,
            env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        url = f"http://localhost:{port}"
        wait_until_up(relay, f"{url}/healthz")
        yield url
    finally:
        relay.terminate()
        relay.wait(timeout=20)


def test_an_unavailable_assistant_is_shown_clearly(
    relay_without_rasa: str, open_chat
) -> None:
    page = open_chat(relay_without_rasa)
    tap_start = page.locator("#log .buttons").get_by_role("button")
    tap_start.click()

    expect(page.get_by_role("alert")).to_contain_text("unavailable right now")
    expect(page.get_by_role("button", name="Start the screening")).to_be_enabled()


def test_the_page_fits_a_phone_screen(bot_stack: LocalStack, open_chat) -> None:
    page = open_chat(bot_stack.webchat_url, viewport=PHONE, is_mobile=True)
    start_screening(page)
    type_message(page, STORY)

    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate(OVERFLOWING) == []
    # The conversation scrolls, not the page: the title and message box stay put.
    assert page.evaluate("document.documentElement.scrollHeight") <= PHONE["height"]
    expect(page.get_by_role("heading", name="Headache screening")).to_be_in_viewport()
    expect(page.get_by_label("Your message")).to_be_in_viewport()
    for button in page.locator("#log .buttons button").all():
        box = button.bounding_box()
        assert box is not None and box["x"] >= 0
        assert box["x"] + box["width"] <= PHONE["width"]
    composer = page.locator("#composer").bounding_box()
    assert composer is not None and composer["width"] >= PHONE["width"] * 0.8
