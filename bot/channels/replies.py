"""The connectors' own texts, read once from `replies.yml` and checked on load.

Wording belongs in data a clinic can edit, not in Python. The file is checked when
first read: a missing or unknown key, a non-text value or an unknown placeholder
fails with the file, the line and the problem, so a typo cannot reach a patient.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

from pydantic import create_model

from bot.settings import get_settings
from bot.yaml_schema import Template, YamlFileError, YamlModel, load_yaml

REPLIES_FILE = Path(__file__).with_name("replies.yml")
PLACEHOLDERS = frozenset({"clinic_name", "clinic_phone"})


class RepliesFileError(YamlFileError):
    """`replies.yml` cannot be used; the message reads `<file> line <n>: <problem>`."""


class ReplyText(Template):
    placeholders = PLACEHOLDERS


@dataclass(frozen=True)
class ChannelReplies:
    opted_out: str
    opted_in: str
    help: str
    media_not_supported: str
    empty_message: str
    numbered_hint: str


def channel_replies() -> ChannelReplies:
    """The replies with the clinic's name and phone filled in."""
    settings = get_settings()
    values = {
        "clinic_name": settings.clinic_name,
        "clinic_phone": settings.clinic_phone,
    }
    templates = load_reply_templates(REPLIES_FILE)
    return ChannelReplies(
        **{name: text.format(**values) for name, text in templates.items()}
    )


@lru_cache(maxsize=4)
def load_reply_templates(path: Path) -> dict[str, str]:
    """The checked templates of `path`, by key (placeholders not yet filled)."""
    return load_yaml(path, _RepliesFile, RepliesFileError).data.dict()


# Every reply of ChannelReplies is a required key; any other key is an error.
_RepliesFile = create_model(
    "RepliesFile",
    __base__=YamlModel,
    **{field.name: (ReplyText, ...) for field in fields(ChannelReplies)},
)
