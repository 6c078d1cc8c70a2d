"""Timeline query parameters and filtering, shared by the HTTP API and the CLI.

Pure code: validation errors name the parameter so the API can answer 400 with a useful message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta

from pydantic import BaseModel, Field, ValidationError, ValidationInfo, field_validator

from models import Granularity, TimelineEntry, parse_datetime


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
    granularity: Granularity | None = None
    disputed: bool | None = None

    model_config = {"populate_by_name": True}

    @field_validator("from_", "to", mode="before")
    @classmethod
    def _date(cls, value: object, info: ValidationInfo) -> datetime | None:
        """A partial date means its whole unit: ``to=2022-02-17`` includes all of that day."""
        if value in (None, ""):
            return None
        if isinstance(value, str) and re.fullmatch(r"\d{4}(-\d{2}){0,2}", value.strip()):
            parts = [int(p) for p in value.strip().split("-")]
            try:
                start = date(parts[0], *[*parts[1:], 1, 1][:2])
            except ValueError as exc:
                raise ValueError(f"not a date: {value!r} ({exc})") from None
            if info.field_name == "to":
                start = _next_unit(start, len(parts))
            return datetime.combine(start, time(), tzinfo=UTC)
        parsed = parse_datetime(value)
        if parsed is None:
            raise ValueError(f"not a date: {value!r} (use YYYY-MM-DD or ISO 8601)")
        return parsed

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> TimelineQuery:
        known = set(cls.model_fields) | {"from"}
        data = {k: v for k, v in params.items() if k in known and v != ""}
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            err = exc.errors()[0]
            param = str(err["loc"][0]) if err["loc"] else "query"
            raise QueryError("from" if param == "from_" else param, err["msg"]) from None

    def as_params(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for name, value in self.model_dump(by_alias=True, exclude_none=True).items():
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
        if self.q:
            haystack = " ".join([entry.label, *(s.sentence for s in entry.sources)]).casefold()
            return all(word in haystack for word in self.q.casefold().split())
        return True


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
    return sorted(unique.values(), key=lambda e: (e.start, e.end, e.id))
