"""Parsing of publication timestamps as producers send them.

Feeds and scrapers send ISO 8601, RFC 2822 (RSS), epoch seconds and free text such as
"17 February 2022 14:05". Cheap exact parsers go first; dateparser is the fallback because it
is slow but knows the long tail of formats and languages.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

import dateparser

_DATEPARSER_SETTINGS = {
    "RETURN_AS_TIMEZONE_AWARE": True,
    "TIMEZONE": "UTC",
    "TO_TIMEZONE": "UTC",
    "PREFER_DAY_OF_MONTH": "first",
    "STRICT_PARSING": False,
    "REQUIRE_PARTS": ["day", "month", "year"],
}


def ensure_aware(value: datetime) -> datetime:
    """Naive timestamps are taken as UTC: the convention of every feed format we read."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def parse_datetime(value: object) -> datetime | None:
    """Return an aware datetime for a publication timestamp, or None when it cannot be read."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return ensure_aware(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 10**11 else value  # milliseconds from JS producers
        try:
            return datetime.fromtimestamp(seconds, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 100:
        return None
    try:
        return ensure_aware(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        pass
    try:
        return ensure_aware(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        pass
    try:
        parsed = dateparser.parse(text, languages=None, settings=_DATEPARSER_SETTINGS)
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    return ensure_aware(parsed) if parsed is not None else None
