"""Events -> timeline entries: the same happening reported by several articles becomes one entry.

Two events are the same happening when their intervals overlap and their content agrees:
an IDF-weighted Dice overlap of their keywords (content-word stems, place keys that ignore
romanisation variants, actor names) above a threshold, with at least two shared content words.
Clustering is greedy over candidate pairs, best pair first, with a complete-link check: two
clusters join only if every cross pair of events from different articles is compatible (and
agrees a little), and every pair from the same article clearly repeats the same happening.

Deterministic and order-independent: input events are de-duplicated by id and sorted, pair
scores are symmetric, ties are broken by ids; so any permutation (and any duplication) of the
same events gives identical entries, ids included.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from datetime import datetime, timedelta
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


def _interval(e: Event) -> tuple[datetime, datetime]:
    assert e.mention.start_time is not None and e.mention.end_time is not None
    return e.mention.start_time, e.mention.end_time


def _overlap(a: Event, b: Event) -> bool:
    (s1, e1), (s2, e2) = _interval(a), _interval(b)
    return max(s1, s2) < min(e1, e2)


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
    def __init__(self, events: list[Event]) -> None:
        df: Counter[str] = Counter()
        for e in events:
            df.update(set(e.keywords))
        n = max(len(events), 1)
        # a word is distinctive when few explicitly dated events of the bucket use it
        self.df: Counter[str] = Counter()
        explicit = [e for e in events if e.anchor_kind != AnchorKind.IMPLICIT]
        for e in explicit:
            self.df.update(set(e.keywords))
        self.rare_df = max(3, len(explicit) // 10)
        self.idf = {
            w: math.log(1.0 + n / c) * (1.5 if w.startswith("@") else 1.0) for w, c in df.items()
        }
        self.cache: dict[tuple[str, str], float] = {}
        self.kw = {e.id: set(e.keywords) for e in events}
        self.weight = {e.id: sum(self.idf[w] for w in self.kw[e.id]) for e in events}

    def score(self, a: Event, b: Event) -> float:
        key = (a.id, b.id) if a.id < b.id else (b.id, a.id)
        hit = self.cache.get(key)
        if hit is not None:
            return hit
        ka, kb = self.kw[a.id], self.kw[b.id]
        shared = ka & kb
        words = [w for w in shared if not w.startswith(ENTITY_MARKS)]
        if len(words) < MIN_SHARED_WORDS or not self.weight[a.id] or not self.weight[b.id]:
            value = 0.0
        else:
            value = 2 * sum(self.idf[w] for w in shared) / (self.weight[a.id] + self.weight[b.id])
        self.cache[key] = value
        return value


def _relation(sc: _Scorer, a: Event, b: Event) -> str | None:
    """'same', 'date' (same happening, dates disagree) or None."""
    if not _is_explicit(a) and not _is_explicit(b):
        return None
    s = sc.score(a, b)
    if a.article.id == b.article.id:
        return "same" if _repeats(sc, a, b) else None
    if _overlap(a, b):
        need = T_CROSS if _is_explicit(a) and _is_explicit(b) else T_IMPLICIT
        return "same" if s >= need else None
    if _rival_dates(a, b) and s >= T_DATE_DISPUTE:
        # the same happening placed on another day: same specific place, several same words
        places = {w for w in sc.kw[a.id] & sc.kw[b.id] if w.startswith("@")}
        words = [w for w in sc.kw[a.id] & sc.kw[b.id] if not w.startswith(ENTITY_MARKS)]
        if places and len(words) >= 3 and len(_rare(sc, a, b)) >= MIN_SHARED_WORDS:
            return "date"
    return None


def _rival_dates(a: Event, b: Event) -> bool:
    """Two explicitly dated day-or-finer events a few days apart (a possible date dispute)."""
    return (
        a.anchor_kind == AnchorKind.EXPLICIT
        and b.anchor_kind == AnchorKind.EXPLICIT
        and a.mention.granularity in _DAYISH
        and b.mention.granularity in _DAYISH
        and abs(_interval(a)[0] - _interval(b)[0]) <= DATE_DISPUTE_WINDOW
    )


@lru_cache(maxsize=1)
def _generic() -> frozenset[str]:
    return frozenset(stem(w) for w in word_classes()["generic"]) | frozenset(
        word_classes()["generic"]
    )


def _repeats(sc: _Scorer, a: Event, b: Event) -> bool:
    """Two events of one article clearly repeat one happening: very similar, or the same
    interval with the same distinctive words (rare in the bucket) and no conflicting place."""
    if not (_is_explicit(a) and _is_explicit(b) and _overlap(a, b)):
        return False
    if sc.score(a, b) >= T_SAME:
        return True
    if _interval(a) != _interval(b):
        return False
    pa = {w for w in sc.kw[a.id] if w.startswith("@")}
    pb = {w for w in sc.kw[b.id] if w.startswith("@")}
    if pa and pb and not (pa & pb) and len(pa) + len(pb) > 2:
        return False
    return len(_rare(sc, a, b)) >= MIN_SHARED_WORDS


def _rare(sc: _Scorer, a: Event, b: Event) -> list[str]:
    """Shared words that are distinctive: few dated events of the bucket use them and they
    are not generic news vocabulary."""
    generic = _generic()
    return [
        w
        for w in sc.kw[a.id] & sc.kw[b.id]
        if not w.startswith(ENTITY_MARKS)
        and sc.df[w] <= sc.rare_df
        and w not in generic
        and not w.isdigit()
    ]


def _can_join(sc: _Scorer, c1: list[Event], c2: list[Event]) -> bool:
    """Every pair across the clusters is compatible (overlapping intervals, or rival dates of a
    possible dispute; same-article pairs repeat one happening; an undated sentence agrees with
    each dated one) and the dated pairs agree on average."""
    scores: list[float] = []
    for x in c1:
        for y in c2:
            if x.article.id == y.article.id:
                if _is_explicit(x) and _is_explicit(y):
                    if not _repeats(sc, x, y):
                        return False
                elif (_is_explicit(x) or _is_explicit(y)) and sc.score(x, y) < T_CROSS:
                    return False  # an undated sentence must elaborate its article's dated one
                continue
            if not _is_explicit(x) and not _is_explicit(y):
                continue  # two undated sentences meet only through a dated event
            if not _overlap(x, y) and not _rival_dates(x, y):
                return False
            s = sc.score(x, y)
            if not (_is_explicit(x) and _is_explicit(y)):
                if s < T_LINK:
                    return False
                continue
            scores.append(s)
    return not scores or sum(scores) / len(scores) >= T_AVG


def _clusters(events: list[Event], sc: _Scorer) -> list[list[Event]]:
    index: dict[str, list[int]] = defaultdict(list)
    for i, e in enumerate(events):
        for w in set(e.keywords):
            if not w.startswith(ENTITY_MARKS):
                index[w].append(i)
    candidates: set[tuple[int, int]] = set()
    for ids in index.values():
        if len(ids) > 400:  # a word in almost every event: it cannot decide anything
            continue
        for p in range(len(ids)):
            for q in range(p + 1, len(ids)):
                candidates.add((ids[p], ids[q]))
    # dated events cluster first; undated (implicit) sentences then attach to a cluster
    pairs: list[tuple[bool, float, str, str, int, int]] = []
    for i, j in candidates:
        rel = _relation(sc, events[i], events[j])
        if rel is not None:
            attach = not (_is_explicit(events[i]) and _is_explicit(events[j]))
            pairs.append(
                (attach, -sc.score(events[i], events[j]), events[i].id, events[j].id, i, j)
            )
    pairs.sort()
    parent = list(range(len(events)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(events))}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for attach, _neg, _a, _b, i, j in pairs:
        ri, rj = find(i), find(j)
        if ri == rj:
            continue
        c1 = [events[k] for k in members[ri]]
        c2 = [events[k] for k in members[rj]]
        if attach and any(map(_is_explicit, c1)) and any(map(_is_explicit, c2)):
            continue  # an undated sentence never bridges two dated clusters
        if not _can_join(sc, c1, c2):
            continue
        root, other = (ri, rj) if ri < rj else (rj, ri)
        parent[other] = root
        members[root] = sorted(members[root] + members.pop(other))
    return [[events[k] for k in ms] for ms in members.values()]


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
    disjoint = any(
        not (max(a[0], b[0]) < min(a[1], b[1])) for i, a in enumerate(keys) for b in keys[i + 1 :]
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


def _label(cluster: list[Event], sc: _Scorer, places: list[str]) -> str:
    """The label of the source whose label says most of what the sources share."""
    common = Counter(w for e in cluster for w in set(e.keywords))
    shared = {w for w, n in common.items() if n >= 2} if len(cluster) > 1 else set(common)
    place_keys = {"@" + place_key(p) for e in cluster for p in e.places if p in e.label}

    def coverage(e: Event) -> float:
        words = set(content_words(e.label)) | {k for k in place_keys if k in e.keywords}
        return sum(sc.idf.get(w, 0.0) for w in words & shared)

    def centrality(e: Event) -> float:
        return sum(sc.score(e, o) for o in cluster if o.id != e.id)

    rep = min(
        cluster,
        key=lambda e: (
            -round(coverage(e), 6),
            not _is_explicit(e),
            -round(centrality(e), 6),
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
    return TimelineEntry(
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


def merge_events(events: list[Event]) -> list[TimelineEntry]:
    """One entry per happening, ordered by start (then end, then id)."""
    evs = [
        e
        for e in _dedupe(events)
        if e.mention.start_time is not None and e.mention.end_time is not None
    ]
    if not evs:
        return []
    sc = _Scorer(evs)
    entries = [_entry(c, sc) for c in _clusters(evs, sc) if any(_is_explicit(e) for e in c)]
    entries.sort(key=lambda t: (t.start, t.end, t.id))
    return entries
