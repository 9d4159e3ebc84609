"""Questions asked per simulated patient (test_patients.py), for the run's summary."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

QUESTIONS_TARGET = 8  # questions per screening for a detailed CGH story


@dataclass
class QuestionCounts:
    """Questions asked per simulated patient, and which were detailed CGH stories."""

    by_case: dict[str, int] = field(default_factory=dict)
    detailed_cgh: set[str] = field(default_factory=set)

    def summary(self) -> list[str]:
        counts = list(self.by_case.values())
        lines = [f"all {len(counts)} screenings: {_median_max(counts)}"]
        cgh = [n for case, n in self.by_case.items() if case in self.detailed_cgh]
        if cgh:
            lines.append(
                f"detailed CGH stories ({len(cgh)}): {_median_max(cgh)} "
                f"(target <= {QUESTIONS_TARGET})"
            )
        return lines


def _median_max(counts: list[int]) -> str:
    return f"median {statistics.median(counts)}, max {max(counts)}"
