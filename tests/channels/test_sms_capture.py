"""The file sender that stands in for Twilio in end-to-end tests and local trials."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from bot.channels.sms_capture import FileSmsSender, file_sender


def test_each_send_is_one_json_line(tmp_path: Path) -> None:
    sender = FileSmsSender(tmp_path / "sms.jsonl")
    asyncio.run(sender("+15550001111", "Hello ‘there’\n1) Yes"))
    asyncio.run(sender("+15550002222", "Second"))
    lines = (tmp_path / "sms.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [
        {"to": "+15550001111", "body": "Hello ‘there’\n1) Yes"},
        {"to": "+15550002222", "body": "Second"},
    ]


def test_the_factory_writes_where_the_environment_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SMS_CAPTURE_FILE", str(tmp_path / "out.jsonl"))
    assert file_sender() == FileSmsSender(tmp_path / "out.jsonl")


def test_the_factory_needs_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SMS_CAPTURE_FILE", raising=False)
    with pytest.raises(ValueError, match="SMS_CAPTURE_FILE"):
        file_sender()
