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
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
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


def _overlap(sc: _Scorer, a: Event, b: Event) -> bool:
    (s1, e1), (s2, e2) = sc.iv[a.id], sc.iv[b.id]
    return max(s1, s2) < min(e1, e2)


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


def _compatible(sc: _Scorer, a: Event, b: Event) -> bool:
    """Intervals that may hold one happening: overlapping, or near times of one day."""
    ia, ib = sc.iv[a.id], sc.iv[b.id]
    return max(ia[0], ib[0]) < min(ia[1], ib[1]) or _near_times(ia, ib)


def _is_explicit(e: Event) -> bool:
    return e.anchor_kind != AnchorKind.IMPLICIT


def _dedupe(events: list[Event]) -> list[Event]:
    by_id: dict[str, Event] = {}
    for e in events:
        cur = by_id.get(e.id)
        if cur is None or e.model_dump_json() > cur.model_dump_json():
            by_id[e.id] = e
    return [by_id[k] for k in sorted(by_id)]


class _Scorer:
    """IDF weights of the bucket and per-event features, computed once (not per pair)."""

    def __init__(self, events: list[Event]) -> None:
        df: Counter[str] = Counter()
        # a word is distinctive when few explicitly dated events of the bucket use it
        self.df: Counter[str] = Counter()
        self.kw: dict[str, frozenset[str]] = {}
        # content words (no place, country or actor marks) and places ('@' keys) of each event
        self.words: dict[str, frozenset[str]] = {}
        self.places: dict[str, frozenset[str]] = {}
        self.iv: dict[str, tuple[int, int]] = {}  # the interval, in microseconds
        self.explicit: dict[str, bool] = {}  # _is_explicit, looked up in the pair loops
        n_explicit = 0
        for e in events:
            kw = frozenset(e.keywords)
            self.kw[e.id] = kw
            df.update(kw)
            self.explicit[e.id] = e.anchor_kind != AnchorKind.IMPLICIT
            if self.explicit[e.id]:
                self.df.update(kw)
                n_explicit += 1
            self.words[e.id] = frozenset(w for w in kw if w[:1] not in _MARKS)
            start, end = e.mention.start_time, e.mention.end_time
            if start is not None and end is not None:  # merging drops events without
                self.iv[e.id] = (_micros(start), _micros(end))
            self.places[e.id] = frozenset(w for w in kw if w[:1] == "@")
        n = max(len(events), 1)
        self.rare_df = max(3, n_explicit // 10)
        self.idf = {
            w: math.log(1.0 + n / c) * (1.5 if w.startswith("@") else 1.0) for w, c in df.items()
        }
        self.cache: dict[tuple[str, str], float] = {}
        # sums in a fixed order (fsum is exact): equal on every worker, whatever the hash seed
        idf = self.idf
        self.weight = {e.id: math.fsum(idf[w] for w in self.kw[e.id]) for e in events}

    def score(self, a: Event, b: Event) -> float:
        return self.score_ids(a.id, b.id)

    def score_ids(self, a_id: str, b_id: str) -> float:
        key = (a_id, b_id) if a_id < b_id else (b_id, a_id)
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        wa, wb = self.weight[a_id], self.weight[b_id]
        if len(self.words[a_id] & self.words[b_id]) < MIN_SHARED_WORDS or not wa or not wb:
            value = 0.0
        else:
            shared = self.kw[a_id] & self.kw[b_id]
            value = 2 * math.fsum(self.idf[w] for w in shared) / (wa + wb)
        self.cache[key] = value
        return value


def _relation(sc: _Scorer, a: Event, b: Event) -> str | None:
    """'same', 'date' (same happening, dates disagree) or None."""
    ea, eb = sc.explicit[a.id], sc.explicit[b.id]
    if not ea and not eb:
        return None
    s = sc.score(a, b)
    if a.article.id == b.article.id:
        return "same" if _repeats(sc, a, b) else None
    if _compatible(sc, a, b):
        need = T_CROSS if ea and eb else T_IMPLICIT
        return "same" if s >= need else None
    if s >= T_DATE_DISPUTE and _rival_dates(sc, a, b):
        # the same happening placed on another day: same specific place, several same words
        places = sc.places[a.id] & sc.places[b.id]
        words = sc.words[a.id] & sc.words[b.id]
        if places and len(words) >= 3 and len(_rare(sc, a, b)) >= MIN_SHARED_WORDS:
            return "date"
    return None


def _rival_dates(sc: _Scorer, a: Event, b: Event) -> bool:
    """Two explicitly dated day-or-finer events a few days apart (a possible date dispute)."""
    return (
        a.anchor_kind == AnchorKind.EXPLICIT
        and b.anchor_kind == AnchorKind.EXPLICIT
        and a.mention.granularity in _DAYISH
        and b.mention.granularity in _DAYISH
        and abs(sc.iv[a.id][0] - sc.iv[b.id][0]) <= _WINDOW_US
    )


@lru_cache(maxsize=1)
def _generic() -> frozenset[str]:
    return frozenset(stem(w) for w in word_classes()["generic"]) | frozenset(
        word_classes()["generic"]
    )


def _repeats(sc: _Scorer, a: Event, b: Event) -> bool:
    """Two events of one article clearly repeat one happening: very similar, or the same
    interval with the same distinctive words (rare in the bucket) and no conflicting place."""
    if not (sc.explicit[a.id] and sc.explicit[b.id] and _overlap(sc, a, b)):
        return False
    if sc.score(a, b) >= T_SAME:
        return True
    if sc.iv[a.id] != sc.iv[b.id]:
        return False
    pa, pb = sc.places[a.id], sc.places[b.id]
    if pa and pb and not (pa & pb) and len(pa) + len(pb) > 2:
        return False
    return len(_rare(sc, a, b)) >= MIN_SHARED_WORDS


def _rare(sc: _Scorer, a: Event, b: Event) -> list[str]:
    """Shared words that are distinctive: few dated events of the bucket use them and they
    are not generic news vocabulary."""
    generic = _generic()
    return [
        w
        for w in sc.words[a.id] & sc.words[b.id]
        if sc.df[w] <= sc.rare_df and w not in generic and not w.isdigit()
    ]


def _can_join(sc: _Scorer, c1: list[Event], c2: list[Event]) -> bool:
    """Every pair across the clusters is compatible (overlapping intervals, or rival dates of a
    possible dispute; same-article pairs repeat one happening; an undated sentence agrees with
    each dated one) and the dated pairs agree on average."""
    scores: list[float] = []
    score = sc.score
    explicit = sc.explicit
    ys = [(y, explicit[y.id], y.article.id) for y in c2]
    for x in c1:
        x_dated = explicit[x.id]
        x_art = x.article.id
        for y, y_dated, y_art in ys:
            if x_art == y_art:
                if x_dated and y_dated:
                    if not _repeats(sc, x, y):
                        return False
                elif (x_dated or y_dated) and score(x, y) < T_CROSS:
                    return False  # an undated sentence must elaborate its article's dated one
                continue
            if not x_dated and not y_dated:
                continue  # two undated sentences meet only through a dated event
            if not _compatible(sc, x, y) and not _rival_dates(sc, x, y):
                return False
            s = score(x, y)
            if not (x_dated and y_dated):
                if s < T_LINK:
                    return False
                continue
            scores.append(s)
    return not scores or sum(scores) / len(scores) >= T_AVG


MAX_POSTING = 400  # a word in more events than this cannot decide anything (and is not a block)


class _Postings:
    """Which events use each content word, as bitmasks over the events."""

    def __init__(self, events: list[Event], sc: _Scorer) -> None:
        self.postings: dict[str, int] = defaultdict(int)
        self.counts: Counter[str] = Counter()
        self.words = [sc.words[e.id] for e in events]
        for i, ws in enumerate(self.words):
            bit = 1 << i
            for w in ws:
                self.postings[w] |= bit
            self.counts.update(ws)

    def sharing(self, i: int) -> int:
        """Events sharing two content words with event i, one of them a blocking key (used by
        at most MAX_POSTING events), i itself included."""
        one = two = decisive = 0
        for w in self.words[i]:
            m = self.postings[w]
            two |= one & m
            one |= m
            if self.counts[w] <= MAX_POSTING:
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
    shared = _Postings(events, sc)
    starts = [sc.iv[e.id][0] for e in events]
    ends = [sc.iv[e.id][1] for e in events]
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
    for i, e in enumerate(events):
        if starts[i] < ends[i]:
            nonempty |= 1 << i
        if ends[i] - starts[i] <= _FINE_US:
            fine |= 1 << i
        if _is_explicit(e):
            dated |= 1 << i
        if e.anchor_kind == AnchorKind.EXPLICIT and e.mention.granularity in _DAYISH:
            rival |= 1 << i
    out: list[tuple[int, int]] = []
    for i, e in enumerate(events):
        cand = shared.sharing(i) >> (i + 1)
        if not cand:
            continue
        cand <<= i + 1
        if not _is_explicit(e):
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


Pair = tuple[bool, float, str, str, int, int]


def _pair(events: list[Event], sc: _Scorer, i: int, j: int) -> Pair | None:
    """A related pair in the order clustering takes it: dated pairs first (undated sentences then
    attach to a cluster), best score first, ties by ids."""
    if _relation(sc, events[i], events[j]) is None:
        return None
    attach = not (sc.explicit[events[i].id] and sc.explicit[events[j].id])
    return (attach, -sc.score(events[i], events[j]), events[i].id, events[j].id, i, j)


def _clusters(events: list[Event], sc: _Scorer) -> list[list[Event]]:
    pairs = [p for i, j in _candidates(events, sc) if (p := _pair(events, sc, i, j)) is not None]
    members: dict[int, list[int]] = {i: [i] for i in range(len(events))}
    _join_greedily(events, sc, pairs, list(range(len(events))), members)
    return [[events[k] for k in ms] for ms in members.values()]


def _join_greedily(
    events: list[Event],
    sc: _Scorer,
    pairs: list[Pair],
    parent: list[int],
    members: dict[int, list[int]],
) -> set[int]:
    """Join clusters over ``pairs``, best first, where every cross pair allows it (complete
    link); ``parent``/``members`` (union-find, the root is a cluster's lowest index) are updated
    in place. Returns the roots of the clusters that grew."""
    pairs.sort()

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    grown: set[int] = set()
    for attach, _neg, _a, _b, i, j in pairs:
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        c1 = [events[k] for k in members[ri]]
        c2 = [events[k] for k in members[rj]]
        if attach and any(sc.explicit[e.id] for e in c1) and any(sc.explicit[e.id] for e in c2):
            continue  # an undated sentence never bridges two dated clusters
        if not _can_join(sc, c1, c2):
            continue
        root, other = (ri, rj) if ri < rj else (rj, ri)
        parent[other] = root
        members[root] = sorted(members[root] + members.pop(other))
        grown.discard(other)
        grown.add(root)
    return grown


def _pub_key(e: Event) -> tuple[int, str]:
    p = e.article.published_at
    return (_SOURCE_RANK[e.article.published_at_source], p.isoformat() if p else "~")


def _choose_interval(cluster: list[Event]) -> tuple[Event, bool]:
    """The event whose interval the entry takes, and whether sources disagree on the date."""
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


def _centralities(cluster: list[Event], sc: _Scorer) -> dict[frozenset[str], float]:
    """Each member's summed score against the other members, by keyword set: a big story's
    reports often share one set, and a pair's score depends on the two sets only, so this costs
    the square of the distinct sets, not of the members."""
    counts: Counter[frozenset[str]] = Counter()
    rep: dict[frozenset[str], str] = {}
    for e in cluster:
        kw = sc.kw[e.id]
        counts[kw] += 1
        rep.setdefault(kw, e.id)
    sets = sorted(counts, key=sorted)
    out: dict[frozenset[str], float] = {}
    for a in sets:
        terms = []
        for b in sets:
            n = counts[b] - (a == b)  # every other member, not the event itself
            if n:
                terms.append(n * sc.score_ids(rep[a], rep[b]))
        out[a] = math.fsum(terms)
    return out


def _label(cluster: list[Event], sc: _Scorer, places: list[str]) -> str:
    """The label of the source whose label says most of what the sources share."""
    common = Counter(w for e in cluster for w in set(e.keywords))
    shared = {w for w, n in common.items() if n >= 2} if len(cluster) > 1 else set(common)
    place_keys = {"@" + place_key(p) for e in cluster for p in e.places if p in e.label}

    def coverage(e: Event) -> float:
        words = _label_words(e.label) | {k for k in place_keys if k in sc.kw[e.id]}
        return sum(sc.idf.get(w, 0.0) for w in words & shared)

    first = {e.id: (-round(coverage(e), 6), not sc.explicit[e.id]) for e in cluster}
    best = min(first.values())
    tied = [e for e in cluster if first[e.id] == best]
    if len(tied) == 1:
        rep = tied[0]
    else:  # the most central of the best covering: its score against all the others
        central = _centralities(cluster, sc)
        rep = min(
            tied,
            key=lambda e: (
                -round(central[sc.kw[e.id]], 6),
                _pub_key(e),
                len(e.label),
                e.id,
            ),
        )
    label = rep.label
    # spell places the way the entry does ("Stanitsya" -> "Stanytsia")
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
    # built from validated events, so construct without validating again (a bucket's merge
    # builds one per event, every time)
    return EntrySource.model_construct(
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


def _entry(cluster: list[Event], sc: _Scorer) -> TimelineEntry:
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
        (_source(e) for e in cluster),
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
    return TimelineEntry.model_construct(
        id=f"tl-{digest}",
        bucket=bucket,
        start=start,
        end=end,
        granularity=rep.mention.granularity,
        value=rep.mention.value,
        label=_label(cluster, sc, places),
        actors=actors,
        places=places,
        disputed=bool(notes),
        disagreements=notes,
        first_reported=min(published) if published else None,
        last_reported=max(published) if published else None,
        n_sources=len(outlets),
        sources=sources,
    )


def _mergeable(events: list[Event]) -> list[Event]:
    """The events merging considers: de-duplicated, sorted by id, with an interval."""
    return [
        e
        for e in _dedupe(events)
        if e.mention.start_time is not None and e.mention.end_time is not None
    ]


def merge_events(events: list[Event]) -> list[TimelineEntry]:
    """One entry per happening, ordered by start (then end, then id)."""
    evs = _mergeable(events)
    if not evs:
        return []
    sc = _Scorer(evs)
    entries = [_entry(c, sc) for c in _clusters(evs, sc) if any(_is_explicit(e) for e in c)]
    entries.sort(key=lambda t: (t.start, t.end, t.id))
    return entries


def _pairs_with(evs: list[Event], sc: _Scorer, targets: set[int]) -> list[Pair]:
    """The related pairs with at least one target event: the conditions of ``_candidates`` (two
    shared content words, one a blocking key; then ``_relation``), for the targets' rows only."""
    shared = _Postings(evs, sc)
    seen: set[tuple[int, int]] = set()
    out: list[Pair] = []
    for i in sorted(targets):
        cand = shared.sharing(i) & ~(1 << i)
        while cand:
            low = cand & -cand
            j = low.bit_length() - 1
            cand ^= low
            key = (i, j) if i < j else (j, i)
            if key in seen:
                continue
            seen.add(key)
            if (p := _pair(evs, sc, *key)) is not None:
                out.append(p)
    return out


def merge_incremental(
    events: list[Event], previous: list[TimelineEntry], changed: set[str]
) -> list[TimelineEntry]:
    """``previous`` (the bucket's entries before the articles in ``changed`` were added,
    replaced or removed) brought up to date around the changed articles only.

    Entries of a changed article are dissolved; the others stay formed, and the changed events
    (and those of dissolved entries) join them, or each other, by the rules of ``merge_events``
    over the pairs they are in. A live page needs this while a busy bucket keeps changing: it
    costs a small part of a whole-bucket merge. It is not always ``merge_events(events)``: the
    bucket's word weights shift with every article and a whole merge may regroup older events.
    So the caller runs ``merge_events`` when the bucket goes quiet; that result is the truth.
    """
    evs = _mergeable(events)
    if not evs:
        return []
    sc = _Scorer(evs)
    index = {e.id: i for i, e in enumerate(evs)}
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
    grown = _join_greedily(evs, sc, _pairs_with(evs, sc, fresh), parent, members)
    entries: list[TimelineEntry] = []
    for root, ms in members.items():
        if root in formed and root not in grown:
            entries.append(formed[root])
            continue
        cluster = [evs[k] for k in ms]
        if any(sc.explicit[e.id] for e in cluster):
            entries.append(_entry(cluster, sc))
    entries.sort(key=lambda t: (t.start, t.end, t.id))
    return entries
