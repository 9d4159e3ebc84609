"""Clinic configuration read from the environment, so nothing clinic-specific is code.

Every value has a safe local default so `make run` works on a fresh machine; a
deployment sets the variables (see README, "Configuration").
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import SplitResult, urlsplit

from bot.screening.clinic import PLACEHOLDER_CLINIC, Clinic

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Secrets Rasa and the action server get in their environment, never on the command
# line (`ps` shows every process's command line to every local user). Without them,
# `python -m bot serve` uses a token generated once per checkout in var/.
RASA_API_TOKEN_ENV = "RASA_API_TOKEN"  # Rasa's HTTP API (`rasa run --auth-token`)
ACTION_SERVER_TOKEN_ENV = "ACTION_SERVER_TOKEN"  # Rasa -> action server (endpoints.yml)
# Files the processes create are their owner's only: the database holds health data.
PRIVATE_UMASK = 0o077
DEFAULT_COLOUR = "#1f5fbf"
_HEX_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
# What a phone can dial from a tel: link: digits, a leading +, spaces and dashes.
_DIALLABLE = re.compile(r"\+?[0-9][0-9 -]{1,18}[0-9]")
_DEFAULT_PORTS = {"http": 80, "https": 443}


class SettingsError(ValueError):
    """A setting is unusable; the message names the variable and what it needs."""


@dataclass(frozen=True)
class Settings:
    database_url: str
    booking_url: str
    clinic_name: str
    clinic_phone: str
    clinic_fax: str
    retention_days: int
    emergency_number: str = "911"
    clinic_country: str = "US"  # where a phone number without +country is read
    # Where the web chat server is reachable from the internet; booking links then
    # go through its /book/<ref>, which counts clicks. "" = straight to the clinic.
    public_chat_url: str = ""

    @property
    def clinic(self) -> Clinic:
        """The clinic's details, as the screening engine takes them."""
        return Clinic(
            self.clinic_name, self.clinic_phone, self.clinic_fax, self.booking_url
        )


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Read the settings once per process; tests call `get_settings.cache_clear()`."""
    return Settings(
        database_url=_env(
            "DATABASE_URL", f"sqlite:///{PROJECT_ROOT / 'var' / 'screening.db'}"
        ),
        booking_url=_env("CLINIC_BOOKING_URL", PLACEHOLDER_CLINIC.booking_url),
        clinic_name=_env("CLINIC_NAME", PLACEHOLDER_CLINIC.name),
        clinic_phone=_env("CLINIC_PHONE", PLACEHOLDER_CLINIC.phone),
        clinic_fax=_env("CLINIC_FAX", PLACEHOLDER_CLINIC.fax),
        retention_days=int(_env("RETENTION_DAYS", "365")),
        emergency_number=diallable("EMERGENCY_NUMBER", _env("EMERGENCY_NUMBER", "911")),
        clinic_country=country(_env("CLINIC_COUNTRY", "US")),
        public_chat_url=public_url("PUBLIC_CHAT_URL", _env("PUBLIC_CHAT_URL", "")),
    )


@dataclass(frozen=True)
class WebChatSettings:
    """What the web chat needs besides the clinic's details: where it may be
    embedded, and the clinic's branding. Only the web chat reads these, so a
    mistake in them stops the web chat (naming the variable), not the bot."""

    allowed_origins: tuple[str, ...]  # e.g. ("https://clinic.example",); () = none
    logo_url: str  # "" = no logo
    colour: str  # "#rrggbb"
    clinic_name: str
    clinic_phone: str
    retention_days: int


@lru_cache(maxsize=1)
def get_webchat_settings() -> WebChatSettings:
    """WEBCHAT_ALLOWED_ORIGINS, CLINIC_LOGO_URL and CLINIC_COLOUR, checked; raises
    SettingsError naming a bad one. Tests call `get_webchat_settings.cache_clear()`."""
    settings = get_settings()
    return WebChatSettings(
        allowed_origins=origins(_env("WEBCHAT_ALLOWED_ORIGINS", "")),
        logo_url=logo_url(_env("CLINIC_LOGO_URL", "")),
        colour=hex_colour(_env("CLINIC_COLOUR", DEFAULT_COLOUR)),
        clinic_name=settings.clinic_name,
        clinic_phone=settings.clinic_phone,
        retention_days=settings.retention_days,
    )


def origins(text: str) -> tuple[str, ...]:
    """The comma-separated origins of WEBCHAT_ALLOWED_ORIGINS, as browsers write
    them (lower case, no default port, no trailing slash), so they compare equal
    to an Origin header and read as CSP sources."""
    return tuple(
        dict.fromkeys(origin(part) for part in text.split(",") if part.strip())
    )


def origin(text: str) -> str:
    """One origin, `scheme://host[:port]`; SettingsError for anything else (a
    path, a wildcard, a user name), which CSP would read differently."""
    parts = urlsplit(text.strip())
    port = _port_of(parts)
    scheme = parts.scheme.lower()
    extra = (parts.path not in ("", "/"), parts.query, parts.fragment)
    if (
        scheme not in _DEFAULT_PORTS
        or not parts.hostname
        or any(c in parts.netloc for c in "*@")
        or port == -1
        or any(extra)
    ):
        raise SettingsError(
            f"WEBCHAT_ALLOWED_ORIGINS: {text.strip()!r} is not an origin; list the "
            "websites that embed the chat like https://clinic.example, "
            "https://www.clinic.example (scheme, host and port only)"
        )
    host = parts.hostname.lower()
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
    shown_port = "" if port in (None, _DEFAULT_PORTS[scheme]) else f":{port}"
    return f"{scheme}://{host}{shown_port}"


def _port_of(parts: SplitResult) -> int | None:
    """The port of `parts`: None for none, -1 for one urlsplit cannot read."""
    try:
        return parts.port
    except ValueError:  # "host:abc"
        return -1


def hex_colour(text: str) -> str:
    """CLINIC_COLOUR as `#rrggbb` (lower case); `#abc` is `#aabbcc`."""
    if not _HEX_COLOUR.fullmatch(text):
        raise SettingsError(
            f"CLINIC_COLOUR: {text!r} is not a hex colour; write it like #1f5fbf"
        )
    digits = text[1:].lower()
    if len(digits) == 3:
        digits = "".join(digit * 2 for digit in digits)
    return f"#{digits}"


def logo_url(text: str) -> str:
    """CLINIC_LOGO_URL: an http(s) address, or a path on the web chat itself
    (`/static/...`); "" for no logo. The web chat's CSP allows images from its
    origin, so anything else could not show anyway."""
    if not text:
        return ""
    parts = urlsplit(text)
    absolute = parts.scheme in _DEFAULT_PORTS and bool(parts.hostname)
    own_path = not parts.scheme and not parts.netloc and text[:1] == "/"
    if not (absolute or own_path) or any(c in text for c in "\"'<> \\"):
        raise SettingsError(
            f"CLINIC_LOGO_URL: {text!r} is not an http(s) address or a /path"
        )
    return text


def public_url(name: str, text: str) -> str:
    """An http(s) address without query or fragment, no trailing slash; "" stays ""."""
    if not text:
        return ""
    parts = urlsplit(text)
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname or parts.query:
        raise SettingsError(
            f"{name}: {text!r} is not an address like https://chat.clinic.example"
        )
    return text.rstrip("/")


def country(text: str) -> str:
    """CLINIC_COUNTRY: the ISO 3166 code (US, CA, GB...) phone numbers are read in."""
    import phonenumbers  # only here: settings are read by light processes too

    code = text.strip().upper()
    if code not in phonenumbers.SUPPORTED_REGIONS:
        raise SettingsError(
            f"CLINIC_COUNTRY: {text!r} is not a country code; use two letters such "
            "as US, CA or GB"
        )
    return code


def diallable(name: str, text: str) -> str:
    """A number a tel: link can dial (digits, + , spaces, dashes)."""
    if not _DIALLABLE.fullmatch(text):
        raise SettingsError(f"{name}: {text!r} is not a phone number, e.g. 911 or 112")
    return text
