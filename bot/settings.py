"""Clinic configuration read from the environment, so nothing clinic-specific is code.

Every value has a safe local default so `make run` works on a fresh machine; a
deployment sets the variables (see README, "Configuration").
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.screening.clinic import PLACEHOLDER_CLINIC, Clinic

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Secrets Rasa and the action server get in their environment, never on the command
# line (`ps` shows every process's command line to every local user). Without them,
# `python -m bot serve` uses a token generated once per checkout in var/.
RASA_API_TOKEN_ENV = "RASA_API_TOKEN"  # Rasa's HTTP API (`rasa run --auth-token`)
ACTION_SERVER_TOKEN_ENV = "ACTION_SERVER_TOKEN"  # Rasa -> action server (endpoints.yml)
# Files the processes create are their owner's only: the database holds health data.
PRIVATE_UMASK = 0o077


@dataclass(frozen=True)
class Settings:
    database_url: str
    booking_url: str
    clinic_name: str
    clinic_phone: str
    clinic_fax: str
    retention_days: int

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
    )
