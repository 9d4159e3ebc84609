"""Serve the chat page and relay its messages to Rasa's REST channel.

The browser never chooses its conversation id: the server gives each visitor a random
one in an HttpOnly cookie, so one visitor cannot write into another's conversation.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import secrets
from pathlib import Path

from aiohttp import ClientError, ClientSession, ClientTimeout, web

STATIC = Path(__file__).parent / "static"
COOKIE = "screening_sid"
MAX_MESSAGE_CHARS = 2000
RASA_TIMEOUT = ClientTimeout(total=30)
UNAVAILABLE = "The assistant is unavailable right now. Please try again shortly."
RASA_WEBHOOK = web.AppKey("rasa_webhook", str)
HTTP = web.AppKey("http", ClientSession)
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


def create_app(rasa_url: str) -> web.Application:
    app = web.Application(middlewares=[_security_headers], client_max_size=64 * 1024)
    app[RASA_WEBHOOK] = f"{rasa_url}/webhooks/rest/webhook"
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
        body = await request.json()
    except ValueError:
        return _error(400, 'Please send JSON like {"message": "..."}.')
    message = body.get("message") if isinstance(body, dict) else None
    if not isinstance(message, str) or not message.strip():
        return _error(400, "Please type a message before sending.")
    if len(message) > MAX_MESSAGE_CHARS:
        return _error(
            413, f"Please keep each message under {MAX_MESSAGE_CHARS} characters."
        )
    sender = request.cookies.get(COOKIE) or secrets.token_urlsafe(18)
    replies = await _ask_rasa(request.app, sender, message)
    if replies is None:
        return _error(503, UNAVAILABLE)
    response = web.json_response({"messages": replies})
    response.set_cookie(COOKIE, sender, httponly=True, samesite="Strict", max_age=86400)
    return response


async def _ask_rasa(app: web.Application, sender: str, message: str) -> list | None:
    """Rasa's replies, or None when it is down, slow or answers something odd.

    (On Python 3.10 aiohttp's timeout is `asyncio.TimeoutError`, not `TimeoutError`.)
    """
    try:
        async with app[HTTP].post(
            app[RASA_WEBHOOK], json={"sender": sender, "message": message}
        ) as reply:
            if reply.status != 200:
                logger.warning("Rasa answered HTTP %s", reply.status)
                return None
            replies = await reply.json()
    except (ClientError, OSError, ValueError, asyncio.TimeoutError) as error:
        logger.warning("Rasa unreachable: %s", type(error).__name__)
        return None
    if not isinstance(replies, list):
        logger.warning("Rasa answered something other than a list of messages")
        return None
    return replies


def _error(status: int, text: str) -> web.Response:
    return web.json_response({"error": text}, status=status)
