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

    def changed(self) -> None:
        self.generation += 1


stats = WorkerStats()


def consumer_lag(consumer: Any, topics: Iterable[str]) -> dict[str, int]:
    """Messages not yet read by the streams, per assigned partition of ``topics``
    ("topic[partition]"), from the consumer's cached high-water marks."""
    wanted = set(topics)
    lag: dict[str, int] = {}
    for tp in sorted(consumer.assignment(), key=lambda tp: (tp.topic, tp.partition)):
        if tp.topic not in wanted:
            continue
        try:
            highwater = consumer.highwater(tp)
        except Exception:
            continue
        read = getattr(consumer, "_read_offset", {}).get(tp)  # last offset the stream consumed
        done = (read + 1) if read is not None else 0
        if highwater is not None:
            lag[f"{tp.topic}[{tp.partition}]"] = max(0, highwater - done)
    return lag
