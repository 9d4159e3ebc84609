"""Serve the chat page and relay its messages to Rasa's REST channel.

The browser never chooses its conversation id: the server gives each visitor a random
`web-…` id in an HttpOnly cookie signed with HMAC-SHA256 (`conversation_ids`), and a
cookie it did not sign (made up, altered, another channel's id) starts a fresh
conversation, so one visitor cannot write into another's conversation. The relay
shows the signed cookie to the REST channel, which accepts `web-` ids only so.

A client's mistake gets a 400 that says what to do: a body that is not JSON (or is
nested too deeply to read), a message with nothing readable in it; so does a
message the REST channel refuses (its 400 or 413 and its error are passed on).
Only Rasa being down, slow or answering something else is a 503.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from pathlib import Path
from typing import Any

from aiohttp import ClientError, ClientResponse, ClientSession, ClientTimeout, web

from bot.channels.conversation_ids import WEB_CHAT_HEADER, WebChatIds
from bot.channels.message_text import UnusableText, check_text

STATIC = Path(__file__).parent / "static"
COOKIE = "screening_sid"
COOKIE_MAX_AGE_S = 86400
RASA_TIMEOUT = ClientTimeout(total=30)
UNAVAILABLE = "The assistant is unavailable right now. Please try again shortly."
NOT_JSON = 'Please send JSON like {"message": "..."}.'
RASA_WEBHOOK = web.AppKey("rasa_webhook", str)
HTTP = web.AppKey("http", ClientSession)
IDS = web.AppKey("conversation_ids", WebChatIds)
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        "img-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

logger = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--rasa-url", default="http://127.0.0.1:5005")


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO)
    web.run_app(create_app(args.rasa_url), host="127.0.0.1", port=args.port)
    return 0


def create_app(rasa_url: str, ids: WebChatIds | None = None) -> web.Application:
    """The web chat app; `ids` defaults to the key from the environment or var/."""
    app = web.Application(middlewares=[_security_headers], client_max_size=64 * 1024)
    app[RASA_WEBHOOK] = f"{rasa_url}/webhooks/rest/webhook"
    app[IDS] = ids or WebChatIds.from_environment()
    app.cleanup_ctx.append(_http_client)
    app.router.add_get("/", _index)
    app.router.add_get("/healthz", _health)
    app.router.add_post("/api/messages", _relay)
    app.router.add_static("/static", STATIC)
    return app


async def _http_client(app: web.Application):
    async with ClientSession(timeout=RASA_TIMEOUT) as session:
        app[HTTP] = session
        yield


@web.middleware
async def _security_headers(request: web.Request, handler) -> web.StreamResponse:
    response = await handler(request)
    response.headers.update(SECURITY_HEADERS)
    return response


async def _index(request: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC / "index.html")


async def _health(request: web.Request) -> web.Response:
    return web.Response(text="ok")


async def _relay(request: web.Request) -> web.Response:
    try:
        message = check_text(await _message(request))
    except UnusableText as unusable:
        return _error(unusable.status, unusable.reason)
    ids = request.app[IDS]
    conversation = ids.id_from_cookie(request.cookies.get(COOKIE)) or ids.new_id()
    cookie = ids.cookie_value(conversation)
    status, answer = await _ask_rasa(request.app, conversation, cookie, message)
    if status != 200:
        return _error(status, answer)
    response = web.json_response({"messages": answer})
    response.set_cookie(
        COOKIE, cookie, httponly=True, samesite="Strict", max_age=COOKIE_MAX_AGE_S
    )
    return response


async def _message(request: web.Request) -> str:
    """The `message` string of the JSON body; raises UnusableText otherwise."""
    try:
        body = await request.json()
    except (ValueError, RecursionError):  # RecursionError: nested too deeply
        raise UnusableText(400, NOT_JSON) from None
    message = body.get("message") if isinstance(body, dict) else None
    if not isinstance(message, str):
        raise UnusableText(400, NOT_JSON)
    return message


async def _ask_rasa(
    app: web.Application, sender: str, cookie: str, message: str
) -> tuple[int, Any]:
    """(200, Rasa's replies), (400 or 413, why Rasa refused), or (503, UNAVAILABLE)
    when it is down, slow or answers something odd.

    (On Python 3.10 aiohttp's timeout is `asyncio.TimeoutError`, not `TimeoutError`.)
    """
    try:
        async with app[HTTP].post(
            app[RASA_WEBHOOK],
            json={"sender": sender, "message": message},
            headers={WEB_CHAT_HEADER: cookie},
        ) as reply:
            body = await reply.json() if _is_json(reply) else None
    except (ClientError, OSError, ValueError, asyncio.TimeoutError) as error:
        logger.warning("Rasa unreachable: %s", type(error).__name__)
        return 503, UNAVAILABLE
    if reply.status == 200 and isinstance(body, list):
        return 200, body
    refusal = body.get("error") if isinstance(body, dict) else None
    if reply.status in (400, 413) and isinstance(refusal, str) and refusal:
        return reply.status, refusal
    logger.warning("Rasa answered HTTP %s without usable replies", reply.status)
    return 503, UNAVAILABLE


def _is_json(reply: ClientResponse) -> bool:
    return reply.content_type == "application/json"


def _error(status: int, text: str) -> web.Response:
    return web.json_response({"error": text}, status=status)
