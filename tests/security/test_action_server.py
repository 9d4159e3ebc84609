"""The action server's front door (bot/action_server.py), request by request.

Issue 13, item 6: the action server ran any call, from anyone, in any content type;
a web page could post a made-up conversation as text/plain. The running servers are
checked in tests/security/test_local_access.py.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sanic.compat import Header

from bot.action_server import refusal

TOKEN = "s3cret-token-of-the-rasa-server"
JSON = "application/json"


def request(
    authorization: str | None = f"Bearer {TOKEN}",
    content_type: str = JSON,
    *,
    path: str = "/webhook",
    method: str = "POST",
) -> SimpleNamespace:
    headers = Header({"Content-Type": content_type})
    if authorization is not None:
        headers["Authorization"] = authorization
    return SimpleNamespace(path=path, method=method, headers=headers)


def status(req: SimpleNamespace) -> int | None:
    refused = refusal(req, TOKEN)
    return refused.status if refused else None


@pytest.mark.parametrize(
    "authorization",
    [None, "", "Bearer ", "Bearer wrong", TOKEN, f"Basic {TOKEN}", f"Bearer {TOKEN}x"],
)
def test_item6_a_call_without_rasas_token_gets_401(authorization: str | None) -> None:
    assert status(request(authorization)) == 401


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", ""]
)
def test_item6_a_post_that_is_not_json_gets_415(content_type: str) -> None:
    assert status(request(content_type=content_type)) == 415


def test_item6_rasas_calls_go_through() -> None:
    assert status(request()) is None
    assert status(request(content_type="Application/JSON; charset=utf-8")) is None
    assert status(request(path="/actions", method="GET")) is None


def test_item6_only_the_health_check_is_open() -> None:
    """Rasa's channels ask it before each message (bot/channels/availability.py)."""
    assert status(request(None, path="/health", method="GET")) is None
    assert status(request(None, path="/actions", method="GET")) == 401


def test_item6_no_token_configured_lets_nothing_through() -> None:
    assert refusal(request("Bearer "), "").status == 401
