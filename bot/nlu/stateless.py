"""A base for Rasa pipeline components that need no training."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage


class StatelessComponent(GraphComponent):
    """Nothing to train or persist: subclasses `process`, and read their settings
    from the pipeline's config in `from_config` if they have any."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> StatelessComponent:
        cls.prepare()
        return cls.from_config(config)

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> StatelessComponent:
        """The component for the pipeline's `config` (defaults included)."""
        return cls()

    @classmethod
    def prepare(cls) -> None:
        """Load what `process` needs once, at model load, not on the first message."""
