"""The article: what producers publish to the ``articles`` topic."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from models.dates import parse_datetime

MAX_ID_LENGTH = 512


class PublishedAtSource(StrEnum):
    """Where an article's publication date came from, strongest first (see DESIGN.md)."""

    FIELD = "field"
    DATELINE = "dateline"
    CROSS_ARTICLE = "cross_article"
    MESSAGE_TIMESTAMP = "message_timestamp"
    NONE = "none"


class Article(BaseModel):
    """One news article as published to ``articles`` (JSON, keyed by ``id``).

    ``published_at`` accepts any common format; a value that cannot be read is kept in
    ``published_at_raw`` with a warning instead of rejecting the article, because the text's
    dateline or other articles can still date it.
    """

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=False)

    id: str = Field(min_length=1, max_length=MAX_ID_LENGTH)
    text: str = Field(min_length=1)
    title: str | None = None
    url: str | None = None
    source: str | None = Field(default=None, description="the outlet, e.g. 'Kyiv Ledger'")
    published_at: datetime | None = None
    published_at_raw: str | None = None
    language: str = "en"
    warnings: list[str] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _read_published_at(cls, data: Any) -> Any:
        if not isinstance(data, dict) or data.get("published_at") in (None, ""):
            if isinstance(data, dict) and data.get("published_at") == "":
                data = {**data, "published_at": None}
            return data
        raw = data["published_at"]
        parsed = parse_datetime(raw)
        out = dict(data)
        out["published_at"] = parsed
        if parsed is None:
            out["published_at_raw"] = str(raw)[:200]
            out["warnings"] = [
                *data.get("warnings", []),
                f"unparseable published_at: {raw!r}"[:300],
            ]
        return out

    @field_validator("id", mode="before")
    @classmethod
    def _id_is_string(cls, value: Any) -> Any:
        if not isinstance(value, str):
            raise ValueError("id must be a string")
        value = value.strip()
        if not value:
            raise ValueError("id must not be empty")
        return value

    @field_validator("text")
    @classmethod
    def _text_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("text must not be empty or whitespace")
        return value


class ArticleRecord(BaseModel):
    """What the timeline keeps about an article once it has been read and dated."""

    id: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published_at: datetime | None = None
    published_at_source: PublishedAtSource = PublishedAtSource.NONE
    warnings: list[str] = Field(default_factory=list)
