"""The staff app's settings, read from the environment when the app is started.

STAFF_SECRET_KEY signs the session cookies; without it a key is generated once per
checkout into var/staff_secret_key (readable by the owner only), so sessions survive
a restart. STAFF_SESSION_IDLE_MINUTES (default 30) logs a quiet session out;
STAFF_SESSION_MAX_HOURS (default 12) ends any session; STAFF_SECURE_COOKIES=1 sends
the cookies over HTTPS only (set it wherever the app is served over TLS).

STAFF_TRUSTED_PROXIES (default 0) is how many proxies in front of the app add to
X-Forwarded-For (and X-Forwarded-Proto): 1 behind one TLS proxy. The login throttle
then counts failures by the address the proxy saw rather than by the proxy's own.
Set it only when every request passes those proxies: otherwise a client names its
own address in the header. With 0 the headers are ignored.

CLINIC_TIMEZONE (default UTC) is the IANA zone staff read times and dates in, e.g.
America/Toronto. BOOKING_WEBHOOK_SECRET (at least 32 characters) turns on
POST /api/bookings for the booking system (bot/staff/booking_webhook.py); without
it the webhook answers 404. CONTACT_KEY decrypts call-back contact details
(bot/storage/contact_crypto.py); without it they show as unavailable.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.settings import PROJECT_ROOT
from bot.storage.contact_crypto import ContactCipher, ContactKeyError, contact_cipher

UTC = ZoneInfo("UTC")
SECRET_KEY_FILE = PROJECT_ROOT / "var" / "staff_secret_key"
MIN_SECRET_KEY_CHARS = 32


class ConfigError(ValueError):
    """A staff setting is unusable; the message names the variable."""


@dataclass(frozen=True)
class StaffConfig:
    secret_key: str
    session_idle: timedelta = timedelta(minutes=30)
    session_max: timedelta = timedelta(hours=12)
    secure_cookies: bool = False
    trusted_proxies: int = 0
    clinic_timezone: ZoneInfo = UTC
    booking_webhook_secret: str = ""
    contact_cipher: ContactCipher | None = None


def load_config(key_file: Path = SECRET_KEY_FILE) -> StaffConfig:
    """The settings from the environment; `ConfigError` names a bad variable."""
    return StaffConfig(
        secret_key=_secret_key(key_file),
        session_idle=timedelta(minutes=_whole("STAFF_SESSION_IDLE_MINUTES", 30)),
        session_max=timedelta(hours=_whole("STAFF_SESSION_MAX_HOURS", 12)),
        secure_cookies=_flag("STAFF_SECURE_COOKIES"),
        trusted_proxies=_whole("STAFF_TRUSTED_PROXIES", 0, least=0),
        clinic_timezone=clinic_timezone(os.environ.get("CLINIC_TIMEZONE", "")),
        booking_webhook_secret=_webhook_secret(),
        contact_cipher=_contact_cipher(),
    )


def clinic_timezone(name: str) -> ZoneInfo:
    """CLINIC_TIMEZONE as a zone; UTC when empty; ConfigError for an unknown name."""
    name = name.strip()
    if not name:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"CLINIC_TIMEZONE: {name!r} is not a time zone; use an IANA name such as "
            "America/Toronto or Europe/London"
        ) from None


def _webhook_secret() -> str:
    secret = os.environ.get("BOOKING_WEBHOOK_SECRET", "").strip()
    if secret and len(secret) < MIN_SECRET_KEY_CHARS:
        raise ConfigError(
            f"BOOKING_WEBHOOK_SECRET needs at least {MIN_SECRET_KEY_CHARS} characters"
        )
    return secret


def _contact_cipher() -> ContactCipher | None:
    try:
        return contact_cipher()
    except ContactKeyError as error:
        raise ConfigError(str(error)) from None


def _secret_key(key_file: Path) -> str:
    key = os.environ.get("STAFF_SECRET_KEY", "").strip()
    if not key:
        return stored_secret(key_file)
    if len(key) < MIN_SECRET_KEY_CHARS:
        raise ConfigError(
            f"STAFF_SECRET_KEY needs at least {MIN_SECRET_KEY_CHARS} characters; make "
            "one with: python -c 'import secrets; print(secrets.token_urlsafe(48))'"
        )
    return key


def stored_secret(
    path: Path, make: Callable[[], str] = lambda: secrets.token_urlsafe(48)
) -> str:
    """The secret in `path`, created there (mode 0600) by `make` on first use."""
    if not path.exists():
        _create_secret(path, make)
    return path.read_text().strip()


def _create_secret(path: Path, make: Callable[[], str]) -> None:
    """Write a new secret next to `path`, then link it into place: two processes
    starting at once keep the same one, and neither reads a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as file:
        file.write(make())
    try:
        os.link(draft, path)
    except FileExistsError:
        pass
    finally:
        draft.unlink()


def _whole(name: str, default: int, least: int = 1) -> int:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) < least:
        raise ConfigError(
            f"{name} must be a whole number of at least {least}, not {text!r}."
        )
    return int(text)


def _flag(name: str) -> bool:
    text = os.environ.get(name, "").strip().lower()
    if text in ("", "0", "false", "no"):
        return False
    if text in ("1", "true", "yes"):
        return True
    raise ConfigError(f"{name} must be 1 or 0, not {text!r}.")
