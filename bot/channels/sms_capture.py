"""An SMS sender that writes each text to a file instead of sending it.

For the end-to-end tests and for trying the SMS channel without a Twilio account:

    TWILIO_SENDER=bot.channels.sms_capture.file_sender
    SMS_CAPTURE_FILE=/tmp/sms.jsonl

Each send becomes one JSON line `{"to": ..., "body": ...}`. The file holds phone
numbers and message texts: point it at a private temporary file, never at a log.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

CAPTURE_FILE_ENV = "SMS_CAPTURE_FILE"


@dataclass(frozen=True)
class FileSmsSender:
    """Appends every SMS to `path` as a JSON line; an `SmsSender`."""

    path: Path

    async def __call__(self, to: str, body: str) -> None:
        line = json.dumps({"to": to, "body": body}, ensure_ascii=False)
        with self.path.open("a", encoding="utf-8") as capture:
            capture.write(line + "\n")


def file_sender() -> FileSmsSender:
    """The sender writing to SMS_CAPTURE_FILE (TWILIO_SENDER's factory)."""
    path = os.environ.get(CAPTURE_FILE_ENV, "").strip()
    if not path:
        raise ValueError(f"{CAPTURE_FILE_ENV} must name the file to write texts to")
    return FileSmsSender(Path(path))
