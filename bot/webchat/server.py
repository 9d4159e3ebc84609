"""Serve the chat page and relay its messages to Rasa's REST channel.

The page is meant to run inside an iframe on the clinic's own website (the widget,
static/widget.js); `security.py` explains the framing, cookie and origin rules that
follow from that, and every /api/ request passes its `refusal` check first.

The browser never chooses its conversation id: the server gives each visitor a random
`web-…` id in an HttpOnly cookie signed with HMAC-SHA256 (`conversation_ids`), and a
cookie it did not sign (made up, altered, another channel's id) starts a fresh
conversation, so one visitor cannot write into another's conversation. The relay
shows the signed cookie to the REST channel, which accepts `web-` ids only so.

A client's mistake gets a 400 that says what to do: a body that is not JSON (or is
nested too deeply to read), a message with nothing readable in it; so does a
message the REST channel refuses (its 400 or 413 and its error are passed on).
Only Rasa being down, slow or answering something else is a 503.

Besides /api/messages: /api/history gives back the conversation of the visitor's
cookie for a reloaded page (`history.py`), /api/start-over gives the visitor a new
conversation id, /api/config and /brand.css the clinic's name and colours
(`branding.py`), /privacy says what is kept and for how long (`pages.py`), and
/book/<ref> counts a booking link's click and forwards (`booking_redirect.py`).
Outcome cards are put in place of their text on the way (`cards.py`).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from aiohttp import ClientError, ClientResponse, ClientSession, ClientTimeout, web
from aiohttp.typedefs import Handler

from bot.channels.conversation_ids import WEB_CHAT_HEADER, WebChatIds
from bot.channels.message_text import UnusableText, check_text
from bot.settings import (
    RASA_API_TOKEN_ENV,
    SettingsError,
    WebChatSettings,
    get_webchat_settings,
)
from bot.webchat import booking_redirect, pages, security
from bot.webchat.branding import brand_css, page_config
from bot.webchat.cards import fold_cards
from bot.webchat.history import HistoryUnavailable, fetch_events, history

STATIC = Path(__file__).parent / "static"
COOKIE = "screening_sid"
COOKIE_MAX_AGE_S = 86400
RASA_TIMEOUT = ClientTimeout(total=30)
UNAVAILABLE = "The assistant is unavailable right now. Please try again shortly."
NOT_JSON = 'Please send JSON like {"message": "..."}.'
RASA_URL = web.AppKey("rasa_url", str)
RASA_TOKEN = web.AppKey("rasa_token", str)
HTTP = web.AppKey("http", ClientSession)
IDS = web.AppKey("conversation_ids", WebChatIds)
SETTINGS = web.AppKey("settings", WebChatSettings)
HEADERS = web.AppKey("security_headers", dict[str, str])
PAGES = web.AppKey("pages", dict[str, str])
# What Rasa being down, slow or odd raises. (On Python 3.10 aiohttp's timeout is
# `asyncio.TimeoutError`, not `TimeoutError`.)
RASA_FAILURES = (ClientError, OSError, ValueError, asyncio.TimeoutError)

logger = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--rasa-url", default="http://127.0.0.1:5005")


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO)
    try:
        app = create_app(args.rasa_url)
    except SettingsError as error:
        logger.error("The web chat cannot start: %s", error)
        return 1
    web.run_app(app, host="127.0.0.1", port=args.port)
    return 0


def create_app(
    rasa_url: str,
    ids: WebChatIds | None = None,
    settings: WebChatSettings | None = None,
    rasa_token: str | None = None,
) -> web.Application:
    """The web chat app. By default `ids` has the key from the environment or var/,
    `settings` come from the environment, and `rasa_token` is RASA_API_TOKEN."""
    settings = settings or get_webchat_settings()
    app = web.Application(middlewares=[_security_headers], client_max_size=64 * 1024)
    app[RASA_URL] = rasa_url
    app[RASA_TOKEN] = _env_token() if rasa_token is None else rasa_token
    app[IDS] = ids or WebChatIds.from_environment()
    app[SETTINGS] = settings
    app[HEADERS] = security.security_headers(settings)
    app[PAGES] = {
        "index": pages.chat_page(settings),
        "privacy": pages.privacy_page(settings, COOKIE_MAX_AGE_S),
        "brand.css": brand_css(settings),
    }
    app.cleanup_ctx.append(_http_client)
    _add_routes(app.router)
    return app


def _env_token() -> str:
    return os.environ.get(RASA_API_TOKEN_ENV, "").strip()


def _add_routes(router: web.UrlDispatcher) -> None:
    router.add_get("/", _index)
    router.add_get("/privacy", _privacy)
    router.add_get("/brand.css", _brand_css)
    router.add_get("/healthz", _health)
    router.add_get("/api/config", _config)
    router.add_get("/api/history", _history)
    router.add_post("/api/messages", _relay)
    router.add_post("/api/start-over", _start_over)
    router.add_get("/book/{ref}", booking_redirect.book)  # and HEAD
    router.add_static("/static", STATIC)


async def _http_client(app: web.Application) -> AsyncIterator[None]:
    async with ClientSession(timeout=RASA_TIMEOUT) as session:
        app[HTTP] = session
        yield


@web.middleware
async def _security_headers(
    request: web.Request, handler: Handler
) -> web.StreamResponse:
    """The CSP and friends on every answer; /api/ requests from another origin, or
    from a page embedded where it may not be, are refused first (security.py)."""
    checked = request.path.startswith("/api/") and request.path != "/api/config"
    allowed = request.app[SETTINGS].allowed_origins
    why = security.refusal(request, allowed) if checked else None
    response = _error(403, why) if why else await handler(request)
    headers: dict[str, str] = request.app[HEADERS]
    response.headers.update(headers)
    return response


async def _index(request: web.Request) -> web.Response:
    return _html(request.app[PAGES]["index"])


async def _privacy(request: web.Request) -> web.Response:
    return _html(request.app[PAGES]["privacy"])


async def _brand_css(request: web.Request) -> web.Response:
    return web.Response(text=request.app[PAGES]["brand.css"], content_type="text/css")


async def _config(request: web.Request) -> web.Response:
    """The clinic's name, phone and colours: public, so any site may read them
    (the widget on the clinic's page names the chat with them)."""
    response = web.json_response(page_config(request.app[SETTINGS]))
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


async def _health(request: web.Request) -> web.Response:
    return web.Response(text="ok")


async def _relay(request: web.Request) -> web.Response:
    try:
        message = check_text(await _message(request))
    except UnusableText as unusable:
        return _error(unusable.status, unusable.reason)
    ids = request.app[IDS]
    conversation = _conversation(request) or ids.new_id()
    cookie = ids.cookie_value(conversation)
    status, answer = await _ask_rasa(request.app, conversation, cookie, message)
    if status != 200:
        return _error(status, answer)
    return _with_cookie(web.json_response({"messages": fold_cards(answer)}), cookie)


async def _history(request: web.Request) -> web.Response:
    """The conversation of the visitor's cookie so far; none without a cookie we
    signed (Rasa is not asked then)."""
    conversation = _conversation(request)
    if conversation is None:
        return web.json_response({"messages": []})
    app = request.app
    try:
        events = await fetch_events(
            app[HTTP], app[RASA_URL], app[RASA_TOKEN], conversation
        )
    except (HistoryUnavailable, *RASA_FAILURES) as error:
        logger.warning("History unavailable: %s", type(error).__name__)
        return _error(503, UNAVAILABLE)
    return web.json_response({"messages": history(events)})


async def _start_over(request: web.Request) -> web.Response:
    """A new conversation: a new id in a new cookie. The old conversation stays in
    Rasa (and the database) as any other; this browser just no longer names it."""
    ids = request.app[IDS]
    cookie = ids.cookie_value(ids.new_id())
    return _with_cookie(web.json_response({"messages": []}), cookie)


def _conversation(request: web.Request) -> str | None:
    """The conversation id the request's cookie carries, if we signed it."""
    return request.app[IDS].id_from_cookie(request.cookies.get(COOKIE))


def _with_cookie(response: web.Response, cookie: str) -> web.Response:
    header = security.cookie_header(COOKIE, cookie, COOKIE_MAX_AGE_S)
    response.headers.add("Set-Cookie", header)
    return response


def _html(text: str) -> web.Response:
    return web.Response(text=text, content_type="text/html", charset="utf-8")


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
    when it is down, slow or answers something odd."""
    try:
        async with app[HTTP].post(
            f"{app[RASA_URL]}/webhooks/rest/webhook",
            json={"sender": sender, "message": message},
            headers={WEB_CHAT_HEADER: cookie},
        ) as reply:
            body = await reply.json() if _is_json(reply) else None
    except RASA_FAILURES as error:
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
