"""The page's and the widget's scripts put text into the page as text only."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.webchat.server import STATIC

SCRIPTS = sorted(STATIC.glob("*.js"))
SINKS = ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(")


def test_the_scripts_are_the_ones_expected() -> None:
    names = {script.name for script in SCRIPTS}
    assert {"chat.js", "cards.js", "text.js", "embed.js", "widget.js"} <= names


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: Path(path).name)
def test_no_script_writes_markup(script: Path) -> None:
    source = script.read_text(encoding="utf-8")
    for sink in SINKS:
        assert sink not in source, f"{script.name} uses {sink}"


def test_messages_between_widget_and_chat_name_their_origin() -> None:
    """postMessage never goes to "*", and incoming messages are checked by origin."""
    for name in ("widget.js", "embed.js"):
        source = (STATIC / name).read_text(encoding="utf-8")
        assert '"*")' not in source
        assert "event.origin !==" in source
