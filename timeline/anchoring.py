"""Cross-article anchoring: date an undated article by the events other articles date.

An undated article's relative expressions ("on Thursday", "the past 24 hours", "today") cannot
be placed. For each candidate publication day (days from just before to a week after the dated
events that its relative events match in content) the article is tagged against that day, and every
event whose interval depends on the anchor is compared with the dated events: content score
(as in merging) times the overlap of the two intervals (intersection over union). The day with
the highest total wins, except that the earliest day scoring at least ``NEAR_TIE`` of the best
is preferred (news is published soon after what it reports). Nothing is returned when no
candidate scores at least ``MIN_SCORE``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from models import Article, ArticleRecord, Event, PublishedAtSource
from models.event import AnchorKind
from timeline import tagging
from timeline.extract import extract_events
from timeline.merge import T_CROSS, _Scorer

MIN_SCORE = 0.3
DAYS_BEFORE = 1  # a candidate day may precede a dated event by this much ("tomorrow ...")
DAYS_AFTER = 7  # ... and follow it by up to a week ("on Thursday" read on Wednesday)
MAX_CANDIDATES = 45
NEAR_TIE = 0.85


def _day(d: datetime) -> datetime:
    return d.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def _iou(a: tuple[datetime, datetime], b: tuple[datetime | None, datetime | None]) -> float:
    s1, e1 = a
    s2, e2 = b
    if s2 is None or e2 is None:
        return 0.0
    inter = (min(e1, e2) - max(s1, s2)).total_seconds()
    if inter <= 0:
        return 0.0
    union = (max(e1, e2) - min(s1, s2)).total_seconds()
    return inter / union if union > 0 else 0.0


def candidate_days(matched: list[Event]) -> list[datetime]:
    """Days from just before to a week after each matched dated event, the most supported
    first, at most ``MAX_CANDIDATES``."""
    support: dict[datetime, int] = {}
    for f in matched:
        assert f.mention.start_time and f.mention.end_time
        first = _day(f.mention.start_time) - timedelta(days=DAYS_BEFORE)
        last = _day(f.mention.end_time) + timedelta(days=DAYS_AFTER)
        if last - first > timedelta(days=40):  # a long period says little about the day
            continue
        d = first
        while d <= last:
            support[d] = support.get(d, 0) + 1
            d += timedelta(days=1)
    best = sorted(support, key=lambda d: (-support[d], d))[:MAX_CANDIDATES]
    return sorted(best)


def infer_publication(article: Article, dated: list[Event]) -> tuple[datetime, float] | None:
    """The publication day that makes ``article``'s relative expressions agree with ``dated``
    events of other articles, with a confidence in (0, 1]; None when nothing matches well."""
    pool = sorted(
        (
            e
            for e in dated
            if e.article.id != article.id
            and e.anchor_kind == AnchorKind.EXPLICIT
            and e.mention.start_time is not None
            and e.mention.end_time is not None
        ),
        key=lambda e: e.id,
    )
    if not pool:
        return None
    relative = {(m.start, m.end) for m in tagging.tag(article.text, None) if m.start_time is None}
    if not relative:
        return None
    # the events and their content matches do not depend on the anchor; only the intervals of
    # the relative mentions do: extract once against a provisional anchor, find the dated
    # events they match, then re-tag per candidate day around those
    provisional = _day(max(f.mention.start_time for f in pool if f.mention.start_time))
    record = ArticleRecord(
        id=article.id,
        title=article.title,
        source=article.source,
        published_at=provisional,
        published_at_source=PublishedAtSource.CROSS_ARTICLE,
    )
    events = [
        e
        for e in extract_events(article, record, tagging.tag(article.text, provisional))
        if e.anchor_kind == AnchorKind.EXPLICIT and (e.mention.start, e.mention.end) in relative
    ]
    if not events:
        return None
    sc = _Scorer(pool + events)
    matches: list[tuple[Event, list[tuple[Event, float]]]] = []
    for e in events:
        found = [(f, s) for f in pool if (s := sc.score(e, f)) >= T_CROSS]
        if found:
            matches.append((e, found))
    if not matches:
        return None
    days = candidate_days(
        sorted({f.id: f for _e, fs in matches for f, _s in fs}.values(), key=lambda f: f.id)
    )
    if not days:
        return None
    results: list[tuple[float, datetime]] = []
    for d in days:
        spans = {
            (m.start, m.end): (m.start_time, m.end_time)
            for m in tagging.tag(article.text, d)
            if m.start_time is not None and m.end_time is not None
        }
        total = 0.0
        for e, found in matches:
            interval = spans.get((e.mention.start, e.mention.end))
            if interval is None:
                continue
            best = max(
                s * _iou(interval, (f.mention.start_time, f.mention.end_time)) for f, s in found
            )
            total += best
        results.append((round(total, 9), d))
    top = max(s for s, _d in results)
    if top < MIN_SCORE:
        return None
    # recency prior: among days that explain the text almost as well as the best one, the
    # earliest (news is published soon after what it reports "on Friday")
    near = sorted(d for s, d in results if s >= NEAR_TIE * top)
    day = near[0]
    score_of = dict((d, s) for s, d in results)
    confidence = min(1.0, score_of[day]) / len(near)
    return day, round(confidence, 3)
