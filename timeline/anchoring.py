"""Cross-article anchoring: date an undated article by the events other articles date.

An undated article's relative expressions ("on Thursday", "the past 24 hours", "today") cannot
be placed. For each candidate publication day (days from just before to a week after the dated
events that share content with the article) the article is tagged against that day, and every
event whose interval depends on the anchor is compared with the dated events: content score
(as in merging) times the overlap of the two intervals (intersection over union). The day with
the highest total wins; ties go to the earliest day (news is published soon after what it
reports). Nothing is returned when no candidate scores at least ``MIN_SCORE``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from models import Article, ArticleRecord, Event, PublishedAtSource
from models.event import AnchorKind
from timeline import tagging
from timeline.extract import ENTITY_MARKS, extract_events
from timeline.merge import T_CROSS, _Scorer
from timeline.text import content_words

MIN_SCORE = 0.3
DAYS_BEFORE = 1  # a candidate day may precede a dated event by this much ("tomorrow ...")
DAYS_AFTER = 7  # ... and follow it by up to a week ("on Thursday" read on Wednesday)
MAX_CANDIDATES = 45
MIN_SHARED_WORDS = 3


def _day(d: datetime) -> datetime:
    return d.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def _iou(a: Event, b: Event) -> float:
    s1, e1 = a.mention.start_time, a.mention.end_time
    s2, e2 = b.mention.start_time, b.mention.end_time
    assert s1 and e1 and s2 and e2
    inter = (min(e1, e2) - max(s1, s2)).total_seconds()
    if inter <= 0:
        return 0.0
    union = (max(e1, e2) - min(s1, s2)).total_seconds()
    return inter / union if union > 0 else 0.0


def candidate_days(article: Article, dated: list[Event]) -> list[datetime]:
    words = set(content_words(article.text))
    scored: dict[datetime, int] = {}
    for f in dated:
        shared = len(words & {w for w in f.keywords if not w.startswith(ENTITY_MARKS)})
        if shared < MIN_SHARED_WORDS:
            continue
        assert f.mention.start_time and f.mention.end_time
        first = _day(f.mention.start_time) - timedelta(days=DAYS_BEFORE)
        last = _day(f.mention.end_time) + timedelta(days=DAYS_AFTER)
        if last - first > timedelta(days=40):  # a long period says little about the day
            continue
        d = first
        while d <= last:
            scored[d] = scored.get(d, 0) + shared
            d += timedelta(days=1)
    best = sorted(scored, key=lambda d: (-scored[d], d))[:MAX_CANDIDATES]
    return sorted(best)


def infer_publication(article: Article, dated: list[Event]) -> tuple[datetime, float] | None:
    """The publication day that makes ``article``'s relative expressions agree with ``dated``
    events of other articles, with a confidence in (0, 1]; None when nothing matches well."""
    pool = sorted(
        (
            e for e in dated
            if e.article.id != article.id
            and e.anchor_kind == AnchorKind.EXPLICIT
            and e.mention.start_time is not None
            and e.mention.end_time is not None
        ),
        key=lambda e: e.id,
    )
    if not pool:
        return None
    days = candidate_days(article, pool)
    if not days:
        return None
    relative = {
        (m.start, m.end) for m in tagging.tag(article.text, None) if m.start_time is None
    }
    if not relative:
        return None
    results: list[tuple[float, datetime]] = []
    for d in days:
        record = ArticleRecord(
            id=article.id,
            title=article.title,
            source=article.source,
            published_at=d,
            published_at_source=PublishedAtSource.CROSS_ARTICLE,
        )
        events = [
            e for e in extract_events(article, record, tagging.tag(article.text, d))
            if e.anchor_kind == AnchorKind.EXPLICIT and (e.mention.start, e.mention.end) in relative
        ]
        if not events:
            results.append((0.0, d))
            continue
        sc = _Scorer(pool + events)
        total = 0.0
        for e in events:
            best = 0.0
            for f in pool:
                s = sc.score(e, f)
                if s >= T_CROSS:
                    best = max(best, s * _iou(e, f))
            total += best
        results.append((round(total, 9), d))
    results.sort(key=lambda r: (-r[0], r[1]))
    top, day = results[0]
    if top < MIN_SCORE:
        return None
    tied = sum(1 for s, _d in results if s == top)
    confidence = min(1.0, top) / tied
    return day, round(confidence, 3)
