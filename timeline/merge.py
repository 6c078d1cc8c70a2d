"""Events -> timeline entries: the same happening reported by several articles becomes one entry.

Two events are the same happening when their intervals are compatible (they overlap, or are
clock times or parts of one day a few hours apart) and their content agrees:
an IDF-weighted Dice overlap of their keywords (content-word stems, place keys that ignore
romanisation variants, actor names) above a threshold, with at least two shared content words.
Clustering is greedy over candidate pairs, best pair first, with a complete-link check: two
clusters join only if every cross pair of events from different articles is compatible (and
agrees a little), and every pair from the same article clearly repeats the same happening.

Deterministic and order-independent: input events are de-duplicated by id and sorted, pair
scores are symmetric (and summed exactly, with ``math.fsum``), ties are broken by ids; so any
permutation (and any duplication) of the same events gives identical entries, ids included.

Speed: a bucket holds hundreds to thousands of events and is merged again on every update, so
pairs are never enumerated. ``_candidates`` keeps only pairs that can be related at all (two
shared content words, one of them a blocking key used by at most MAX_POSTING events; not both
undated; overlapping intervals, or rival day-dates within DATE_DISPUTE_WINDOW) using bitmasks
over the events and a sweep over intervals sorted by start and end; per-event features (keyword
sets, content words, places, intervals as integers) are computed once in ``_Scorer``. The result
is exactly that of scoring every pair (tests/timeline/test_merge_blocking.py).
"""

from __future__ import annotations

import hashlib
import math
from bisect import bisect_left, bisect_right, insort
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from models import EntrySource, Event, Modality, PublishedAtSource, TimelineEntry
from models.event import AnchorKind
from models.mention import Granularity
from timeline.buckets import bucket_of
from timeline.extract import ENTITY_MARKS
from timeline.lexicon import gazetteer, word_classes
from timeline.names import place_key
from timeline.text import content_words, stem

T_CROSS = 0.28  # same happening, different articles
T_SAME = 0.6  # same happening twice in one article (a clear repeat)
T_LINK = 0.05  # an implicit event agrees at least this much with every dated one
T_AVG = 0.12  # the dated events of two joining clusters agree this much on average
T_IMPLICIT = 0.38  # an implicit (undated-sentence) event joining a dated one
T_DATE_DISPUTE = 0.35  # same happening although the dates differ (with a same place)
DATE_DISPUTE_WINDOW = timedelta(days=7)
FINE_SPAN = timedelta(hours=12)  # a clock time, an hour or a part of the day ...
NEAR_TIMES = timedelta(hours=3)  # ... this close to another on the same day is compatible
MIN_SHARED_WORDS = 2
_DAYISH = frozenset(
    {Granularity.DAY, Granularity.PART_OF_DAY, Granularity.HOUR, Granularity.MINUTE}
)
_SOURCE_RANK = {
    PublishedAtSource.FIELD: 0,
    PublishedAtSource.DATELINE: 1,
    PublishedAtSource.CROSS_ARTICLE: 2,
    PublishedAtSource.MESSAGE_TIMESTAMP: 3,
    PublishedAtSource.NONE: 4,
}
_FAR_FUTURE = datetime.max.replace(tzinfo=None)
_MARKS = frozenset(ENTITY_MARKS)


def _interval(e: Event) -> tuple[datetime, datetime]:
    assert e.mention.start_time is not None and e.mention.end_time is not None
    return e.mention.start_time, e.mention.end_time


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_US = timedelta(microseconds=1)
_WINDOW_US = DATE_DISPUTE_WINDOW // _US


def _micros(t: datetime) -> int:
    """Microseconds since the epoch: comparing ints is much cheaper than comparing aware
    datetimes (each comparison asks both time zones for their offset)."""
    return ((t if t.tzinfo is not None else t.replace(tzinfo=UTC)) - _EPOCH) // _US


_DAY_US = timedelta(days=1) // _US
_FINE_US = FINE_SPAN // _US
_NEAR_US = NEAR_TIMES // _US


def _near_times(i1: tuple[int, int], i2: tuple[int, int]) -> bool:
    """Two clock times or parts of one day a few hours apart ("at 6 a.m.", "around 7:30",
    "early on Thursday"): reports of one happening that place it a little differently."""
    (s1, e1), (s2, e2) = i1, i2
    return (
        -_NEAR_US <= s1 - s2 <= _NEAR_US
        and e1 - s1 <= _FINE_US
        and e2 - s2 <= _FINE_US
        and s1 // _DAY_US == s2 // _DAY_US
    )


def _is_explicit(e: Event) -> bool:
    return e.anchor_kind != AnchorKind.IMPLICIT


def _dedupe(events: list[Event]) -> list[Event]:
    by_id: dict[str, Event] = {}
    for e in events:
        cur = by_id.get(e.id)
        if cur is None or e.model_dump_json() > cur.model_dump_json():
            by_id[e.id] = e
    return [by_id[k] for k in sorted(by_id)]


@dataclass(frozen=True, slots=True)
class _Features:
    """What merging compares of one event, computed once per event (not per merge)."""

    kw: frozenset[str]
    words: frozenset[str]  # content words: no place, country or actor marks
    places: frozenset[str]  # specific places ('@' keys)
    start: int  # the interval in microseconds (0, 0 without one)
    end: int
    explicit: bool  # dated by something else than an undated sentence
    own_date: bool  # dated by its own mention (AnchorKind.EXPLICIT)
    dayish: bool  # of a day or finer
    article: str


def _features(e: Event) -> _Features:
    kw = frozenset(e.keywords)
    start, end = e.mention.start_time, e.mention.end_time
    iv = (_micros(start), _micros(end)) if start is not None and end is not None else (0, 0)
    return _Features(
        kw=kw,
        words=frozenset(w for w in kw if w[:1] not in _MARKS),
        places=frozenset(w for w in kw if w[:1] == "@"),
        start=iv[0],
        end=iv[1],
        explicit=e.anchor_kind != AnchorKind.IMPLICIT,
        own_date=e.anchor_kind == AnchorKind.EXPLICIT,
        dayish=e.mention.granularity in _DAYISH,
        article=e.article.id,
    )


class _Idf(dict[str, float]):
    """IDF weights of the bucket, computed for a word when first asked (a merge around a few
    changed articles needs a few words' weights, not the whole vocabulary's)."""

    def __init__(self, df: Counter[str], n: int) -> None:
        super().__init__()
        self.df = df
        self.m = max(n, 1)

    def __missing__(self, w: str) -> float:
        value = self[w] = math.log(1.0 + self.m / self.df[w]) * (1.5 if w.startswith("@") else 1.0)
        return value


class _Aggregates:
    """Word statistics of a set of events: document frequencies over all and over explicitly
    dated events, and content-word postings as bitmasks over slot numbers."""

    def __init__(self) -> None:
        self.df: Counter[str] = Counter()  # over all events
        self.df_explicit: Counter[str] = Counter()
        self.n_explicit = 0
        self.postings: dict[str, int] = defaultdict(int)
        self.slot: dict[str, int] = {}  # event id -> slot
        # slot -> the event's id and interval (micros)
        self.by_slot: dict[int, tuple[str, int, int]] = {}
        self.free: list[int] = []

    def add(self, e: Event, f: _Features) -> None:
        self.df.update(f.kw)
        if f.explicit:
            self.df_explicit.update(f.kw)
            self.n_explicit += 1
        k = self.free.pop() if self.free else len(self.slot)
        self.slot[e.id] = k
        self.by_slot[k] = (e.id, f.start, f.end)
        bit = 1 << k
        for w in f.words:
            self.postings[w] |= bit

    def remove(self, e: Event, f: _Features) -> None:
        self.df.subtract(f.kw)
        if f.explicit:
            self.df_explicit.subtract(f.kw)
            self.n_explicit -= 1
        for w in f.kw:
            if self.df[w] <= 0:
                del self.df[w]
            if self.df_explicit.get(w, 1) <= 0:
                del self.df_explicit[w]
        k = self.slot.pop(e.id)
        del self.by_slot[k]
        self.free.append(k)
        clear = ~(1 << k)
        for w in f.words:
            left = self.postings[w] & clear
            if left:
                self.postings[w] = left
            else:
                del self.postings[w]

    def sharing(
        self,
        words: frozenset[str],
        own_id: str,
        limit: int | None = None,
        near: tuple[int, int] | None = None,
    ) -> list[str]:
        """Ids of the events sharing two content words with ``words``, one of them a blocking
        key (used by at most MAX_POSTING events): ``_Postings.sharing`` over slots; at most
        ``limit`` of them (the lowest slots) when given. ``near``: an interval; only events
        that may be related to an event of that interval by their dates (``_may_relate``)."""
        one = two = decisive = 0
        postings = self.postings
        for w in words:
            m = postings[w]
            two |= one & m
            one |= m
            if m.bit_count() <= MAX_POSTING:
                decisive |= m
        found = (two & decisive) & ~(1 << self.slot[own_id])
        out: list[str] = []
        by_slot = self.by_slot
        while found and (limit is None or len(out) < limit):
            low = found & -found
            eid, start, end = by_slot[low.bit_length() - 1]
            found ^= low
            if near is None or _may_relate(near, (start, end)):
                out.append(eid)
        return out


def _may_relate(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether events of these intervals (micros) can be related by their dates at all: every
    way ``_Scorer.relation`` and ``can_join`` accept a cross pair (overlapping intervals, near
    times of one day, rival day-dates DATE_DISPUTE_WINDOW apart) keeps them this close, given
    that no interval ends before it starts (``Mention`` refuses one). A superset, and cheap: a
    busy bucket holds many reports sharing a story's words from other weeks, which a preview's
    few partners must not be spent on."""
    return b[0] <= a[1] + _WINDOW_US and a[0] <= b[1] + _WINDOW_US


class MergeCache:
    """What one bucket's merges can keep from one merge to the next: each event's features, the
    bucket's word statistics (kept up to date with the events, not counted again each merge)
    and the entries of clusters whose members did not change. Events are keyed by id and
    checked by identity (a corrected article brings new event objects under the same ids), so
    a merge with the cache gives exactly what a merge without it gives."""

    def __init__(self) -> None:
        self._features: dict[str, tuple[Event, _Features]] = {}
        self._entries: dict[tuple[str, ...], tuple[tuple[Event, ...], TimelineEntry]] = {}
        self._sources: dict[str, tuple[Event, EntrySource]] = {}
        self.stats = _Aggregates()
        self.by_article: dict[str, list[str]] = {}
        self.added: list[str] = []
        self.removed: list[str] = []
        # the clusters of the last merge (only clusters of several events are listed)
        self.last: list[TimelineEntry] | None = None
        self.members: dict[str, list[str]] = {}
        self.root_of: dict[str, str] = {}
        self.entry_at: dict[str, TimelineEntry] = {}

    def replace_articles(self, changed: set[str], events: list[Event]) -> None:
        """Make the changed articles' events ``events`` (theirs, de-duplicated, with an
        interval), the others' staying as they were; ``added``/``removed`` as ``sync``."""
        held, stats = self._features, self.stats
        self.added, self.removed = [], []
        now = {e.id: e for e in events}
        for article in changed:
            for eid in self.by_article.pop(article, ()):
                got = held.get(eid)
                if got is not None and now.get(eid) is not got[0]:
                    stats.remove(*got)
                    del held[eid]
                    self.removed.append(eid)
        for e in events:
            self._take(e)
            self.by_article.setdefault(e.article.id, []).append(e.id)

    def _take(self, e: Event) -> _Features:
        """The event's features; a new one is counted in the statistics and listed added."""
        got = self._features.get(e.id)
        if got is not None:
            return got[1]
        f = _features(e)
        self._features[e.id] = (e, f)
        self.stats.add(e, f)
        self.added.append(e.id)
        return f

    def sync(self, events: list[Event]) -> list[_Features]:
        """Make the statistics those of ``events`` (de-duplicated); their features. ``added``
        and ``removed`` then list the ids whose event objects came or went."""
        held = self._features
        now = {e.id: e for e in events}
        stats = self.stats
        self.added, self.removed = [], []
        for eid, (e, f) in list(held.items()):
            if now.get(eid) is not e:
                stats.remove(e, f)
                del held[eid]
                self.removed.append(eid)
        out = []
        by_article: dict[str, list[str]] = {}
        for e in events:
            out.append(self._take(e))
            by_article.setdefault(e.article.id, []).append(e.id)
        self.by_article = by_article
        return out

    def synced_features(self, e: Event) -> _Features:
        return self._features[e.id][1]

    def synced(self) -> dict[str, Event]:
        return {k: v[0] for k, v in self._features.items()}

    def remember(
        self,
        entries: list[TimelineEntry],
        clusters: dict[str, list[str]],
        entry_at: dict[str, TimelineEntry],
    ) -> None:
        """The clusters behind ``entries``, the result just returned (root id -> member ids,
        for the clusters of several events or with an entry; root id -> entry): the next
        incremental merge starts from them instead of reading every entry again."""
        self.last = entries
        self.members = clusters
        self.root_of = {m: root for root, ms in clusters.items() for m in ms}
        self.entry_at = entry_at

    def continues(self, previous: list[TimelineEntry]) -> bool:
        """``previous`` is what the last merge with this cache returned: an incremental merge
        from it reads only the changed articles' events (the caller may pass only those)."""
        return previous is self.last

    def revise(
        self,
        touched: set[str],
        clusters: dict[str, list[str]],
        entry_at: dict[str, TimelineEntry],
    ) -> list[TimelineEntry]:
        """``remember`` for a merge that replaced only the clusters of the ``touched`` roots
        by ``clusters`` (with the entries ``entry_at``): the other clusters stay where they
        are, so the cost follows the change, not the bucket. The bucket's entries in timeline
        order (the ones kept in their places, the new ones inserted)."""
        members, root_of, held_entries = self.members, self.root_of, self.entry_at
        gone: set[int] = set()
        for root in touched:
            for m in members.pop(root, ()):
                if root_of.get(m) == root:
                    del root_of[m]
            old = held_entries.pop(root, None)
            if old is not None:
                gone.add(id(old))
        for root, ms in clusters.items():
            members[root] = ms
            for m in ms:
                root_of[m] = root
        held_entries.update(entry_at)
        last = self.last or []
        entries = [e for e in last if id(e) not in gone] if gone else list(last)
        for e in sorted(entry_at.values(), key=_entry_order):
            insort(entries, e, key=_entry_order)
        self.last = entries
        return entries

    def source(self, e: Event) -> EntrySource:
        """The event as an entry's source, built once per event: the busiest entries are
        rebuilt whenever a report joins them, with every source they already had."""
        got = self._sources.get(e.id)
        if got is not None and got[0] is e:
            return got[1]
        src = _source(e)
        self._sources[e.id] = (e, src)
        return src

    def entry(self, members: list[Event]) -> TimelineEntry | None:
        held = self._entries.get(tuple(e.id for e in members))
        if held is None or any(a is not b for a, b in zip(held[0], members, strict=True)):
            return None
        return held[1]

    def keep_entry(self, members: list[Event], entry: TimelineEntry) -> None:
        self._entries[tuple(e.id for e in members)] = (tuple(members), entry)

    def prune(self) -> None:
        """Forget the entries of clusters with an event no longer in the bucket."""
        alive = self._features
        self._sources = {k: v for k, v in self._sources.items() if k in alive}
        self._entries = {
            k: v
            for k, v in self._entries.items()
            if all(
                (h := alive.get(i)) is not None and h[0] is e for i, e in zip(k, v[0], strict=True)
            )
        }


class _Scorer:
    """IDF weights of the bucket and per-event features, held in lists by position so that the
    pair loops, which run thousands of times per merge, index lists instead of hashing ids."""

    def __init__(
        self, events: list[Event], cache: MergeCache | None = None, bucket_size: int | None = None
    ) -> None:
        """``bucket_size`` given: ``events`` are part of the bucket ``cache`` was synced with
        (the words are weighted by the whole bucket, as in a merge of all its events)."""
        self.events = events
        self.n = n = len(events)
        self.index = {e.id: i for i, e in enumerate(events)}
        self.cache_of = cache
        if cache is not None and bucket_size is not None:
            feats = [cache.synced_features(e) for e in events]
            stats = cache.stats
            n = bucket_size
        elif cache is not None:
            feats = cache.sync(events)
            stats = cache.stats
        else:
            feats = [_features(e) for e in events]
            stats = _Aggregates()
            for f in feats:
                stats.df.update(f.kw)
                if f.explicit:
                    stats.df_explicit.update(f.kw)
                    stats.n_explicit += 1
        self.feats = feats
        self.kw = [f.kw for f in feats]
        self.words = [f.words for f in feats]
        self.places = [f.places for f in feats]
        self.start = [f.start for f in feats]
        self.end = [f.end for f in feats]
        self.explicit = [f.explicit for f in feats]
        self.art = [f.article for f in feats]
        # a score depends on the two keyword sets only, and reprinted wire copy gives many
        # events one set: pairs of sets are scored once (``kid``: the set's number)
        kids: dict[frozenset[str], int] = {}
        self.kid = [kids.setdefault(kw, len(kids)) for kw in self.kw]
        self.n_sets = len(kids)
        # a word is distinctive when few explicitly dated events of the bucket use it
        self.df = stats.df_explicit
        self.rare_df = max(3, stats.n_explicit // 10)
        self.idf = _Idf(stats.df, n)
        self._weights: list[float | None] = [None] * self.n_sets
        self.cache: dict[int, float] = {}
        self.sample: int | None = None  # see _merge_around

    def weight(self, i: int) -> float:
        """The summed weights of event i's keywords, in a fixed order (fsum is exact): equal on
        every worker, whatever the hash seed."""
        k = self.kid[i]
        w = self._weights[k]
        if w is None:
            w = self._weights[k] = math.fsum(map(self.idf.__getitem__, self.kw[i]))
        return w

    def idf_of(self, w: str) -> float:
        """The word's weight, 0 for a word no event of the bucket has."""
        return self.idf[w] if self.idf.df.get(w, 0) > 0 else 0.0

    def score(self, a: Event, b: Event) -> float:
        return self.score_ij(self.index[a.id], self.index[b.id])

    def score_ij(self, i: int, j: int) -> float:
        a, b = self.kid[i], self.kid[j]
        key = a * self.n_sets + b if a < b else b * self.n_sets + a
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        if (
            len(self.words[i] & self.words[j]) < MIN_SHARED_WORDS
            or not (wa := self.weight(i))
            or not (wb := self.weight(j))
        ):
            value = 0.0
        else:
            shared = self.kw[i] & self.kw[j]
            value = 2 * math.fsum(map(self.idf.__getitem__, shared)) / (wa + wb)
        self.cache[key] = value
        return value

    def compatible(self, i: int, j: int) -> bool:
        """Intervals that may hold one happening: overlapping, or near times of one day."""
        si, ei, sj, ej = self.start[i], self.end[i], self.start[j], self.end[j]
        if si < ej and sj < ei and si < ei and sj < ej:  # overlapping, inline: it is hot
            return True
        return ei - si <= _FINE_US and ej - sj <= _FINE_US and _near_times((si, ei), (sj, ej))

    def rival_dates(self, i: int, j: int) -> bool:
        """Two explicitly dated day-or-finer events a few days apart (a possible date dispute)."""
        fi, fj = self.feats[i], self.feats[j]
        return (
            fi.own_date
            and fj.own_date
            and fi.dayish
            and fj.dayish
            and abs(fi.start - fj.start) <= _WINDOW_US
        )

    def rare(self, i: int, j: int) -> list[str]:
        """Shared words that are distinctive: few dated events of the bucket use them and they
        are not generic news vocabulary."""
        generic = _generic()
        return [
            w
            for w in self.words[i] & self.words[j]
            if self.df[w] <= self.rare_df and w not in generic and not w.isdigit()
        ]

    def repeats(self, i: int, j: int) -> bool:
        """Two events of one article clearly repeat one happening: very similar, or the same
        interval with the same distinctive words (rare in the bucket) and no conflicting
        place."""
        if not (self.explicit[i] and self.explicit[j]):
            return False
        if not max(self.start[i], self.start[j]) < min(self.end[i], self.end[j]):
            return False
        if self.score_ij(i, j) >= T_SAME:
            return True
        if self.start[i] != self.start[j] or self.end[i] != self.end[j]:
            return False
        pa, pb = self.places[i], self.places[j]
        if pa and pb and not (pa & pb) and len(pa) + len(pb) > 2:
            return False
        return len(self.rare(i, j)) >= MIN_SHARED_WORDS

    def relation(self, i: int, j: int) -> str | None:
        """'same', 'date' (same happening, dates disagree) or None."""
        ea, eb = self.explicit[i], self.explicit[j]
        if not ea and not eb:
            return None
        s = self.score_ij(i, j)
        if self.art[i] == self.art[j]:
            return "same" if self.repeats(i, j) else None
        if self.compatible(i, j):
            need = T_CROSS if ea and eb else T_IMPLICIT
            return "same" if s >= need else None
        if s >= T_DATE_DISPUTE and self.rival_dates(i, j):
            # the same happening placed on another day: same specific place, several same words
            places = self.places[i] & self.places[j]
            words = self.words[i] & self.words[j]
            if places and len(words) >= 3 and len(self.rare(i, j)) >= MIN_SHARED_WORDS:
                return "date"
        return None

    def related_score(self, i: int, j: int) -> float | None:
        """The pair's score when ``relation`` relates it, else None: the same decision with
        the common case (two articles, overlapping intervals) inline, for the pair loop."""
        ea, eb = self.explicit[i], self.explicit[j]
        if not ea and not eb:
            return None
        s = self.score_ij(i, j)
        if self.art[i] != self.art[j]:
            si, ei, sj, ej = self.start[i], self.end[i], self.start[j], self.end[j]
            if si < ej and sj < ei and si < ei and sj < ej:
                return s if s >= (T_CROSS if ea and eb else T_IMPLICIT) else None
        return s if self.relation(i, j) is not None else None

    def can_join(self, c1: list[int], c2: list[int]) -> bool:
        """Every pair across the clusters is compatible (overlapping intervals, or rival dates
        of a possible dispute; same-article pairs repeat one happening; an undated sentence
        agrees with each dated one) and the dated pairs agree on average."""
        scores: list[float] = []
        score = self.score_ij
        explicit, art = self.explicit, self.art
        if self.sample is not None:  # a preview: big clusters by evenly spaced members
            c1, c2 = _spread(c1, self.sample), _spread(c2, self.sample)
        for x in c1:
            x_dated = explicit[x]
            x_art = art[x]
            for y in c2:
                y_dated = explicit[y]
                if x_art == art[y]:
                    if x_dated and y_dated:
                        if not self.repeats(x, y):
                            return False
                    elif (x_dated or y_dated) and score(x, y) < T_CROSS:
                        return False  # an undated sentence must elaborate its article's dated one
                    continue
                if not x_dated and not y_dated:
                    continue  # two undated sentences meet only through a dated event
                if not self.compatible(x, y) and not self.rival_dates(x, y):
                    return False
                s = score(x, y)
                if not (x_dated and y_dated):
                    if s < T_LINK:
                        return False
                    continue
                scores.append(s)
        return not scores or sum(scores) / len(scores) >= T_AVG


def _relation(sc: _Scorer, a: Event, b: Event) -> str | None:
    return sc.relation(sc.index[a.id], sc.index[b.id])


def _rival_dates(sc: _Scorer, a: Event, b: Event) -> bool:
    return sc.rival_dates(sc.index[a.id], sc.index[b.id])


@lru_cache(maxsize=1)
def _generic() -> frozenset[str]:
    return frozenset(stem(w) for w in word_classes()["generic"]) | frozenset(
        word_classes()["generic"]
    )


MAX_POSTING = 400  # a word in more events than this cannot decide anything (and is not a block)


class _Postings:
    """Which events use each content word, as bitmasks over the events."""

    def __init__(self, sc: _Scorer) -> None:
        self.postings: dict[str, int] = defaultdict(int)
        self.counts: Counter[str] = Counter()
        self.words = sc.words
        postings = self.postings
        for i, ws in enumerate(self.words):
            bit = 1 << i
            for w in ws:
                postings[w] |= bit
            self.counts.update(ws)

    def sharing(self, i: int) -> int:
        """Events sharing two content words with event i, one of them a blocking key (used by
        at most MAX_POSTING events), i itself included."""
        one = two = decisive = 0
        postings, counts = self.postings, self.counts
        for w in self.words[i]:
            m = postings[w]
            two |= one & m
            one |= m
            if counts[w] <= MAX_POSTING:
                decisive |= m
        return two & decisive


def _candidates(events: list[Event], sc: _Scorer) -> list[tuple[int, int]]:
    """Every pair (i < j) that ``_relation`` may relate, without looking at all pairs.

    A relation needs two shared content words (one of them used by at most MAX_POSTING events:
    the blocking key), both events dated by something other than an undated sentence (at least
    one), and compatible intervals: overlapping, near times of one day (``_near_times``), or two
    explicitly dated day-or-finer events at most DATE_DISPUTE_WINDOW apart. Each condition is a
    bitmask over the events (Python ints), so one event's candidates cost a few big-int
    operations instead of a loop over all others.
    """
    n = len(events)
    shared = _Postings(sc)
    starts, ends = sc.start, sc.end
    by_start = sorted(range(n), key=starts.__getitem__)
    by_end = sorted(range(n), key=ends.__getitem__)
    sorted_starts = [starts[i] for i in by_start]
    sorted_ends = [ends[i] for i in by_end]
    # started[k]: events among the k earliest starts; ended_after[k]: all but the k earliest ends
    started = [0] * (n + 1)
    for k, i in enumerate(by_start):
        started[k + 1] = started[k] | (1 << i)
    ended_after = [0] * (n + 1)
    for k in range(n - 1, -1, -1):
        ended_after[k] = ended_after[k + 1] | (1 << by_end[k])
    nonempty = dated = rival = fine = 0
    for i, f in enumerate(sc.feats):
        if starts[i] < ends[i]:
            nonempty |= 1 << i
        if ends[i] - starts[i] <= _FINE_US:
            fine |= 1 << i
        if f.explicit:
            dated |= 1 << i
        if f.own_date and f.dayish:
            rival |= 1 << i
    out: list[tuple[int, int]] = []
    for i in range(n):
        cand = shared.sharing(i) >> (i + 1)
        if not cand:
            continue
        cand <<= i + 1
        if not sc.explicit[i]:
            cand &= dated
        when = 0
        if (nonempty >> i) & 1:
            when = (
                started[bisect_left(sorted_starts, ends[i])]
                & ended_after[bisect_right(sorted_ends, starts[i])]
                & nonempty
            )
        if (fine >> i) & 1:
            day = starts[i] // _DAY_US * _DAY_US
            lo = bisect_left(sorted_starts, max(starts[i] - _NEAR_US, day))
            hi = bisect_right(sorted_starts, min(starts[i] + _NEAR_US, day + _DAY_US - 1))
            when |= (started[hi] ^ started[lo]) & fine
        if (rival >> i) & 1:
            lo = bisect_left(sorted_starts, starts[i] - _WINDOW_US)
            hi = bisect_right(sorted_starts, starts[i] + _WINDOW_US)
            when |= (started[hi] ^ started[lo]) & rival
        cand &= when
        while cand:
            low = cand & -cand
            out.append((i, low.bit_length() - 1))
            cand ^= low
    return out


# (attach, -score, i, j) with i < j: positions follow the ids (events are sorted by id), so the
# tuples sort best first with ties broken by ids
Pair = tuple[bool, float, int, int]


def _pairs(sc: _Scorer, candidates: list[tuple[int, int]]) -> list[Pair]:
    """The related pairs in the order clustering takes them: dated pairs first (undated
    sentences then attach to a cluster), best score first, ties by ids."""
    out: list[Pair] = []
    explicit, related = sc.explicit, sc.related_score
    for i, j in candidates:
        s = related(i, j)
        if s is not None:
            out.append((not (explicit[i] and explicit[j]), -s, i, j))
    return out


def _clusters(events: list[Event], sc: _Scorer) -> list[list[int]]:
    pairs = _pairs(sc, _candidates(events, sc))
    members: dict[int, list[int]] = {i: [i] for i in range(len(events))}
    _join_greedily(sc, pairs, list(range(len(events))), members)
    return list(members.values())


def _join_greedily(
    sc: _Scorer,
    pairs: list[Pair],
    parent: list[int],
    members: dict[int, list[int]],
) -> set[int]:
    """Join clusters over ``pairs``, best first, where every cross pair allows it (complete
    link); ``parent``/``members`` (union-find, the root is a cluster's lowest index) are updated
    in place. Returns the roots of the clusters that grew."""
    pairs.sort()
    explicit = sc.explicit

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    grown: set[int] = set()
    # Two clusters that could not join cannot while neither changes, and many pairs link the
    # same two clusters (a big story's reports): remember the refusals by cluster generation,
    # or the complete-link check runs again for each such pair (seconds for one bucket).
    generation: dict[int, int] = {}
    refused: set[tuple[int, int, int, int]] = set()
    for attach, _neg, i, j in pairs:
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        if ri > rj:
            ri, rj = rj, ri
        key = (ri, generation.get(ri, 0), rj, generation.get(rj, 0))
        if key in refused:
            continue
        c1, c2 = members[ri], members[rj]
        if attach and any(explicit[k] for k in c1) and any(explicit[k] for k in c2):
            continue  # an undated sentence never bridges two dated clusters
        if not sc.can_join(c1, c2):
            refused.add(key)
            continue
        parent[rj] = ri
        members[ri] = sorted(members[ri] + members.pop(rj))
        generation[ri] = generation.get(ri, 0) + 1
        grown.discard(rj)
        grown.add(ri)
    return grown


def _pub_key(e: Event) -> tuple[int, str]:
    p = e.article.published_at
    return (_SOURCE_RANK[e.article.published_at_source], p.isoformat() if p else "~")


def _choose_interval(cluster: list[Event]) -> tuple[Event, bool]:
    """The event whose interval the entry takes, and whether sources disagree on the date."""
    if len(cluster) == 1:  # a report of its own (most entries): nothing to choose between
        return cluster[0], False
    dated = [e for e in cluster if _is_explicit(e)]
    own = [e for e in dated if e.anchor_kind == AnchorKind.EXPLICIT] or dated
    groups: dict[tuple[datetime, datetime], list[Event]] = defaultdict(list)
    for e in own:
        groups[_interval(e)].append(e)
    # groups that overlap no other group are rival dates
    keys = sorted(groups)
    # some two groups do not overlap: with keys by start, a later one starts after the end of
    # an earlier one, or is empty
    disjoint = False
    earliest_end = keys[0][1]
    for k_start, k_end in keys[1:]:
        if k_start >= min(k_end, earliest_end):
            disjoint = True
            break
        earliest_end = min(earliest_end, k_end)
    if disjoint:
        # ... and are not near times of one day either ("at 6 a.m." and "at 7:30 a.m.")
        us = [(_micros(a), _micros(b)) for a, b in keys]
        disjoint = any(
            not (max(x[0], y[0]) < min(x[1], y[1]) or _near_times(x, y))
            for i, x in enumerate(us)
            for y in us[i + 1 :]
        )

    def rank(k: tuple[datetime, datetime]) -> tuple[int, int, timedelta, datetime]:
        evs = groups[k]
        n_articles = len({e.article.id for e in evs})
        best_source = min(_SOURCE_RANK[e.article.published_at_source] for e in evs)
        if disjoint:
            return (-n_articles, best_source, k[1] - k[0], k[0])
        return (0, 0, k[1] - k[0], k[0])  # all compatible: the most precise interval

    best = min(keys, key=rank)
    rep = min(groups[best], key=lambda e: (_pub_key(e), e.id))
    return rep, disjoint


def _place_names(cluster: list[Event]) -> list[str]:
    gaz = gazetteer()
    variants: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    order: list[str] = []
    for e in cluster:
        for p in e.places:
            k = place_key(p)
            if k not in variants:
                order.append(k)
            rank = -1 if gaz.lookup(p) is not None else _SOURCE_RANK[e.article.published_at_source]
            when = e.article.published_at.isoformat() if e.article.published_at else "~"
            variants[k].append((rank, when, p))
    out: list[str] = []
    for k in order:
        counts = Counter(name for _r, _w, name in variants[k])
        # the gazetteer's spelling, else the best-dated source's, the commonest, the first reported
        best = min(variants[k], key=lambda v: (v[0], -counts[v[2]], v[1], v[2]))
        out.append(best[2])
    return out


@lru_cache(maxsize=20_000)
def _label_words(label: str) -> frozenset[str]:
    return frozenset(content_words(label))


def _centralities(ms: list[int], sc: _Scorer) -> dict[frozenset[str], float]:
    """Each member's summed score against the other members, by keyword set: a big story's
    reports often share one set, and a pair's score depends on the two sets only, so this costs
    the square of the distinct sets, not of the members."""
    counts: Counter[frozenset[str]] = Counter()
    rep: dict[frozenset[str], int] = {}
    for k in ms:
        kw = sc.kw[k]
        counts[kw] += 1
        rep.setdefault(kw, k)
    sets = sorted(counts, key=sorted)
    out: dict[frozenset[str], float] = {}
    for a in sets:
        terms = []
        for b in sets:
            n = counts[b] - (a == b)  # every other member, not the event itself
            if n:
                terms.append(n * sc.score_ij(rep[a], rep[b]))
        out[a] = math.fsum(terms)
    return out


def _label(ms: list[int], sc: _Scorer, places: list[str]) -> str:
    """The label of the source whose label says most of what the sources share."""
    cluster = [sc.events[k] for k in ms]
    if len(ms) == 1:  # one source: its label, whatever the bucket's word weights
        return _respelled(cluster[0].label, cluster, places)
    common = Counter(w for k in ms for w in sc.kw[k])
    shared = {w for w, n in common.items() if n >= 2}
    place_keys = {"@" + place_key(p) for e in cluster for p in e.places if p in e.label}

    covered: dict[tuple[str, int], float] = {}

    def coverage(k: int) -> float:
        # reprinted copies share label and keywords: their coverage is one computation
        key = (sc.events[k].label, sc.kid[k])
        got = covered.get(key)
        if got is None:
            words = _label_words(key[0]) | {p for p in place_keys if p in sc.kw[k]}
            got = covered[key] = sum(sc.idf_of(w) for w in words & shared)
        return got

    first = {k: (-round(coverage(k), 6), not sc.explicit[k]) for k in ms}
    best = min(first.values())
    tied = [k for k in ms if first[k] == best]
    if len(tied) == 1:
        rep = sc.events[tied[0]]
    else:  # the most central of the best covering: its score against all the others
        central = _centralities(ms, sc)
        rep = sc.events[
            min(
                tied,
                key=lambda k: (
                    -round(central[sc.kw[k]], 6),
                    _pub_key(sc.events[k]),
                    len(sc.events[k].label),
                    sc.events[k].id,
                ),
            )
        ]
    return _respelled(rep.label, cluster, places)


def _respelled(label: str, cluster: list[Event], places: list[str]) -> str:
    """The label with places spelled the way the entry does ("Stanitsya" -> "Stanytsia")."""
    canonical = {place_key(p): p for p in places}
    for e in cluster:
        for p in e.places:
            target = canonical.get(place_key(p))
            if target and target != p and p in label:
                label = label.replace(p, target)
    return label


def _disagreements(cluster: list[Event], rep: Event, date_dispute: bool) -> list[str]:
    notes: list[str] = []

    def who(e: Event) -> str:
        return f"{e.asserted_by or e.article.source or 'article'} [{e.article.id}]"

    if date_dispute:
        by_date: dict[str, list[str]] = defaultdict(list)
        for e in cluster:
            if e.anchor_kind == AnchorKind.EXPLICIT:
                by_date[
                    e.mention.start_time.date().isoformat() if e.mention.start_time else "?"
                ].append(e.article.id)
        parts = [f"{d} per {', '.join(sorted(set(ids)))}" for d, ids in sorted(by_date.items())]
        notes.append("date: " + "; ".join(parts))
    for e in cluster:
        if e.disputed_by:
            against = ", ".join(e.disputed_by)
            notes.append(f"fact: asserted by {who(e)}; disputed by {against} [{e.article.id}]")
    denied = [e for e in cluster if e.modality == Modality.DENIED]
    deniers = {e.asserted_by for e in denied}
    # a party denying its own statement is no disagreement between sources
    asserted = [
        e for e in cluster if e.modality != Modality.DENIED and e.asserted_by not in deniers
    ]
    if denied and asserted:
        notes.append(
            "fact: asserted by "
            + ", ".join(sorted({who(e) for e in asserted}))
            + "; denied by "
            + ", ".join(sorted({who(e) for e in denied}))
        )
    return sorted(set(notes))


def _source(e: Event) -> EntrySource:
    # validated although built from validated events: pydantic's validator is faster than
    # its model_construct
    return EntrySource(
        article_id=e.article.id,
        event_id=e.id,
        title=e.article.title,
        outlet=e.article.source,
        url=e.article.url,
        published_at=e.article.published_at,
        published_at_source=e.article.published_at_source,
        sentence=e.sentence,
        clause=e.clause,
        mention_text=e.mention.text,
        value=e.mention.value,
        start=e.mention.start_time,
        end=e.mention.end_time,
        asserted_by=e.asserted_by,
        modality=e.modality,
        anchor_kind=e.anchor_kind,
        disputed_by=list(e.disputed_by),
    )


def _entry(ms: list[int], sc: _Scorer, cache: MergeCache | None = None) -> TimelineEntry:
    """The entry of one cluster (member positions, in id order). Everything in it but the
    label depends on the members alone, so a cached entry of the same members is reused; the
    label of a multi-source entry weighs words by the bucket and is chosen again."""
    cluster = [sc.events[k] for k in ms]
    if cache is not None:
        held = cache.entry(cluster)
        if held is not None:
            if len(ms) == 1:
                return held
            label = _label(ms, sc, held.places)
            return held if label == held.label else held.model_copy(update={"label": label})
    rep, date_dispute = _choose_interval(cluster)
    start, end = _interval(rep)
    places = _place_names(cluster)
    actor_counts: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    for i, e in enumerate(sorted(cluster, key=lambda e: e.id)):
        for a in e.actors:
            actor_counts[a] += 1
            first_seen.setdefault(a, i)
    actors = sorted(actor_counts, key=lambda a: (-actor_counts[a], first_seen[a], a))
    notes = _disagreements(cluster, rep, date_dispute)
    sources = sorted(
        (cache.source(e) if cache is not None else _source(e) for e in cluster),
        key=lambda s: (
            s.published_at.isoformat() if s.published_at else "~",
            s.article_id,
            s.event_id,
        ),
    )
    published = [s.published_at for s in sources if s.published_at is not None]
    outlets = {e.article.source or f"article:{e.article.id}" for e in cluster}
    anchor_id = min(e.id for e in cluster if _is_explicit(e))
    bucket = bucket_of(rep)
    digest = hashlib.sha1(f"{bucket}|{anchor_id}".encode()).hexdigest()[:16]
    entry = TimelineEntry(
        id=f"tl-{digest}",
        bucket=bucket,
        start=start,
        end=end,
        granularity=rep.mention.granularity,
        value=rep.mention.value,
        label=_label(ms, sc, places),
        actors=actors,
        places=places,
        disputed=bool(notes),
        disagreements=notes,
        first_reported=min(published) if published else None,
        last_reported=max(published) if published else None,
        n_sources=len(outlets),
        sources=sources,
    )
    if cache is not None:
        cache.keep_entry(cluster, entry)
    return entry


def _mergeable(events: list[Event]) -> list[Event]:
    """The events merging considers: de-duplicated, sorted by id, with an interval."""
    return [
        e
        for e in _dedupe(events)
        if e.mention.start_time is not None and e.mention.end_time is not None
    ]


def merge_events(events: list[Event], cache: MergeCache | None = None) -> list[TimelineEntry]:
    """One entry per happening, ordered by start (then end, then id). ``cache`` (one per
    bucket) makes the next merge of mostly the same events cheaper, never different."""
    evs = _mergeable(events)
    if not evs:
        if cache is not None:
            cache.sync([])
            cache.prune()
        return []
    sc = _Scorer(evs, cache)
    if cache is not None:
        cache.prune()
    entries: list[TimelineEntry] = []
    clusters: dict[str, list[str]] = {}
    entry_at: dict[str, TimelineEntry] = {}
    for ms in _clusters(evs, sc):
        root = evs[ms[0]].id
        if any(sc.explicit[k] for k in ms):
            entry_at[root] = entry = _entry(ms, sc, cache)
            entries.append(entry)
            clusters[root] = [evs[k].id for k in ms]
        elif len(ms) > 1:
            clusters[root] = [evs[k].id for k in ms]
    entries.sort(key=lambda t: (t.start, t.end, t.id))
    if cache is not None:
        cache.remember(entries, clusters, entry_at)
    return entries


def _pairs_with(
    sc: _Scorer,
    targets: set[int],
    limit: int | None = None,
    found_for: dict[str, list[str]] | None = None,
) -> list[Pair]:
    """The related pairs with at least one target event: the conditions of ``_candidates`` (two
    shared content words, one a blocking key; then ``_relation``), for the targets' rows only
    (from the bucket's kept postings when it has a cache). ``found_for``: the targets'
    ``sharing`` lists (by event id) when the caller already asked for them with ``limit``."""
    seen: set[tuple[int, int]] = set()
    keys: list[tuple[int, int]] = []
    cache = sc.cache_of
    postings = _Postings(sc) if cache is None else None
    index = sc.index
    for i in sorted(targets):
        if cache is not None:
            eid = sc.events[i].id
            found = (
                found_for[eid]
                if found_for is not None and eid in found_for
                else cache.stats.sharing(sc.words[i], eid, limit)
            )
            others = [index[x] for x in found]
        else:
            assert postings is not None
            cand = postings.sharing(i) & ~(1 << i)
            others = []
            while cand:
                low = cand & -cand
                others.append(low.bit_length() - 1)
                cand ^= low
        for j in others:
            key = (i, j) if i < j else (j, i)
            if key not in seen:
                seen.add(key)
                keys.append(key)
    keys.sort()
    return _pairs(sc, keys)


def merge_incremental(
    events: list[Event],
    previous: list[TimelineEntry],
    changed: set[str],
    cache: MergeCache | None = None,
) -> list[TimelineEntry]:
    """``previous`` (the bucket's entries before the articles in ``changed`` were added,
    replaced or removed) brought up to date around the changed articles only.

    Entries of a changed article are dissolved; the others stay formed, and the changed events
    (and those of dissolved entries) join them, or each other, by the rules of ``merge_events``
    over the pairs they are in. A live page needs this while a busy bucket keeps changing: it
    costs a small part of a whole-bucket merge. It is not always ``merge_events(events)``: the
    bucket's word weights shift with every article and a whole merge may regroup older events.
    So the caller runs ``merge_events`` when the bucket goes quiet; that result is the truth.
    When ``cache`` continues from ``previous`` (``MergeCache.continues``) only the changed
    articles' events are read from ``events``.
    """
    if cache is not None and cache.continues(previous):
        return _merge_around(events, changed, cache)
    evs = _mergeable(events)
    if not evs:
        if cache is not None:
            cache.sync([])
            cache.remember([], {}, {})
        return []
    sc = _Scorer(evs, cache)
    index = sc.index
    parent = list(range(len(evs)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(evs))}
    fresh = {i for i, e in enumerate(evs) if e.article.id in changed}
    formed: dict[int, TimelineEntry] = {}
    for entry in previous:
        ids = sorted(index[s.event_id] for s in entry.sources if s.event_id in index)
        if len(ids) != len(entry.sources) or any(s.article_id in changed for s in entry.sources):
            fresh.update(ids)  # dissolved: its events are placed again
            continue
        root = ids[0]
        for k in ids:
            parent[k] = root
            if k != root:
                members.pop(k, None)
        members[root] = ids
        formed[root] = entry
    grown = _join_greedily(sc, _pairs_with(sc, fresh), parent, members)
    entries: list[TimelineEntry] = []
    clusters: dict[str, list[str]] = {}
    entry_at: dict[str, TimelineEntry] = {}
    for root, ms in members.items():
        made: TimelineEntry | None = None
        if root in formed and root not in grown:
            made = formed[root]
        elif any(sc.explicit[k] for k in ms):
            made = _entry(ms, sc, cache)
        if made is not None:
            entries.append(made)
            entry_at[evs[root].id] = made
        if made is not None or len(ms) > 1:
            clusters[evs[root].id] = [evs[k].id for k in ms]
    entries.sort(key=lambda t: (t.start, t.end, t.id))
    if cache is not None:
        cache.remember(entries, clusters, entry_at)
    return entries


# A preview of a busy bucket compares each changed event with at most PREVIEW_PARTNERS others
# (sharing its words, and dated close enough to be related: the same story's reports of other
# weeks would otherwise take the places of its same-day ones) and checks a cluster's complete
# link against at most PREVIEW_SAMPLE of its members: a new report of a story a thousand
# sources already tell is placed in a millisecond, not in forty.
PREVIEW_PARTNERS = 64
PREVIEW_SAMPLE = 16
# ... and an entry of this many sources that new reports join gets them added to its sources,
# the rest of it (label, places, date) kept until the exact merge
PREVIEW_BIG = 8


def _entry_order(t: TimelineEntry) -> tuple[datetime, datetime, str]:
    return (t.start, t.end, t.id)


def _source_order(s: EntrySource) -> tuple[str, str, str]:
    return (s.published_at.isoformat() if s.published_at else "~", s.article_id, s.event_id)


def _with_sources(entry: TimelineEntry, new: list[Event], cache: MergeCache) -> TimelineEntry:
    sources = list(entry.sources)
    for e in new:
        insort(sources, cache.source(e), key=_source_order)
    outlets = {s.outlet or f"article:{s.article_id}" for s in sources}
    published = [s.published_at for s in sources if s.published_at is not None]
    return entry.model_copy(
        update={
            "sources": sources,
            "n_sources": len(outlets),
            "first_reported": min(published) if published else None,
            "last_reported": max(published) if published else None,
        }
    )


def _spread(members: list[int], n: int) -> list[int]:
    """At most ``n`` members, evenly spaced (the first included)."""
    if len(members) <= n:
        return members
    step = len(members) / n
    return [members[int(k * step)] for k in range(n)]


def _merge_around(events: list[Event], changed: set[str], cache: MergeCache) -> list[TimelineEntry]:
    """``merge_incremental`` from the clusters the cache kept of the last merge, touching only
    the changed events, their candidates and those candidates' clusters: a cost that follows
    the change, not the bucket. Up to PREVIEW_PARTNERS and PREVIEW_SAMPLE it gives what going
    over every event and entry gives; beyond, a preview of it. The other articles' events are
    those of the last merge (the contract of ``changed``)."""
    mine = _mergeable([e for e in events if e.article.id in changed])
    cache.replace_articles(changed, mine)
    held = cache._features
    if not held:
        cache.remember([], {}, {})
        return []
    # events of the changed articles, and the clusters they were or are in: dissolved
    fresh = {e.id for e in mine}
    dissolved = {r for i in (*fresh, *cache.removed) if (r := cache.root_of.get(i)) is not None}
    for root in dissolved:
        fresh.update(m for m in cache.members[root] if m in held)
    involved = set(fresh)
    kept: set[str] = set()  # formed clusters the fresh events may join
    partners: dict[str, list[str]] = {}
    for i in fresh:
        f = held[i][1]
        partners[i] = cache.stats.sharing(f.words, i, PREVIEW_PARTNERS, (f.start, f.end))
        for j in partners[i]:
            involved.add(j)
            of = cache.root_of.get(j)
            if of is not None and of not in dissolved and of not in kept:
                kept.add(of)
                involved.update(cache.members[of])
    local = [held[i][0] for i in sorted(involved)]
    sc = _Scorer(local, cache, bucket_size=len(held))
    sc.sample = PREVIEW_SAMPLE
    index = sc.index
    parent = list(range(len(local)))
    members: dict[int, list[int]] = {k: [k] for k in range(len(local))}
    formed: dict[int, TimelineEntry] = {}
    formed_members: dict[int, set[int]] = {}
    for kept_id in kept:
        ids = sorted(index[m] for m in cache.members[kept_id])
        first = ids[0]
        for k in ids:
            parent[k] = first
            if k != first:
                members.pop(k, None)
        members[first] = ids
        formed_members[first] = set(ids)
        if kept_id in cache.entry_at:
            formed[first] = cache.entry_at[kept_id]
    fresh_at = {index[i] for i in fresh}
    pairs = _pairs_with(sc, fresh_at, PREVIEW_PARTNERS, partners)
    grown = _join_greedily(sc, pairs, parent, members)
    # the clusters and entries of the touched roots are replaced, the others kept as they are
    clusters: dict[str, list[str]] = {}
    entry_at: dict[str, TimelineEntry] = {}
    inside: dict[int, list[int]] = defaultdict(list)  # final root -> the formed roots in it
    for first in formed_members:
        top = first
        while parent[top] != top:
            top = parent[top]
        inside[top].append(first)
    for pos, ms in members.items():
        made: TimelineEntry | None = None
        big = inside.get(pos, [])
        if pos in formed and pos not in grown:
            made = formed[pos]
        elif len(big) == 1 and big[0] in formed and len(formed_members[big[0]]) >= PREVIEW_BIG:
            old = formed_members[big[0]]
            made = _with_sources(formed[big[0]], [local[k] for k in ms if k not in old], cache)
        elif any(sc.explicit[k] for k in ms):
            made = _entry(ms, sc, cache)
        if made is not None:
            entry_at[local[pos].id] = made
        if made is not None or len(ms) > 1:
            clusters[local[pos].id] = [local[k].id for k in ms]
    return cache.revise(dissolved | kept, clusters, entry_at)
