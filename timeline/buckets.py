"""Time buckets: the key that sends events which may merge to the same place (one partition of
the internal events topic, one call of ``merge_events``).

Rule: an event whose interval is at most ~two months long goes to the month of its start
("2022-02"); a longer one (a year, "since 2014", a decade) to the year of its start ("2014").
An implicit recent-past event goes to the month of its article's publication day, where the
explicitly dated reports it can join are. Events with no interval go to "undated" (they never
reach the table).

Trade-off: buckets must be a pure function of one event (streaming cannot look at the others),
so happenings reported at different granularities or across a month boundary can land in
different buckets and then never merge: "on 28 February" (2022-02) and "in the last three days"
published on 2 March (starts 2022-02-27, so 2022-02: fine) merge, but "on Tuesday 1 March"
(2022-03) and "the last 48 hours" published 1 March (2022-02) do not; "in 2014" (2014) and "on
18 March 2014" (2014-03) do not. Coarser buckets would catch these at the price of larger
merges (a bucket is merged again on every update; merging is blocked, not all-pairs, but still
grows faster than linearly) and more false merges in busy months; month buckets keep a bucket to
the size of a month of news, which is what one partition can merge quickly.
"""

from __future__ import annotations

from datetime import timedelta

from models import Event
from models.event import AnchorKind

MONTH_BUCKET_MAX_SPAN = timedelta(days=62)
UNDATED = "undated"


def bucket_of(event: Event) -> str:
    start = event.mention.start_time
    end = event.mention.end_time
    if start is None or end is None:
        return UNDATED
    if event.anchor_kind == AnchorKind.IMPLICIT:
        day = end - timedelta(days=1)
        return f"{day.year:04d}-{day.month:02d}"
    if end - start <= MONTH_BUCKET_MAX_SPAN:
        return f"{start.year:04d}-{start.month:02d}"
    return f"{start.year:04d}"
