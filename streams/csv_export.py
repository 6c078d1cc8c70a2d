"""Timeline entries as CSV, one row per entry: the one CSV shape of `timewire build`, of
`GET /api/timeline?format=csv` and of `timewire query --format csv`. Lists are joined with '; ',
sentences and disagreements (which contain commas and semicolons) with ' | '."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from models import TimelineEntry

CSV_COLUMNS = [
    "id", "start", "end", "granularity", "value", "label", "actors", "places", "disputed",
    "disagreements", "n_sources", "first_reported", "last_reported", "outlets", "article_ids",
    "sentences",
]  # fmt: skip


def entries_csv(entries: Iterable[TimelineEntry]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        writer.writerow(
            [
                e.id,
                e.start.isoformat(),
                e.end.isoformat(),
                e.granularity.value if e.granularity else "",
                e.value,
                e.label,
                "; ".join(e.actors),
                "; ".join(e.places),
                "true" if e.disputed else "false",
                " | ".join(e.disagreements),
                e.n_sources,
                e.first_reported.isoformat() if e.first_reported else "",
                e.last_reported.isoformat() if e.last_reported else "",
                "; ".join(sorted({s.outlet for s in e.sources if s.outlet})),
                "; ".join(dict.fromkeys(s.article_id for s in e.sources)),
                " | ".join(s.sentence for s in e.sources),
            ]
        )
    return out.getvalue()
