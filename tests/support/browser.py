"""Debian's headless Chromium, driven by Playwright, for the browser tests.

    with launched_chromium() as browser:
        page = browser.new_page()

launches /usr/bin/chromium (`scripts/install_chromium.sh` installs it; Playwright
downloads no browser of its own) and closes it on the way out. Without it the test
fails, saying how to install it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import sync_playwright

if TYPE_CHECKING:
    from playwright.sync_api import Browser

CHROMIUM = Path("/usr/bin/chromium")
# Headless, and quiet: no QUIC, no update checks, no sync, no first-run pages.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@contextmanager
def launched_chromium() -> Iterator[Browser]:
    """Chromium, launched; closed when the block ends."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"No browser at {CHROMIUM}: run scripts/install_chromium.sh "
            "(make install does).",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
