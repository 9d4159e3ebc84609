"""Read a lexicon YAML file through its nodes, so every error names file and line.

`yaml.safe_load` forgets where a value came from and keeps the last of two duplicate
keys; a clinician editing the lexicon needs "symptoms.yml line 42: unknown key
'paterns' in neck_pain" instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_BOOL = "tag:yaml.org,2002:bool"


class LexiconError(ValueError):
    """A lexicon file that cannot be used; reads `<file> line <n>: <problem>`."""

    def __init__(self, path: Path, line: int, problem: str) -> None:
        super().__init__(f"{path.name} line {line}: {problem}")
        self.path = path
        self.line = line
        self.problem = problem


@dataclass(frozen=True)
class Entry:
    """One string of a lexicon file and where it was written."""

    text: str
    file: str
    line: int

    @property
    def source(self) -> str:
        return f"{self.file} line {self.line}"


class YamlFile:
    """One parsed lexicon file with shape checks that fail with a line number."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.root = self._compose()

    def _compose(self) -> Node:
        try:
            with self.path.open(encoding="utf-8") as stream:
                root = yaml.compose(stream, Loader=yaml.SafeLoader)
        except OSError as exc:
            raise LexiconError(self.path, 1, f"cannot read the file: {exc}") from exc
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else 1
            raise LexiconError(self.path, line, f"YAML syntax: {exc.problem}") from exc
        except yaml.YAMLError as exc:
            raise LexiconError(self.path, 1, f"YAML: {exc}") from exc
        if root is None:
            raise LexiconError(self.path, 1, "the file is empty")
        return root

    def fail(self, node: Node, problem: str) -> LexiconError:
        """An error pointing at `node` (returned so callers write `raise`)."""
        return LexiconError(self.path, node.start_mark.line + 1, problem)

    def where(self, node: Node) -> str:
        return f"{self.path.name} line {node.start_mark.line + 1}"

    def mapping(
        self,
        node: Node,
        where: str,
        allowed: Iterable[str] | None = None,
        required: Iterable[str] = (),
    ) -> dict[str, Node]:
        """A mapping with string keys; unknown, duplicate or missing keys fail."""
        if not isinstance(node, MappingNode):
            raise self.fail(node, f"{where} must be a mapping of keys to values")
        allowed_keys = None if allowed is None else set(allowed)
        result: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = self.string(key_node, f"a key in {where}")
            if key in result:
                raise self.fail(key_node, f"duplicate key {key!r} in {where}")
            if allowed_keys is not None and key not in allowed_keys:
                expected = ", ".join(sorted(allowed_keys))
                raise self.fail(
                    key_node, f"unknown key {key!r} in {where} (expected: {expected})"
                )
            result[key] = value_node
        missing = [key for key in required if key not in result]
        if missing:
            raise self.fail(node, f"{where} lacks {', '.join(missing)}")
        return result

    def string(self, node: Node, where: str) -> str:
        if not isinstance(node, ScalarNode) or node.tag != _STR or not node.value:
            raise self.fail(node, f"{where} must be a non-empty text")
        return node.value

    def integer(self, node: Node, where: str) -> int:
        if not isinstance(node, ScalarNode) or node.tag != _INT:
            raise self.fail(node, f"{where} must be a whole number")
        return int(node.value)

    def boolean(self, node: Node, where: str) -> bool:
        if not isinstance(node, ScalarNode) or node.tag != _BOOL:
            raise self.fail(node, f"{where} must be true or false")
        return node.value.lower() in ("true", "yes", "on")

    def entries(self, node: Node, where: str) -> tuple[Entry, ...]:
        """A list of texts, each kept with its line; numbers are read as text."""
        if not isinstance(node, SequenceNode):
            raise self.fail(node, f"{where} must be a list")
        result = []
        for item in node.value:
            if not isinstance(item, ScalarNode) or item.tag not in (_STR, _INT, _BOOL):
                raise self.fail(item, f"each entry of {where} must be a text")
            if not item.value or item.value != item.value.strip(" "):
                raise self.fail(item, f"empty entry or stray spaces in {where}")
            line = item.start_mark.line + 1
            result.append(Entry(item.value, self.path.name, line))
        return tuple(result)

    def words(self, node: Node, where: str) -> tuple[str, ...]:
        """A list of single lower-case words (used as token norms)."""
        words = []
        for entry in self.entries(node, where):
            if entry.text != entry.text.lower() or " " in entry.text:
                raise LexiconError(
                    self.path,
                    entry.line,
                    f"{where}: {entry.text!r} must be one lower-case word",
                )
            words.append(entry.text)
        return tuple(words)
