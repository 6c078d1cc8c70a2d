"""One article message -> the messages the extract agent sends (timeline/article_plan.py)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

import timeline.article_plan as article_plan
from models import AnchoringMessage, BucketUpdate
from models.article import PublishedAtSource
from timeline.article_plan import ArticleJob, bucket_updates, plan_article, plan_articles

DATED = {
    "id": "a1",
    "text": "Ministers met in Brussels on 16 February 2022.",
    "source": "Test Wire",
    "published_at": "2022-02-17T09:00:00Z",
}
UNDATED = {"id": "u1", "text": "Ministers met in Brussels on Tuesday."}


def _job(article: object, version: int = 7) -> ArticleJob:
    return ArticleJob(raw=json.dumps(article).encode(), version=version)


def test_a_dated_article_becomes_one_update_per_bucket_and_its_anchoring_events() -> None:
    plan = plan_article(_job(DATED), 1_000_000)
    assert (plan.rejected, plan.article_id, plan.buckets, plan.n_events, plan.anchoring) == (
        None,
        "a1",
        ["2022-02"],
        1,
        False,
    )
    update = BucketUpdate.from_wire(plan.updates["2022-02"])
    assert (update.bucket, update.version, update.revision) == ("2022-02", 7, plan.revision)
    [event] = update.events
    assert (event.mention.text, event.mention.start_time, event.mention.end_time) == (
        "16 February 2022",
        datetime(2022, 2, 16, tzinfo=UTC),
        datetime(2022, 2, 17, tzinfo=UTC),
    )
    assert plan.anchoring_key == b"dated:a1"
    anchoring = AnchoringMessage.from_wire(plan.anchoring_value)
    assert (anchoring.kind, anchoring.version, [e.id for e in anchoring.events]) == (
        "dated",
        7,
        [event.id],
    )


def test_an_undated_article_waits_for_the_anchoring_stage() -> None:
    plan = plan_article(_job(UNDATED, version=3), 1_000_000)
    assert plan.record is not None
    assert (plan.record.published_at_source, plan.anchoring, plan.updates, plan.n_events) == (
        PublishedAtSource.NONE,
        True,
        {},
        0,
    )
    assert plan.anchoring_key == b"undated:u1"
    anchoring = AnchoringMessage.from_wire(plan.anchoring_value)
    assert anchoring.article is not None
    assert (anchoring.kind, anchoring.article.id, anchoring.version) == ("undated", "u1", 3)


def test_the_same_article_plans_the_same_bytes() -> None:
    """A re-delivered message must change nothing: same revision, same updates."""
    assert plan_article(_job(DATED), 1_000_000) == plan_article(_job(DATED), 1_000_000)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"{not json", "invalid_json"),
        (b"[1, 2]", "not_an_object"),
        (b'{"id": "x", "text": "  "}', "empty_text"),
        (b'{"id": 5, "text": "On Monday."}', "schema"),
        (b"\xff\xfe", "invalid_utf8"),
        (b'{"id": "x", "text": "' + b"a" * 2000 + b'"}', "too_large"),
    ],
)
def test_a_bad_message_is_refused_with_its_reason(raw: bytes, reason: str) -> None:
    plan = plan_article(ArticleJob(raw=raw, version=0), 1024)
    assert plan.rejected is not None and plan.rejected[0] == reason
    assert (plan.updates, plan.anchoring_value) == ({}, b"")


def test_a_bug_costs_its_own_article_not_the_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    real = article_plan.extract_events

    def broken(article, record):  # type: ignore[no-untyped-def]
        if article.id == "a1":
            raise KeyError("boom")
        return real(article, record)

    monkeypatch.setattr(article_plan, "extract_events", broken)
    other = {**DATED, "id": "a2"}
    first, second = plan_articles([_job(DATED), _job(other)], 1_000_000)
    assert first.rejected == ("processing_error", "KeyError: 'boom'")
    assert (second.rejected, second.article_id, second.buckets) == (None, "a2", ["2022-02"])


def test_retractions_are_empty_updates_for_the_buckets_left() -> None:
    plan = plan_article(_job(DATED), 1_000_000)
    assert plan.record is not None
    updates = bucket_updates(
        plan.record, [], version=9, revision=plan.revision, old_buckets=["2021-12", "2022-01"]
    )
    assert sorted(updates) == ["2021-12", "2022-01"]
    retraction = BucketUpdate.from_wire(updates["2022-01"])
    assert (retraction.bucket, retraction.version, retraction.events) == ("2022-01", 9, [])
