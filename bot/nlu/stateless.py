"""A base for Rasa pipeline components that need no training and no settings."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage


class StatelessComponent(GraphComponent):
    """Created the same way whatever the config; subclasses only `process`."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> StatelessComponent:
        cls.prepare()
        return cls()

    @classmethod
    def prepare(cls) -> None:
        """Load what `process` needs once, at model load, not on the first message."""
