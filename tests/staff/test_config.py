"""The staff app's settings from the environment, and the generated secret key."""

from __future__ import annotations

import stat
from datetime import timedelta
from pathlib import Path

import pytest

from bot.staff.config import ConfigError, StaffConfig, load_config, stored_secret

VARIABLES = (
    "STAFF_SECRET_KEY",
    "STAFF_SESSION_IDLE_MINUTES",
    "STAFF_SESSION_MAX_HOURS",
    "STAFF_SECURE_COOKIES",
    "STAFF_TRUSTED_PROXIES",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)


def test_defaults_with_a_generated_key_kept_for_the_owner(tmp_path: Path) -> None:
    key_file = tmp_path / "var" / "staff_secret_key"
    config = load_config(key_file)
    assert config == StaffConfig(secret_key=key_file.read_text())
    assert len(config.secret_key) >= 32
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert load_config(key_file).secret_key == config.secret_key  # kept
    assert list(key_file.parent.iterdir()) == [key_file]  # no draft left behind


def test_settings_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STAFF_SECRET_KEY", "s" * 40)
    monkeypatch.setenv("STAFF_SESSION_IDLE_MINUTES", "15")
    monkeypatch.setenv("STAFF_SESSION_MAX_HOURS", "8")
    monkeypatch.setenv("STAFF_SECURE_COOKIES", "1")
    monkeypatch.setenv("STAFF_TRUSTED_PROXIES", "2")
    key_file = tmp_path / "key"
    assert load_config(key_file) == StaffConfig(
        "s" * 40,
        timedelta(minutes=15),
        timedelta(hours=8),
        secure_cookies=True,
        trusted_proxies=2,
    )
    assert not key_file.exists()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("STAFF_SECRET_KEY", "too short"),
        ("STAFF_SESSION_IDLE_MINUTES", "0"),
        ("STAFF_SESSION_IDLE_MINUTES", "half an hour"),
        ("STAFF_SESSION_MAX_HOURS", "-3"),
        ("STAFF_SECURE_COOKIES", "maybe"),
        ("STAFF_TRUSTED_PROXIES", "-1"),
        ("STAFF_TRUSTED_PROXIES", "10.0.0.1"),
    ],
)
def test_a_bad_setting_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=name):
        load_config(tmp_path / "key")


def test_an_existing_secret_is_read_not_replaced(tmp_path: Path) -> None:
    key_file = tmp_path / "key"
    key_file.write_text("kept secret\n")
    assert stored_secret(key_file) == "kept secret"


def test_no_proxy_is_trusted_unless_configured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert load_config(tmp_path / "key").trusted_proxies == 0
    monkeypatch.setenv("STAFF_TRUSTED_PROXIES", "0")
    assert load_config(tmp_path / "key").trusted_proxies == 0
