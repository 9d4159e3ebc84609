"""The options the bot offered in its last turn, for answers typed as numbers.

The conversation tracker already records every bot message with its buttons, so the
menu a visitor answers is read from there: it survives a restart of the server and
needs no second copy of the conversation in the connector.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from rasa.shared.core.events import BotUttered, Event, UserUttered
from sanic.request import Request

Button = dict[str, Any]
ButtonLookup = Callable[[Request, str], Awaitable[list[Button]]]


def offered_buttons(events: Iterable[Event]) -> list[Button]:
    """Buttons (or quick replies) of the latest bot message since the visitor spoke."""
    for event in reversed(list(events)):
        if isinstance(event, UserUttered):
            return []
        if isinstance(event, BotUttered):
            options = event.data.get("buttons") or event.data.get("quick_replies")
            if options:
                return list(options)
    return []


async def buttons_from_tracker(request: Request, sender_id: str) -> list[Button]:
    """`offered_buttons` of `sender_id`'s conversation in the running Rasa agent."""
    agent = getattr(request.app.ctx, "agent", None)
    tracker_store = getattr(agent, "tracker_store", None)
    if tracker_store is None:
        return []
    tracker = await tracker_store.retrieve(sender_id)
    return offered_buttons(tracker.events) if tracker else []
