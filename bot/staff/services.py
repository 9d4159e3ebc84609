"""The repositories and login throttles of one staff app, kept on the Flask app."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Flask, current_app

from bot.staff.throttle import LoginThrottle
from bot.storage.audit import AuditLog
from bot.storage.db import Database
from bot.storage.repository import ScreeningRepository
from bot.storage.staff import StaffRepository
from bot.storage.stats import ScreeningStats

EXTENSION = "staff_services"


@dataclass(frozen=True)
class Services:
    screenings: ScreeningRepository
    staff: StaffRepository
    audit: AuditLog
    stats: ScreeningStats
    # Failed logins per username, and (with more room: a clinic shares one
    # address) per client address.
    user_throttle: LoginThrottle = field(default_factory=LoginThrottle)
    address_throttle: LoginThrottle = field(
        default_factory=lambda: LoginThrottle(max_failures=20)
    )

    @classmethod
    def for_database(cls, database: Database) -> Services:
        return cls(
            ScreeningRepository(database),
            StaffRepository(database),
            AuditLog(database),
            ScreeningStats(database),
        )

    def install(self, app: Flask) -> None:
        app.extensions[EXTENSION] = self


def services() -> Services:
    """The current app's services (inside a request)."""
    return current_app.extensions[EXTENSION]
