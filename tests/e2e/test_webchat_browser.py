"""The website's chat page in a real browser (Debian's headless Chromium).

A visitor opens the page served by the running bot, taps and types their way through
a screening and sees the outcome with the booking link as a link. Further tests cover
what a visitor needs besides: checklists that take several ticks (issue 13 item 1),
focus that stays in the message box with the answers after it (issue 13 item 2),
keyboard use, the "typing" indicator, clear errors, a phone-sized screen, and text
that never becomes markup. Issue 16: the outcome as a card (the emergency one with a
tel: link and no booking), "Still working…", a reload that restores the
conversation, "Start over", the privacy note; axe-core checks the page on the way.
The chat as a widget on a clinic's site is in test_webchat_widget.py.

The answers offered sit in `#choices`, after the message box: one-click buttons for
a single choice, checkboxes and a "Done" button for a checklist.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import yaml
from playwright.sync_api import Browser, Locator, Page, Route, expect

from bot.settings import PROJECT_ROOT, get_settings
from bot.stack import LocalStack, free_port
from tests.support.axe import assert_no_serious_axe_violations
from tests.support.browser import launched_chromium

from .exports import exported
from .local_servers import wait_until_up

pytestmark = pytest.mark.timeout(600)

REPLY_TIMEOUT_MS = 90_000
STORY = "My head hurts on the right side and my neck is stiff"
PHONE = {"width": 360, "height": 740}
BOT_MESSAGES = "#log .msg.bot:not(.typing)"
CHOICES = "#choices"
OPTIONS = f"{CHOICES} .option"
FOCUSED_NAME = "document.activeElement.id || document.activeElement.textContent"
FOLLOWS_MESSAGE_BOX = """(option) => Boolean(
    document.getElementById("message").compareDocumentPosition(option)
    & Node.DOCUMENT_POSITION_FOLLOWING)"""
# Boxes on the page whose content is wider than they are (cut off, or scrolling).
OVERFLOWING = """() => [...document.querySelectorAll("main, main *")]
    .filter((e) => getComputedStyle(e).display !== "inline")
    .filter((e) => !e.matches(".visually-hidden"))
    .filter((e) => e.scrollWidth > e.clientWidth + 1)
    .map((e) => e.outerHTML.slice(0, 80))"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    expect.set_options(timeout=REPLY_TIMEOUT_MS)
    with launched_chromium() as chromium:
        yield chromium


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
    """Click the offered one-click answer named `title`; the bot's answer."""
    before = bot_count(page)
    page.locator(CHOICES).get_by_role("button", name=title, exact=True).click()
    return wait_for_replies(page, before)


def checkbox(page: Page, title: str) -> Locator:
    """The checklist's checkbox for the option `title` (shown with or without its
    number)."""
    name = re.compile(rf"^(?:\d+\. )?{re.escape(title)}$", re.IGNORECASE)
    return page.locator(CHOICES).get_by_role("checkbox", name=name)


def done_button(page: Page) -> Locator:
    return page.locator(CHOICES).get_by_role("button", name="Done", exact=True)


def choose_all(page: Page, *titles: str) -> str:
    """Tick the checklist options `titles` and click Done; the bot's answer."""
    for title in titles:
        checkbox(page, title).check()
    before = bot_count(page)
    done_button(page).click()
    return wait_for_replies(page, before)


def offered(page: Page) -> list[str]:
    """The labels of the answers offered, buttons and checkboxes alike."""
    return page.locator(OPTIONS).all_inner_texts()


def last_sent(page: Page) -> Locator:
    """The visitor's last bubble in the conversation."""
    return page.locator("#log .msg.patient").last


def number_of(page: Page, label: str) -> str:
    """The number a checklist option shows for the option `label`."""
    for text in offered(page):
        match = re.fullmatch(r"(\d+)\. (.+)", text)
        if match and match.group(2).lower() == label.lower():
            return match.group(1)
    raise AssertionError(f"{label!r} is not among the options {offered(page)}")


def configured_booking_url(stack: LocalStack) -> str:
    """The booking URL the bot's processes read from their environment."""
    with mock.patch.dict(os.environ, stack.process_env(), clear=True):
        get_settings.cache_clear()
        url = get_settings().booking_url
    get_settings.cache_clear()
    return url


def stored_screenings(database_url: str) -> list[dict[str, Any]]:
    """Every stored screening, exported as staff would export them.

    The web chat's conversation id is the server's secret (an HttpOnly cookie, in
    whatever form the server signs it), so a test finds its own screening as the one
    that was not stored before it ran.
    """
    return exported(database_url)


def assert_booking_button_ends_the_outcome(page: Page, booking_url: str) -> None:
    """The outcome card: its advice, then "Book an appointment" (the opaque ref in
    its address), then the references folded under "Sources"."""
    card = page.locator("#log .msg.card").last
    expect(card.get_by_role("heading", name="Your screening result")).to_be_visible()
    link = card.get_by_role("link", name="Book an appointment")
    expect(link).to_have_count(1)
    href = link.get_attribute("href") or ""
    assert href.startswith(booking_url) and re.search(r"[?&]ref=[\w-]{16,}", href)
    assert link.get_attribute("rel") == "noopener noreferrer"
    sources = card.locator("details")
    expect(sources.locator("summary")).to_have_text("Sources")
    expect(sources.locator("li").first).to_be_hidden()  # folded until opened
    sources.locator("summary").click()
    expect(sources.locator("li").first).to_be_visible()
    assert "References:" not in card.inner_text()
    order = card.evaluate(
        "c => [...c.querySelectorAll('p, a.book, details')].map(e => e.tagName)"
    )
    assert order[-2:] == ["A", "DETAILS"] and set(order[:-2]) == {"P"}


def start_screening(page: Page) -> None:
    """Open the conversation and give consent: the bot asks for the story."""
    assert "Shall we start?" in tap(page, "Start the screening")
    assert "own words" in tap(page, "Yes, let's start")


def screen_to_the_jaw_question(page: Page) -> None:
    """From the story's red-flag checklist to the jaw checklist, with answers that
    fit a headache from the neck."""
    assert "Do any of these apply to you?" in choose_all(page, "None of these")
    assert "Which of these fit your headaches?" in choose_all(page, "None of these")
    picks = [
        number_of(page, "Headache set off by moving the neck"),
        number_of(page, "Headache after holding the head in one position"),
    ]
    assert "your jaw" in type_message(page, " and ".join(picks))


def screen_to_the_cervicogenic_outcome(page: Page) -> str:
    """From the story's red-flag checklist to the outcome, with answers that fit a
    headache from the neck; the outcome's text."""
    screen_to_the_jaw_question(page)
    assert "How old are you?" in choose_all(page, "None of these")
    return type_message(page, "42")


def tab_until(page: Page, predicate: str, limit: int = 20) -> list[str]:
    """Press Tab until the focused element matches the JS `predicate` (given the
    element); the ids or labels of the elements passed on the way."""
    passed = []
    for _ in range(limit):
        if page.evaluate(f"(e => {predicate})(document.activeElement)"):
            return passed
        passed.append(page.evaluate(FOCUSED_NAME))
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached it; passed {passed}")


def test_a_screening_by_clicking_and_typing_ends_with_a_booking_link(
    bot_stack: LocalStack, open_chat
) -> None:
    page = open_chat(bot_stack.webchat_url)
    start_screening(page)
    assert "for your safety" in type_message(page, STORY)

    outcome = screen_to_the_cervicogenic_outcome(page)

    assert "not a diagnosis" in outcome
    assert "cervicogenic" in outcome.lower()
    assert_booking_button_ends_the_outcome(page, configured_booking_url(bot_stack))


def test_issue13_item1_ticking_two_checklist_options_stores_both_present(
    bot_stack: LocalStack, database_url: str, open_chat
) -> None:
    earlier = {record["conversation_id"] for record in stored_screenings(database_url)}
    page = open_chat(bot_stack.webchat_url)
    start_screening(page)
    assert "for your safety" in type_message(page, STORY)
    assert "Do any of these apply to you?" in choose_all(page, "None of these")
    assert "Which of these fit your headaches?" in choose_all(page, "None of these")
    ticked = {
        "pain_on_neck_movement": "Headache set off by moving the neck",
        "pain_on_sustained_posture": "Headache after holding the head in one position",
    }

    assert "your jaw" in choose_all(page, *ticked.values())

    for title in ticked.values():
        expect(last_sent(page)).to_contain_text(title)
    assert "How old are you?" in choose_all(page, "None of these")
    assert "cervicogenic" in type_message(page, "42").lower()
    mine = [
        record
        for record in stored_screenings(database_url)
        if record["conversation_id"] not in earlier
    ]
    assert len(mine) == 1, f"expected one new stored screening, got {len(mine)}"
    present = {item["concept"] for item in mine[0]["symptoms"] if item["present"]}
    assert set(ticked) <= present, f"stored present: {sorted(present)}"


def test_issue13_item1_none_of_these_and_not_sure_are_exclusive(
    bot_stack: LocalStack, open_chat
) -> None:
    page = open_chat(bot_stack.webchat_url)
    start_screening(page)
    assert "for your safety" in type_message(page, STORY)
    numbered = page.locator(CHOICES).get_by_role(
        "checkbox", name=re.compile(r"^\d+\. ")
    )
    first, second = numbered.nth(0), numbered.nth(1)
    none, unsure = checkbox(page, "None of these"), checkbox(page, "Not sure")

    first.check()
    second.check()
    none.check()
    for box in (first, second):
        expect(box).not_to_be_checked()
    unsure.check()
    expect(none).not_to_be_checked()
    first.check()
    expect(unsure).not_to_be_checked()
    expect(first).to_be_checked()

    none.check()
    expect(first).not_to_be_checked()
    before = bot_count(page)
    done_button(page).click()
    assert "Do any of these apply to you?" in wait_for_replies(page, before)
    expect(last_sent(page)).to_have_text("You: None of these")


def test_issue13_item1_done_with_nothing_ticked_sends_nothing(
    bot_stack: LocalStack, open_chat
) -> None:
    page = open_chat(bot_stack.webchat_url)
    start_screening(page)
    type_message(page, STORY)
    sent = page.locator("#log .msg.patient").count()

    done_button(page).click()

    expect(page.locator(CHOICES).get_by_role("alert")).to_contain_text("tick")
    expect(page.locator("#log .msg.patient")).to_have_count(sent)
    expect(page.locator(":focus")).to_have_text("Done")


def test_issue13_item1_single_choice_button_sets_stay_one_click(
    bot_stack: LocalStack, open_chat
) -> None:
    """Every button set domain.yml defines (consent, onset, a side question...) is a
    single choice: shown as buttons, one click sends it."""
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())
    offers = [
        (variant.get("text", ""), variant["buttons"])
        for variants in domain["responses"].values()
        for variant in variants
        if variant.get("buttons")
    ]
    assert offers, "domain.yml defines no buttons"
    sent: list[str] = []
    answers: list[list[dict[str, Any]]] = []

    def fake_assistant(route: Route) -> None:
        sent.append(route.request.post_data_json["message"])
        route.fulfill(json={"messages": answers.pop(0)})

    page = open_chat(bot_stack.webchat_url)
    page.route("**/api/messages", fake_assistant)
    for text, buttons in offers:
        answers[:] = [[{"text": text, "buttons": buttons}], [{"text": "ok"}]]
        type_message(page, "hello")
        expect(page.locator(f"{CHOICES} input")).to_have_count(0)
        assert offered(page) == [button["title"] for button in buttons]

        tap(page, buttons[-1]["title"])

        assert sent[-1] == buttons[-1]["payload"]


def test_issue13_item2_typing_no_at_the_red_flag_list_sends_no(
    bot_stack: LocalStack, open_chat
) -> None:
    page = open_chat(bot_stack.webchat_url)
    start_screening(page)
    page.get_by_label("Your message").focus()
    page.keyboard.type(STORY)
    before = bot_count(page)
    page.keyboard.press("Enter")
    assert "for your safety" in wait_for_replies(page, before)

    page.keyboard.type("no")
    before = bot_count(page)
    page.keyboard.press("Enter")
    answer = wait_for_replies(page, before)

    expect(last_sent(page)).to_have_text("You: no")
    assert "urgent medical help" not in answer.lower()
    assert "Do any of these apply to you?" in answer


def test_issue13_item2_focus_stays_in_the_text_box_and_the_answers_follow_it(
    bot_stack: LocalStack, open_chat
) -> None:
    page = open_chat(bot_stack.webchat_url)
    box = page.get_by_label("Your message")
    focused = page.locator(":focus")
    held: list[Route] = []
    page.route("**/api/messages", lambda route: held.append(route))
    box.focus()
    page.keyboard.type("hello")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#log .typing')")
    expect(focused).to_have_attribute("id", "message")
    held[0].continue_()
    wait_for_replies(page, 0)
    page.unroute("**/api/messages")
    expect(focused).to_have_attribute("id", "message")

    assert "own words" in tap(page, "Yes, let's start")
    expect(focused).to_have_attribute("id", "message")
    page.keyboard.type(STORY)
    before = bot_count(page)
    page.keyboard.press("Enter")
    assert "for your safety" in wait_for_replies(page, before)
    expect(focused).to_have_attribute("id", "message")

    # After the text box in the page's order, on screen, and when tabbing.
    first = page.locator(OPTIONS).first
    assert page.evaluate(FOLLOWS_MESSAGE_BOX, first.element_handle())
    text_box, option = box.bounding_box(), first.bounding_box()
    assert text_box and option and option["y"] >= text_box["y"] + text_box["height"]
    passed = tab_until(page, "e.type === 'checkbox'")
    assert passed == ["message", "send"]
    expect(focused).to_have_accessible_name(re.compile(r"^1\. "))


def test_the_whole_conversation_works_from_the_keyboard(
    bot_stack: LocalStack, open_chat
) -> None:
    page = open_chat(bot_stack.webchat_url)
    focused = page.locator(":focus")
    page.get_by_label("Your message").focus()
    page.keyboard.type("hello")
    page.keyboard.press("Enter")
    wait_for_replies(page, 0)

    tab_until(page, 'e.textContent === "Yes, let\'s start"')
    before = bot_count(page)
    page.keyboard.press("Enter")
    assert "own words" in wait_for_replies(page, before)

    expect(focused).to_have_attribute("id", "message")
    page.keyboard.type(STORY)
    before = bot_count(page)
    page.keyboard.press("Enter")
    assert "for your safety" in wait_for_replies(page, before)

    group = page.locator(CHOICES).get_by_role("group")
    expect(group).to_have_accessible_name(re.compile("all that apply", re.I))
    tab_until(page, "e.labels?.[0]?.textContent === 'None of these'")
    page.keyboard.press("Space")
    expect(checkbox(page, "None of these")).to_be_checked()
    tab_until(page, "e.textContent === 'Done'")
    before = bot_count(page)
    page.keyboard.press("Enter")
    assert "Do any of these apply to you?" in wait_for_replies(page, before)
    expect(last_sent(page)).to_have_text("You: None of these")
    expect(focused).to_have_attribute("id", "message")


def test_checklist_options_show_the_numbers_the_question_asks_for(
    bot_stack: LocalStack, open_chat
) -> None:
    page = open_chat(bot_stack.webchat_url)
    start_screening(page)
    assert "numbers of all that apply" in type_message(page, STORY)

    options = offered(page)
    numbered = [text for text in options if re.match(r"\d+\. ", text)]
    assert [text.split(".")[0] for text in numbered] == [
        str(n) for n in range(1, len(numbered) + 1)
    ]
    assert len(numbered) >= 2
    assert options[len(numbered) :] == ["None of these", "Not sure"]
    expect(page.locator(CHOICES).get_by_role("checkbox")).to_have_count(len(options))


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


def say_hello_and_hold_the_reply(page: Page) -> list[Route]:
    """Send "hello" with the request to the bot held back, and wait for the typing
    indicator; the held request, to let go with `continue_()`."""
    held: list[Route] = []
    page.route("**/api/messages", lambda route: held.append(route))
    page.get_by_label("Your message").fill("hello")
    page.get_by_label("Your message").press("Enter")
    page.wait_for_function("() => document.querySelector('#log .typing')")
    return held


def test_a_typing_indicator_shows_while_the_bot_answers(
    bot_stack: LocalStack, open_chat
) -> None:
    page = open_chat(bot_stack.webchat_url)

    held = say_hello_and_hold_the_reply(page)

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
    tap_start = page.locator(CHOICES).get_by_role("button")
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
    expect(page.locator(BOT_MESSAGES).last).to_be_in_viewport()
    # Each option and Done can be scrolled to without moving the page.
    for control in [*page.locator(OPTIONS).all(), done_button(page)]:
        control.scroll_into_view_if_needed()
        expect(control).to_be_in_viewport()
        box = control.bounding_box()
        assert box is not None and box["x"] >= 0
        assert box["x"] + box["width"] <= PHONE["width"]
        expect(page.get_by_label("Your message")).to_be_in_viewport()
    assert page.evaluate("window.scrollY") == 0
    composer = page.locator("#composer").bounding_box()
    assert composer is not None and composer["width"] >= PHONE["width"] * 0.8


def test_issue15_a_doubted_red_flag_is_asked_again_with_one_click_answers(
    bot_stack: LocalStack, open_chat
) -> None:
    """ "Not sure if I had a temperature": the next question asks it on its own, with
    Yes / No / Not sure; "Not sure" there leads to a physician first."""
    page = open_chat(bot_stack.webchat_url)
    start_screening(page)
    question = type_message(
        page, "headaches at the back of my head, not sure if i had a temperature"
    )
    assert "weren't sure about: fever" in question
    assert offered(page) == ["Yes", "No", "Not sure"]
    assert "for your safety" in tap(page, "Not sure")
    assert "Do any of these apply to you?" in choose_all(page, "None of these")
    assert "How old are you?" in choose_all(page, "None of these")
    assert "see a doctor first" in type_message(page, "34").lower()


# ---- issue 16: outcomes a patient can act on, a conversation that survives the page --


def test_issue16_the_emergency_outcome_is_a_call_card_without_booking(
    bot_stack: LocalStack, open_chat
) -> None:
    page = open_chat(bot_stack.webchat_url)
    start_screening(page)
    assert "for your safety" in type_message(page, STORY)

    outcome = choose_all(page, "Passing out")

    assert "not a diagnosis" in outcome
    card = page.locator("#log .msg.card.emergency")
    expect(card).to_have_count(1)
    heading = "Call 911 / your emergency number now"
    expect(card.get_by_role("region", name=heading)).to_be_visible()
    expect(card.get_by_role("heading", name=heading)).to_be_visible()
    call = card.get_by_role("link", name="Call 911", exact=True)
    expect(call).to_have_attribute("href", "tel:911")
    expect(
        page.get_by_role("link", name=re.compile("book", re.IGNORECASE))
    ).to_have_count(0)
    booking_url = configured_booking_url(bot_stack)
    expect(page.locator(f'#log a[href^="{booking_url}"]')).to_have_count(0)
    expect(card.locator("details summary")).to_have_text("Sources")
    assert_no_serious_axe_violations(page, "the chat page with the emergency card")


def test_issue16_a_slow_reply_says_it_is_still_working(
    bot_stack: LocalStack, open_chat
) -> None:
    page = open_chat(bot_stack.webchat_url)
    held = say_hello_and_hold_the_reply(page)
    expect(page.locator("#log .typing")).not_to_contain_text("Still working")

    expect(page.locator("#log .typing .still")).to_have_text(
        "Still working…", timeout=6000
    )

    held[0].continue_()
    assert "Shall we start?" in wait_for_replies(page, 0)
    expect(page.get_by_text("Still working…")).to_have_count(0)


def conversation_cookie(page: Page) -> str:
    [cookie] = [c for c in page.context.cookies() if c["name"] == "screening_sid"]
    return cookie["value"]


def test_issue16_a_reloaded_page_shows_the_conversation_and_its_open_question(
    bot_stack: LocalStack, open_chat
) -> None:
    page = open_chat(bot_stack.webchat_url)
    assert_no_serious_axe_violations(page, "the chat page, before")
    start_screening(page)
    assert "for your safety" in type_message(page, STORY)
    shown = page.locator("#log .msg").all_inner_texts()
    options = offered(page)

    page.reload()

    expect(page.locator("#log .msg")).to_have_count(len(shown))
    assert page.locator("#log .msg").all_inner_texts() == shown
    assert offered(page) == options
    assert_no_serious_axe_violations(page, "the chat page, reloaded mid-screening")
    assert "Do any of these apply to you?" in choose_all(page, "None of these")


def test_issue16_start_over_asks_first_then_begins_a_new_conversation(
    bot_stack: LocalStack, open_chat
) -> None:
    page = open_chat(bot_stack.webchat_url)
    start_screening(page)
    first = conversation_cookie(page)
    restart = page.get_by_role("button", name="Start over", exact=True)
    dialog = page.get_by_role("dialog", name="Start over?")

    restart.click()
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name="Cancel")).to_be_focused()
    assert_no_serious_axe_violations(page, "the chat page, start over dialog")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(restart).to_be_focused()
    expect(page.locator("#log .msg.patient")).to_have_count(2)

    restart.click()
    dialog.get_by_role("button", name="Yes, start over").click()

    expect(page.locator("#log .msg")).to_have_count(0)
    expect(page.locator(":focus")).to_have_attribute("id", "message")
    assert conversation_cookie(page) != first
    page.reload()
    expect(page.locator(CHOICES).get_by_role("button")).to_have_text(
        ["Start the screening"]
    )
    expect(page.locator("#log .msg")).to_have_count(0)
    assert "Shall we start?" in tap(page, "Start the screening")


def test_issue16_the_privacy_note_says_what_is_kept_and_for_how_long(
    bot_stack: LocalStack, open_chat
) -> None:
    page = open_chat(bot_stack.webchat_url)
    with page.context.expect_page() as opened:
        page.get_by_role("link", name=re.compile("^Privacy")).click()
    note = opened.value
    note.wait_for_load_state()
    expect(note.get_by_role("heading", level=1)).to_contain_text("Privacy")
    days = get_settings().retention_days
    expect(note.locator("main")).to_contain_text(f"deleted after {days} days")
    assert_no_serious_axe_violations(note, "the privacy note")


def test_issue18_questions_mid_screening_are_answered_and_the_screening_goes_on(
    bot_stack: LocalStack, database_url: str, open_chat
) -> None:
    """At phone width, typed questions at two checklists each get their answer and
    the same checklist again, its options offered afresh; the screening then ends
    as it would have, and a question after the outcome gets its answer and the
    booking link again."""
    earlier = {record["conversation_id"] for record in stored_screenings(database_url)}
    page = open_chat(bot_stack.webchat_url, viewport=PHONE, is_mobile=True)
    start_screening(page)
    assert "for your safety" in type_message(page, STORY)

    reply = type_message(page, "what is cervicogenic headache?")
    assert "comes from the neck" in reply and "[1]" in reply
    assert reply.index("comes from the neck") < reply.index("for your safety")
    assert "None of these" in offered(page)

    screen_to_the_jaw_question(page)

    reply = type_message(page, "can I take ibuprofen for it?")
    assert "pharmacist" in reply and "your jaw" in reply
    assert "How old are you?" in choose_all(page, "None of these")
    outcome = type_message(page, "42")
    assert "cervicogenic" in outcome.lower()
    booking = page.get_by_role("link", name=re.compile("^Book an appointment"))
    expect(booking).to_have_count(1)

    reply = type_message(page, "does manual therapy actually work for headaches?")
    assert "randomised controlled trial" in reply
    expect(booking).to_have_count(2)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_no_serious_axe_violations(page, "the chat after questions")
    mine = [
        record
        for record in stored_screenings(database_url)
        if record["conversation_id"] not in earlier
    ]
    assert [record["triage"] for record in mine] == ["cgh_likely"]
