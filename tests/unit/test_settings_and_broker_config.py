"""Settings come from TIMEWIRE_* variables; the broker config follows them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from models import Article
from streams.broker import (
    BrokerPaths,
    controller_port,
    format_command,
    new_cluster_id,
    server_properties,
)
from streams.publisher import article_bytes
from streams.settings import Settings


def test_loopback_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in list(__import__("os").environ):
        if key.startswith("TIMEWIRE_"):
            monkeypatch.delenv(key)
    s = Settings()
    assert (s.broker_url, s.web_host, s.web_port) == ("kafka://127.0.0.1:9092", "127.0.0.1", 6066)
    assert (s.topic_articles, s.topic_dlq, s.topic_events) == (
        "articles",
        "articles.dlq",
        "timewire.events",
    )
    assert s.data_dir == Path(".timewire")
    assert s.bootstrap_servers == ["127.0.0.1:9092"]


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIMEWIRE_BROKER_URL", "127.0.0.1:19092")
    monkeypatch.setenv("TIMEWIRE_WEB_PORT", "7001")
    monkeypatch.setenv("TIMEWIRE_PARTITIONS", "8")
    s = Settings()
    assert s.broker_url == "kafka://127.0.0.1:19092"
    assert (s.broker_port, s.web_port, s.partitions) == (19092, 7001, 8)
    assert s.web_url == "http://127.0.0.1:7001"


def test_standby_replicas_default_to_one_and_may_be_turned_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("TIMEWIRE_STANDBY_REPLICAS", raising=False)
    assert Settings().standby_replicas == 1
    monkeypatch.setenv("TIMEWIRE_STANDBY_REPLICAS", "0")
    assert Settings().standby_replicas == 0
    monkeypatch.setenv("TIMEWIRE_STANDBY_REPLICAS", "-1")
    with pytest.raises(ValueError, match="greater than or equal to 0"):
        Settings()


def test_the_worker_keeps_the_standby_replicas_it_is_given(tmp_path: Path) -> None:
    from streams.app import create_app  # its import builds the worker app of the environment

    app = create_app(Settings(data_dir=tmp_path, standby_replicas=0, web_port=7002))
    assert app.conf.table_standby_replicas == 0


def test_server_properties_bind_loopback_kraft(tmp_path: Path) -> None:
    s = Settings(broker_url="127.0.0.1:19092", data_dir=tmp_path, partitions=3)
    props = dict(
        line.split("=", 1) for line in server_properties(s, BrokerPaths.of(s)).splitlines()
    )
    assert controller_port(s) == 19093
    assert props["process.roles"] == "broker,controller"
    assert props["listeners"] == "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093"
    assert props["controller.quorum.voters"] == "1@127.0.0.1:19093"
    assert props["log.dirs"] == str(tmp_path.resolve() / "broker" / "data")
    assert props["num.partitions"] == "3"
    assert props["offsets.topic.replication.factor"] == "1"
    assert props["group.initial.rebalance.delay.ms"] == "0"


def test_published_bytes_keep_an_unreadable_date_as_sent() -> None:
    article = Article.model_validate({"id": "a", "text": "t", "published_at": "last Tuesday-ish"})
    assert json.loads(article_bytes(article)) == {
        "id": "a",
        "text": "t",
        "published_at": "last Tuesday-ish",
        "language": "en",
    }


def test_cluster_ids_are_22_url_safe_characters() -> None:
    ids = {new_cluster_id() for _ in range(200)}
    assert len(ids) == 200
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{22}", i) for i in ids)


def test_a_cluster_id_starting_with_a_dash_stays_one_argument(tmp_path: Path) -> None:
    s = Settings(data_dir=tmp_path)
    cmd = format_command(s, BrokerPaths.of(s), "kafka.jar", "-Xk3pLQ9Rje0u1Zr1dA8Ww")
    assert cmd[cmd.index("format") + 1] == "--cluster-id=-Xk3pLQ9Rje0u1Zr1dA8Ww"
    assert "-t" not in cmd


def test_table_stores_are_bounded_by_the_rocksdb_settings(tmp_path: Path) -> None:
    """Faust opens every table partition's store with 2 GB of block cache; a worker holds a
    dozen stores. The settings reach RocksDB itself: the OPTIONS file of a store opened the way
    Faust opens the tables' says so."""
    from faust.stores.rocksdb import RocksDBOptions

    from streams.app import anchoring_table, articles_table, timeline_table

    s = Settings(rocksdb_write_buffer_mb=16, rocksdb_write_buffers=2, rocksdb_block_cache_mb=32)
    assert s.rocksdb_options() == {
        "write_buffer_size": 16 * 1024 * 1024,
        "max_write_buffer_number": 2,
        "block_cache_size": 32 * 1024 * 1024,
        "block_cache_compressed_size": 32 * 1024 * 1024,
    }
    for table in (timeline_table, articles_table, anchoring_table):
        assert {k: table.options[k] for k in s.rocksdb_options()} == Settings().rocksdb_options()
    db = RocksDBOptions(**s.rocksdb_options(), use_rocksdict=True).open(tmp_path / "t.db")
    db[b"k"] = b"v"
    db.close()
    options = max((tmp_path / "t.db").glob("OPTIONS-*")).read_text()
    assert re.search(r"^\s*write_buffer_size=16777216$", options, re.M)
    assert re.search(r"^\s*max_write_buffer_number=2$", options, re.M)
    assert re.search(r"^\s*block_size=\d+$", options, re.M)  # a block-based table


def test_rocksdb_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIMEWIRE_ROCKSDB_WRITE_BUFFER_MB", "4")
    monkeypatch.setenv("TIMEWIRE_ROCKSDB_BLOCK_CACHE_MB", "8")
    s = Settings()
    assert (s.rocksdb_write_buffer_mb, s.rocksdb_write_buffers, s.rocksdb_block_cache_mb) == (
        4,
        3,
        8,
    )
    assert s.rocksdb_options()["block_cache_size"] == 8 * 1024 * 1024
    monkeypatch.setenv("TIMEWIRE_ROCKSDB_WRITE_BUFFERS", "1")
    with pytest.raises(ValueError, match="greater than or equal to 2"):
        Settings()
