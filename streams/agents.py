"""The stream processors.

``extract`` (partitioned by article id): bytes -> Article -> dated events -> one BucketUpdate per
time bucket touched now or by the article's previous version. Articles with no date of their own
go to ``anchor`` instead (one partition, so it sees every dated article), which dates them by
cross-article anchoring and re-dates them whenever a better anchor arrives. ``merge``
(partitioned by bucket) applies BucketUpdates to the ``timeline`` table. None may die of an
article: what cannot be processed goes to the dead-letter topic with its reason and bytes.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from models import (
    AnchoringMessage,
    Article,
    ArticleRecord,
    BucketUpdate,
    DeadLetter,
    Event,
    PublishedAtSource,
    RejectReason,
)
from streams import gc_policy, native
from streams.anchoring_rows import UNDATED, DatedEvents, put_undated_row, undated_row
from streams.app import (
    anchoring_table,
    anchoring_topic,
    app,
    articles_table,
    articles_topic,
    dlq_topic,
    events_topic,
    settings,
    timeline_table,
)
from streams.batch_writes import write_as
from streams.bucket_state import ArticleSlot, update_slots
from streams.extraction_pool import ExtractionPool
from streams.freshness import freshness, published_header, published_of
from streams.runtime import consumer_lag, stats
from streams.state_cache import IDLE_MERGE_SHARE, MERGE_SHARE
from streams.state_cache import cache as state_cache
from timeline.anchoring import infer_publication
from timeline.article_plan import (
    ArticleJob,
    ArticlePlan,
    anchoring_key,
    bucket_updates,
    plan_articles,
    revision_of,
)
from timeline.buckets import bucket_of
from timeline.dating import resolve_publication
from timeline.extract import extract_events

log = logging.getLogger("timewire.agents")

# Under load the merge agent takes up to MERGE_BATCH updates at a time (waiting at most
# MERGE_WITHIN_S for a batch to fill), so a bucket is re-merged once per batch, not per article.
MERGE_BATCH = 1000
MERGE_WITHIN_S = 0.05
# Changed buckets are re-merged by a timer (streams/state_cache.py schedules each bucket).
MERGE_TICK_S = 0.05
RELEASE_EVERY_S = 10.0  # how often buckets gone cold are looked for (TIMEWIRE_COLD_AFTER_S)
BACKLOG = 20  # articles waiting in this worker's partitions: more means merging yields
MERGE_RETRY_S = 30.0

DLQ_ATTEMPTS = 3

# The extract agent takes up to EXTRACT_BATCH articles at a time, waiting at most
# EXTRACT_WITHIN_S for a batch to fill; the pool gets it in chunks (streams/extraction_pool.py).
EXTRACT_BATCH = 64
EXTRACT_WITHIN_S = 0.01

extraction = ExtractionPool(settings.extract_processes, settings.max_article_bytes)


async def send_to_dlq(message: Any, reason: RejectReason | str, error: str) -> None:
    """Forward the original message, key and bytes, to the dead-letter topic with the reason.

    A dead letter that cannot be written is retried; if the broker still refuses it the failure
    is logged as an error and counted, never passed over in silence.
    """
    letter = DeadLetter(
        reason=str(reason),
        error=error[:2000],
        topic=message.topic,
        partition=message.partition,
        offset=message.offset,
        received_at=datetime.now(UTC),
    )
    for attempt in range(1, DLQ_ATTEMPTS + 1):
        try:
            await dlq_topic.send(key=message.key, value=message.value, headers=letter.to_headers())
            break
        except Exception:
            if attempt == DLQ_ATTEMPTS:
                stats.rejected["dlq_write_failed"] += 1
                log.exception("could not write %s[%s]@%s to the dead-letter topic", letter.topic,
                              letter.partition, letter.offset)  # fmt: skip
                return
            await asyncio.sleep(0.5 * attempt)
    stats.rejected[str(reason)] += 1
    log.warning("rejected %s[%s]@%s: %s: %s", letter.topic, letter.partition, letter.offset,
                reason, error[:200])  # fmt: skip


def _message_time(message: Any) -> datetime | None:
    ts = getattr(message, "timestamp", None)
    return datetime.fromtimestamp(float(ts), tz=UTC) if ts else None


async def send_updates(updates: dict[str, bytes], published: float | None = None) -> None:
    """``published``: when the article reached the broker (epoch seconds), carried in a header
    so that the merge agent can tell how old the updates are (not as their timestamp: the
    broker's time-based retention and checks read that, and an archive replayed today
    carries old times)."""
    headers = published_header(published)
    for bucket in sorted(updates):
        await events_topic.send(key=bucket.encode(), value=updates[bucket], headers=headers)


async def emit_events(
    record: ArticleRecord,
    events: Iterable[Event],
    *,
    version: int,
    revision: str,
    old_buckets: Iterable[str] = (),
    published: float | None = None,
) -> list[str]:
    """Send the article's events bucket by bucket, retracting buckets it no longer touches."""
    events = list(events)
    updates = bucket_updates(
        record, events, version=version, revision=revision, old_buckets=old_buckets
    )
    await send_updates(updates, published)
    return sorted({bucket_of(e) for e in events})


async def send_anchoring(msg: AnchoringMessage) -> None:
    await anchoring_topic.send(key=anchoring_key(msg), value=msg.to_wire())


@app.task
async def start_extraction() -> None:
    log.info("engine: %s", native.state())
    if await extraction.start():
        log.info(
            "extraction processes: %s",
            ", ".join(f"{pid} ({engine})" for pid, engine in extraction.engines.items()),
        )


@app.agent(articles_topic)
async def extract(stream: Any) -> None:
    """Batches of articles: the extraction process works through a batch while the loop
    sends what the articles before became and serves the other agents and the API."""
    async for batch in stream.take_events(EXTRACT_BATCH, within=EXTRACT_WITHIN_S):
        jobs = [
            ArticleJob(
                raw=e.message.value, received=_message_time(e.message), version=e.message.offset
            )
            for e in batch
        ]
        done = 0
        try:
            async for plan in extraction.plans(jobs):
                await _settle(batch[done], plan)
                done += 1
        except Exception:  # the pool itself failed (not an article): plan the rest here
            log.exception(
                "the extraction pool failed: extracting %d articles here", len(jobs) - done
            )
            for event, plan in zip(
                batch[done:], plan_articles(jobs[done:], settings.max_article_bytes), strict=True
            ):
                await _settle(event, plan)


async def _settle(event: Any, plan: ArticlePlan) -> None:
    message = event.message
    write_as(event)  # its table row goes to its partition (see streams/batch_writes.py)
    try:
        await _apply_plan(message, plan)
    except Exception as exc:  # a bug must cost one article, never the worker
        log.exception("extraction failed for %r", message.key)
        await send_to_dlq(message, RejectReason.PROCESSING_ERROR, f"{type(exc).__name__}: {exc}")
    stats.finished(message)


@app.on_partitions_revoked.connect
async def _forget_progress(app: Any, /, *args: Any, signal: Any, **kwargs: Any) -> None:
    """A partition that comes back later resumes from someone else's progress."""
    revoked: set[Any] = args[0] if args else kwargs.get("revoked", set())
    for tp in revoked:
        stats.done.pop((tp.topic, tp.partition), None)
    stored_articles.reset()


async def _apply_plan(message: Any, plan: ArticlePlan) -> None:
    """Send what the article became and remember it, retracting what its previous version
    put in buckets it no longer touches."""
    if plan.rejected is not None:
        reason, detail = plan.rejected
        await send_to_dlq(message, reason, detail)
        return
    assert plan.record is not None
    key = plan.article_id.encode("utf-8")
    if message.key != key:
        # Every version of an article must meet in one partition, or a correction could not
        # replace what an earlier version produced: forward it under its id, with the time it
        # reached the broker (a date of last resort, and where its freshness counts from).
        await articles_topic.send(key=key, value=message.value, timestamp=message.timestamp)
        stats.rekeyed += 1
        return
    for warning in plan.warnings:
        stats.warnings[warning.split(":", 1)[0]] += 1
        log.warning("article %s: %s", plan.article_id, warning)
    previous = articles_table.get(plan.article_id) or {}
    gone = set(previous.get("buckets", [])) - set(plan.updates)
    retractions = bucket_updates(
        plan.record, [], version=message.offset, revision=plan.revision, old_buckets=gone
    )
    await send_updates({**plan.updates, **retractions}, message.timestamp)
    await anchoring_topic.send(key=plan.anchoring_key, value=plan.anchoring_value)
    if plan.n_events:
        freshness.passed("extracted", message.timestamp)
    if not previous:  # after the sends: see _StoredArticles
        stored_articles.added()
    articles_table[plan.article_id] = {
        "record": plan.record.model_dump(mode="json"),
        "revision": plan.revision,
        "version": message.offset,
        "buckets": plan.buckets,
        "n_events": plan.n_events,
        "anchoring": plan.anchoring,
    }
    stats.articles_processed += 1
    stats.events_produced += plan.n_events
    stats.changed()
    log.info(
        "article %s (%s %s): %d events in %d buckets",
        plan.article_id,
        plan.record.published_at_source,
        plan.record.published_at,
        plan.n_events,
        len(plan.buckets),
    )


class _UndatedIds:
    """Ids of the undated articles in the anchoring table, kept beside it: every dated article
    asks which exist, and finding them in the table is a pass over every row (quadratic over a
    feed). Rebuilt from the table after the anchoring partition moves."""

    def __init__(self) -> None:
        self._ids: set[str] | None = None

    def get(self) -> set[str]:
        if self._ids is None:
            self._ids = {k[len(UNDATED) :] for k in anchoring_table if k.startswith(UNDATED)}
        return self._ids

    def reset(self) -> None:
        self._ids = None


class _StoredArticles:
    """How many articles this worker's partitions of the articles table hold, kept beside it:
    ``/api/health`` is polled (by the page, by monitoring, by the load bench) and counting the
    rows reads and decodes every one of them. Counted again after the partitions move.
    ``added`` must come in the same synchronous step as the row's write: the count is taken
    from the table whenever it is asked and unknown, which may be between any two awaits."""

    def __init__(self) -> None:
        self._n: int | None = None

    def get(self) -> int:
        if self._n is None:
            self._n = sum(1 for _ in articles_table)
        return self._n

    def added(self) -> None:
        if self._n is not None:
            self._n += 1

    def reset(self) -> None:
        self._n = None


undated_ids = _UndatedIds()
stored_articles = _StoredArticles()
dated_events = DatedEvents()


@articles_table.on_recover
async def _articles_recovered() -> None:
    stored_articles.reset()


@anchoring_table.on_recover
async def _anchoring_recovered() -> None:
    undated_ids.reset()
    dated_events.reset()


async def _anchor_undated(article_id: str, dated: list[Event]) -> None:
    """(Re)date one undated article against the dated events; re-emit only if its date moved."""
    state = undated_row(anchoring_table, article_id)
    if not state:
        return
    article = Article.model_validate(state["article"])
    received = (
        datetime.fromisoformat(state["message_timestamp"]) if state["message_timestamp"] else None
    )
    record = resolve_publication(article, received)
    inferred = infer_publication(article, dated)
    if inferred is not None:
        record = record.model_copy(
            update={
                "published_at": inferred[0],
                "published_at_source": PublishedAtSource.CROSS_ARTICLE,
            }
        )
    record_json = record.model_dump(mode="json")
    if state.get("record") == record_json and state.get("emitted"):
        return
    events = extract_events(article, record)
    # counted from publication the first time; a re-dating later is news of its own
    published = received.timestamp() if received and not state.get("emitted") else None
    buckets = await emit_events(
        record,
        events,
        version=state["version"],
        revision=revision_of(article),
        old_buckets=state.get("buckets", []),
        published=published,
    )
    if events:
        freshness.passed("extracted", published)
    put_undated_row(
        anchoring_table,
        article_id,
        {**state, "record": record_json, "buckets": buckets, "n_events": len(events),
         "emitted": True},
    )  # fmt: skip
    stats.events_produced += len(events)
    stats.changed()
    log.info(
        "undated article %s anchored: %s %s, %d events",
        article_id,
        record.published_at_source,
        record.published_at,
        len(events),
    )


async def _on_dated(article_id: str, raw: bytes) -> None:
    """A dated article: keep its events (unparsed) for anchoring, drop an anchored version of
    it, and re-anchor the undated articles, which it may date."""
    dated_events.put(anchoring_table, article_id, raw)
    old = undated_row(anchoring_table, article_id)
    if old:  # the article now carries its own date: drop the anchored version
        if old.get("record"):
            await emit_events(
                ArticleRecord.model_validate(old["record"]),
                [],
                version=old["version"],
                revision="retracted",
                old_buckets=old.get("buckets", []),
            )
        anchoring_table.pop(UNDATED + article_id, None)
        undated_ids.get().discard(article_id)
    undated = undated_ids.get()
    if undated:
        dated = dated_events.all(anchoring_table)
        for undated_id in sorted(undated):
            await _anchor_undated(undated_id, dated)


async def _on_undated(msg: AnchoringMessage) -> None:
    assert msg.article is not None
    old = undated_row(anchoring_table, msg.article_id) or {}
    if old and old["version"] > msg.version:
        return  # a late older version
    dated_events.discard(anchoring_table, msg.article_id)
    undated_ids.get().add(msg.article_id)
    put_undated_row(
        anchoring_table,
        msg.article_id,
        {
            "article": msg.article.model_dump(mode="json"),
            "version": msg.version,
            "message_timestamp": msg.message_timestamp.isoformat()
            if msg.message_timestamp
            else None,
            "buckets": old.get("buckets", []),
            "record": None,
            "emitted": False,
        },
    )
    await _anchor_undated(msg.article_id, dated_events.all(anchoring_table))


@app.agent(anchoring_topic)
async def anchor(stream: Any) -> None:
    async for event in stream.events():
        message = event.message
        try:
            kind, _, article_id = (message.key or b"").decode("utf-8").partition(":")
            if kind == "dated":
                await _on_dated(article_id, message.value)
            elif kind == "undated":
                await _on_undated(AnchoringMessage.from_wire(message.value))
            else:
                raise ValueError(f"not an anchoring message key: {message.key!r}")
        except Exception as exc:
            log.exception("anchoring failed for %r", message.key)
            await send_to_dlq(
                message, RejectReason.PROCESSING_ERROR, f"anchor: {type(exc).__name__}: {exc}"
            )


@timeline_table.on_recover
async def _table_recovered() -> None:
    """After a rebalance the local partitions hold other rows: drop what was parsed."""
    state_cache.clear()
    freshness.forget_awaiting()
    stats.changed()


@app.agent(events_topic)
async def merge(stream: Any) -> None:
    async for batch in stream.take_events(MERGE_BATCH, within=MERGE_WITHIN_S):
        by_bucket: dict[str, list[tuple[Any, BucketUpdate]]] = defaultdict(list)
        for event in batch:
            try:
                update = BucketUpdate.from_wire(event.value)
            except ValueError as exc:
                await send_to_dlq(event.message, RejectReason.PROCESSING_ERROR, f"merge: {exc}")
                continue
            by_bucket[update.bucket].append((event, update))
        for bucket, items in by_bucket.items():
            try:
                write_as(items[-1][0])  # the bucket's rows go to its partition
                before = state_cache.slots(bucket, timeline_table)
                slots = update_slots(before, [u for _, u in items], [e.value for e, _ in items])
                if slots is None:
                    stats.updates_skipped += len(items)
                    continue
                state_cache.store(bucket, slots, timeline_table, [u.article.id for _, u in items])
                stats.updates_applied += len(items)
                _stored_freshness(items, before)
            except Exception as exc:
                log.exception("storing updates failed for bucket %r", bucket)
                for event, _ in items:
                    await send_to_dlq(
                        event.message,
                        RejectReason.PROCESSING_ERROR,
                        f"merge: {type(exc).__name__}: {exc}",
                    )
        for event in batch:
            stats.finished(event.message)


def _stored_freshness(
    items: list[tuple[Any, BucketUpdate]], before: dict[str, ArticleSlot]
) -> None:
    """Stored updates count for ``stored``; an article new to the bucket and cited nowhere here
    waits for ``visible`` (one already in the bucket was counted when it arrived, before a
    restart or a correction)."""
    for event, update in items:
        if not update.events:
            continue
        published = published_of(event.message.headers)
        freshness.passed("stored", published)
        article_id = update.article.id
        if article_id not in before and not state_cache.cites(article_id):
            freshness.awaiting(article_id, published)


@app.task
async def remerge_loop() -> None:
    """Bring the merged entries of changed buckets up to date (see streams/state_cache.py).

    A loop rather than a Faust timer: a pass may take longer than the tick under load, which a
    timer reports as overlapping on every tick.
    """
    released_at = time.monotonic()
    every = min(RELEASE_EVERY_S, settings.cold_after_s / 2)
    while True:
        await asyncio.sleep(MERGE_TICK_S)
        await remerge()
        if time.monotonic() - released_at >= every:
            released_at = time.monotonic()
            if released := state_cache.release_cold(settings.cold_after_s):
                log.info("released the parsed rows of %d cold buckets", released)


@app.task
async def full_gc_loop() -> None:
    """Full garbage collections on a clock (see streams/gc_policy.py)."""
    while True:
        await asyncio.sleep(gc_policy.FULL_EVERY_S)
        pause = gc_policy.policy.collect_full()
        log.info("full garbage collection: %.0f ms", 1000 * pause)


async def remerge() -> None:
    try:
        waiting = sum(consumer_lag(app.consumer, [settings.topic_articles]).values())
        backlog = waiting > BACKLOG
    except Exception:  # no assignment yet (rebalancing): merge as under load
        backlog = True
    share = MERGE_SHARE if backlog else IDLE_MERGE_SHARE
    for bucket in state_cache.merge_pass(share, urgent_only=backlog):
        try:
            merged = state_cache.merge(bucket)
        except Exception:
            # the bucket's articles are stored; a bug in merging must not stop the others
            log.exception("merging bucket %r failed", bucket)
            stats.rejected["merge_failed"] += 1
            state_cache.postpone(bucket, MERGE_RETRY_S)
            continue
        if merged:
            stats.changed()
        await asyncio.sleep(0)  # let the agents run between buckets
