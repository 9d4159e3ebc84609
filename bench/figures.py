"""The benchmark's figures: turn latency percentiles, throughput, errors."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from bench.client import Run


@dataclass(frozen=True)
class Figures:
    conversations: int
    finished: int  # conversations that reached their natural end
    turns: int
    errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    turns_per_s: float

    @classmethod
    def of(cls, runs: list[Run]) -> Figures:
        """The figures of `runs` taken together (throughput over their total time)."""
        conversations = [c for run in runs for c in run.conversations]
        turns = [turn for run in runs for turn in run.turns]
        latencies = [turn.latency_ms for turn in turns if turn.ok]
        p50, p95, p99 = percentiles(latencies, (50, 95, 99))
        return cls(
            conversations=len(conversations),
            finished=sum(c.finished for c in conversations),
            turns=len(turns),
            errors=sum(not turn.ok for turn in turns),
            p50_ms=p50,
            p95_ms=p95,
            p99_ms=p99,
            turns_per_s=len(latencies) / sum(run.wall_s for run in runs),
        )


def percentiles(values: list[float], points: tuple[int, ...]) -> list[float]:
    """The given percentiles, linearly interpolated (NaN when there are no values)."""
    if len(values) < 2:
        return [values[0] if values else float("nan")] * len(points)
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return [cuts[point - 1] for point in points]
