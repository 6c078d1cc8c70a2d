"""The must-show behaviour on the two canonical samples (read from /work/shared/samples)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from models import Article, PublishedAtSource, TimelineEntry
from timeline.build import BuildResult, build_timeline
from timeline.names import place_key
from timeline.reader import article_from_txt

from .helpers import SAMPLE_DATED, SAMPLE_UNDATED, SAMPLES

TOPIC_DAY = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)  # the day they were published to the topic
D17 = datetime(2022, 2, 17, tzinfo=UTC)

assert SAMPLES.is_dir(), f"the shared samples are missing: {SAMPLES}"


def _articles() -> list[Article]:
    return [article_from_txt(SAMPLES / f"{name}.txt") for name in (SAMPLE_DATED, SAMPLE_UNDATED)]


def _build(order: list[Article], stamps: bool = True) -> BuildResult:
    ts = {a.id: TOPIC_DAY for a in order} if stamps else None
    return build_timeline(order, ts)


@pytest.fixture(scope="module")
def result() -> BuildResult:
    return _build(_articles())


def _with(result: BuildResult, word: str) -> list[TimelineEntry]:
    return [e for e in result.entries if any(word in s.sentence.lower() for s in e.sources)]


def _articles_of(entry: TimelineEntry) -> set[str]:
    return {s.article_id for s in entry.sources}


def test_kindergarten_shelling_is_one_entry_on_the_17th_with_both_sources(
    result: BuildResult,
) -> None:
    entries = _with(result, "kindergarten")
    dated = [e for e in entries if e.start.date().isoformat() == "2022-02-17"]
    assert len(dated) == 1
    entry = dated[0]
    assert (entry.start, entry.end) == (D17, D17 + timedelta(days=1))
    assert _articles_of(entry) == {SAMPLE_DATED, SAMPLE_UNDATED}
    assert entry.n_sources == 2
    # both spellings of the village are one place, spelled once
    keys = [place_key(p) for p in entry.places]
    assert keys.count(place_key("Stanytsia Luhanska")) == 1
    assert "Stanytsia Luhanska" in entry.places
    assert "kindergarten" in entry.label.lower()
    # every kindergarten sentence of either article lands in this one entry
    assert all(e is entry for e in entries)


def test_wallace_troop_increase_is_one_entry_over_the_48_hours_before_publication(
    result: BuildResult,
) -> None:
    entries = [
        e for e in _with(result, "7,000") if any("48 hours" in s.mention_text for s in e.sources)
    ]
    assert len(entries) == 1
    entry = entries[0]
    assert (entry.start, entry.end) == (D17 - timedelta(hours=48), D17)
    assert _articles_of(entry) == {SAMPLE_DATED, SAMPLE_UNDATED}
    assert {s.asserted_by for s in entry.sources} == {"Ben Wallace"}


def test_pullback_announcement_is_on_the_15th_and_disputed_by_nato(result: BuildResult) -> None:
    entries = [
        e for e in _with(result, "begun to pull") if e.start.date().isoformat() == "2022-02-15"
    ]
    assert len(entries) == 1
    entry = entries[0]
    assert entry.end - entry.start == timedelta(days=1)
    assert entry.disputed
    assert any("NATO" in d and "Russia" in d for d in entry.disagreements)


def test_separatist_war_is_from_2014(result: BuildResult) -> None:
    entries = _with(result, "at war with ukrainian forces since 2014")
    assert len(entries) == 1
    assert entries[0].start == datetime(2014, 1, 1, tzinfo=UTC)
    assert entries[0].end == D17  # "since 2014": up to the publication date


def test_osce_and_lavrov_are_separate_entries_on_the_17th(result: BuildResult) -> None:
    osce = _with(result, "osce")
    lavrov = _with(result, "formal reply")
    shelling = _with(result, "kindergarten")[0]
    assert len(osce) == 1 and len(lavrov) == 1
    for entry in (osce[0], lavrov[0]):
        assert (entry.start, entry.end) == (D17, D17 + timedelta(days=1))
        assert entry is not shelling
    assert osce[0] is not lavrov[0]
    assert osce[0].sources[0].modality.value == "expected"
    assert lavrov[0].sources[0].asserted_by == "Sergey Lavrov"


def test_undated_article_is_anchored_by_the_other_article(result: BuildResult) -> None:
    rec = {a.id: a for a in result.articles}
    assert rec[SAMPLE_DATED].published_at == D17
    assert rec[SAMPLE_DATED].published_at_source == PublishedAtSource.DATELINE
    assert rec[SAMPLE_UNDATED].published_at == D17
    assert rec[SAMPLE_UNDATED].published_at_source == PublishedAtSource.CROSS_ARTICLE
    own = [e for e in result.entries if SAMPLE_UNDATED in _articles_of(e)]
    assert own
    for entry in own:
        assert entry.start.year != TOPIC_DAY.year and entry.end <= datetime(2022, 3, 1, tzinfo=UTC)
        for s in entry.sources:
            if s.article_id == SAMPLE_UNDATED and s.start is not None:
                assert s.start.year in (2014, 2022)
    relative = [
        s
        for e in own
        for s in e.sources
        if s.article_id == SAMPLE_UNDATED
        and s.mention_text in ("Thursday", "Today", "the past 24 hours")
    ]
    assert relative and all(
        s.start is not None and s.start.strftime("%Y-%m") == "2022-02" for s in relative
    )


def test_without_other_articles_the_topic_day_is_not_used() -> None:
    undated = [a for a in _articles() if a.id == SAMPLE_UNDATED]
    res = build_timeline(undated, {SAMPLE_UNDATED: TOPIC_DAY})
    rec = res.articles[0]
    assert rec.published_at is None
    assert rec.published_at_source == PublishedAtSource.NONE
    assert any("not used" in w for w in rec.warnings)
    assert all(e.start.year != TOPIC_DAY.year for e in res.entries)
    # only absolute expressions remain placeable
    assert [e.start.year for e in res.entries] == [2014]


def test_either_order_gives_the_identical_table(result: BuildResult) -> None:
    reverse = _build(list(reversed(_articles())))
    assert reverse.model_dump() == result.model_dump()
    assert _build(_articles(), stamps=False).entries == result.entries


def test_republishing_the_same_id_replaces_never_duplicates(result: BuildResult) -> None:
    dated, undated = _articles()
    again = _build([dated, undated, dated, undated])
    assert again.model_dump() == result.model_dump()
    corrected = dated.model_copy(update={"text": dated.text.replace("on Tuesday", "on Monday")})
    fixed = _build([dated, undated, corrected])
    assert len(fixed.articles) == 2
    pull = [e for e in _with(fixed, "begun to pull")]
    assert len(pull) == 1 and pull[0].start.date().isoformat() == "2022-02-14"
    event_ids = [s.event_id for e in fixed.entries for s in e.sources]
    assert len(event_ids) == len(set(event_ids))


def test_entries_are_ordered_by_start(result: BuildResult) -> None:
    keys = [(e.start, e.end, e.id) for e in result.entries]
    assert keys == sorted(keys)
    assert len({e.id for e in result.entries}) == len(result.entries)
