"""Read YAML through its composed nodes so every error can name the file and the line.

`yaml.safe_load` forgets where a value came from and silently keeps the last of two
duplicate keys. The rules file is edited by clinicians, so a typo must fail loudly
with "rules.yml line 42: unknown key 'min_sign' in tmd". These helpers walk the
node tree from `yaml.compose` and check shapes; the schema lives in ruleset.py.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_NULL = "tag:yaml.org,2002:null"


class RulesetError(ValueError):
    """A rules file that cannot be used; reads `<file> line <n>: <problem>`."""

    def __init__(self, path: Path, line: int, problem: str) -> None:
        super().__init__(f"{path.name} line {line}: {problem}")
        self.path = path
        self.line = line
        self.problem = problem


class NodeReader:
    """Shape checks on the nodes of one YAML file, raising RulesetError with a line."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def compose(self) -> Node:
        """Parse the file into nodes; a syntax error keeps the parser's line."""
        try:
            with self.path.open(encoding="utf-8") as stream:
                root = yaml.compose(stream, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as exc:
            raise _syntax_error(self.path, exc) from exc
        except yaml.YAMLError as exc:  # unmarked errors, e.g. a bad encoding
            raise RulesetError(self.path, 1, f"YAML: {exc}") from exc
        if root is None:
            raise RulesetError(self.path, 1, "the file is empty")
        return root

    def fail(self, node: Node, problem: str) -> RulesetError:
        """An error pointing at `node`'s line (returned so callers can `raise` it)."""
        return RulesetError(self.path, node.start_mark.line + 1, problem)

    def mapping(
        self,
        node: Node,
        where: str,
        required: set[str] | frozenset[str],
        optional: set[str] | frozenset[str] = frozenset(),
    ) -> dict[str, Node]:
        """A mapping with exactly the allowed keys, each once."""
        entries = self.open_mapping(node, where)
        allowed = set(required) | set(optional)
        for key_node, _ in node.value:
            if key_node.value not in allowed:
                raise self.fail(
                    key_node,
                    f"unknown key '{key_node.value}' in {where} "
                    f"(allowed: {', '.join(sorted(allowed))})",
                )
        missing = sorted(set(required) - entries.keys())
        if missing:
            raise self.fail(node, f"missing key '{missing[0]}' in {where}")
        return entries

    def open_mapping(self, node: Node, where: str) -> dict[str, Node]:
        """A mapping whose keys are free (ids), checked only for duplicates."""
        if not isinstance(node, MappingNode):
            raise self.fail(node, f"{where} must be a mapping")
        entries: dict[str, Node] = {}
        for key_node, value in node.value:
            key = self.scalar(key_node, f"a key in {where}")
            if key in entries:
                raise self.fail(key_node, f"duplicate key '{key}' in {where}")
            entries[key] = value
        return entries

    def sequence(self, node: Node, where: str) -> list[Node]:
        """A non-empty list."""
        if not isinstance(node, SequenceNode):
            raise self.fail(node, f"{where} must be a list")
        if not node.value:
            raise self.fail(node, f"{where} must not be empty")
        return list(node.value)

    def scalar(self, node: Node, where: str) -> str:
        """The text exactly as written, so `1` and `"1"` and `no` all stay text."""
        if not isinstance(node, ScalarNode) or node.tag == _NULL:
            raise self.fail(node, f"{where} must be a single value")
        return str(node.value)

    def text(self, node: Node, where: str) -> str:
        value = self.scalar(node, where).strip()
        if not value:
            raise self.fail(node, f"{where} must not be empty")
        return value

    def boolean(self, node: Node, where: str) -> bool:
        if not isinstance(node, ScalarNode) or node.tag != _BOOL:
            raise self.fail(node, f"{where} must be true or false")
        return node.value.lower() in {"true", "yes", "on"}

    def integer(self, node: Node, where: str, *, minimum: int = 0) -> int:
        if not isinstance(node, ScalarNode) or node.tag != _INT:
            raise self.fail(node, f"{where} must be a whole number")
        value: int = SafeConstructor().construct_yaml_int(node)
        if value < minimum:
            raise self.fail(node, f"{where} must be at least {minimum}")
        return value

    def unique_list(self, node: Node, where: str) -> list[tuple[str, Node]]:
        """A non-empty list of single values, each once, paired with its node."""
        items: list[tuple[str, Node]] = []
        for item in self.sequence(node, where):
            value = self.text(item, f"an item of {where}")
            if any(value == seen for seen, _ in items):
                raise self.fail(item, f"'{value}' is listed twice in {where}")
            items.append((value, item))
        return items


def _syntax_error(path: Path, exc: yaml.MarkedYAMLError) -> RulesetError:
    """Where the parser stopped, and where the construct it was reading began."""
    mark = exc.problem_mark or exc.context_mark
    problem = f"YAML syntax: {exc.problem}"
    if exc.context and exc.context_mark and exc.context_mark is not mark:
        problem += f" ({exc.context} on line {exc.context_mark.line + 1})"
    return RulesetError(path, mark.line + 1 if mark else 1, problem)
