"""Timeline entries as CSV: one row per entry, lists joined with '; '."""

from __future__ import annotations

import csv
import io

from models import TimelineEntry

CSV_COLUMNS = [
    "id", "start", "end", "granularity", "value", "label", "actors", "places", "disputed",
    "n_sources", "outlets", "article_ids",
]  # fmt: skip


def entries_csv(entries: list[TimelineEntry]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        writer.writerow(
            [
                e.id,
                e.start.isoformat(),
                e.end.isoformat(),
                e.granularity or "",
                e.value,
                e.label,
                "; ".join(e.actors),
                "; ".join(e.places),
                str(e.disputed).lower(),
                e.n_sources,
                "; ".join(sorted({s.outlet or "" for s in e.sources} - {""})),
                "; ".join(sorted({s.article_id for s in e.sources})),
            ]
        )
    return out.getvalue()
