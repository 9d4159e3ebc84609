"""The repositories and the login throttle of one staff app, kept on the Flask app."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app

from bot.staff.throttle import LoginThrottle
from bot.storage.audit import AuditLog
from bot.storage.bookings import Bookings
from bot.storage.contact_crypto import ContactCipher
from bot.storage.contacts import ContactBook
from bot.storage.db import Database
from bot.storage.follow_up import FollowUps
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
    follow_ups: FollowUps
    bookings: Bookings
    contacts: ContactBook | None  # None without CONTACT_KEY

    @classmethod
    def for_database(
        cls,
        database: Database,
        *,
        secret_key: str,
        contact_cipher: ContactCipher | None = None,
    ) -> Services:
        """The services on `database`; `secret_key` keys the throttle's hashes,
        `contact_cipher` decrypts call-back contact details."""
        return cls(
            ScreeningRepository(database),
            StaffRepository(database),
            AuditLog(database),
            ScreeningStats(database),
            LoginThrottle(LoginFailures(database), secret_key),
            FollowUps(database),
            Bookings(database),
            ContactBook(database, contact_cipher) if contact_cipher else None,
        )

    def install(self, app: Flask) -> None:
        app.extensions[EXTENSION] = self


def services() -> Services:
    """The current app's services (inside a request)."""
    return current_app.extensions[EXTENSION]
