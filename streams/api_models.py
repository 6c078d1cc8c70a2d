"""Response bodies of the HTTP API: the views build these, and the OpenAPI document is made from
them, so the published schema and the behaviour cannot drift apart."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from models import ArticleRecord, TimelineEntry
from streams.freshness import WINDOW


class ErrorBody(BaseModel):
    error: str
    param: str | None = Field(default=None, description="the query parameter at fault")


class TimelinePage(BaseModel):
    entries: list[TimelineEntry]
    count: int = Field(description="entries in this page")
    next_cursor: str | None = Field(
        description="pass as `cursor` for the next page; null at the end"
    )
    workers: int = Field(description="workers whose partitions are in this answer")
    partial: bool = Field(description="true when a worker did not answer")


class ArticleInfo(BaseModel):
    id: str
    record: ArticleRecord = Field(description="publication date and how it was found")
    revision: str
    buckets: list[str]
    n_events: int
    anchoring: bool = Field(description="dated by cross-article anchoring rather than by itself")


class Health(BaseModel):
    status: str = Field(description="ok, or degraded when a worker or the broker is unreachable")
    workers: list[dict[str, Any]]
    unreachable_workers: list[str]
    counts: dict[str, Any]
    total_lag: int
    generation: int
    freshness: dict[str, dict[str, Any]] = Field(
        description="time from an article's publication on the broker until its events were "
        "sent (extracted), stored in a bucket (stored) and first cited by a merged entry "
        f"(visible): count, and p50/p95/max in ms over each worker's last {WINDOW} (the largest "
        "of the workers' figures)"
    )
