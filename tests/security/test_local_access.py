"""Other local users and web pages, against the running bot (issue 13, items 6, 10).

Item 6: the action server listened on every interface and stored a screening for
any conversation posted to it, so a web page open in a staff member's browser could
store a "not indicated" record over a real emergency. Item 10: the database was
readable by every local user, and the Rasa API token was on a command line.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from bot.screening import load_ruleset
from bot.stack import LocalStack
from bot.storage.db import Database
from bot.storage.models import ScreeningRow

pytestmark = pytest.mark.timeout(300)

RULES = load_ruleset()
LISTEN = "0A"  # the state of a listening socket in /proc/net/tcp
JSON = {"Content-Type": "application/json"}


def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def webhook(
    stack: LocalStack, body: bytes, headers: dict[str, str]
) -> tuple[int, bytes]:
    """A call to the action server, as Rasa makes them."""
    return post(f"http://127.0.0.1:{stack.ports.actions}/webhook", body, headers)


def forged_outcome_call(sender: str) -> bytes:
    """A call for the outcome of a screening where every answer was "no"."""
    slots = {
        "findings": {c: {"status": "absent"} for c in RULES.concept_ids},
        "age": 40,
        "onset": "recent",
        "story": True,
    }
    message = {"text": "recent", "intent": {"name": "inform"}, "entities": []}
    tracker: dict[str, Any] = {
        "sender_id": sender,
        "slots": slots,
        "latest_message": message,
        "events": [{"event": "user", "timestamp": 1.0, **message}],
        "latest_input_channel": "rest",
        "active_loop": {},
        "paused": False,
    }
    call = {"next_action": "action_screening_outcome", "sender_id": sender,
            "tracker": tracker, "domain": {}, "version": "3.6.21"}  # fmt: skip
    return json.dumps(call).encode()


def bearer(stack: LocalStack) -> dict[str, str]:
    return {"Authorization": f"Bearer {stack.actions_token}"}


def stored_screenings(database_url: str, sender: str) -> int:
    database = Database.from_url(database_url)
    try:
        with database.sessions() as session:
            return session.scalar(
                sa.select(sa.func.count(ScreeningRow.id)).where(
                    ScreeningRow.conversation_id == sender
                )
            )
    finally:
        database.dispose()


def listening_addresses(port: int) -> set[str]:
    """The local addresses (hex, as /proc/net shows them) listening on `port`."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == LISTEN and int(hex_port, 16) == port:
                found.add(address)
    return found


def test_item6_the_action_server_listens_on_127_0_0_1_only(
    bot_stack: LocalStack,
) -> None:
    assert listening_addresses(bot_stack.ports.actions) == {"0100007F"}


def test_item6_a_call_without_rasas_token_is_refused(bot_stack: LocalStack) -> None:
    body = forged_outcome_call(f"forged-{uuid.uuid4().hex}")
    assert webhook(bot_stack, body, JSON)[0] == 401
    wrong = {**JSON, "Authorization": "Bearer not-the-token"}
    assert webhook(bot_stack, body, wrong)[0] == 401


def test_item6_a_text_plain_call_is_refused(bot_stack: LocalStack) -> None:
    """What a web page can send without asking first (no CORS preflight)."""
    body = forged_outcome_call(f"forged-{uuid.uuid4().hex}")
    headers = {**bearer(bot_stack), "Content-Type": "text/plain"}
    assert webhook(bot_stack, body, headers)[0] == 415


def test_item6_a_forged_call_for_an_unknown_conversation_stores_nothing(
    bot_stack: LocalStack, database_url: str
) -> None:
    sender = f"forged-{uuid.uuid4().hex}"
    headers = {**bearer(bot_stack), **JSON}
    status, body = webhook(bot_stack, forged_outcome_call(sender), headers)
    assert status == 200  # the action's answer: it could not conclude
    responses = [r.get("response") for r in json.loads(body)["responses"]]
    assert responses == ["utter_something_went_wrong"]
    assert stored_screenings(database_url, sender) == 0


def test_item10_var_and_the_database_are_the_owners_only(
    bot_stack: LocalStack, database_url: str
) -> None:
    rest = f"{bot_stack.rasa_url}/webhooks/rest/webhook"
    message = json.dumps({"sender": f"e2e-{uuid.uuid4().hex}", "message": "hello"})
    assert post(rest, message.encode(), JSON)[0] == 200  # the database in use
    database = Path(database_url.removeprefix("sqlite:///"))
    assert database.parent == bot_stack.var_dir
    assert mode(bot_stack.var_dir) == 0o700
    for path in (database, database.with_name(database.name + "-wal")):
        assert path.exists() and mode(path) == 0o600, path.name


def test_item10_no_command_line_of_the_bot_holds_a_token(
    bot_stack: LocalStack,
) -> None:
    """`ps` shows every process's command line to every local user."""
    secrets = (bot_stack.api_token, bot_stack.actions_token)
    command_lines = stack_command_lines(bot_stack)
    assert len(command_lines) >= 3  # rasa, actions, webchat
    for command_line in command_lines:
        assert not any(secret in command_line for secret in secrets), command_line


def stack_command_lines(stack: LocalStack) -> list[str]:
    """The command lines of this stack's processes: those working in its workdir."""
    lines = []
    for proc in Path("/proc").iterdir():
        try:
            if Path(proc, "cwd").resolve() == stack.workdir.resolve():
                lines.append(Path(proc, "cmdline").read_bytes().decode())
        except (OSError, ValueError):
            continue  # gone meanwhile, or not ours to read
    return lines


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777
