"""The storage errors a caller can act on; each message says what to do next.

They derive from `StorageError` so the command line and the staff app can catch one
type and show the message as it is. Messages never hold a password or patient text.
"""

from __future__ import annotations


class StorageError(RuntimeError):
    """Base class: a storage problem whose message is fit to show to an operator."""


class DatabaseUnavailable(StorageError):
    """The database cannot be reached, or DATABASE_URL does not name one."""


class SchemaNotReady(StorageError):
    """The database is not at this code's latest migration."""


class InvalidRecord(StorageError, ValueError):
    """A screening record is missing fields, has unknown ones or has wrong types."""


class NotFound(StorageError, LookupError):
    """A screening or staff user named by the caller does not exist."""
