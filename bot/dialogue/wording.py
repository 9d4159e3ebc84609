"""Pieces of wording the dialogue builds into a message, read from domain.yml.

Most of what the bot says is a whole response that Rasa sends by name. A few pieces
are put together here instead: the answers every checklist ends with ("None of
these", "Not sure"), and how a finding's evidence quotes the answer that settled
it. They are responses of domain.yml too, so that all the bot's wording is in one
file; those are never sent by themselves.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml

from bot.settings import PROJECT_ROOT

DOMAIN = PROJECT_ROOT / "domain.yml"


@cache
def _responses() -> dict[str, list[dict[str, Any]]]:
    responses: dict[str, list[dict[str, Any]]] = yaml.safe_load(
        DOMAIN.read_text(encoding="utf-8")
    )["responses"]
    return responses


def text(response: str, **values: str) -> str:
    """The text of `response`, its {placeholders} filled in from `values`."""
    template: str = _responses()[response][0]["text"]
    return template.format(**values)


def buttons(response: str) -> list[dict[str, str]]:
    """The buttons of `response`, as Rasa sends them."""
    return [dict(button) for button in _responses()[response][0]["buttons"]]
