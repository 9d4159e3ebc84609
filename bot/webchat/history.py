"""The visitor's conversation so far, from Rasa's tracker, for a reloaded page.

Only the conversation the visitor's signed cookie names is ever asked for (the
server reads the id from the cookie; the browser sends no id), so a visitor sees
their own messages and nobody else's. The messages are those of the current
session since the last restart: the visitor's texts, and the bot's as the REST
channel would have sent them (text cut at blank lines, buttons, cards folded as in
`cards.py`), so the page shows them as it showed them live.

Rasa's HTTP API needs its token (RASA_API_TOKEN, which the stack gives the web
chat's process): it is sent to Rasa on 127.0.0.1 only, never to the browser.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from aiohttp import ClientSession

from bot.dialogue.web_card import rest_pieces
from bot.webchat.cards import fold_cards

Message = dict[str, Any]


class HistoryUnavailable(Exception):
    """Rasa did not give the tracker (down, slow, refused the token)."""


async def fetch_events(
    http: ClientSession, rasa_url: str, token: str, conversation_id: str
) -> list[dict[str, Any]]:
    """The tracker events of `conversation_id` since its last restart."""
    params = {"include_events": "AFTER_RESTART", **({"token": token} if token else {})}
    url = f"{rasa_url}/conversations/{quote(conversation_id, safe='')}/tracker"
    async with http.get(url, params=params) as reply:
        tracker = await reply.json() if reply.status == 200 else None
    events = tracker.get("events") if isinstance(tracker, dict) else None
    if not isinstance(events, list):
        raise HistoryUnavailable(f"Rasa answered HTTP {reply.status}")
    return events


def history(events: list[dict[str, Any]]) -> list[Message]:
    """The messages of the last session: {"sender": "patient"|"bot", ...}."""
    messages: list[Message] = []
    bot_turn: list[Message] = []
    for event in _last_session(events):
        if event.get("event") == "bot":
            bot_turn.extend(_as_sent(event))
        elif event.get("event") == "user" and isinstance(event.get("text"), str):
            messages.extend(_from_bot(bot_turn))
            bot_turn = []
            messages.append({"sender": "patient", "text": event["text"]})
    return messages + _from_bot(bot_turn)


def _last_session(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    starts = [i for i, e in enumerate(events) if e.get("event") == "session_started"]
    return events[starts[-1] :] if starts else events


def _as_sent(event: dict[str, Any]) -> list[Message]:
    """A bot event as the REST channel sends it (Rasa's OutputChannel.send_response
    and CollectingOutputChannel)."""
    text = event.get("text")
    data = event.get("data") or {}
    sent: list[Message] = []
    if data.get("buttons"):
        sent.append({"text": text, "buttons": data["buttons"]})
    elif isinstance(text, str) and text:
        sent.extend({"text": piece} for piece in rest_pieces(text))
    if data.get("custom"):
        sent.append({"custom": data["custom"]})
    return sent


def _from_bot(turn: list[Message]) -> list[Message]:
    return [{"sender": "bot", **message} for message in fold_cards(turn)]
