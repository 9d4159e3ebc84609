"""A mock clinic website with the chat widget on it, for trying the embedding.

`make run` starts it on http://127.0.0.1:8070 while the chat is on
http://localhost:8080: another host name, so the browser treats the chat as a
third-party iframe exactly as on a real clinic's site (cross-site cookie rules,
frame-ancestors), and `make run` allows this page's origin in
WEBCHAT_ALLOWED_ORIGINS. The page is the widget's one-line snippet on a plain page.

    python -m bot.webchat.demo --port 8070 --chat-url http://localhost:8080
"""

from __future__ import annotations

import argparse
import html
import logging
from collections.abc import Sequence
from string import Template

from aiohttp import web

from bot.webchat.pages import TEMPLATES

DEFAULT_PORT = 8070


def demo_origin(port: int = DEFAULT_PORT) -> str:
    """Where the demo page is: 127.0.0.1, so another site than the chat's localhost."""
    return f"http://127.0.0.1:{port}"


def demo_page(chat_url: str, page_origin: str) -> str:
    """The clinic page, with the widget's snippet pointing at `chat_url`."""
    template = Template((TEMPLATES / "demo_clinic.html").read_text(encoding="utf-8"))
    return template.substitute(
        chat_origin=html.escape(chat_url.rstrip("/")),
        page_origin=html.escape(page_origin),
    )


def create_app(chat_url: str, port: int) -> web.Application:
    page = demo_page(chat_url, demo_origin(port))

    async def index(request: web.Request) -> web.Response:
        return web.Response(text=page, content_type="text/html", charset="utf-8")

    app = web.Application()
    app.router.add_get("/", index)
    return app


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--chat-url", default="http://localhost:8080")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    app = create_app(args.chat_url, args.port)
    web.run_app(app, host="127.0.0.1", port=args.port, print=None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
