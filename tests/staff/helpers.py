"""Test data and browser-less helpers for the staff app's tests."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask.testing import FlaskClient

from bot.storage.db import Database
from tests.storage.helpers import NOW, PASSWORD

HOSTILE_SCRIPT = '<script>alert("pwned")</script> my neck hurts on the right'
MARKDOWN_LINK = "[click me](javascript:alert(1)) and <b>no fever</b> at all"
NON_LATIN = "頭痛がします — у меня болит шея — صداع 🤕"
LONG_TEXT = "my jaw clicks " + "a" * 6000 + " END"


@dataclass(frozen=True)
class Message:
    sender: str  # "user" or "bot", as Rasa names them
    text: str
    symptoms: tuple[dict, ...] = ()  # symptom entities (spec section 4)
    buttons: tuple[tuple[str, str], ...] = ()  # a bot message's (payload, title)


def mention(text: str, phrase: str, concept: str, **attrs: object) -> dict:
    """The symptom entity for the first `phrase` in `text`."""
    start = text.index(phrase)
    return {
        "entity": "symptom",
        "value": concept,
        "start": start,
        "end": start + len(phrase),
        "negated": False,
        "side": None,
        "experiencer": "patient",
        "hypothetical": False,
        **attrs,
    }


def add_conversation(
    database: Database,
    conversation_id: str,
    messages: list[Message],
    at: datetime = NOW,
) -> None:
    """Write the messages as Rasa's SQL tracker store does, one second apart."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.events import BotUttered, UserUttered

    table = SQLTrackerStore.SQLEvent.__table__
    table.create(database.engine, checkfirst=True)
    rows = []
    for n, message in enumerate(messages):
        stamp = (at + timedelta(seconds=n)).timestamp()
        event = (
            UserUttered(
                message.text,
                parse_data={"entities": list(message.symptoms)},
                timestamp=stamp,
            )
            if message.sender == "user"
            else BotUttered(
                message.text,
                data={
                    "buttons": [{"payload": p, "title": t} for p, t in message.buttons]
                },
                timestamp=stamp,
            )
        )
        rows.append(
            {
                "sender_id": conversation_id,
                "type_name": event.type_name,
                "timestamp": stamp,
                "data": json.dumps(event.as_dict()),
            }
        )
    with database.engine.begin() as connection:
        connection.execute(table.insert(), rows)


def hostile_conversation() -> list[Message]:
    """A transcript of text that must show inert and intact."""
    return [
        Message("bot", "Hello! Where does it hurt? *markdown* stays text"),
        Message(
            "user",
            HOSTILE_SCRIPT,
            (
                mention(HOSTILE_SCRIPT, "neck hurts", "neck_pain", side="right"),
                mention(HOSTILE_SCRIPT, "on the right", "unilateral_head_pain"),
            ),
        ),
        Message(
            "user",
            MARKDOWN_LINK,
            (mention(MARKDOWN_LINK, "fever", "fever", negated=True),),
        ),
        Message("user", NON_LATIN),
        Message(
            "user", LONG_TEXT, (mention(LONG_TEXT, "jaw clicks", "jaw_joint_noise"),)
        ),
    ]


CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(client: FlaskClient, path: str = "/login") -> str:
    """The CSRF token of the form on `path` (the session's token)."""
    html = client.get(path).get_data(as_text=True)
    found = CSRF.search(html)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def login(client: FlaskClient, username: str, password: str = PASSWORD):
    token = csrf_token(client)
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token},
    )


def post(
    client: FlaskClient,
    path: str,
    data: dict | None = None,
    *,
    page: str = "/dashboard",
):
    """POST `data` to `path` with a valid CSRF token taken from `page` (the
    dashboard by default: it writes no audit row)."""
    token = csrf_token(client, page)
    return client.post(path, data={**(data or {}), "csrf_token": token})
