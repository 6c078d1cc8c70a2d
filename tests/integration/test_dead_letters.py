"""Bad messages go to the dead-letter topic with their reason; the worker keeps going."""

from __future__ import annotations

import json
import time

import pytest
from kafka import KafkaConsumer, KafkaProducer

from models import DeadLetter
from tests.integration.harness import Cluster, Worker

BAD = {
    "bad-json": b'{"id": "x", "text": ',
    "bad-utf8": b'{"id": "u", "text": "caf\xe9"}',
    "not-object": b'["id", "text"]',
    "no-text": b'{"id": "t1", "title": "only a title"}',
    "blank-text": b'{"id": "t2", "text": "   \\n  "}',
    "int-id": b'{"id": 42, "text": "Officials met on Monday."}',
    "too-large": json.dumps({"id": "big", "text": "word " * 40_000}).encode(),
    "huge": json.dumps({"id": "huge", "text": "x" * 50_000_000}).encode(),  # 50 MB
}
EXPECTED = {
    "bad-json": "invalid_json",
    "bad-utf8": "invalid_utf8",
    "not-object": "not_an_object",
    "no-text": "empty_text",
    "blank-text": "empty_text",
    "int-id": "schema",
    "too-large": "too_large",
    "huge": "too_large",
}


@pytest.fixture(scope="module")
def worker(cluster: Cluster) -> Worker:
    """A worker with a 100 kB article limit, so a 200 kB message is too large."""
    w = cluster.worker("worker", TIMEWIRE_MAX_ARTICLE_BYTES="100000")
    w.start()
    return w


def _produce(cluster: Cluster, worker: Worker, messages: dict[str, bytes]) -> None:
    producer = KafkaProducer(
        bootstrap_servers=cluster.settings.bootstrap_servers,
        acks="all",
        max_request_size=60_000_000,
    )
    for key, value in messages.items():
        producer.send(worker.env["TIMEWIRE_TOPIC_ARTICLES"], key=key.encode(), value=value)
    producer.flush()
    producer.close()


def _dead_letters(cluster: Cluster, worker: Worker, n: int) -> dict[str, tuple[DeadLetter, bytes]]:
    """key -> (the reason headers, the original value) of every message on the DLQ."""
    consumer = KafkaConsumer(
        worker.env["TIMEWIRE_TOPIC_DLQ"],
        bootstrap_servers=cluster.settings.bootstrap_servers,
        auto_offset_reset="earliest",
        consumer_timeout_ms=2000,
        fetch_max_bytes=64 * 1024 * 1024,
        max_partition_fetch_bytes=64 * 1024 * 1024,
        group_id=None,
    )
    letters: dict[str, tuple[DeadLetter, bytes]] = {}
    for _ in range(60):
        for message in consumer:
            letters[message.key.decode()] = (
                DeadLetter.from_headers(message.headers),
                message.value,
            )
        if len(letters) >= n:
            break
    consumer.close()
    return letters


def test_every_bad_message_lands_in_the_dlq_with_its_reason(
    cluster: Cluster, worker: Worker
) -> None:
    _produce(cluster, worker, BAD)
    good = {
        "id": "after-bad",
        "text": "Ministers met in Brussels on 16 February 2022.",
        "source": "Test Wire",
    }
    _produce(cluster, worker, {"after-bad": json.dumps(good).encode()})

    letters = _dead_letters(cluster, worker, len(BAD))
    assert {key: letter.reason for key, (letter, _) in letters.items()} == EXPECTED
    for key, raw in BAD.items():
        letter, value = letters[key]
        assert value == raw  # the original bytes, whole
        assert letter.topic == worker.env["TIMEWIRE_TOPIC_ARTICLES"]
        assert letter.offset is not None and letter.error

    # the worker survived all of them and processed the good article after them
    record = worker.wait_for(
        "the good article", lambda: worker.get_status("/api/articles/after-bad")[1].get("record")
    )
    assert record["published_at_source"] in {"message_timestamp", "none"}
    health = worker.get("/api/health")
    assert health["counts"]["rejected"] == {
        "invalid_json": 1,
        "invalid_utf8": 1,
        "not_an_object": 1,
        "empty_text": 2,
        "schema": 1,
        "too_large": 2,
    }


def test_publish_refuses_locally_with_the_same_reasons(worker: Worker) -> None:
    lines = b"\n".join(
        [
            BAD["bad-json"],
            BAD["int-id"],
            b'{"id": "ok-1", "text": "Talks resumed on 3 March 2022."}',
        ]
    )
    result = worker.timewire("publish", "-", stdin=lines)
    err = result.stderr.decode()
    assert result.returncode == 1
    assert "sent 1 article(s)" in err
    assert "<stdin>:1" in err and "invalid_json" in err
    assert "<stdin>:2" in err and "schema" in err


def test_message_without_key_is_rekeyed_by_article_id(cluster: Cluster, worker: Worker) -> None:
    producer = KafkaProducer(bootstrap_servers=cluster.settings.bootstrap_servers, acks="all")
    article = {
        "id": "keyless-1",
        "text": "date 2022-03-01\n\nThe council voted on Monday.",
        "source": "Keyless",
    }
    an_hour_ago_ms = int(1000 * (time.time() - 3600))
    producer.send(
        worker.env["TIMEWIRE_TOPIC_ARTICLES"],
        value=json.dumps(article).encode(),
        timestamp_ms=an_hour_ago_ms,
    )
    producer.flush()
    producer.close()
    record = worker.wait_for(
        "the keyless article", lambda: worker.get_status("/api/articles/keyless-1")[1].get("record")
    )
    assert record["published_at"] == "2022-03-01T00:00:00Z"
    assert record["published_at_source"] == "dateline"
    # forwarded under its id with the time it reached the broker: its freshness counts from
    # then (every other article of this module is seconds old)
    extracted = worker.get("/api/health")["freshness"]["extracted"]
    assert 3_600_000 <= extracted["max_ms"] < 3_700_000


def test_unreadable_published_at_is_kept_warned_and_the_article_processed(worker: Worker) -> None:
    article = {
        "id": "odd-date",
        "published_at": "sometime last spring",
        "text": "date 2022-03-01\n\nThe council voted on Monday to close the harbour.",
    }
    assert worker.timewire("publish", "-", stdin=json.dumps(article).encode()).returncode == 0
    info = worker.wait_for(
        "the article", lambda: worker.get_status("/api/articles/odd-date")[1].get("record")
    )
    assert info["published_at"] == "2022-03-01T00:00:00Z"
    assert info["published_at_source"] == "dateline"  # the next date source
    assert info["warnings"] == ["unparseable published_at: 'sometime last spring'"]
    worker_health = worker.get("/api/health")["workers"][0]
    assert worker_health["counts"]["warnings"] == {"unparseable published_at": 1}
