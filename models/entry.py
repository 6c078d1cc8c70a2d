"""A row of the timeline table: one happening, with every source that reported it."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from models.article import PublishedAtSource
from models.event import AnchorKind, Modality
from models.mention import Granularity


class EntrySource(BaseModel):
    article_id: str
    event_id: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published_at: datetime | None = None
    published_at_source: PublishedAtSource = PublishedAtSource.NONE
    sentence: str
    clause: str | None = Field(default=None, description="the part of the sentence it dates")
    mention_text: str
    value: str
    start: datetime | None = None
    end: datetime | None = None
    asserted_by: str | None = None
    modality: Modality = Modality.REPORTED
    anchor_kind: AnchorKind = AnchorKind.EXPLICIT
    disputed_by: list[str] = Field(default_factory=list)


class TimelineEntry(BaseModel):
    id: str
    bucket: str
    start: datetime
    end: datetime
    granularity: Granularity | None = None
    value: str
    label: str
    actors: list[str] = Field(default_factory=list)
    places: list[str] = Field(default_factory=list)
    disputed: bool = False
    disagreements: list[str] = Field(default_factory=list)
    first_reported: datetime | None = None
    last_reported: datetime | None = None
    n_sources: int = 0
    sources: list[EntrySource] = Field(default_factory=list)
