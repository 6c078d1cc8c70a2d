"""In-process counters of one worker, reported by /api/health and in the logs."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class WorkerStats:
    started_at: float = field(default_factory=time.time)
    articles_processed: int = 0
    events_produced: int = 0
    updates_applied: int = 0
    updates_skipped: int = 0
    rekeyed: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    warnings: Counter[str] = field(default_factory=Counter)
    generation: int = 0  # bumped on every change of the local table partitions
    # (topic, partition) -> offset of the last message an agent finished with
    done: dict[tuple[str, int], int] = field(default_factory=dict)

    def changed(self) -> None:
        self.generation += 1

    def finished(self, message: Any) -> None:
        self.done[(message.topic, message.partition)] = message.offset


stats = WorkerStats()


def consumer_lag(consumer: Any, topics: Iterable[str]) -> dict[str, int]:
    """Messages not yet processed, per assigned partition of ``topics`` ("topic[partition]"),
    from the consumer's cached high-water marks. Counted from what the agents finished
    (``WorkerStats.finished``), not from what the consumer read: Faust reads up to thousands of
    messages ahead into a stream's buffer, which would hide a backlog."""
    wanted = set(topics)
    lag: dict[str, int] = {}
    for tp in sorted(consumer.assignment(), key=lambda tp: (tp.topic, tp.partition)):
        if tp.topic not in wanted:
            continue
        try:
            highwater = consumer.highwater(tp)
        except Exception:
            continue
        last = stats.done.get((tp.topic, tp.partition))
        if last is None:  # nothing processed here yet: what was committed before
            last = getattr(consumer, "_read_offset", {}).get(tp)
        done = (last + 1) if last is not None else 0
        if highwater is not None:
            lag[f"{tp.topic}[{tp.partition}]"] = max(0, highwater - done)
    return lag
