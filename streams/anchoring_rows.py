"""The rows of the ``anchoring`` table and the dated events they hold, parsed when needed.

Every dated article passes through the one anchoring partition, so its row is stored as the
message bytes that brought it, unparsed: the events are read only once an undated article
needs anchoring, and from then on kept parsed in memory beside the table (one parse per dated
article, not one per undated arrival). Undated rows are small JSON documents.
"""

from __future__ import annotations

import json
import logging
from collections.abc import MutableMapping
from typing import Any

from models import AnchoringMessage, Event

log = logging.getLogger("timewire.anchoring")

DATED = "dated:"
UNDATED = "undated:"


def undated_row(table: MutableMapping[str, Any], article_id: str) -> dict[str, Any] | None:
    raw = table.get(UNDATED + article_id)
    return json.loads(raw) if raw else None


def put_undated_row(table: MutableMapping[str, Any], article_id: str, row: dict[str, Any]) -> None:
    table[UNDATED + article_id] = json.dumps(row, ensure_ascii=False).encode()


def _parse(raw: bytes) -> list[Event]:
    try:
        return AnchoringMessage.from_wire(raw).events
    except ValueError:
        # written by this stage itself, so a bug: the article cannot anchor others, said aloud
        log.exception("unreadable dated row in the anchoring table")
        return []


class DatedEvents:
    """The explicitly dated events of every dated article in the anchoring table."""

    def __init__(self) -> None:
        self._parsed: dict[str, list[Event]] | None = None

    def put(self, table: MutableMapping[str, Any], article_id: str, raw: bytes) -> None:
        table[DATED + article_id] = raw
        if self._parsed is not None:
            self._parsed[article_id] = _parse(raw)

    def discard(self, table: MutableMapping[str, Any], article_id: str) -> None:
        table.pop(DATED + article_id, None)
        if self._parsed is not None:
            self._parsed.pop(article_id, None)

    def all(self, table: MutableMapping[str, Any]) -> list[Event]:
        if self._parsed is None:
            self._parsed = {
                key[len(DATED) :]: _parse(raw)
                for key, raw in table.items()
                if key.startswith(DATED) and raw
            }
        return [e for events in self._parsed.values() for e in events]

    def reset(self) -> None:
        """Forget what was parsed (the partition moved: the table holds other rows)."""
        self._parsed = None
