"""The demo clinic page `make run` serves, with the widget's one-line snippet."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import local_run
from bot.stack import LocalStack, Ports
from bot.webchat.demo import demo_origin, demo_page


def test_the_demo_page_embeds_the_widget_with_the_snippet() -> None:
    page = demo_page("http://localhost:8080/", demo_origin(8070))
    snippet = '<script src="http://localhost:8080/static/widget.js" async></script>'
    assert snippet in page
    assert "http://127.0.0.1:8070" in page


def test_make_run_allows_the_demo_page_unless_origins_are_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stack = LocalStack(model=Path("unused"), api_token="x", ports=Ports(demo=8071))
    monkeypatch.delenv("WEBCHAT_ALLOWED_ORIGINS", raising=False)
    assert local_run.embedding_env(stack) == {
        "WEBCHAT_ALLOWED_ORIGINS": "http://127.0.0.1:8071"
    }
    monkeypatch.setenv("WEBCHAT_ALLOWED_ORIGINS", "https://clinic.example")
    assert local_run.embedding_env(stack) == {}


def test_the_demo_page_is_another_site_than_the_chat() -> None:
    """127.0.0.1 and localhost are two sites: the chat is a third-party iframe there,
    as on a clinic's own website."""
    stack = LocalStack(model=Path("unused"), api_token="x")
    assert stack.demo_url == "http://127.0.0.1:8070"
    assert stack.webchat_url.startswith("http://localhost:")
