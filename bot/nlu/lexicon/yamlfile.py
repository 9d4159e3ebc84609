"""Where each lexicon string was written, so later problems can name file and line.

The files are read and checked by bot/yaml_schema.py against the models of
schema.py; a phrase that parses but cannot be compiled (spaCy is needed for that)
is only found when the pipeline is built, and is then reported by its `Entry`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bot.yaml_schema import Loc, YamlDocument, YamlFileError


class LexiconError(YamlFileError):
    """A lexicon file that cannot be used; reads `<file> line <n>: <problem>`."""


@dataclass(frozen=True)
class Entry:
    """One string of a lexicon file and where it was written."""

    text: str
    file: str
    line: int

    @property
    def source(self) -> str:
        return f"{self.file} line {self.line}"


def entries(
    doc: YamlDocument[Any], loc: Loc, texts: Iterable[str]
) -> tuple[Entry, ...]:
    """The strings of the list at `loc`, each with its own line."""
    return tuple(
        Entry(text, doc.path.name, doc.line((*loc, index)))
        for index, text in enumerate(texts)
    )
