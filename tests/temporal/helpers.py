"""Helpers for the temporal tests: tag a sentence and pick one mention by its text."""

from __future__ import annotations

from datetime import UTC, datetime

from models.mention import Mention
from temporal import tag

#: Thursday 17 February 2022, the canonical sample's publication date.
PUB = datetime(2022, 2, 17, tzinfo=UTC)


def utc(*parts: int) -> datetime:
    """An aware UTC datetime."""
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def only(text: str, published: datetime | None = PUB, **kwargs: str) -> Mention:
    """The single mention of ``text`` (fails when there are none or several)."""
    found = tag(text, published, **kwargs)
    assert len(found) == 1, [(m.text, m.value) for m in found]
    return found[0]


def find(text: str, surface: str, published: datetime | None = PUB) -> Mention:
    """The mention whose text is ``surface``."""
    found = tag(text, published)
    hits = [m for m in found if m.text == surface]
    assert hits, [(m.text, m.value) for m in found]
    return hits[0]


def values(text: str, published: datetime | None = PUB) -> list[tuple[str, str]]:
    """(text, value) of every mention."""
    return [(m.text, m.value) for m in tag(text, published)]
