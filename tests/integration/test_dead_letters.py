"""Bad messages go to the dead-letter topic with their reason; the worker keeps going."""

from __future__ import annotations

import base64
import json

import pytest
from kafka import KafkaConsumer, KafkaProducer

from tests.integration.harness import Cluster, Worker

BAD = {
    "bad-json": b'{"id": "x", "text": ',
    "bad-utf8": b'{"id": "u", "text": "caf\xe9"}',
    "not-object": b'["id", "text"]',
    "no-text": b'{"id": "t1", "title": "only a title"}',
    "blank-text": b'{"id": "t2", "text": "   \\n  "}',
    "int-id": b'{"id": 42, "text": "Officials met on Monday."}',
    "too-large": json.dumps({"id": "big", "text": "word " * 40_000}).encode(),
}
EXPECTED = {
    "bad-json": "invalid_json",
    "bad-utf8": "invalid_utf8",
    "not-object": "not_an_object",
    "no-text": "empty_text",
    "blank-text": "empty_text",
    "int-id": "schema",
    "too-large": "too_large",
}


@pytest.fixture(scope="module")
def worker(cluster: Cluster) -> Worker:
    """A worker with a 100 kB article limit, so a 200 kB message is too large."""
    w = cluster.worker("worker", TIMEWIRE_MAX_ARTICLE_BYTES="100000")
    w.start()
    return w


def _produce(cluster: Cluster, worker: Worker, messages: dict[str, bytes]) -> None:
    producer = KafkaProducer(
        bootstrap_servers=cluster.settings.bootstrap_servers, acks="all", max_request_size=4_000_000
    )
    for key, value in messages.items():
        producer.send(worker.env["TIMEWIRE_TOPIC_ARTICLES"], key=key.encode(), value=value)
    producer.flush()
    producer.close()


def _dead_letters(cluster: Cluster, worker: Worker, n: int) -> list[dict]:
    consumer = KafkaConsumer(
        worker.env["TIMEWIRE_TOPIC_DLQ"],
        bootstrap_servers=cluster.settings.bootstrap_servers,
        auto_offset_reset="earliest",
        consumer_timeout_ms=2000,
        group_id=None,
    )
    letters: list[dict] = []
    for _ in range(30):
        for message in consumer:
            letters.append(json.loads(message.value))
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
    reasons = {letter["key"]: letter["reason"] for letter in letters}
    assert reasons == EXPECTED
    by_key = {letter["key"]: letter for letter in letters}
    for key, raw in BAD.items():
        assert base64.b64decode(by_key[key]["payload_b64"]) == raw  # original bytes kept
        assert by_key[key]["topic"] == worker.env["TIMEWIRE_TOPIC_ARTICLES"]
        assert by_key[key]["error"]

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
        "too_large": 1,
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
    producer.send(worker.env["TIMEWIRE_TOPIC_ARTICLES"], value=json.dumps(article).encode())
    producer.flush()
    producer.close()
    record = worker.wait_for(
        "the keyless article", lambda: worker.get_status("/api/articles/keyless-1")[1].get("record")
    )
    assert record["published_at"] == "2022-03-01T00:00:00Z"
    assert record["published_at_source"] == "dateline"
