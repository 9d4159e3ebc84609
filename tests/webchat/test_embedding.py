"""The chat as a widget on a clinic's site: framing, cookie, origins, branding pages.

What security.py promises: the page may be framed by WEBCHAT_ALLOWED_ORIGINS only
(CSP frame-ancestors, no X-Frame-Options); the cookie works in a third-party iframe
(SameSite=None; Secure; Partitioned); a request from another origin, or from a page
embedded on a site the clinic did not allow, gets a clear 403 and reaches no Rasa.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.channels.conversation_ids import WebChatIds
from bot.webchat import server
from bot.webchat.security import (
    EMBEDDING_HEADER,
    FOREIGN_ORIGIN,
    NOT_ALLOWED_HERE,
    content_security_policy,
)

from .test_server import SETTINGS

IDS = WebChatIds(b"web-chat-test-secret-of-32-bytes")
Check = Callable[[TestClient], Awaitable[Any]]


def with_relay(check: Check, settings=SETTINGS) -> tuple[Any, list[dict]]:
    """Run `check` against the relay (before a Rasa that answers "Hello!")."""
    received: list[dict] = []

    async def webhook(request: web.Request) -> web.Response:
        received.append(await request.json())
        return web.json_response([{"recipient_id": "x", "text": "Hello!"}])

    async def run() -> Any:
        rasa = web.Application()
        rasa.router.add_post("/webhooks/rest/webhook", webhook)
        async with TestServer(rasa) as rasa_server:
            url = str(rasa_server.make_url("")).rstrip("/")
            app = server.create_app(url, IDS, settings, rasa_token="")
            async with TestClient(TestServer(app)) as relay:
                return await check(relay)

    return asyncio.run(run()), received


def post_message(headers: dict[str, str]) -> Check:
    async def check(relay: TestClient) -> tuple[int, Any, Any]:
        response = await relay.post(
            "/api/messages", json={"message": "hi"}, headers=headers
        )
        return response.status, await response.json(), response

    return check


def get(path: str, headers: dict[str, str] | None = None) -> Check:
    async def check(relay: TestClient) -> tuple[int, str, Any]:
        response = await relay.get(path, headers=headers or {})
        return response.status, await response.text(), response

    return check


def own_origin(relay: TestClient) -> str:
    return f"http://{relay.host}:{relay.port}"


# ---- framing ----------------------------------------------------------------------


def test_frame_ancestors_are_the_allowed_origins_and_no_x_frame_options() -> None:
    settings = dataclasses.replace(
        SETTINGS, allowed_origins=("https://clinic.example", "http://127.0.0.1:8070")
    )
    (status, _, response), _ = with_relay(get("/"), settings)
    assert status == 200
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors https://clinic.example http://127.0.0.1:8070;" in policy
    assert "X-Frame-Options" not in response.headers


def test_without_allowed_origins_no_site_may_frame_the_chat() -> None:
    settings = dataclasses.replace(SETTINGS, allowed_origins=())
    assert "frame-ancestors 'none'" in content_security_policy(settings)


def test_img_src_allows_the_logo_origin_and_nothing_else() -> None:
    settings = dataclasses.replace(
        SETTINGS, logo_url="https://cdn.clinic.example:8443/brand/logo.png"
    )
    policy = content_security_policy(settings)
    assert "img-src 'self' https://cdn.clinic.example:8443;" in policy
    assert "img-src 'self';" in content_security_policy(SETTINGS)


# ---- the cookie ----------------------------------------------------------------------


def test_the_cookie_works_in_a_third_party_iframe() -> None:
    (status, _, response), _ = with_relay(post_message({}))
    assert status == 200
    [header] = response.headers.getall("Set-Cookie")
    name, _, rest = header.partition("=")
    value, *attributes = (part.strip() for part in rest.split(";"))
    assert name == server.COOKIE and IDS.id_from_cookie(value)
    assert set(attributes) == {
        f"Max-Age={server.COOKIE_MAX_AGE_S}",
        "Path=/",
        "HttpOnly",
        "Secure",
        "SameSite=None",
        "Partitioned",
    }


# ---- origins -----------------------------------------------------------------------


def test_a_message_from_another_origin_is_refused_with_a_clear_403() -> None:
    check = post_message({"Origin": "https://evil.example"})
    (status, body, response), received = with_relay(check)
    assert (status, body) == (403, {"error": FOREIGN_ORIGIN})
    assert received == []
    assert "Set-Cookie" not in response.headers
    assert "Content-Security-Policy" in response.headers


def test_a_message_from_the_chats_own_origin_passes() -> None:
    async def check(relay: TestClient) -> int:
        headers = {"Origin": own_origin(relay)}
        response = await relay.post(
            "/api/messages", json={"message": "hi"}, headers=headers
        )
        return response.status

    status, received = with_relay(check)
    assert status == 200 and len(received) == 1


def test_a_client_without_origin_is_no_browser_and_passes() -> None:
    (status, _, _), received = with_relay(post_message({}))
    assert status == 200 and len(received) == 1


@pytest.mark.parametrize(
    ("claimed", "status"),
    [("https://clinic.example", 200), ("https://clinic.example/", 200),
     ("https://evil.example", 403), ("null", 403), ("", 403)],
)  # fmt: skip
def test_the_embedding_origin_must_be_allowed(claimed: str, status: int) -> None:
    async def check(relay: TestClient) -> tuple[int, Any]:
        headers = {"Origin": own_origin(relay), EMBEDDING_HEADER: claimed}
        response = await relay.post(
            "/api/messages", json={"message": "hi"}, headers=headers
        )
        return response.status, await response.json()

    (answer_status, body), received = with_relay(check)
    assert answer_status == status
    if status == 403:
        assert body == {"error": NOT_ALLOWED_HERE}
        assert "WEBCHAT_ALLOWED_ORIGINS" in body["error"]
        assert received == []


@pytest.mark.parametrize("path", ["/api/history", "/api/start-over"])
def test_the_other_api_routes_refuse_other_origins_too(path: str) -> None:
    async def check(relay: TestClient) -> int:
        headers = {"Origin": "https://evil.example"}
        method = relay.post if path.endswith("start-over") else relay.get
        response = await method(path, headers=headers)
        return response.status

    status, _ = with_relay(check)
    assert status == 403


# ---- branding and the privacy note ------------------------------------------------


def test_config_gives_the_clinic_and_readable_colours_to_any_site() -> None:
    settings = dataclasses.replace(SETTINGS, colour="#ffd400", logo_url="/static/l.png")
    headers = {"Origin": "https://clinic.example"}
    (status, text, response), _ = with_relay(get("/api/config", headers), settings)
    assert status == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    config = json.loads(text)
    assert config["clinic_name"] == "Test Clinic"
    assert config["clinic_phone"] == "555-0142"
    assert config["logo_url"] == "/static/l.png"
    assert config["colour"] == "#ffd400"
    assert config["on_colour"] == "#000000"  # yellow: black text reads, white not
    assert config["text_colour"] != "#ffd400"  # darkened to read on white


def test_brand_css_sets_the_colours_as_custom_properties() -> None:
    (status, text, response), _ = with_relay(get("/brand.css"))
    assert status == 200 and response.content_type == "text/css"
    assert "--brand: #1f5fbf;" in text and "--on-brand: #ffffff;" in text


def test_the_chat_page_names_the_clinic_and_shows_its_logo_escaped() -> None:
    settings = dataclasses.replace(
        SETTINGS,
        clinic_name="Smith & <Jones>",
        logo_url="https://cdn.example/logo.png?a=1&b=2",
    )
    (status, page, _), _ = with_relay(get("/"), settings)
    assert status == 200
    assert "Smith &amp; &lt;Jones&gt;" in page and "<Jones>" not in page
    assert 'src="https://cdn.example/logo.png?a=1&amp;b=2"' in page
    assert 'data-clinic-phone="555-0142"' in page


def test_the_placeholder_clinic_name_is_not_shown() -> None:
    settings = dataclasses.replace(SETTINGS, clinic_name="the clinic")
    (_, page, _), _ = with_relay(get("/"), settings)
    assert 'class="clinic"' not in page


def test_the_privacy_note_says_what_is_kept_and_for_how_long() -> None:
    (status, page, response), _ = with_relay(get("/privacy"))
    assert status == 200 and response.content_type == "text/html"
    assert "deleted after 30 days" in " ".join(page.split())
    assert "24 hours" in page
    assert 'href="tel:5550142"' in page
    (_, chat_page, _), _ = with_relay(get("/"))
    assert 'href="/privacy"' in chat_page
