"""JSON rows in and out: ``{"id","published_at","text"}`` -> ``{"id","timexes":[...]}``.

Shared by ``timewire tag --jsonl`` and the benchmarks. Bad rows give an ``error`` field,
never an exception: one broken line must not stop a batch.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from models.dates import parse_datetime
from models.mention import Mention
from temporal.tagger import tag

TIMEX_FIELDS = (
    "start",
    "end",
    "text",
    "type",
    "value",
    "mod",
    "start_time",
    "end_time",
    "granularity",
    "anchor",
    "direction",
    "confidence",
    "rule",
)


def mention_dict(mention: Mention) -> dict[str, Any]:
    """A mention as plain JSON types (ISO strings for datetimes, strings for enums)."""
    data = mention.model_dump(mode="json")
    return {key: data.get(key) for key in TIMEX_FIELDS}


def tag_row(row: object, *, date_order: str = "DMY") -> dict[str, Any]:
    """Tag one input row; returns ``{"id", "timexes"}`` plus ``error`` when the row is unusable."""
    if not isinstance(row, dict):
        return {"id": None, "timexes": [], "error": "row is not a JSON object"}
    row_id = row.get("id")
    if row_id is not None and not isinstance(row_id, str | int | float):
        row_id = str(row_id)
    text = row.get("text")
    if not isinstance(text, str):
        return {"id": row_id, "timexes": [], "error": "missing or non-string 'text'"}
    out: dict[str, Any] = {"id": row_id}
    published: datetime | None = None
    raw = row.get("published_at")
    if raw not in (None, ""):
        try:
            published = parse_datetime(raw)
        except Exception:  # models.parse_datetime is third-party-backed; stay total
            published = None
        if published is None:
            out["error"] = (
                f"unreadable published_at {str(raw)[:60]!r}; relative dates left unresolved"
            )
    out["timexes"] = [mention_dict(m) for m in tag(text, published, date_order=date_order)]
    return out


def tag_line(line: str, *, date_order: str = "DMY") -> dict[str, Any]:
    """Tag one JSONL line (invalid JSON gives an error row)."""
    try:
        row = json.loads(line)
    except (ValueError, RecursionError) as exc:
        return {"id": None, "timexes": [], "error": f"invalid JSON: {str(exc)[:80]}"}
    return tag_row(row, date_order=date_order)
