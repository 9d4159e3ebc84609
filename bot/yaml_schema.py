"""YAML data files checked by pydantic models, every problem named by file and line.

Clinicians edit rules.yml, the lexicon and the channels' replies.yml; a typo there
must stop the bot with "rules.yml line 42: unknown key 'min_sign' in tmd", not with a
traceback nor by quietly ignoring the key. `yaml.safe_load` forgets where a value came
from and keeps the last of two duplicate keys, so a file is composed into nodes (which
keep their line), refused if a mapping repeats a key, validated by a pydantic model,
and the location of the first pydantic error is followed back through the nodes to a
line. Loaders keep by hand only the checks that compare one part of a file with
another (is this concept defined?) and raise them through `YamlDocument.fail`.
"""

from __future__ import annotations

import difflib
import string
from collections.abc import Callable, Generator, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar

import yaml
from pydantic import (
    BaseModel,
    ConstrainedInt,
    ConstrainedStr,
    Extra,
    PydanticValueError,
    ValidationError,
)
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

Loc = tuple[Any, ...]  # a path into the file: keys and list indexes, as pydantic's
Model = TypeVar("Model", bound=BaseModel)


class YamlFileError(ValueError):
    """A data file that cannot be used; reads `<file> line <n>: <problem>`."""

    def __init__(self, path: Path, line: int, problem: str) -> None:
        super().__init__(f"{path.name} line {line}: {problem}")
        self.path = path
        self.line = line
        self.problem = problem


class YamlModel(BaseModel):
    """Base of the file schemas: a key the schema does not name is an error."""

    class Config:
        extra = Extra.forbid


class Text(ConstrainedStr):
    """Text as written: a string (not a number, not yes/no), not blank, trimmed."""

    strict = True
    strip_whitespace = True
    min_length = 1

    @classmethod
    def __get_validators__(cls) -> Generator[Callable[..., Any], None, None]:
        yield from super().__get_validators__()
        yield cls.check

    @classmethod
    def check(cls, text: str) -> str:
        """A subclass's own rule, checked after the type and the length."""
        return text


class Count(ConstrainedInt):
    """A whole number written as one (not "2" in quotes), zero or more."""

    strict = True
    ge = 0


class Positive(Count):
    ge = 1


class Template(Text):
    """Text whose {placeholders} are among `placeholders` and use all of `required`."""

    placeholders: ClassVar[frozenset[str]] = frozenset()
    required: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def check(cls, text: str) -> str:
        try:
            names = {name for _, name, _, _ in string.Formatter().parse(text) if name}
        except ValueError as exc:
            raise ValueError(f"broken {{placeholder}}: {exc}") from exc
        unknown = sorted(names - cls.placeholders)
        if unknown:
            allowed = ", ".join(sorted(cls.placeholders)) or "none"
            raise ValueError(
                f"unknown placeholder {{{unknown[0]}}} (allowed: {allowed})"
            )
        missing = sorted(cls.required - names)
        if missing:
            raise ValueError(f"must use {{{missing[0]}}}")
        return text


class KeyRuleError(PydanticValueError):
    code = "key"
    msg_template = "key {given!r} must be {rule}"


class RuledKey(str):
    """A mapping key that must follow `rule`.

    Pydantic reports a bad key at `(..., "__key__")` without saying which key; this
    error carries it as `given`, so the message can point at the key's own line.
    """

    rule: ClassVar[str] = "text"

    @classmethod
    def __get_validators__(cls) -> Generator[Callable[..., Any], None, None]:
        yield cls.validate

    @classmethod
    def validate(cls, value: object) -> str:
        if isinstance(value, str) and cls.follows_rule(value):
            return value
        raise KeyRuleError(given=value, rule=cls.rule)

    @classmethod
    def follows_rule(cls, key: str) -> bool:
        return bool(key)


@dataclass(frozen=True)
class YamlDocument(Generic[Model]):
    """A checked file: its model, and its nodes to give the line of a later problem."""

    path: Path
    root: Node
    data: Model
    error: type[YamlFileError]

    def line(self, loc: Loc) -> int:
        """The line of the value at `loc` (of its nearest existing parent if none)."""
        return int(_node_at(self.root, loc).start_mark.line) + 1

    def fail(self, loc: Loc, problem: str) -> YamlFileError:
        """An error at the line of `loc` (returned so callers write `raise`)."""
        return self.error(self.path, self.line(loc), problem)


def load_yaml(
    path: Path, model: type[Model], error: type[YamlFileError] = YamlFileError
) -> YamlDocument[Model]:
    """Read `path` and check it against `model`; raise `error` at the first problem."""
    root = _compose(path, error)
    if not isinstance(root, MappingNode):
        raise _error_at(
            path, error, root, "the file must be a mapping of keys to values"
        )
    _refuse_duplicate_keys(
        root, (), lambda node, problem: _error_at(path, error, node, problem)
    )
    try:
        data = model.parse_obj(SafeConstructor().construct_document(root))
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(path, error, exc) from exc
    except ValidationError as exc:
        node, problem = _first_problem(root, exc)
        raise _error_at(path, error, node, problem) from None
    return YamlDocument(path, root, data, error)


def where(loc: Loc) -> str:
    """`loc` as a reader finds it: `triage[3].advice`; the empty path is the file."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text or "the file"


def suggestion(value: str, known: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest known id, or '' when none is close."""
    close = difflib.get_close_matches(value, list(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


# --- reading ---------------------------------------------------------------------


def _compose(path: Path, error: type[YamlFileError]) -> Node:
    try:
        with path.open(encoding="utf-8") as stream:
            root = yaml.compose(stream, Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError) as exc:
        raise error(path, 1, f"cannot read the file: {exc}") from exc
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(path, error, exc) from exc
    except yaml.YAMLError as exc:  # unmarked errors
        raise error(path, 1, f"YAML: {exc}") from exc
    if root is None:
        raise error(path, 1, "the file is empty")
    return root


def _syntax_error(
    path: Path, error: type[YamlFileError], exc: yaml.MarkedYAMLError
) -> YamlFileError:
    """Where the parser stopped, and where the construct it was reading began."""
    mark = exc.problem_mark or exc.context_mark
    problem = f"YAML syntax: {exc.problem}"
    if exc.context and exc.context_mark and exc.context_mark is not mark:
        problem += f" ({exc.context} on line {exc.context_mark.line + 1})"
    return error(path, mark.line + 1 if mark else 1, problem)


def _error_at(
    path: Path, error: type[YamlFileError], node: Node, problem: str
) -> YamlFileError:
    return error(path, node.start_mark.line + 1, problem)


def _refuse_duplicate_keys(
    node: Node, loc: Loc, fail: Callable[[Node, str], YamlFileError]
) -> None:
    """PyYAML keeps the last of two equal keys; a repeated key is a mistake here."""
    if isinstance(node, MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if isinstance(key, ScalarNode):
                if key.value in seen:
                    raise fail(key, f"duplicate key {key.value!r} in {where(loc)}")
                seen.add(key.value)
            _refuse_duplicate_keys(value, (*loc, key.value), fail)
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            _refuse_duplicate_keys(item, (*loc, index), fail)


# --- from a pydantic error to a line -----------------------------------------------


def _node_at(root: Node, loc: Loc, *, key: bool = False) -> Node:
    """The node at `loc` (its key node if `key`), or the deepest one that exists."""
    key_node = node = root
    for part in loc:
        child = _child(node, part)
        if child is None:
            return node
        key_node, node = child
    return key_node if key else node


def _child(node: Node, part: Any) -> tuple[Node, Node] | None:
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if isinstance(key, ScalarNode) and key.value == str(part):
                return key, value
    elif isinstance(node, SequenceNode) and part in range(len(node.value)):
        return node.value[part], node.value[part]
    return None


def _first_problem(root: Node, exc: ValidationError) -> tuple[Node, str]:
    """The node and wording of the error to show: an unknown key first (a typo in a
    key also makes the key it meant "missing"), else pydantic's first."""
    errors = exc.errors()
    error = next((e for e in errors if e["type"] == "value_error.extra"), errors[0])
    loc = tuple(part for part in error["loc"] if part != "__root__")
    kind = error["type"]
    if kind == "value_error.missing":
        return _node_at(root, loc[:-1]), f"missing key {loc[-1]!r} in {where(loc[:-1])}"
    if kind == "value_error.extra":
        node = _node_at(root, loc, key=True)
        return node, f"unknown key {loc[-1]!r} in {where(loc[:-1])}"
    if loc and loc[-1] == "__key__":
        loc = loc[:-1]
        given = error.get("ctx", {}).get("given")  # see RuledKey
        node = _node_at(root, (*loc, given), key=True)
    else:
        node = _node_at(root, loc)
    return node, f"{where(loc)}: {_plain_words(error, node)}"


_PLAIN_WORDS = {
    "type_error.str": "must be text",
    "type_error.integer": "must be a whole number",
    "value_error.strictbool": "must be true or false",
    "type_error.list": "must be a list",
    "type_error.dict": "must be a mapping of keys to values",
    "type_error.none.not_allowed": "must have a value",
    "value_error.list.unique_items": "lists the same item twice",
}


def _plain_words(error: Mapping[str, Any], node: Node) -> str:
    """Pydantic's message in a clinician's words, with the value as written."""
    kind, ctx = error["type"], error.get("ctx", {})
    if kind == "type_error.str" and isinstance(node, ScalarNode) and node.value:
        # YAML reads `no`, `yes`, `12` as a boolean or a number, not as text
        return f'must be text (write "{node.value}" in quotes)'
    if kind in _PLAIN_WORDS:
        return _PLAIN_WORDS[kind]
    if kind in ("value_error.any_str.min_length", "value_error.list.min_items"):
        limit = ctx["limit_value"]
        return "must not be empty" if limit == 1 else f"needs at least {limit}"
    if kind == "value_error.number.not_ge":
        return f"must be at least {ctx['limit_value']}"
    if kind in ("value_error.const", "type_error.enum"):
        given = node.value if isinstance(node, ScalarNode) else ctx.get("given")
        choices = ctx.get("permitted") or ctx.get("enum_values", ())
        allowed = [str(getattr(choice, "value", choice)) for choice in choices]
        return (
            f"{given!r} is not one of {', '.join(allowed)}"
            f"{suggestion(str(given), allowed)}"
        )
    return str(error["msg"])
