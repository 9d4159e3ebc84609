"""The repositories and the login throttle of one staff app, kept on the Flask app."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app

from bot.staff.throttle import LoginThrottle
from bot.storage.audit import AuditLog
from bot.storage.db import Database
from bot.storage.login_failures import LoginFailures
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
    throttle: LoginThrottle

    @classmethod
    def for_database(cls, database: Database, *, secret_key: str) -> Services:
        """The services on `database`; `secret_key` keys the throttle's hashes."""
        return cls(
            ScreeningRepository(database),
            StaffRepository(database),
            AuditLog(database),
            ScreeningStats(database),
            LoginThrottle(LoginFailures(database), secret_key),
        )

    def install(self, app: Flask) -> None:
        app.extensions[EXTENSION] = self


def services() -> Services:
    """The current app's services (inside a request)."""
    return current_app.extensions[EXTENSION]
