"""Every runtime setting of timewire, read once from ``TIMEWIRE_*`` environment variables.

This class is the one source of truth for topic names, addresses and paths: the worker, the CLI,
the local broker and the tests all read it, never their own literals.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from models.wire import DEFAULT_MAX_ARTICLE_BYTES
from streams.auth import is_loopback


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TIMEWIRE_", extra="ignore")

    broker_url: str = Field(
        default="kafka://127.0.0.1:9092", description="Kafka bootstrap server(s), kafka://host:port"
    )
    web_host: str = Field(default="127.0.0.1", description="address the worker's web server binds")
    web_port: int = Field(default=6066, ge=1, le=65535)
    web_advertised_url: str | None = Field(
        default=None,
        description="URL other workers reach this one at (default http://web_host:web_port)",
    )
    data_dir: Path = Field(default=Path(".timewire"), description="broker data, table state, pids")
    app_id: str = Field(default="timewire", description="Faust app id = consumer group")
    topic_articles: str = "articles"
    topic_dlq: str = "articles.dlq"
    topic_events: str = Field(
        default="timewire.events", description="internal: article events keyed by time bucket"
    )
    topic_anchoring: str = Field(
        default="timewire.anchoring",
        description="internal, one partition: dated events and undated articles to anchor",
    )
    partitions: int = Field(default=4, ge=1, le=256)
    max_article_bytes: int = Field(default=DEFAULT_MAX_ARTICLE_BYTES, ge=1024)
    extract_processes: int = Field(
        default=1,
        ge=0,
        le=64,
        description="processes beside each worker's event loop that extract articles; 0: in it",
    )
    standby_replicas: int = Field(
        default=1,
        ge=0,
        le=8,
        description="standby copies of each table partition kept by other workers: a faster "
        "takeover when a worker dies, for the CPU of replaying the others' changelogs",
    )
    cold_after_s: float = Field(
        default=300.0,
        gt=0,
        description="a time bucket merged exactly and unchanged this long lets go of its "
        "parsed events (kept in the table, read back on its next update); its entries stay",
    )
    rocksdb_write_buffer_mb: int = Field(
        default=64,
        ge=1,
        le=1024,
        description="RocksDB memtable size of each table partition's store (Faust's default); "
        "smaller ones hold less memory for more CPU flushing and compacting them",
    )
    rocksdb_write_buffers: int = Field(default=3, ge=2, le=8, description="memtables per store")
    rocksdb_block_cache_mb: int = Field(
        default=32,
        ge=1,
        le=4096,
        description="RocksDB block cache of each table partition's store (Faust's default: "
        "2 GB each); reads are rare, the worker keeps what it merges in memory",
    )
    native: Literal["auto", "off"] = Field(
        default="auto",
        description="run the engine compiled by `make native` when it matches the sources "
        "(streams/native.py); off: always the sources",
    )
    native_dir: Path | None = Field(
        default=None, description="where `make native` puts the build (default build/native)"
    )
    log_level: str = "info"
    api_token: str | None = Field(
        default=None,
        min_length=16,
        description="required when web_host is not loopback; sent as Authorization: Bearer",
    )
    # security of the Kafka connection (the local broker is plaintext on loopback)
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    kafka_sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] = "PLAIN"
    kafka_username: str | None = None
    kafka_password: str | None = None
    kafka_ssl_cafile: Path | None = Field(default=None, description="CA bundle for TLS")
    # the local development broker (timewire broker start)
    kafka_version: str = "3.9.1"
    broker_heap: str = Field(default="768m", description="JVM -Xmx of the local broker")
    controller_port: int | None = Field(
        default=None, description="KRaft controller port of the local broker (default: broker+1)"
    )

    @field_validator("log_level")
    @classmethod
    def _faust_level(cls, value: str) -> str:
        """Faust's worker accepts crit, error, warn, info and debug only."""
        level = value.strip().lower()
        level = {"warning": "warn", "critical": "crit", "fatal": "crit"}.get(level, level)
        if level not in {"crit", "error", "warn", "info", "debug"}:
            raise ValueError(f"log level must be crit, error, warn, info or debug, not {value!r}")
        return level

    @field_validator("broker_url")
    @classmethod
    def _has_scheme(cls, value: str) -> str:
        return value if "://" in value else f"kafka://{value}"

    @model_validator(mode="after")
    def _token_beyond_loopback(self) -> Settings:
        if not is_loopback(self.web_host) and not self.api_token:
            raise ValueError(
                f"TIMEWIRE_WEB_HOST={self.web_host} is reachable beyond this machine: "
                "set TIMEWIRE_API_TOKEN (16 characters or more) to protect the API"
            )
        if self.kafka_security_protocol.startswith("SASL") and not (
            self.kafka_username and self.kafka_password
        ):
            raise ValueError("SASL needs TIMEWIRE_KAFKA_USERNAME and TIMEWIRE_KAFKA_PASSWORD")
        return self

    @property
    def bootstrap_servers(self) -> list[str]:
        """host:port list for kafka-python, from the Faust-style URL."""
        return [
            urlsplit(u if "://" in u else f"kafka://{u}").netloc for u in self.broker_url.split(";")
        ]

    @property
    def broker_host(self) -> str:
        return self.bootstrap_servers[0].rsplit(":", 1)[0]

    @property
    def broker_port(self) -> int:
        return int(self.bootstrap_servers[0].rsplit(":", 1)[1])

    @property
    def web_url(self) -> str:
        """Where this worker is reached: by the CLI on this machine, and by the other workers."""
        if self.web_advertised_url:
            return self.web_advertised_url.rstrip("/")
        host = "127.0.0.1" if self.web_host in ("0.0.0.0", "::") else self.web_host
        return f"http://{host}:{self.web_port}"

    def rocksdb_options(self) -> dict[str, int]:
        """Options of every table's store (faust.stores.rocksdb.RocksDBOptions): what one
        store may hold in memory is the block cache plus its memtables."""
        mb = 1024 * 1024
        return {
            "write_buffer_size": self.rocksdb_write_buffer_mb * mb,
            "max_write_buffer_number": self.rocksdb_write_buffers,
            "block_cache_size": self.rocksdb_block_cache_mb * mb,
            "block_cache_compressed_size": self.rocksdb_block_cache_mb * mb,
        }

    @property
    def resolved_data_dir(self) -> Path:
        return self.data_dir.expanduser().resolve()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
