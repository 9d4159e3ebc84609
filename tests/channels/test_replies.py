"""The connectors' own texts: the shipped file, and the checks that guard it."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from bot.channels.replies import (
    REPLIES_FILE,
    ChannelReplies,
    RepliesFileError,
    channel_replies,
    load_reply_templates,
)
from bot.channels.sms_segments import encoding_of, segment_count

REPLY_NAMES = [field.name for field in fields(ChannelReplies)]


def test_shipped_replies_fill_in_the_clinic() -> None:
    replies = channel_replies()
    assert "Test Physio" in replies.help
    assert "555-0123" in replies.help
    assert "Test Physio" in replies.opted_out
    assert "START" in replies.opted_out
    assert "STOP" in replies.opted_in
    assert "emergency" in replies.help


@pytest.mark.parametrize("name", REPLY_NAMES)
def test_every_shipped_reply_is_one_plain_sms_segment(name: str) -> None:
    text = getattr(channel_replies(), name)
    assert encoding_of(text) == "GSM-7"
    assert segment_count(text) == 1


def test_shipped_file_is_checked_once() -> None:
    assert load_reply_templates(REPLIES_FILE) is load_reply_templates(REPLIES_FILE)


def valid_yaml(**overrides: str) -> str:
    texts = {name: f"{name} text" for name in REPLY_NAMES} | overrides
    return "".join(f"{name}: {text}\n" for name, text in texts.items())


@pytest.mark.parametrize(
    ("content", "line", "problem"),
    [
        (valid_yaml() + "farewell: bye\n", 7, "unknown key 'farewell' in the file"),
        (valid_yaml() + "help: again\n", 7, "duplicate key 'help' in the file"),
        (valid_yaml().replace("help:", "hlep:"), 3, "unknown key 'hlep' in the file"),
        (valid_yaml(help="yes"), 3, 'help: must be text (write "yes" in quotes)'),
        ("\n".join(valid_yaml().splitlines()[1:]), 1, "missing key 'opted_out'"),
        (valid_yaml(help="'Call {clinic_fax}'"), 3, "unknown placeholder {clinic_fax}"),
        (valid_yaml(help="'Call {clinic_phone'"), 3, "help: broken {placeholder}"),
        (valid_yaml(help="[a, b]"), 3, "help: must be text"),
        (valid_yaml(help="42"), 3, "help: must be text"),
        (valid_yaml(help="''"), 3, "help: must not be empty"),
        ("- just\n- a list\n", 1, "the file must be a mapping"),
        ("help: [unclosed\n", 2, "YAML syntax"),
        ("", 1, "the file is empty"),
    ],
)
def test_bad_replies_file_names_file_line_and_problem(
    tmp_path: Path, content: str, line: int, problem: str
) -> None:
    path = tmp_path / "replies.yml"
    path.write_text(content)
    with pytest.raises(RepliesFileError) as error:
        load_reply_templates(path)
    assert str(error.value).startswith(f"replies.yml line {line}: ")
    assert problem in str(error.value)
