"""This worker's buckets, parsed and merged, beside the ``timeline`` table.

The table (RocksDB + changelog) holds the facts: one row per (bucket, article) with that
article's events in the bucket, so a new article writes a few small rows instead of rewriting a
whole bucket. The merged entries are derived from those rows and live here, in memory: the
merge agent updates this cache as it writes the table, and queries read it. After a rebalance
the worker owns other partitions: the cache is dropped and rebuilt from the table on first use.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, MutableMapping
from typing import Any

from models import TimelineEntry
from streams.bucket_state import ArticleSlot, BucketState
from timeline.merge import merge_events

SEPARATOR = "|"


def slot_key(bucket: str, article_id: str) -> str:
    """Table key of one article's events in one bucket (buckets never contain the separator)."""
    return f"{bucket}{SEPARATOR}{article_id}"


class StateCache:
    def __init__(self) -> None:
        self._states: dict[str, BucketState] = {}
        self._loaded = False

    def clear(self) -> None:
        self._states.clear()
        self._loaded = False

    def _load(self, table: MutableMapping[str, Any]) -> None:
        if self._loaded:
            return
        slots: dict[str, dict[str, ArticleSlot]] = defaultdict(dict)
        for key, raw in table.items():
            if raw:
                bucket, article_id = key.split(SEPARATOR, 1)
                slots[bucket][article_id] = ArticleSlot.model_validate(raw)
        self._states = {
            bucket: BucketState(
                bucket=bucket,
                articles=articles,
                entries=merge_events([e for slot in articles.values() for e in slot.events]),
            )
            for bucket, articles in slots.items()
        }
        self._loaded = True

    def get(self, bucket: str, table: MutableMapping[str, Any]) -> BucketState | None:
        self._load(table)
        return self._states.get(bucket)

    def write(
        self, old: BucketState | None, new: BucketState, table: MutableMapping[str, Any]
    ) -> None:
        """Store the rows that changed between ``old`` and ``new`` and remember ``new``."""
        before = old.articles if old else {}
        for article_id in set(before) | set(new.articles):
            slot = new.articles.get(article_id)
            key = slot_key(new.bucket, article_id)
            if slot is None:
                table.pop(key, None)
            elif before.get(article_id) != slot:
                table[key] = slot.model_dump(mode="json")
        if new.articles:
            self._states[new.bucket] = new
        else:
            self._states.pop(new.bucket, None)

    def states(self, table: MutableMapping[str, Any]) -> Iterator[BucketState]:
        self._load(table)
        return iter(list(self._states.values()))

    def entries(self, table: MutableMapping[str, Any]) -> list[TimelineEntry]:
        return [entry for state in self.states(table) for entry in state.entries]


cache = StateCache()
