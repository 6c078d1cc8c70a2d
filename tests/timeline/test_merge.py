"""Merging events into entries: same happening across articles, disagreements, determinism."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from models import ArticleRecord, Event, Mention, Modality, PublishedAtSource
from models.event import AnchorKind
from models.mention import Granularity, TimeType
from timeline.buckets import bucket_of
from timeline.merge import merge_events, merge_incremental

from .helpers import day

PUB = day(2022, 2, 17)


def ev(
    article: str,
    n: int,
    start: datetime,
    keywords: list[str],
    *,
    days: float = 1,
    places: list[str] | None = None,
    actors: list[str] | None = None,
    kind: AnchorKind = AnchorKind.EXPLICIT,
    modality: Modality = Modality.REPORTED,
    disputed_by: list[str] | None = None,
    outlet: str | None = None,
    pub: datetime = PUB,
    asserted_by: str | None = None,
) -> Event:
    rec = ArticleRecord(
        id=article, source=outlet, published_at=pub, published_at_source=PublishedAtSource.FIELD
    )
    m = Mention(
        start=0,
        end=3,
        text="x",
        type=TimeType.DATE,
        value=start.date().isoformat(),
        start_time=start,
        end_time=start + timedelta(days=days),
        granularity=Granularity.DAY if days <= 1 else Granularity.WEEK,
        rule="test",
    )
    return Event(
        id=f"{article}#{n}",
        article=rec,
        sentence=" ".join(keywords),
        sentence_start=0,
        sentence_end=10,
        label=" ".join(keywords[:4]).capitalize(),
        mention=m,
        actors=actors or [],
        places=places or [],
        keywords=sorted(set(keywords)),
        anchor_kind=kind,
        modality=modality,
        disputed_by=disputed_by or [],
        asserted_by=asserted_by,
    )


SHELL_A = ["shell", "hit", "kindergarten", "injur", "civilian", "two", "@stnts lhnsk"]
SHELL_B = [
    "rebel",
    "fir",
    "shell",
    "kindergarten",
    "injur",
    "two",
    "civilian",
    "villag",
    "@stnts lhnsk",
]
OSCE = ["osce", "mission", "assessment", "offer", "expect", "situation"]
REPLY = ["formal", "reply", "send", "public", "issu", "#nato"]


def test_same_happening_from_two_articles_is_one_entry() -> None:
    a = ev(
        "a",
        1,
        PUB,
        SHELL_A,
        places=["Stanytsia Luhanska"],
        actors=["Ukraine"],
        outlet="One",
        pub=PUB,
    )
    b = ev(
        "b",
        3,
        PUB,
        SHELL_B,
        places=["Stanitsya Luhanska"],
        actors=["Kyiv"],
        outlet="Two",
        pub=PUB + timedelta(hours=5),
    )
    (entry,) = merge_events([a, b])
    assert {s.article_id for s in entry.sources} == {"a", "b"}
    assert entry.n_sources == 2
    assert entry.places == ["Stanytsia Luhanska"]
    assert set(entry.actors) == {"Ukraine", "Kyiv"}
    assert entry.first_reported == PUB and entry.last_reported == PUB + timedelta(hours=5)
    assert (entry.start, entry.end) == (PUB, PUB + timedelta(days=1))
    assert not entry.disputed


def test_independent_sources_count_outlets() -> None:
    a = ev("a", 1, PUB, SHELL_A, outlet="Same Wire")
    b = ev("b", 1, PUB, SHELL_B, outlet="Same Wire")
    (entry,) = merge_events([a, b])
    assert len(entry.sources) == 2 and entry.n_sources == 1


def test_different_happenings_on_the_same_day_stay_apart() -> None:
    evs = [
        ev("a", 1, PUB, SHELL_A),
        ev("a", 2, PUB, OSCE),
        ev("a", 3, PUB, REPLY),
        ev("b", 1, PUB, SHELL_B),
    ]
    entries = merge_events(evs)
    assert len(entries) == 3
    assert sorted(len(e.sources) for e in entries) == [1, 1, 2]


def test_compatible_intervals_merge_to_the_most_precise() -> None:
    week = ev("a", 1, PUB - timedelta(days=3), SHELL_A, days=7)
    exact = ev("b", 1, PUB, SHELL_B)
    (entry,) = merge_events([week, exact])
    assert (entry.start, entry.end) == (PUB, PUB + timedelta(days=1))
    far = ev("c", 1, PUB + timedelta(days=20), SHELL_B)
    assert len(merge_events([exact, far])) == 2


def test_one_article_never_merges_with_itself_unless_it_repeats() -> None:
    a1 = ev("a", 1, PUB, ["troop", "border", "mov", "russia", "tank"])
    a2 = ev("a", 2, PUB, ["troop", "border", "withdraw", "drill", "end"])
    assert len(merge_events([a1, a2])) == 2
    a3 = ev("a", 3, PUB, ["troop", "border", "mov", "russia", "tank"])
    assert len(merge_events([a1, a3])) == 1


def test_date_disagreement_is_one_disputed_entry_naming_both_sides() -> None:
    a = ev("a", 1, PUB, [*SHELL_A, "morn"], pub=PUB)
    b = ev("b", 1, PUB - timedelta(days=1), [*SHELL_A, "late"], pub=PUB + timedelta(days=1))
    c = ev("c", 1, PUB, [*SHELL_A, "power"], pub=PUB)
    (entry,) = merge_events([a, b, c])
    assert entry.disputed
    assert entry.start == PUB  # two articles against one
    (note,) = [d for d in entry.disagreements if d.startswith("date:")]
    assert "2022-02-16 per b" in note and "2022-02-17 per a, c" in note


def test_denial_and_in_article_dispute_mark_the_entry() -> None:
    claim = ev("a", 1, PUB, SHELL_A, modality=Modality.CLAIMED, asserted_by="Separatists")
    denial = ev("b", 1, PUB, [*SHELL_A, "deny"], modality=Modality.DENIED, asserted_by="Kyiv")
    (entry,) = merge_events([claim, denial])
    assert entry.disputed
    assert any("denied by Kyiv [b]" in d and "Separatists [a]" in d for d in entry.disagreements)
    pull = ev(
        "c",
        1,
        PUB - timedelta(days=2),
        ["pull", "troop", "border"],
        disputed_by=["NATO"],
        asserted_by="Russia",
    )
    (e2,) = merge_events([pull])
    assert (
        e2.disputed
        and "disputed by NATO" in e2.disagreements[0]
        and "Russia [c]" in e2.disagreements[0]
    )


def test_implicit_events_only_join_dated_reports_of_other_articles() -> None:
    imp = ev("a", 5, PUB - timedelta(days=2), SHELL_A, days=3, kind=AnchorKind.IMPLICIT)
    assert merge_events([imp]) == []
    (entry,) = merge_events([imp, ev("b", 1, PUB, SHELL_B)])
    assert (entry.start, entry.end) == (PUB, PUB + timedelta(days=1))
    assert {s.anchor_kind for s in entry.sources} == {AnchorKind.IMPLICIT, AnchorKind.EXPLICIT}
    assert merge_events([imp, ev("a", 1, PUB, SHELL_B)])[0].sources[0].article_id == "a"
    assert len(merge_events([imp, ev("a", 1, PUB, SHELL_B)])[0].sources) == 1


def test_entries_are_ordered_by_start() -> None:
    evs = [ev("a", i, PUB + timedelta(days=10 - i), [f"w{i}", f"v{i}", "z"]) for i in range(5)]
    starts = [e.start for e in merge_events(evs)]
    assert starts == sorted(starts)


# --- properties ----------------------------------------------------------------------------------

VOCAB = [
    "shell",
    "kindergarten",
    "troop",
    "border",
    "talk",
    "reply",
    "drill",
    "osce",
    "strike",
    "port",
    "@kyiv",
    "#nato",
]


@st.composite
def events(draw: st.DrawFn) -> list[Event]:
    n = draw(st.integers(min_value=0, max_value=9))
    out: list[Event] = []
    for i in range(n):
        art = draw(st.sampled_from(["a", "b", "c", "d"]))
        offset = draw(st.integers(min_value=0, max_value=4))
        words = draw(st.lists(st.sampled_from(VOCAB), min_size=1, max_size=6, unique=True))
        kind = draw(
            st.sampled_from([AnchorKind.EXPLICIT, AnchorKind.EXPLICIT, AnchorKind.IMPLICIT])
        )
        modality = draw(st.sampled_from(list(Modality)))
        length = draw(st.sampled_from([1, 1, 3]))
        out.append(
            ev(
                art,
                i,
                PUB + timedelta(days=offset),
                words,
                days=length,
                kind=kind,
                modality=modality,
            )
        )
    return out


@settings(max_examples=60, deadline=None)
@given(events(), st.randoms(use_true_random=False))
def test_merge_is_order_independent_and_idempotent(evs: list[Event], rnd) -> None:  # type: ignore[no-untyped-def]
    first = merge_events(evs)
    shuffled = list(evs)
    rnd.shuffle(shuffled)
    assert merge_events(shuffled) == first
    assert merge_events(evs + shuffled) == first  # duplicates (re-delivery) change nothing
    assert merge_events(evs) == first
    source_ids = [s.event_id for e in first for s in e.sources]
    assert len(source_ids) == len(set(source_ids))
    assert [e.start for e in first] == sorted(e.start for e in first)


@settings(max_examples=40, deadline=None)
@given(events())
def test_bucketed_merging_matches_one_merge_per_bucket(evs: list[Event]) -> None:
    by_bucket: dict[str, list[Event]] = {}
    for e in evs:
        by_bucket.setdefault(bucket_of(e), []).append(e)
    for bucket, members in by_bucket.items():
        for entry in merge_events(members):
            assert entry.bucket == bucket


def test_clock_times_a_little_apart_on_one_day_are_one_entry() -> None:
    minute = 1 / (24 * 60)
    six = ev("a", 1, PUB + timedelta(hours=6), SHELL_A, days=minute)  # "at 6 a.m."
    half_seven = ev("b", 1, PUB + timedelta(hours=7, minutes=30), SHELL_B, days=minute)
    (entry,) = merge_events([six, half_seven])
    assert not entry.disputed  # a reporting difference, not a dispute about the date
    assert entry.start == PUB + timedelta(hours=6)
    # ... with the day itself, too
    assert len(merge_events([six, half_seven, ev("c", 1, PUB, SHELL_B)])) == 1
    # a morning and an evening, or two days: apart, or one entry whose date is disputed
    for later in (timedelta(hours=19), timedelta(hours=30)):
        other = ev("c", 1, PUB + later, SHELL_B, days=minute)
        entries = merge_events([six, other])
        assert len(entries) == 2 or entries[0].disputed


def test_incremental_merge_places_the_new_article_and_keeps_the_rest() -> None:
    a = ev("a", 1, PUB, SHELL_A, places=["Stanytsia Luhanska"], outlet="One")
    osce = ev("o", 1, PUB, OSCE, outlet="Three")
    reply = ev("r", 1, PUB, REPLY, outlet="Four")
    before = merge_events([a, osce, reply])
    b = ev("b", 3, PUB, SHELL_B, places=["Stanitsya Luhanska"], outlet="Two")
    after = merge_incremental([a, osce, reply, b], before, {"b"})
    assert after == merge_events([a, osce, reply, b])
    shelling = next(e for e in after if "a" in {s.article_id for s in e.sources})
    assert sorted(s.article_id for s in shelling.sources) == ["a", "b"]
    # entries the new article does not touch are kept as they were, not rebuilt
    kept = [e for e in after if e.id != shelling.id]
    assert all(any(k is p for p in before) for k in kept) and len(kept) == 2


def test_incremental_merge_dissolves_the_entries_of_a_changed_article() -> None:
    a = ev("a", 1, PUB, SHELL_A, places=["Stanytsia Luhanska"], outlet="One")
    b = ev("b", 3, PUB, SHELL_B, places=["Stanitsya Luhanska"], outlet="Two")
    before = merge_events([a, b])
    # b is corrected: its event is now about the OSCE; a's entry loses b
    b2 = ev("b", 3, PUB, OSCE, outlet="Two")
    after = merge_incremental([a, b2], before, {"b"})
    assert sorted(sorted(s.event_id for s in e.sources) for e in after) == [["a#1"], ["b#3"]]
    assert after == merge_events([a, b2])
    # and a retraction (the article's events gone) leaves no trace of it
    assert merge_incremental([a], before, {"b"}) == merge_events([a])
    assert merge_incremental([], before, {"a", "b"}) == []
