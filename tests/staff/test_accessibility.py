"""The accessibility check itself (tests/support/axe.py) on pages made to fail it.

The staff pages are checked in test_browser.py; these tests show that the check
finds what it should (so a clean staff page means something), in a page and inside
an iframe, that moderate findings alone do not fail it, and that a missing axe-core
says how to install it. The pages come from Playwright's request routing: no server.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from playwright.sync_api import Browser, Page, Route

import tests.support.axe as axe_check
from tests.support.axe import assert_no_serious_axe_violations, axe_violations
from tests.support.browser import launched_chromium

ORIGIN = "http://a11y.test"
HELP_URL = "https://dequeuniversity.com/rules/axe/"

CLEAN = """<!doctype html><html lang="en"><head><title>Clean</title></head>
<body><main><h1>Clean</h1>
<label for="name">Name</label><input id="name">
<img src="/pixel.png" alt="A pixel">
</main></body></html>"""
# An image without a text alternative and an input without a label: both critical.
BROKEN = """<!doctype html><html lang="en"><head><title>Broken</title></head>
<body><main><h1>Broken</h1>
<img id="no-alt" src="/pixel.png">
<input id="no-label">
</main></body></html>"""
# Grey on white, 1.6:1: serious (WCAG 1.4.3 asks 4.5:1).
PALE = """<!doctype html><html lang="en"><head><title>Pale</title>
<style>#pale { color: #cccccc; background: #ffffff; }</style></head>
<body><main><h1>Pale</h1><p id="pale">Hard to read</p></main></body></html>"""
# No h1 and text outside any landmark: moderate findings, which do not fail.
MODERATE = """<!doctype html><html lang="en"><head><title>Moderate</title></head>
<body><p>Outside any landmark, and no heading.</p></body></html>"""
FRAMED = """<!doctype html><html lang="en"><head><title>Framed</title></head>
<body><main><h1>Framed</h1>
<iframe id="inner" title="The inner page" src="/broken"></iframe>
</main></body></html>"""
PAGES = {"/clean": CLEAN, "/broken": BROKEN, "/pale": PALE,
         "/moderate": MODERATE, "/framed": FRAMED}  # fmt: skip


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launched_chromium() as chromium:
        yield chromium


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    context.route(f"{ORIGIN}/**", _serve)
    yield context.new_page()
    context.close()


def _serve(route: Route) -> None:
    path = "/" + route.request.url.removeprefix(ORIGIN).lstrip("/")
    if path == "/pixel.png":
        route.fulfill(status=404)
    else:
        route.fulfill(content_type="text/html", body=PAGES[path])


def failure(target, context: str = "the test page") -> str:
    with pytest.raises(AssertionError) as raised:
        assert_no_serious_axe_violations(target, context)
    return str(raised.value)


def test_a_clean_page_passes(page: Page) -> None:
    page.goto(f"{ORIGIN}/clean")
    assert_no_serious_axe_violations(page, "a clean page")


def test_an_image_without_alt_and_an_unlabelled_input_fail(page: Page) -> None:
    page.goto(f"{ORIGIN}/broken")
    message = failure(page, "the broken page")
    assert message.startswith(
        "axe-core found 2 accessibility violations on the broken page:"
    )
    assert "- image-alt (critical, 1 element):" in message
    assert "- label (critical, 1 element):" in message
    assert "    #no-alt\n" in message
    assert "    #no-label\n" in message
    assert f"{HELP_URL}4." in message  # the rule's help page, for this axe version


def test_set_content_pages_are_checked_too(page: Page) -> None:
    page.set_content('<main><h1>Inline</h1><img src="data:,">')
    assert "- image-alt (critical" in failure(page)


def test_low_contrast_text_fails(page: Page) -> None:
    page.goto(f"{ORIGIN}/pale")
    message = failure(page)
    assert "- color-contrast (serious, 1 element):" in message
    assert "#pale" in message
    assert "insufficient color contrast" in message


def test_moderate_findings_are_found_but_do_not_fail(page: Page) -> None:
    page.goto(f"{ORIGIN}/moderate")
    found = {(v["id"], v["impact"]) for v in axe_violations(page)}
    assert ("page-has-heading-one", "moderate") in found
    assert_no_serious_axe_violations(page, "a page with moderate findings")


def test_violations_inside_an_iframe_fail_from_the_frame_and_from_the_page(
    page: Page,
) -> None:
    page.goto(f"{ORIGIN}/framed")
    frame = page.locator("#inner").element_handle().content_frame()
    assert frame is not None
    frame.wait_for_load_state()
    in_frame = failure(frame, "the framed page")
    assert "- label (critical, 1 element):" in in_frame
    assert "    #no-label\n" in in_frame
    from_page = failure(page, "the page around it")
    assert "- image-alt (critical, 1 element):" in from_page
    assert "    #inner >>> #no-label\n" in from_page


def test_a_missing_axe_core_says_to_run_make_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(axe_check, "AXE_JS", tmp_path / "axe.min.js")
    untouched = mock.Mock(spec=[])  # fails if the check reached the page
    with pytest.raises(AssertionError, match=r"run `make install`"):
        assert_no_serious_axe_violations(untouched, "any page")
