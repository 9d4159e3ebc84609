"""Channel settings from `credentials.yml` or, failing that, the environment.

Secrets never live in the repository: the committed `credentials.yml` names the
connector classes only, and each value comes from an environment variable unless a
deployment's own credentials file sets it. Rasa's `${VAR}` expansion is not used
because it aborts the whole server when a variable is unset, and a fresh `make run`
without any Twilio or Facebook account must still start.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Setting:
    """One channel setting: its key in credentials.yml and its environment variable."""

    key: str
    env: str


def read_settings(
    settings: tuple[Setting, ...],
    credentials: Mapping[str, Any] | None,
    environ: Mapping[str, str] | None = None,
) -> dict[str, str | None]:
    """Each setting's value by key: credentials.yml first, then the environment.

    Blank values count as unset, so `KEY:` with nothing after it in credentials.yml
    falls through to the environment variable.
    """
    credentials = credentials or {}
    environ = os.environ if environ is None else environ
    values: dict[str, str | None] = {}
    for setting in settings:
        raw = credentials.get(setting.key)
        value = str(raw).strip() if raw is not None else ""
        values[setting.key] = value or environ.get(setting.env, "").strip() or None
    return values


def missing_env(
    values: Mapping[str, str | None], required: tuple[Setting, ...]
) -> list[str]:
    """The environment variables to set for the unset `required` settings."""
    return [setting.env for setting in required if not values.get(setting.key)]


def parse_bool(value: str | None, setting: Setting, default: bool) -> bool:
    """A yes/no setting; anything other than true/false/yes/no/1/0 is an error."""
    if value is None:
        return default
    lowered = value.lower()
    if lowered in {"true", "yes", "1"}:
        return True
    if lowered in {"false", "no", "0"}:
        return False
    raise ValueError(f"{setting.env} ({setting.key}) must be true or false")


def parse_int(value: str | None, setting: Setting, default: int) -> int:
    """A whole-number setting; anything else is an error naming the setting."""
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ValueError(
            f"{setting.env} ({setting.key}) must be a whole number"
        ) from None


def disabled_message(channel: str, missing: list[str]) -> str:
    """The log line of a channel that lacks settings: which variables to set."""
    return (
        f"{channel} channel disabled, its webhook answers 503: set "
        f"{', '.join(missing)} (see bot/channels/README.md)"
    )
