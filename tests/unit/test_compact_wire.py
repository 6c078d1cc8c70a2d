"""The compact form of the internal messages and of the timeline table's rows.

An article's events travel without their (shared) article record, with default values left out,
and are stored as the bytes that brought them; rows written in the earlier, plain form still
read.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from models import AnchoringMessage, Article, ArticleRecord, BucketUpdate, Event, PublishedAtSource
from streams.bucket_state import ArticleSlot
from timeline.buckets import bucket_of
from timeline.extract import extract_events

TEXT = (
    "Shells hit a kindergarten in Stanytsia Luhanska on Thursday, officials said. "
    "Two teachers were hurt. Russia announced a pullback on Tuesday; NATO said on Wednesday "
    "it had seen no sign of it. The war in the east has gone on since 2014."
)
PUBLISHED = datetime(2022, 2, 17, 12, tzinfo=UTC)


def _record() -> ArticleRecord:
    return ArticleRecord(
        id="wire-1",
        title="Kindergarten shelled",
        source="Baltic Wire",
        url="https://example.org/1",
        published_at=PUBLISHED,
        published_at_source=PublishedAtSource.FIELD,
    )


def _events() -> list[Event]:
    article = Article(id="wire-1", text=TEXT, source="Baltic Wire", published_at=PUBLISHED)
    return extract_events(article, _record())


def _update(bucket: str = "2022-02") -> BucketUpdate:
    events = [e for e in _events() if bucket_of(e) == bucket]
    return BucketUpdate(bucket=bucket, article=_record(), revision="r1", version=7, events=events)


def test_an_update_comes_back_from_the_wire_unchanged() -> None:
    update = _update()
    assert len(update.events) == 3
    back = BucketUpdate.from_wire(update.to_wire())
    assert back == update
    assert back.model_dump_json() == update.model_dump_json()


def test_the_record_travels_once_and_is_shared_by_the_events() -> None:
    update = _update()
    wire = update.to_wire()
    doc = json.loads(wire)
    assert doc["article"]["id"] == "wire-1"
    assert all("article" not in e for e in doc["events"])
    assert wire.count(b"Baltic Wire") == 1
    # default values are left out: the same update is a third smaller than its plain dump
    assert len(wire) < 0.8 * len(update.model_dump_json())
    back = BucketUpdate.from_wire(wire)
    assert all(e.article is back.article for e in back.events)


def test_an_event_from_its_body_equals_the_validated_event() -> None:
    event = _events()[0]
    body = {k: v for k, v in event.model_dump().items() if k != "article"}
    rebuilt = Event.of(Event.model_validate({**body, "article": event.article}), event.article)
    assert rebuilt == event
    assert rebuilt.model_dump() == event.model_dump()
    assert rebuilt.article is event.article


def test_a_table_row_is_the_update_and_rows_of_the_plain_form_still_read() -> None:
    update = _update()
    slot = ArticleSlot.of_update(update)
    row = slot.to_wire("2022-02")
    assert BucketUpdate.from_wire(row) == update
    assert ArticleSlot.from_wire(row) == slot
    # a row written before the compact form: the slot as plain JSON, full events, no bucket
    plain = json.dumps(
        {
            "version": slot.version,
            "revision": slot.revision,
            "article": slot.article.model_dump(mode="json"),
            "events": [e.model_dump(mode="json") for e in slot.events],
        }
    ).encode()
    assert ArticleSlot.from_wire(plain) == slot


def test_a_slot_keeps_the_bytes_it_arrived_in() -> None:
    update = _update()
    wire = update.to_wire()
    slot = ArticleSlot.of_update(BucketUpdate.from_wire(wire), wire)
    assert slot.to_wire("2022-02") is wire


def test_anchoring_messages_come_back_from_the_wire() -> None:
    events = _events()
    dated = AnchoringMessage(kind="dated", article_id="wire-1", version=3, events=events)
    wire = dated.to_wire()
    assert wire.count(b"Baltic Wire") == 1
    back = AnchoringMessage.from_wire(wire)
    assert back == dated
    assert all(e.article is back.events[0].article for e in back.events)
    undated = AnchoringMessage(
        kind="undated",
        article_id="wire-2",
        version=4,
        article=Article(id="wire-2", text=TEXT, source="Steppe Report"),
        message_timestamp=PUBLISHED,
    )
    assert AnchoringMessage.from_wire(undated.to_wire()) == undated
    empty = AnchoringMessage(kind="dated", article_id="wire-3", version=5)
    assert AnchoringMessage.from_wire(empty.to_wire()) == empty
