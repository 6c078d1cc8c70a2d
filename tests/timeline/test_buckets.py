"""Time buckets: events that may merge land together."""

from __future__ import annotations

from datetime import timedelta

from models.event import AnchorKind
from timeline.buckets import UNDATED, bucket_of

from .helpers import day
from .test_merge import PUB, ev


def test_month_bucket_for_day_week_and_hour_intervals() -> None:
    assert bucket_of(ev("a", 1, PUB, ["x"])) == "2022-02"
    assert bucket_of(ev("a", 1, PUB - timedelta(days=2), ["x"], days=2)) == "2022-02"
    assert bucket_of(ev("a", 1, day(2022, 3, 1) - timedelta(hours=48), ["x"], days=2)) == "2022-02"


def test_year_bucket_for_long_intervals() -> None:
    assert bucket_of(ev("a", 1, day(2014, 1, 1), ["x"], days=365)) == "2014"
    since = ev("a", 1, day(2014, 1, 1), ["x"], days=(PUB - day(2014, 1, 1)).days)
    assert bucket_of(since) == "2014"


def test_implicit_event_goes_to_its_publication_month() -> None:
    imp = ev("a", 1, day(2022, 2, 27), ["x"], days=3, kind=AnchorKind.IMPLICIT)
    assert bucket_of(imp) == "2022-03"


def test_undated() -> None:
    e = ev("a", 1, PUB, ["x"])
    e.mention.start_time = None
    assert bucket_of(e) == UNDATED
