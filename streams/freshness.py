"""How far behind the feed a worker is: seconds from an article's publication on the broker to
each stage it passes, over the worker's recent articles.

Users watch the live page and a target is stated as "visible within a second at p95"; consumer
lag in messages says that something waits, not for how long. Each stage keeps the last
``WINDOW`` samples and reports their p50, p95 and maximum in ``/api/health``:

* ``extracted``: the article's events sent to their buckets (the extract agent);
* ``stored``: one of its bucket updates stored by the merge agent (bucket updates carry the
  article's publication time in a header);
* ``visible``: the first merged entry of this worker citing it (what
  ``/api/timeline?article=`` waits for; an article whose buckets are held by two workers is
  counted by each, from its publication until that worker cites it).

Times are the producer's clock against this worker's, so a skew between their hosts adds to
every figure. An article published before a restart counts from its publication; one dated
again later by anchoring does not count again.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict, deque
from typing import Any

WINDOW = 2048
PUBLISHED_HEADER = "timewire.published"
# articles stored but not yet cited, remembered for ``visible``: most are cited within a merge
# or two, and an article whose events only join others' (implicit events) never is
MAX_AWAITING = 50_000


def published_header(published: float | None) -> list[tuple[str, bytes]] | None:
    return [(PUBLISHED_HEADER, repr(published).encode())] if published else None


def published_of(headers: Any) -> float | None:
    """The publication time a message's headers carry (a list of pairs, or a mapping), if any."""
    pairs = headers.items() if isinstance(headers, dict) else (headers or ())
    for key, value in pairs:
        if key == PUBLISHED_HEADER and value:
            try:
                return float(value)
            except ValueError:
                return None
    return None


def percentile(sorted_values: list[float], q: float) -> float:
    """The nearest-rank percentile (``q`` in (0, 1]) of values sorted ascending."""
    rank = max(1, math.ceil(q * len(sorted_values)))
    return sorted_values[rank - 1]


class StageLatency:
    def __init__(self, window: int = WINDOW) -> None:
        self.samples: deque[float] = deque(maxlen=window)
        self.count = 0

    def add(self, seconds: float) -> None:
        self.samples.append(max(0.0, seconds))
        self.count += 1

    def summary(self) -> dict[str, Any]:
        """``count`` over the worker's life; the percentiles over the window (None if empty)."""
        values = sorted(self.samples)
        if not values:
            return {"count": self.count, "p50_ms": None, "p95_ms": None, "max_ms": None}
        return {
            "count": self.count,
            "p50_ms": round(1000 * percentile(values, 0.50), 1),
            "p95_ms": round(1000 * percentile(values, 0.95), 1),
            "max_ms": round(1000 * values[-1], 1),
        }


class Freshness:
    STAGES = ("extracted", "stored", "visible")

    def __init__(self, clock: Any = time.time) -> None:
        self.clock = clock
        self.stages = {name: StageLatency() for name in self.STAGES}
        self._awaiting: OrderedDict[str, float] = OrderedDict()

    def passed(self, stage: str, published: float | None) -> None:
        """An article published at ``published`` (epoch seconds) passed ``stage`` now."""
        if published:
            self.stages[stage].add(self.clock() - published)

    def awaiting(self, article_id: str, published: float | None) -> None:
        """The article's events are stored here and no entry cites it yet."""
        if not published or article_id in self._awaiting:
            return
        self._awaiting[article_id] = published
        while len(self._awaiting) > MAX_AWAITING:
            self._awaiting.popitem(last=False)

    def cited(self, article_id: str) -> None:
        """A merged entry cites the article for the first time."""
        published = self._awaiting.pop(article_id, None)
        if published is not None:
            self.passed("visible", published)

    def forget_awaiting(self) -> None:
        """The partitions moved: what this worker waited for is merged elsewhere now."""
        self._awaiting.clear()

    def summary(self) -> dict[str, dict[str, Any]]:
        return {name: stage.summary() for name, stage in self.stages.items()}


def worst(summaries: list[dict[str, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """The cluster's figure for each stage: the largest of the workers' figures, each
    percentile on its own (percentiles of separate windows do not combine), and the counts
    summed."""
    out: dict[str, dict[str, Any]] = {}
    for stage in Freshness.STAGES:
        parts = [s[stage] for s in summaries if stage in s]
        merged: dict[str, Any] = {"count": sum(p["count"] for p in parts)}
        for key in ("p50_ms", "p95_ms", "max_ms"):
            known = [p[key] for p in parts if p[key] is not None]
            merged[key] = max(known) if known else None
        out[stage] = merged
    return out


freshness = Freshness()
