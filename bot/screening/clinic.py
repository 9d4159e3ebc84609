"""The clinic's details that the advice and the booking link give.

The clinical core takes them as an argument and reads no environment, so that it
can be tested, and reused, without one; the running bot passes the clinic of its
settings (`bot.settings.Settings.clinic`). The defaults are placeholders: they
are what a fresh checkout shows until a deployment sets CLINIC_* (README,
"Configuration").
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Clinic:
    name: str = "the clinic"
    phone: str = "555-0100"
    fax: str = "555-0199"
    booking_url: str = "https://clinic.example/book"  # "" offers no booking link

    def advice_fields(self) -> dict[str, str]:
        """The `{clinic_...}` fields rules.yml's advice may hold."""
        return {
            "clinic_name": self.name,
            "clinic_phone": self.phone,
            "clinic_fax": self.fax,
        }


PLACEHOLDER_CLINIC = Clinic()
