"""SMS opt-outs in the database, so a STOP is honoured after any restart.

The Twilio channel's default opt-out store (`bot.channels.optout.OptOutStore`). Rows
hold a keyed hash of the number (`phone_hash.py`), so the table lists no phone
numbers, yet the channel can still ask "did this number opt out?".

Calls are synchronous, like Rasa's own SQL tracker store: each is one short query on
the primary key.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from bot.storage.db import Database
from bot.storage.models import SmsOptOutRow
from bot.storage.phone_hash import PhoneHasher


class SqlOptOutStore:
    """Opt-outs in the `sms_opt_outs` table of `database`."""

    def __init__(self, database: Database, hasher: PhoneHasher) -> None:
        self.database = database
        self.hasher = hasher

    def is_opted_out(self, number: str) -> bool:
        with self.database.sessions() as session:
            row = session.get(SmsOptOutRow, self.hasher.opt_out_hash(number))
        return row is not None

    def opt_out(self, number: str) -> None:
        """Record the opt-out; recording it twice (or from two servers) is harmless."""
        number_hash = self.hasher.opt_out_hash(number)
        try:
            with self.database.sessions.begin() as session:
                if session.get(SmsOptOutRow, number_hash) is None:
                    session.add(SmsOptOutRow(number_hash=number_hash))
        except IntegrityError:
            pass  # another request recorded it between our read and our write

    def opt_in(self, number: str) -> None:
        number_hash = self.hasher.opt_out_hash(number)
        with self.database.sessions.begin() as session:
            session.execute(
                sa.delete(SmsOptOutRow).where(SmsOptOutRow.number_hash == number_hash)
            )
