"""The connectors' own texts, read once from `replies.yml` and checked on load.

Wording belongs in data a clinic can edit, not in Python. The file is checked when
first read: a missing or unknown key, a non-text value or an unknown placeholder
fails with the file, the line and the problem, so a typo cannot reach a patient.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode

from bot.settings import get_settings

REPLIES_FILE = Path(__file__).with_name("replies.yml")
PLACEHOLDERS = frozenset({"clinic_name", "clinic_phone"})


class RepliesFileError(ValueError):
    """`replies.yml` cannot be used; the message reads `<file> line <n>: <problem>`."""


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
    root = _compose(path)
    if not isinstance(root, MappingNode):
        raise _error(path, root, "expected a mapping of reply names to texts")
    expected = {field.name for field in fields(ChannelReplies)}
    templates: dict[str, str] = {}
    for key_node, value_node in root.value:
        key = key_node.value
        if key not in expected:
            raise _error(path, key_node, f"unknown reply {key!r}")
        if key in templates:
            raise _error(path, key_node, f"reply {key!r} given twice")
        templates[key] = _checked_text(path, key, value_node)
    missing = sorted(expected - templates.keys())
    if missing:
        raise _error(path, root, f"missing replies: {', '.join(missing)}")
    return templates


def _checked_text(path: Path, key: str, node: Node) -> str:
    if not isinstance(node, ScalarNode) or node.tag != "tag:yaml.org,2002:str":
        raise _error(path, node, f"reply {key!r} must be text")
    text = node.value.strip()
    if not text:
        raise _error(path, node, f"reply {key!r} is empty")
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError as problem:
        raise _error(path, node, f"reply {key!r}: {problem}") from problem
    unknown = sorted(names - PLACEHOLDERS)
    if unknown:
        raise _error(path, node, f"reply {key!r}: unknown placeholder {unknown[0]!r}")
    return text


def _compose(path: Path) -> Node:
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as problem:
        line = problem.problem_mark.line + 1 if problem.problem_mark else 1
        raise RepliesFileError(
            f"{path.name} line {line}: YAML syntax: {problem.problem}"
        ) from None
    if root is None:
        raise RepliesFileError(f"{path.name} line 1: the file is empty")
    return root


def _error(path: Path, node: Node, problem: str) -> RepliesFileError:
    return RepliesFileError(f"{path.name} line {node.start_mark.line + 1}: {problem}")
