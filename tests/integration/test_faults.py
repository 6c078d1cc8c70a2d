"""Faults mid-stream lose and duplicate nothing: after kill -9 of the worker, or a broker restart,
the final table equals what `timewire build` makes offline from the same articles.

2,000 articles are generated from the dated examples with their dates shifted week by week
(known dates, many time buckets), as a live feed would spread them.
"""

from __future__ import annotations

import json
import random
import signal
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.pipeline import generate
from models import Article
from streams import broker
from streams.kafka_admin import ensure_topics
from streams.processes import WorkerProcess, free_port, settings_from_env, settled, worker_env
from streams.publisher import article_bytes, publish
from streams.settings import Settings
from tests.conftest import OUTPUT
from timeline.build import build_timeline

N_ARTICLES = 2000


def _entry_key(e: dict) -> tuple:
    sources = sorted((s["article_id"], s["sentence"], s["start"], s["end"]) for s in e["sources"])
    return (e["id"], e["start"], e["end"], e["disputed"], tuple(sources))


def _table(worker: WorkerProcess) -> list[tuple]:
    entries: list[dict] = []
    cursor = None
    while True:
        page = worker.get(
            "/api/timeline", {"limit": "5000", **({"cursor": cursor} if cursor else {})}
        )
        entries += page["entries"]
        cursor = page["next_cursor"]
        if not cursor:
            return sorted(map(_entry_key, entries))


def _difference(got: list[tuple], want: list[tuple]) -> str:
    """'' when the tables are equal, else which entries are missing or unexpected, by id,
    interval and source articles: a whole-table diff is thousands of lines, and CI keeps the
    tail of its output only."""
    missing, extra = Counter(want) - Counter(got), Counter(got) - Counter(want)
    if not missing and not extra:
        return ""

    def show(e: tuple) -> str:
        entry_id, start, end, disputed, sources = e
        articles = sorted({s[0] for s in sources})
        return f"{entry_id} {start}..{end} disputed={disputed} sources={articles}"

    lines = [
        f"{len(got)} entries, {len(want)} expected: {sum(missing.values())} missing, "
        f"{sum(extra.values())} unexpected"
    ]
    lines += [f"missing    {show(e)}" for e in sorted(missing)[:25]]
    lines += [f"unexpected {show(e)}" for e in sorted(extra)[:25]]
    return "\n".join(lines)


def _offline(articles: list[Article]) -> list[tuple]:
    built = build_timeline(articles)
    return sorted(_entry_key(json.loads(e.model_dump_json())) for e in built.entries)


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    return generate(N_ARTICLES, "fault")


@pytest.fixture(scope="module")
def offline(articles: list[Article]) -> list[tuple]:
    return _offline(articles)


@pytest.fixture
def own_broker(tmp_path: Path) -> Iterator[tuple[Settings, dict[str, str]]]:
    env = worker_env(
        broker_url=f"kafka://127.0.0.1:{free_port()}",
        controller_port=str(free_port()),
        data_dir=str(tmp_path),
        web_port=str(free_port()),
        partitions="4",
        broker_heap="512m",
        log_level="warn",
    )
    settings = settings_from_env(env)
    broker.start(settings, timeout_s=120)
    ensure_topics(settings)
    try:
        yield settings, env
    finally:
        broker.stop(settings)


def _publish(articles: list[Article], settings: Settings) -> None:
    publish([(a.id, article_bytes(a)) for a in articles], settings)


def _started(env: dict[str, str], name: str) -> WorkerProcess:
    worker = WorkerProcess(env, OUTPUT / "integration" / "faults" / f"{name}.log")
    worker.start()
    return worker


def test_a_burst_without_faults_loses_nothing(
    own_broker: tuple[Settings, dict[str, str]], articles: list[Article], offline: list[tuple]
) -> None:
    """All 2,000 at once: the agents take them in batches while more keep arriving, which is
    when a batch could file one message under another's event (streams/batch_writes.py); with
    no restart to re-deliver, a lost message would stay lost. Buckets quiet for a second let go
    of their parsed rows, so many are read back from the table when their next update comes."""
    settings, env = own_broker
    worker = _started({**env, "TIMEWIRE_COLD_AFTER_S": "1"}, "burst-worker")
    try:
        _publish(articles, settings)
        assert settled(worker, N_ARTICLES, timeout=900, quiet_s=3.0), worker.tail()
        counts = worker.get("/api/health")["counts"]
        assert (counts["articles"], counts["articles_processed"], counts["rejected"]) == (
            N_ARTICLES,
            N_ARTICLES,
            {},
        )
        assert not (diff := _difference(_table(worker), offline)), diff
        # the first articles again, once their buckets have let go of their rows: read back
        # from the table, they change nothing
        time.sleep(2.0)
        _publish(articles[:20], settings)
        deadline = time.monotonic() + 120
        while worker.get("/api/health")["counts"]["articles_processed"] < N_ARTICLES + 20:
            assert time.monotonic() < deadline, worker.tail()
            time.sleep(0.25)
        assert settled(worker, N_ARTICLES, timeout=300, quiet_s=3.0), worker.tail()
        cold = worker.get("/api/health")["workers"][0]["counts"]["cold_buckets"]
        assert cold["released"] > 0 and cold["reloaded"] > 0, cold
        assert not (diff := _difference(_table(worker), offline)), diff
    finally:
        worker.stop()


def test_kill_9_the_worker_three_times(
    own_broker: tuple[Settings, dict[str, str]], articles: list[Article], offline: list[tuple]
) -> None:
    settings, env = own_broker
    worker = _started(env, "kill9-worker")
    try:
        _publish(articles, settings)
        rng = random.Random(2022)
        for _ in range(3):
            time.sleep(rng.uniform(3.0, 12.0))
            assert worker.proc is not None
            worker.proc.send_signal(signal.SIGKILL)
            worker.proc.wait()
            worker.start(timeout=180)
        assert settled(worker, N_ARTICLES, timeout=900, quiet_s=3.0), worker.tail()
        assert worker.get("/api/health")["counts"]["articles"] == N_ARTICLES
        assert not (diff := _difference(_table(worker), offline)), diff
    finally:
        worker.stop()


def test_broker_restart_mid_stream(
    own_broker: tuple[Settings, dict[str, str]], articles: list[Article], offline: list[tuple]
) -> None:
    settings, env = own_broker
    worker = _started(env, "broker-restart-worker")
    try:
        half = len(articles) // 2
        _publish(articles[:half], settings)
        time.sleep(5.0)  # mid-stream
        assert broker.stop(settings)
        time.sleep(3.0)
        broker.start(settings, timeout_s=120)
        _publish(articles[half:], settings)
        assert settled(worker, N_ARTICLES, timeout=900, quiet_s=3.0), worker.tail()
        assert worker.running(), "the worker survived the broker restart"
        assert not (diff := _difference(_table(worker), offline)), diff
    finally:
        worker.stop()


def _local_partitions(worker: WorkerProcess, topic: str) -> set[str]:
    health = worker.get("/api/health", {"scope": "local"})
    return {p for p in health["partitions"] if p.startswith(f"{topic}[")}


def test_kill_one_of_two_workers(
    own_broker: tuple[Settings, dict[str, str]], articles: list[Article], offline: list[tuple]
) -> None:
    """Two workers share the partitions and either answers for the whole table; after kill -9
    of one, the other takes over its partitions (from its standby table replicas and the
    changelog) and the table is complete."""
    settings, env = own_broker
    first = _started(env, "two-workers-first")
    second = _started({**env, "TIMEWIRE_WEB_PORT": str(free_port())}, "two-workers-second")
    topic = settings.topic_articles
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            mine, theirs = _local_partitions(first, topic), _local_partitions(second, topic)
            if mine and theirs and len(mine | theirs) == settings.partitions:
                break
            time.sleep(0.5)
        assert mine and theirs and mine.isdisjoint(theirs), (mine, theirs)

        half = len(articles) // 2
        _publish(articles[:half], settings)
        assert settled(first, half, timeout=600, quiet_s=3.0), first.tail()
        # while both run, either one answers for the whole table
        expected_half = _offline(articles[:half])
        assert not (diff := _difference(_table(first), expected_half)), diff
        assert not (diff := _difference(_table(second), expected_half)), diff

        _publish(articles[half:], settings)
        time.sleep(random.Random(6).uniform(2.0, 6.0))  # mid-stream
        assert first.proc is not None
        first.proc.send_signal(signal.SIGKILL)
        first.proc.wait()

        assert settled(second, N_ARTICLES, timeout=900, quiet_s=3.0), second.tail()
        assert _local_partitions(second, topic) == {f"{topic}[{p}]" for p in range(4)}
        health = second.get("/api/health")
        assert len(health["workers"]) == 1 and health["unreachable_workers"] == []
        assert health["counts"]["articles"] == N_ARTICLES
        assert not (diff := _difference(_table(second), offline)), diff
    finally:
        first.stop()
        second.stop()
