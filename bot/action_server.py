"""The action server's front door: only Rasa, on this machine, in JSON.

Left as rasa_sdk starts it, the action server listens on every interface and runs
any call it gets, in any content type. A web page open in a staff member's browser
could then post a made-up conversation to http://127.0.0.1:5055/webhook as
text/plain (a request browsers send without asking first) and have a screening
stored. `prepare()`, run by `python -m bot serve rasa_sdk`, closes that:

- the server listens on 127.0.0.1 unless SANIC_HOST says otherwise (rasa_sdk reads
  it when it starts);
- every call but /health must carry Rasa's token, `Authorization: Bearer <token>`
  (endpoints.yml sends it), or gets 401. A browser cannot add that header without
  asking the server first, and the server allows no other origin;
- a POST that is not application/json gets 415.

Even a call that passes stores nothing unless its conversation is one the Rasa
server holds (bot/storage/conversations.py).

The token is ACTION_SERVER_TOKEN, else one generated once per checkout into
var/action_server_token (owner only); `python -m bot serve rasa` gives Rasa the
same one, in its environment, for endpoints.yml's `${ACTION_SERVER_TOKEN}`.
"""

from __future__ import annotations

import hmac
import os

import pluggy
from rasa_sdk.plugin import plugin_manager
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.settings import ACTION_SERVER_TOKEN_ENV, PROJECT_ROOT
from bot.staff.config import stored_secret

TOKEN_FILE = PROJECT_ROOT / "var" / "action_server_token"
HOST_ENV = "SANIC_HOST"  # where rasa_sdk's `run` listens (its default: 0.0.0.0)
LOOPBACK = "127.0.0.1"
# Rasa's channels probe it before each message (bot/channels/availability.py).
OPEN_PATHS = frozenset({"/health"})
BEARER = "Bearer "
PLUGIN_NAME = "bot.action_server"

hookimpl = pluggy.HookimplMarker("rasa_sdk")


def token() -> str:
    """The token Rasa sends the action server: $ACTION_SERVER_TOKEN, else the
    generated one."""
    configured = os.environ.get(ACTION_SERVER_TOKEN_ENV, "").strip()
    return configured or stored_secret(TOKEN_FILE)


def prepare(expected_token: str) -> None:
    """Make the action server rasa_sdk is about to start listen on 127.0.0.1 (unless
    SANIC_HOST is set) and refuse calls without `expected_token`."""
    os.environ.setdefault(HOST_ENV, LOOPBACK)
    manager = plugin_manager()
    if manager.has_plugin(PLUGIN_NAME):
        manager.unregister(name=PLUGIN_NAME)
    manager.register(Gate(expected_token), name=PLUGIN_NAME)


class Gate:
    """A rasa_sdk plugin: checks every request before rasa_sdk's routes see it."""

    def __init__(self, expected_token: str) -> None:
        self._expected = expected_token

    @hookimpl
    def attach_sanic_app_extensions(self, app: Sanic) -> None:
        app.register_middleware(self.check, "request")

    async def check(self, request: Request) -> HTTPResponse | None:
        return refusal(request, self._expected)


def refusal(request: Request, expected_token: str) -> HTTPResponse | None:
    """401 or 415 for a request that is not Rasa's; None lets it through."""
    if request.path in OPEN_PATHS:
        return None
    if not _carries(request.headers.get("authorization", ""), expected_token):
        return response.json({"error": "Rasa's token is required."}, status=401)
    if request.method == "POST" and _media_type(request) != "application/json":
        return response.json({"error": "Send application/json."}, status=415)
    return None


def _carries(authorization: str, expected_token: str) -> bool:
    given = authorization[len(BEARER) :] if authorization.startswith(BEARER) else ""
    return bool(expected_token) and hmac.compare_digest(
        given.encode(), expected_token.encode()
    )


def _media_type(request: Request) -> str:
    content_type = request.headers.get("content-type", "")
    return content_type.split(";", 1)[0].strip().lower()
