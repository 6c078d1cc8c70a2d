"""HTTP API and live page, served by the Faust worker's own web server."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any, cast

from aiohttp import web
from pydantic import BaseModel

from models import TimelineEntry
from streams.agents import extraction, stored_articles
from streams.anchoring_rows import undated_row
from streams.api_models import ArticleInfo, ErrorBody, Health, TimelinePage
from streams.api_query import QueryError, TimelineQuery, paginate
from streams.app import STATIC_DIR, anchoring_table, app, articles_table, settings, timeline_table
from streams.cluster import gather_from_peers, own_url, peer_urls
from streams.csv_export import entries_csv
from streams.freshness import freshness, worst
from streams.gc_policy import policy as gc_policy
from streams.openapi import openapi_document
from streams.runtime import consumer_lag, stats
from streams.state_cache import cache as state_cache

Handler = Callable[..., Awaitable[web.StreamResponse]]


def page(path: str) -> Callable[[Handler], Any]:
    """``app.page`` for handlers written against aiohttp, which Faust's aiohttp driver passes."""
    return cast(Callable[[Handler], Any], app.page(path))


def _error(status: int, message: str, param: str | None = None) -> web.Response:
    body = ErrorBody(error=message, param=param).model_dump(mode="json", exclude_none=True)
    return web.json_response(body, status=status)


def _local_entries() -> list[TimelineEntry]:
    return state_cache.entries(timeline_table)


def _is_local(request: web.Request) -> bool:
    return request.query.get("scope") == "local"


@page("/api/timeline")
async def timeline_view(self: Any, request: web.Request) -> web.Response:
    """Entries matching the filters, from every worker, in timeline order, a page at a time."""
    try:
        query = TimelineQuery.from_params(request.query)
    except QueryError as exc:
        return _error(400, exc.message, exc.param)
    candidates = (
        state_cache.entries_of(query.article, timeline_table) if query.article else _local_entries()
    )
    entries = [e for e in candidates if query.matches(e)]
    failed: list[str] = []
    more = False
    if not _is_local(request):
        answers, failed = await gather_from_peers("/api/timeline", query.as_params())
        for answer in answers:
            entries.extend(TimelineEntry.model_validate(e) for e in answer.get("entries", []))
            more = more or bool(answer.get("next_cursor"))
    result = paginate(entries, query, more)
    if query.format == "csv":
        headers = {"X-Next-Cursor": result.next_cursor} if result.next_cursor else {}
        return web.Response(
            text=entries_csv(result.entries), content_type="text/csv", headers=headers
        )
    body = TimelinePage(
        entries=result.entries,
        count=len(result.entries),
        next_cursor=result.next_cursor,
        workers=1 + len(peer_urls()) - len(failed),
        partial=bool(failed),
    )
    return _model_response(body)


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)


def _model_response(model: BaseModel, status: int = 200) -> web.Response:
    return web.Response(
        text=model.model_dump_json(), status=status, content_type="application/json"
    )


@page("/api/entries/{entry_id}")
async def entry_view(self: Any, request: web.Request, entry_id: str) -> web.Response:
    for entry in _local_entries():
        if entry.id == entry_id:
            return web.json_response(entry.model_dump(mode="json"), dumps=_dumps)
    if not _is_local(request):
        answers, _ = await gather_from_peers(f"/api/entries/{entry_id}", {})
        for answer in answers:
            if answer.get("id") == entry_id:
                return web.json_response(answer, dumps=_dumps)
    return _error(404, f"no entry {entry_id!r}")


def _local_article(article_id: str) -> dict[str, Any]:
    """What this worker's partitions know of an article (either part may be on another worker)."""
    found: dict[str, Any] = {}
    raw = articles_table.get(article_id)
    if raw:
        found["stored"] = raw
    anchored = undated_row(anchoring_table, article_id)
    if anchored:
        found["anchored"] = {k: v for k, v in anchored.items() if k != "article"}
    return found


@page("/api/articles/{article_id}")
async def article_view(self: Any, request: web.Request, article_id: str) -> web.Response:
    """An article's record: how its date was found, its events' buckets and counts."""
    found = _local_article(article_id)
    if _is_local(request):
        return web.json_response({"id": article_id, **found}, dumps=_dumps)
    answers, _ = await gather_from_peers(f"/api/articles/{article_id}", {})
    for answer in answers:
        for part in ("stored", "anchored"):
            if part in answer:
                found.setdefault(part, answer[part])
    stored = found.get("stored")
    if not stored:
        return _error(404, f"no article {article_id!r}")
    anchored = found.get("anchored") or {}
    body = ArticleInfo.model_validate(
        {
            "id": article_id,
            "record": anchored.get("record") or stored["record"],
            "revision": stored["revision"],
            "buckets": anchored.get("buckets", stored["buckets"]),
            "n_events": anchored.get("n_events", stored["n_events"]),
            "anchoring": stored.get("anchoring", False),
        }
    )
    return _model_response(body)


def _local_health() -> dict[str, Any]:
    consumer = app.consumer
    assignment = sorted(consumer.assignment(), key=lambda tp: (tp.topic, tp.partition))
    lag = consumer_lag(consumer, (settings.topic_articles, settings.topic_events))
    n_events, n_entries = state_cache.counts(timeline_table)
    n_articles = stored_articles.get()
    return {
        "worker": own_url(),
        "broker": {"url": settings.broker_url, "connected": _broker_connected()},
        "partitions": [f"{tp.topic}[{tp.partition}]" for tp in assignment],
        "lag": lag,
        "total_lag": sum(lag.values()),
        "counts": {
            "articles": n_articles,
            "events": n_events,
            "entries": n_entries,
            "pending_merges": state_cache.pending,
            "merges": {k: round(v, 3) for k, v in state_cache.work.items()},
            "cold_buckets": {"released": state_cache.released, "reloaded": state_cache.reloaded},
            "articles_processed": stats.articles_processed,
            "events_produced": stats.events_produced,
            "updates_applied": stats.updates_applied,
            "updates_skipped": stats.updates_skipped,
            "rekeyed": stats.rekeyed,
            "rejected": dict(stats.rejected),
            "warnings": dict(stats.warnings),
            "extraction": {"processes": extraction.processes, "restarts": extraction.restarts},
            "gc_full": {
                "collections": gc_policy.full_collections,
                "seconds": round(gc_policy.full_seconds, 3),
            },
        },
        "freshness": freshness.summary(),
        "generation": stats.generation,
        "uptime_s": round(time.time() - stats.started_at, 1),
    }


def _broker_connected() -> bool:
    try:
        return bool(app.consumer.assignment())  # assigned partitions imply a live group session
    except Exception:
        return False


@page("/api/health")
async def health_view(self: Any, request: web.Request) -> web.Response:
    local = _local_health()
    if _is_local(request):
        return web.json_response(local)
    answers, failed = await gather_from_peers("/api/health", {})
    workers = [local, *answers]
    counts: dict[str, Any] = {
        "articles": 0,
        "events": 0,
        "entries": 0,
        "articles_processed": 0,
        "pending_merges": 0,
    }
    rejected: dict[str, int] = {}
    for w in workers:
        for k in counts:
            counts[k] += w["counts"][k]
        for reason, n in w["counts"]["rejected"].items():
            rejected[reason] = rejected.get(reason, 0) + n
    counts["rejected"] = rejected
    status = "ok" if local["broker"]["connected"] and not failed else "degraded"
    return _model_response(
        Health(
            status=status,
            workers=workers,
            unreachable_workers=failed,
            counts=counts,
            total_lag=sum(w["total_lag"] for w in workers),
            generation=sum(w["generation"] for w in workers),
            freshness=worst([w.get("freshness", {}) for w in workers]),
        )
    )


@page("/api/openapi.json")
async def openapi_view(self: Any, request: web.Request) -> web.Response:
    return web.json_response(OPENAPI)


@page("/")
async def index_view(self: Any, request: web.Request) -> web.Response:
    return web.Response(
        text=(STATIC_DIR / "index.html").read_text(encoding="utf-8"), content_type="text/html"
    )


OPENAPI = openapi_document()


class ClusterGeneration:
    """The sum of every worker's change counter, refreshed in the background for the live page."""

    def __init__(self) -> None:
        self.value = 0
        self.changed = asyncio.Event()
        self.subscribers = 0

    async def refresh(self) -> None:
        if not self.subscribers:
            # nobody listens: asking every peer four times a second would cost each of them a
            # health report (a pass over its tables) for nothing
            return
        total = stats.generation
        if peer_urls():
            answers, _ = await gather_from_peers("/api/health", {})
            total += sum(int(a.get("generation", 0)) for a in answers)
        if total != self.value:
            self.value = total
            self.changed.set()
            self.changed = asyncio.Event()


cluster_generation = ClusterGeneration()


@app.timer(interval=0.25)
async def refresh_generation() -> None:
    await cluster_generation.refresh()


@page("/api/stream")
async def stream_view(self: Any, request: web.Request) -> web.StreamResponse:
    """Server-sent events: ``change`` whenever the table changes anywhere in the cluster."""
    resp = web.StreamResponse(
        headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
    )
    await resp.prepare(request)
    cluster_generation.subscribers += 1
    try:
        await cluster_generation.refresh()
        await resp.write(f"event: hello\ndata: {cluster_generation.value}\n\n".encode())
        while True:
            waiter = cluster_generation.changed
            try:
                await asyncio.wait_for(waiter.wait(), timeout=15.0)
                await resp.write(f"event: change\ndata: {cluster_generation.value}\n\n".encode())
            except TimeoutError:
                await resp.write(b": keep-alive\n\n")
    except (ConnectionResetError, asyncio.CancelledError):
        pass
    finally:
        cluster_generation.subscribers -= 1
    return resp
