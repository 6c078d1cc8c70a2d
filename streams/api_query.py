"""Timeline query parameters and filtering, shared by the HTTP API and the CLI.

Pure code: validation errors name the parameter so the API can answer 400 with a useful message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

from pydantic import BaseModel, Field, ValidationError, ValidationInfo, field_validator

from models import Granularity, TimelineEntry

# a year or a year and month; full dates and date-times go through datetime.fromisoformat
PARTIAL_DATE = re.compile(r"[1-9]\d{3}(-(0[1-9]|1[0-2]))?")
DEFAULT_LIMIT = 1000
MAX_LIMIT = 5000


class QueryError(ValueError):
    """A bad query parameter; ``param`` names it."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(f"{param}: {message}")
        self.param = param
        self.message = message


class TimelineQuery(BaseModel):
    """Filters of ``GET /api/timeline`` and ``timewire query``: entries overlapping [from, to).

    ``from``/``to`` given as YYYY, YYYY-MM or YYYY-MM-DD cover their whole unit.
    """

    from_: datetime | None = Field(default=None, alias="from")
    to: datetime | None = None
    q: str | None = Field(default=None, max_length=500)
    actor: str | None = Field(default=None, max_length=200)
    place: str | None = Field(default=None, max_length=200)
    source: str | None = Field(default=None, max_length=200)
    article: str | None = Field(default=None, max_length=500)
    granularity: Granularity | None = None
    disputed: bool | None = None
    limit: int = Field(default=DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    cursor: str | None = Field(default=None, max_length=2000)
    format: Literal["json", "csv"] = "json"

    model_config = {"populate_by_name": True}

    @field_validator("from_", "to", mode="before")
    @classmethod
    def _date(cls, value: object, info: ValidationInfo) -> datetime | None:
        """A partial date means its whole unit: ``to=2022-02-17`` includes all of that day."""
        if value in (None, ""):
            return None
        if isinstance(value, datetime):
            return value if value.tzinfo else value.replace(tzinfo=UTC)
        text = str(value).strip()
        if PARTIAL_DATE.fullmatch(text):
            parts = [int(p) for p in text.split("-")]
            start = date(parts[0], *[*parts[1:], 1, 1][:2])
            if info.field_name == "to":
                start = _next_unit(start, len(parts))
            return datetime.combine(start, time(), tzinfo=UTC)
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            raise ValueError(f"not a date: {text[:40]!r}; use YYYY, YYYY-MM or ISO 8601") from None
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        if len(text) == 10 and info.field_name == "to":
            parsed += timedelta(days=1)
        return parsed

    @field_validator("cursor")
    @classmethod
    def _cursor(cls, value: str | None) -> str | None:
        if value is not None:
            decode_cursor(value)
        return value

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> TimelineQuery:
        known = set(cls.model_fields) | {"from"}
        data = {k: v for k, v in params.items() if k in known and v != ""}
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            err = exc.errors()[0]
            param = str(err["loc"][0]) if err["loc"] else "query"
            message = str(err["msg"]).removeprefix("Value error, ")
            raise QueryError("from" if param == "from_" else param, message) from None

    def as_params(self) -> dict[str, str]:
        """The query as URL parameters (JSON format: what one worker asks another)."""
        out: dict[str, str] = {}
        data = self.model_dump(by_alias=True, exclude_none=True, exclude={"format"})
        if self.limit == DEFAULT_LIMIT:
            data.pop("limit")
        for name, value in data.items():
            if isinstance(value, datetime):
                out[name] = value.isoformat()
            elif isinstance(value, bool):
                out[name] = "true" if value else "false"
            else:
                out[name] = str(value)
        return out

    def matches(self, entry: TimelineEntry) -> bool:
        if self.from_ and entry.end <= self.from_:
            return False
        if self.to and entry.start >= self.to:
            return False
        if self.granularity and entry.granularity != self.granularity:
            return False
        if self.disputed is not None and entry.disputed != self.disputed:
            return False
        if self.actor and not _any_contains(entry.actors, self.actor):
            return False
        if self.place and not _any_contains(entry.places, self.place):
            return False
        if self.source and not _any_contains(
            [s.outlet or "" for s in entry.sources] + [s.article_id for s in entry.sources],
            self.source,
        ):
            return False
        if self.article and not any(s.article_id == self.article for s in entry.sources):
            return False
        if self.q:
            haystack = " ".join([entry.label, *(s.sentence for s in entry.sources)]).casefold()
            return all(word in haystack for word in self.q.casefold().split())
        return True


SortKey = tuple[str, str, str]


def sort_key(entry: TimelineEntry) -> SortKey:
    return (entry.start.isoformat(), entry.end.isoformat(), entry.id)


def encode_cursor(entry: TimelineEntry) -> str:
    """The position after ``entry`` in the timeline's order: its sort key, '|'-separated."""
    return "|".join(sort_key(entry))


def decode_cursor(cursor: str) -> SortKey:
    parts = cursor.split("|", 2)
    if len(parts) != 3:
        raise ValueError("a cursor is the next_cursor of a previous page: 'start|end|id'")
    return (parts[0], parts[1], parts[2])


class Page(BaseModel):
    entries: list[TimelineEntry]
    next_cursor: str | None = None


def paginate(entries: Iterable[TimelineEntry], query: TimelineQuery, more: bool = False) -> Page:
    """The page of ``entries`` after the query's cursor; ``more`` says a peer has more."""
    ordered = sort_entries(entries)
    if query.cursor:
        after = decode_cursor(query.cursor)
        ordered = [e for e in ordered if sort_key(e) > after]
    page = ordered[: query.limit]
    has_more = more or len(ordered) > query.limit
    return Page(entries=page, next_cursor=encode_cursor(page[-1]) if has_more and page else None)


def _next_unit(day: date, n_parts: int) -> date:
    if n_parts == 3:
        return day + timedelta(days=1)
    if n_parts == 2:
        return date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return date(day.year + 1, 1, 1)


def _any_contains(values: Iterable[str], needle: str) -> bool:
    needle = needle.casefold()
    return any(needle in v.casefold() for v in values)


def sort_entries(entries: Iterable[TimelineEntry]) -> list[TimelineEntry]:
    """Chronological, then by id: the one order every worker and the CLI agree on."""
    unique = {e.id: e for e in entries}
    return sorted(unique.values(), key=sort_key)
