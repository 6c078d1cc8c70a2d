"""Cross-article anchoring of undated articles (with the real temporal engine)."""

from __future__ import annotations

from datetime import UTC, datetime

from models import Article, PublishedAtSource
from timeline.anchoring import infer_publication
from timeline.dating import resolve_publication
from timeline.extract import extract_events
from timeline.reader import article_from_txt

from .helpers import SAMPLE_DATED, SAMPLE_UNDATED, SAMPLES

DATED = Article(
    id="wire-1",
    text=(
        "KYIV, March 10, 2023 (Wire) - Shells hit a school in the village of Novoaidar on "
        "Tuesday, wounding three teachers, regional officials said.\n\n"
        "The regional governor said power lines were cut over the last 48 hours."
    ),
)
UNDATED = Article(
    id="blog-1",
    text=(
        "Three teachers were wounded when shells hit a school in Novoaidar on Tuesday, the "
        "regional administration said.\n\n"
        "Power lines were cut over the last 48 hours, the governor said."
    ),
)


def _dated_events(article: Article):  # type: ignore[no-untyped-def]
    record = resolve_publication(article, None)
    assert record.published_at_source == PublishedAtSource.DATELINE
    return extract_events(article, record)


def test_relative_expressions_find_the_publication_day() -> None:
    found = infer_publication(UNDATED, _dated_events(DATED))
    assert found is not None
    day, confidence = found
    assert day == datetime(2023, 3, 10, tzinfo=UTC)
    assert 0 < confidence <= 1


def test_order_of_dated_events_does_not_matter() -> None:
    events = _dated_events(DATED)
    assert infer_publication(UNDATED, events) == infer_publication(UNDATED, list(reversed(events)))


def test_nothing_matching_gives_none() -> None:
    other = Article(
        id="x", text="Dockworkers walked out at the port on Monday over pay, the union said."
    )
    assert infer_publication(other, _dated_events(DATED)) is None
    assert infer_publication(UNDATED, []) is None


def test_undated_sample_is_anchored_by_the_dated_sample() -> None:
    dated = article_from_txt(SAMPLES / f"{SAMPLE_DATED}.txt")
    undated = article_from_txt(SAMPLES / f"{SAMPLE_UNDATED}.txt")
    found = infer_publication(undated, _dated_events(dated))
    assert found is not None and found[0] == datetime(2022, 2, 17, tzinfo=UTC)
