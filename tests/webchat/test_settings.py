"""The web chat's settings: checked when it starts, named when wrong; colours that
stay readable whatever the clinic picks."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.settings import (
    SettingsError,
    get_settings,
    get_webchat_settings,
    hex_colour,
    logo_url,
    origins,
)
from bot.webchat.branding import (
    AA_TEXT,
    LIGHT_BACKGROUNDS,
    contrast,
    readable_on_light,
    text_on,
)


@pytest.fixture(autouse=True)
def fresh_settings() -> Iterator[None]:
    get_settings.cache_clear()
    get_webchat_settings.cache_clear()
    yield
    get_settings.cache_clear()
    get_webchat_settings.cache_clear()


def test_allowed_origins_are_written_as_browsers_write_them() -> None:
    assert origins(" https://Clinic.Example/ , http://127.0.0.1:8070,,") == (
        "https://clinic.example",
        "http://127.0.0.1:8070",
    )
    assert origins("https://a.example:443,http://a.example:80") == (
        "https://a.example",
        "http://a.example",
    )
    assert origins("") == ()


@pytest.mark.parametrize(
    "bad",
    ["*", "https://*.clinic.example", "https://clinic.example/page", "clinic.example",
     "ftp://clinic.example", "https://user@clinic.example", "https://clinic.example:x",
     "https://clinic.example?a=1", "'self'"],
)  # fmt: skip
def test_anything_but_an_origin_is_refused_by_name(bad: str) -> None:
    with pytest.raises(SettingsError, match="WEBCHAT_ALLOWED_ORIGINS"):
        origins(f"https://ok.example,{bad}")


@pytest.mark.parametrize(
    ("given", "kept"), [("#1F5FBF", "#1f5fbf"), ("#abc", "#aabbcc")]
)
def test_a_hex_colour_is_kept_in_one_spelling(given: str, kept: str) -> None:
    assert hex_colour(given) == kept


@pytest.mark.parametrize(
    "bad", ["1f5fbf", "#12345", "#ggg", "red", "#1f5fbf; background: url(x)", ""]
)
def test_a_colour_that_is_not_hex_is_refused_by_name(bad: str) -> None:
    with pytest.raises(SettingsError, match="CLINIC_COLOUR"):
        hex_colour(bad)


@pytest.mark.parametrize(
    "bad",
    ["//evil.example/logo.png", "/\\evil.example/logo.png", "javascript:alert(1)",
     "data:image/png;base64,AAAA", "logo.png", 'https://a.example/x"onerror=1'],
)  # fmt: skip
def test_a_logo_must_be_an_http_address_or_our_own_path(bad: str) -> None:
    with pytest.raises(SettingsError, match="CLINIC_LOGO_URL"):
        logo_url(bad)
    assert logo_url("https://cdn.example/logo.png") == "https://cdn.example/logo.png"
    assert logo_url("/static/logo.png") == "/static/logo.png"


def test_the_settings_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WEBCHAT_ALLOWED_ORIGINS", "https://clinic.example")
    monkeypatch.setenv("CLINIC_COLOUR", "#0A0")
    monkeypatch.setenv("CLINIC_LOGO_URL", "https://cdn.example/l.png")
    monkeypatch.setenv("CLINIC_NAME", "Test Clinic")
    monkeypatch.setenv("RETENTION_DAYS", "90")
    settings = get_webchat_settings()
    assert settings.allowed_origins == ("https://clinic.example",)
    assert settings.colour == "#00aa00"
    assert settings.logo_url == "https://cdn.example/l.png"
    assert settings.clinic_name == "Test Clinic" and settings.retention_days == 90


def test_without_settings_no_site_may_embed_and_the_colour_is_the_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("WEBCHAT_ALLOWED_ORIGINS", "CLINIC_COLOUR", "CLINIC_LOGO_URL"):
        monkeypatch.delenv(name, raising=False)
    settings = get_webchat_settings()
    assert settings.allowed_origins == () and settings.logo_url == ""
    assert settings.colour == "#1f5fbf"


@pytest.mark.parametrize("number", ["911", "112", "000", "+44 999", "1-800-273-8255"])
def test_the_emergency_number_is_one_a_phone_can_dial(
    number: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EMERGENCY_NUMBER", number)
    assert get_settings().emergency_number == number


@pytest.mark.parametrize("bad", ["9", "call 911", "911;", "tel:911"])
def test_an_emergency_number_that_cannot_be_dialled_is_refused(
    bad: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EMERGENCY_NUMBER", bad)
    with pytest.raises(SettingsError, match="EMERGENCY_NUMBER"):
        get_settings()


COLOURS = ["#1f5fbf", "#ffd400", "#ffffff", "#000000", "#777777", "#00ff00", "#ff69b4",
           "#8e1c1c", "#e8f0fc", "#3a7bd5", "#0a0a0a", "#f4f6f8"]  # fmt: skip


@pytest.mark.parametrize("colour", COLOURS)
def test_text_on_the_colour_reads_at_aa(colour: str) -> None:
    assert contrast(text_on(colour), colour) >= AA_TEXT


@pytest.mark.parametrize("colour", COLOURS)
def test_the_colour_as_text_reads_on_every_light_background(colour: str) -> None:
    shade = readable_on_light(colour)
    assert all(contrast(shade, bg) >= AA_TEXT for bg in LIGHT_BACKGROUNDS)
    if min(contrast(colour, bg) for bg in LIGHT_BACKGROUNDS) >= AA_TEXT:
        assert shade == colour  # a dark enough colour is left as it is
