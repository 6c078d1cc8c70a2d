"""In-process counters of one worker, reported by /api/health and in the logs."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field


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
