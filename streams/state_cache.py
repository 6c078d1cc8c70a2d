"""This worker's buckets, parsed and merged, beside the ``timeline`` table.

The table (RocksDB + changelog) holds the facts: one row per (bucket, article) with that
article's events in the bucket, so a new article writes a few small rows instead of rewriting a
whole bucket. The merged entries are derived from those rows and live here, in memory; queries
read them. After a rebalance the worker owns other partitions: the cache is dropped and rebuilt
from the table on first use.

Storing an update is cheap; merging a bucket costs time in proportion to its events, and a busy
bucket receives updates many times a second. So a changed bucket is only marked dirty, and a
scheduler merges it:

* a dirty bucket at the next tick, longest waiting first, but each bucket at most once per
  ``MIN_GAP_S`` and at most about 1/``COST_FACTOR`` of the time, and all merging together in at
  most ``MERGE_SHARE`` of the time when articles are waiting (``IDLE_MERGE_SHARE`` when the
  worker keeps up), a credit that refills with the clock: under load one merge covers many
  articles instead of the worker falling ever further behind;
* a small bucket (its whole merge took under ``FAST_BELOW_S``) is merged whole, exactly;
* a big one gets ``merge_incremental`` (only the changed articles are placed), which shows a new
  article within a tick or two, and is merged whole, exactly, once it has been quiet for
  ``QUIET_S`` or inexact for ``MAX_INEXACT_S``. Until then it counts as pending in
  ``/api/health``, so "settled" means exactly the table ``timewire build`` makes.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from models import TimelineEntry
from streams.bucket_state import ArticleSlot, BucketState, bucket_events
from streams.freshness import freshness
from timeline.merge import MergeCache, merge_events, merge_incremental

SEPARATOR = "|"
MIN_GAP_S = 0.5
COST_FACTOR = 4.0
MERGE_SHARE = 0.2
IDLE_MERGE_SHARE = 0.6
MAX_CREDIT_S = 0.5
FAST_BELOW_S = 0.002
QUIET_S = 2.0
MAX_INEXACT_S = 30.0
RESTING_GAP_S = 2.0
# A bucket exact and unchanged this long lets go of its parsed rows and merge cache (about
# five sixths of what an article costs in memory), keeping its entries for queries; its next
# update reads the rows back from the table. News about a month goes quiet after weeks, and a
# worker left on a live feed would otherwise hold every event it ever stored. The worker's
# figure is the setting TIMEWIRE_COLD_AFTER_S.
COLD_S = 300.0


def _timeline_order(e: TimelineEntry) -> tuple[Any, Any, str]:
    return (e.start, e.end, e.id)


def slot_key(bucket: str, article_id: str) -> str:
    """Table key of one article's events in one bucket (buckets never contain the separator)."""
    return f"{bucket}{SEPARATOR}{article_id}"


@dataclass
class _Bucket:
    articles: dict[str, ArticleSlot] | None  # None: released while cold (``ids`` are its rows)
    entries: list[TimelineEntry] = field(default_factory=list)
    dirty: bool = True
    dirty_since: float = 0.0
    due: float = 0.0  # not merged again before this (monotonic) time
    changed: set[str] = field(default_factory=set)  # articles changed since the last merge
    exact: bool = False  # entries are merge_events of the articles (not incremental)
    inexact_since: float = 0.0
    updated: float = 0.0  # last store
    whole_cost: float = float("inf")  # seconds the last whole merge took
    last_cost: float = 0.0  # seconds the last merge took
    merged_at: float = float("-inf")  # when it ended
    memo: MergeCache = field(default_factory=MergeCache)  # features and entries between merges
    cites: dict[str, list[TimelineEntry]] = field(default_factory=dict)  # article -> its entries
    ids: frozenset[str] = frozenset()  # the articles of a released bucket


class StateCache:
    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        on_cited: Callable[[str], None] | None = None,
    ) -> None:
        """``on_cited``: told the id of an article that a merged entry cites for the first
        time (streams/freshness.py)."""
        self._on_cited = on_cited
        self._buckets: dict[str, _Bucket] = {}
        # article id -> buckets whose merged entries cite it (answers ?article= without a scan)
        self._cited_in: dict[str, set[str]] = defaultdict(set)
        self._loaded = False
        # events stored and entries merged, kept with every store and merge (health polls them)
        self._n_events = 0
        self._n_entries = 0
        self._clock = clock
        self._credit = MAX_CREDIT_S  # seconds of merging allowed now
        # merges done and seconds spent, whole and incremental (reported by /api/health)
        self.work: dict[str, float] = {
            "whole": 0,
            "whole_s": 0.0,
            "incremental": 0,
            "incremental_s": 0.0,
        }
        self._refilled = clock()
        self.released = 0  # buckets let go of while cold, and read back (release_cold)
        self.reloaded = 0

    def clear(self) -> None:
        self._buckets.clear()
        self._cited_in.clear()
        self._loaded = False
        self._n_events = self._n_entries = 0

    def _load(self, table: MutableMapping[str, Any]) -> None:
        if self._loaded:
            return
        slots: dict[str, dict[str, ArticleSlot]] = defaultdict(dict)
        for key, raw in table.items():
            if raw:
                bucket, article_id = key.split(SEPARATOR, 1)
                slots[bucket][article_id] = ArticleSlot.from_wire(raw)
        self._buckets = {b: _Bucket(articles) for b, articles in slots.items()}
        self._n_events = sum(len(s.events) for b in slots.values() for s in b.values())
        self._n_entries = 0
        self._loaded = True

    def slots(self, bucket: str, table: MutableMapping[str, Any]) -> dict[str, ArticleSlot]:
        """The bucket's article slots as stored (the facts, always current)."""
        self._load(table)
        held = self._buckets.get(bucket)
        return self._resident(bucket, held, table) if held else {}

    def _resident(
        self, bucket: str, held: _Bucket, table: MutableMapping[str, Any]
    ) -> dict[str, ArticleSlot]:
        """The bucket's slots, read back from the table if it was released."""
        if held.articles is None:
            held.articles = {
                a: ArticleSlot.from_wire(table[slot_key(bucket, a)]) for a in sorted(held.ids)
            }
            held.ids = frozenset()
            self.reloaded += 1
        return held.articles

    def release_cold(self, cold_s: float = COLD_S) -> int:
        """Let the buckets that stayed exact and unchanged for ``cold_s`` go of their parsed
        rows and merge cache; how many did."""
        now = self._clock()
        released = 0
        for held in self._buckets.values():
            if (
                held.articles is not None
                and held.exact
                and not held.dirty
                and now - max(held.updated, held.merged_at) >= cold_s
            ):
                held.ids = frozenset(held.articles)
                held.articles = None
                held.memo = MergeCache()
                released += 1
        self.released += released
        return released

    def resident(self, bucket: str) -> bool:
        """Whether the bucket's rows are held parsed (not released while cold)."""
        held = self._buckets.get(bucket)
        return held is not None and held.articles is not None

    def store(
        self,
        bucket: str,
        articles: dict[str, ArticleSlot],
        table: MutableMapping[str, Any],
        touched: Iterable[str] | None = None,
    ) -> None:
        """Write the rows that changed and mark the bucket for merging. ``touched``: the only
        articles whose slots may differ from what the bucket held (those of the updates
        applied), so that storing costs what changed, not what the bucket holds; None
        compares every slot."""
        self._load(table)
        held = self._buckets.get(bucket)
        before = self._resident(bucket, held, table) if held else {}
        # update_slots keeps the slot objects of the articles it did not change
        candidates = set(before) | set(articles) if touched is None else set(touched)
        changed = {a for a in candidates if before.get(a) is not articles.get(a)}
        for article_id in changed:
            slot = articles.get(article_id)
            old = before.get(article_id)
            self._n_events += (len(slot.events) if slot else 0) - (len(old.events) if old else 0)
            key = slot_key(bucket, article_id)
            if slot is None:
                table.pop(key, None)
            else:
                table[key] = slot.to_wire(bucket)
        if held is None:
            held = self._buckets[bucket] = _Bucket(articles)
        now = self._clock()
        if not held.dirty:
            held.dirty, held.dirty_since = True, now
        held.updated = now
        held.changed |= changed
        held.articles = articles

    @property
    def pending(self) -> int:
        """Buckets whose entries are not yet exactly the merge of their stored articles."""
        return sum(1 for b in self._buckets.values() if b.dirty or not b.exact)

    def due(self, urgent_only: bool = False) -> list[str]:
        """Buckets to merge now, in this order: dirty ones holding an article no entry cites
        yet (it is invisible until one is merged), cheapest first; other dirty ones, longest
        waiting first, once RESTING_GAP_S passed since their last merge; then incrementally
        merged ones that went quiet or stayed inexact too long. ``urgent_only``: the first
        kind only (articles are waiting: the rest can wait for them)."""
        now = self._clock()
        dirty: list[tuple[float, str]] = []
        settle: list[tuple[float, str]] = []
        cited = self._cited_in
        # an invisible article needs one of its buckets merged: the cheapest one it is in
        cheapest: dict[str, tuple[float, str]] = {}
        for name, b in self._buckets.items():
            if b.due > now:
                continue
            if b.dirty:
                for a in b.changed:
                    if a not in cited and (a not in cheapest or b.last_cost < cheapest[a][0]):
                        cheapest[a] = (b.last_cost, name)
                if now >= b.merged_at + RESTING_GAP_S:
                    dirty.append((b.dirty_since, name))
            elif not b.exact and (
                now - b.updated >= QUIET_S or now - b.inexact_since >= MAX_INEXACT_S
            ):
                settle.append((b.inexact_since, name))
        urgent = sorted(set(cheapest.values()))
        first = [name for _cost, name in urgent]
        if urgent_only:
            return first
        chosen = set(first)
        return (
            first
            + [n for _since, n in sorted(dirty) if n not in chosen]
            + [n for _since, n in sorted(settle)]
        )

    def _refill(self, share: float) -> bool:
        """Add the merging credit earned since the last call; whether any is left."""
        now = self._clock()
        self._credit = min(MAX_CREDIT_S, self._credit + (now - self._refilled) * share)
        self._refilled = now
        return self._credit > 0

    def merge_pass(self, share: float = MERGE_SHARE, urgent_only: bool = False) -> Iterator[str]:
        """The buckets for one pass of the scheduler to merge, in ``due``'s order, while the
        merging share lasts.

        ``share`` is the part of the time merging may take from now on: the caller gives more
        while the worker keeps up with its input (``IDLE_MERGE_SHARE``), and ``MERGE_SHARE`` when
        articles are waiting, so that a backlog is extracted first; then only the merges that
        show new articles are done (``urgent_only``), the others when the backlog is gone.
        The order is worked out once per pass, not once per merge (that took a tenth of the
        loop's time under load): a bucket stored meanwhile waits for the next pass, one dropped
        meanwhile (a rebalance) is skipped. Within a pass no merge makes a later one needless:
        the buckets that show new articles come cheapest first, as each article's was chosen.
        """
        if not self._refill(share):
            return
        for name in self.due(urgent_only):
            if not self._refill(share):
                return
            if name in self._buckets:
                yield name

    def next_due(self, share: float = MERGE_SHARE, urgent_only: bool = False) -> str | None:
        """The bucket to merge next, or None: nothing due, or the merging share is spent."""
        return next(self.merge_pass(share, urgent_only), None)

    def merge(self, bucket: str, whole: bool = False) -> bool:
        """Bring one bucket's entries up to date now (see the module docstring for which way);
        ``whole`` forces an exact merge. False if there was nothing to do."""
        held = self._buckets.get(bucket)
        if held is None or held.articles is None or (not held.dirty and held.exact):
            return False  # (only an exact, unchanged bucket is released)
        started = self._clock()
        quiet = started - held.updated >= QUIET_S
        overdue = not held.exact and started - held.inexact_since >= MAX_INEXACT_S
        if not held.articles:
            entries: list[TimelineEntry] = []
            exact = True
        elif (
            whole
            or quiet
            or overdue
            or not held.dirty
            or not held.entries
            or held.whole_cost < FAST_BELOW_S
        ):
            entries, exact = merge_events(bucket_events(held.articles), held.memo), True
        else:
            # merging on from the last merge's clusters reads only the changed articles
            source = (
                {a: held.articles[a] for a in held.changed if a in held.articles}
                if held.memo.continues(held.entries)
                else held.articles
            )
            events = bucket_events(source)
            entries = merge_incremental(events, held.entries, held.changed, held.memo)
            exact = False
        self._index(bucket, held, entries)
        self._n_entries += len(entries) - len(held.entries)
        held.entries = entries
        held.dirty = False
        held.changed = set()
        if exact:
            held.whole_cost = self._clock() - started
        elif held.exact:
            held.inexact_since = started
        held.exact = exact
        finished = self._clock()
        kind = "whole" if exact else "incremental"
        self.work[kind] += 1
        self.work[f"{kind}_s"] += finished - started
        held.due = finished + max(MIN_GAP_S, COST_FACTOR * (finished - started))
        held.last_cost = finished - started
        held.merged_at = finished
        self._credit -= finished - started
        if not held.articles:
            del self._buckets[bucket]
        return True

    def _index(self, bucket: str, held: _Bucket, after: list[TimelineEntry]) -> None:
        """Which entries of the bucket cite which article, kept up to date from the entries a
        merge replaced or added (an incremental merge keeps most entries as they were)."""
        before = held.entries
        kept = {id(e) for e in after} & {id(e) for e in before}
        # cited until this merge replaced its entries: a rebuilt entry does not cite it anew
        dropped: set[str] = set()
        for e in before:
            if id(e) in kept:
                continue
            for article_id in {s.article_id for s in e.sources}:
                mine = held.cites.get(article_id, [])
                mine[:] = [x for x in mine if x is not e]
                if not mine:
                    held.cites.pop(article_id, None)
                    cited = self._cited_in.get(article_id)
                    if cited is not None:
                        cited.discard(bucket)
                        if not cited:
                            del self._cited_in[article_id]
                            dropped.add(article_id)
        for e in after:
            if id(e) in kept:
                continue
            for article_id in {s.article_id for s in e.sources}:
                held.cites.setdefault(article_id, []).append(e)
                if (
                    self._on_cited is not None
                    and article_id not in self._cited_in
                    and article_id not in dropped
                ):
                    self._on_cited(article_id)
                self._cited_in[article_id].add(bucket)

    def cites(self, article_id: str) -> bool:
        """Whether a merged entry of this worker cites the article."""
        return article_id in self._cited_in

    def entries_of(self, article_id: str, table: MutableMapping[str, Any]) -> list[TimelineEntry]:
        """The merged entries that cite an article."""
        self._load(table)
        return [
            e
            for bucket in sorted(self._cited_in.get(article_id, ()))
            if (held := self._buckets.get(bucket)) is not None
            for e in sorted(held.cites.get(article_id, ()), key=_timeline_order)
        ]

    def postpone(self, bucket: str, seconds: float) -> None:
        """Try a bucket again later (its merge failed)."""
        held = self._buckets.get(bucket)
        if held is not None:
            held.due = self._clock() + seconds

    def merge_all(self, table: MutableMapping[str, Any]) -> int:
        """Merge every pending bucket now, exactly, whatever its schedule (tests)."""
        self._load(table)
        return sum(self.merge(b, whole=True) for b in list(self._buckets))

    def get(self, bucket: str, table: MutableMapping[str, Any]) -> BucketState | None:
        self._load(table)
        held = self._buckets.get(bucket)
        if held is None:
            return None
        articles = self._resident(bucket, held, table)
        return BucketState(bucket=bucket, articles=articles, entries=held.entries)

    def counts(self, table: MutableMapping[str, Any]) -> tuple[int, int]:
        """(events stored, entries merged) in this worker's buckets."""
        self._load(table)
        return self._n_events, self._n_entries

    def entries(self, table: MutableMapping[str, Any]) -> list[TimelineEntry]:
        self._load(table)
        return [entry for b in self._buckets.values() for entry in b.entries]


cache = StateCache(on_cited=freshness.cited)
