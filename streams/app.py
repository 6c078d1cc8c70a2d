"""The Faust application: one worker process = this app (``faust -A streams.app worker``).

Topics, tables and the app live here; agents and web views register themselves on import
(bottom of this module) so that the module path alone is enough for Faust's CLI.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import faust
import plotly

from streams.auth import token_middleware
from streams.kafka_security import faust_credentials
from streams.settings import Settings, get_settings

log = logging.getLogger("timewire")

STATIC_DIR = Path(__file__).resolve().parent / "static"
PLOTLY_JS = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"


class TimewireApp(faust.App):
    """Adds the static files of the live page (and plotly.js from the installed package)."""

    def on_webserver_init(self, web: Any) -> None:
        if settings.api_token:
            web.web_app.middlewares.append(token_middleware(settings.api_token))
        web.add_static("/static/", STATIC_DIR)
        web.web_app.router.add_get("/static/vendor/plotly.min.js", _serve_plotly)


async def _serve_plotly(request: Any) -> Any:
    from aiohttp import web

    return web.FileResponse(PLOTLY_JS, headers={"Cache-Control": "public, max-age=86400"})


def create_app(settings: Settings) -> TimewireApp:
    datadir = settings.resolved_data_dir / f"worker-{settings.web_port}"
    # Faust creates only the last level; a fresh TIMEWIRE_DATA_DIR may not exist yet
    datadir.parent.mkdir(parents=True, exist_ok=True)
    return TimewireApp(
        settings.app_id,
        broker=settings.broker_url,
        broker_credentials=faust_credentials(settings),
        store="rocksdb://",
        datadir=str(datadir),
        autodiscover=False,
        key_serializer="json",
        value_serializer="json",
        topic_partitions=settings.partitions,
        topic_replication_factor=1,
        topic_allow_declare=True,
        consumer_auto_offset_reset="earliest",
        producer_acks=-1,
        producer_linger=0.05,  # batch the many small sends: the broker costs ~2 ms CPU a request
        producer_max_batch_size=256 * 1024,
        producer_max_request_size=64
        * 1024
        * 1024,  # a rejected 50 MB article goes to the DLQ whole
        consumer_max_fetch_size=64 * 1024 * 1024,
        table_standby_replicas=settings.standby_replicas,
        web_enabled=True,
        web_bind=settings.web_host,
        web_host=settings.web_host,
        web_port=settings.web_port,
        canonical_url=settings.web_url,
        web_cors_options=None,
        broker_commit_every=100,
        broker_commit_interval=1.0,
        stream_wait_empty=False,
        logging_config=None,
        Worker="streams.quiet_worker:QuietWorker",
    )


settings = get_settings()
app = create_app(settings)

articles_topic = app.topic(
    settings.topic_articles,
    key_type=bytes,
    value_type=bytes,
    key_serializer="raw",
    value_serializer="raw",
    partitions=settings.partitions,
    allow_empty=True,
)
dlq_topic = app.topic(
    settings.topic_dlq,
    partitions=settings.partitions,
    key_type=bytes,
    value_type=bytes,
    key_serializer="raw",
    value_serializer="raw",
)
# Every topic carries raw bytes that the agents decode themselves: a message Faust could not
# decode would crash the agent instead of reaching the dead-letter topic.
RAW: faust.Schema = faust.Schema(
    key_type=bytes, value_type=bytes, key_serializer="raw", value_serializer="raw"
)
JSON_STATE: faust.Schema = faust.Schema(
    key_type=str, value_type=None, key_serializer="raw", value_serializer="json"
)
# Rows whose values are the compact messages that produced them, stored as received: no decode
# and re-encode of every article's events on the way into RocksDB and the changelog.
BYTES_STATE: faust.Schema = faust.Schema(
    key_type=str, value_type=bytes, key_serializer="raw", value_serializer="raw"
)

events_topic = app.topic(
    settings.topic_events, schema=RAW, partitions=settings.partitions, internal=True
)

anchoring_topic = app.topic(settings.topic_anchoring, schema=RAW, partitions=1, internal=True)

# "<bucket>|<article id>" -> that article's events in the bucket (streams/state_cache.py);
# written while processing the bucket's messages, so co-partitioned with events_topic
timeline_table = app.Table(
    "timeline",
    default=None,
    schema=BYTES_STATE,
    value_type=bytes,  # the store's serializer follows the value type, not the schema
    partitions=settings.partitions,
    options=settings.rocksdb_options(),
    help="(time bucket, article) -> the article's events in that bucket",
)
# article id -> what the timeline knows of it; co-partitioned with the articles topic (raw keys,
# so routing by article id agrees with the producers' partitioner)
articles_table = app.Table(
    "articles",
    default=None,
    schema=JSON_STATE,
    partitions=settings.partitions,
    options=settings.rocksdb_options(),
    help="article id -> its record, revision and the buckets holding its events",
)

# "dated:<id>" -> that article's anchoring message (its explicitly dated events); "undated:<id>"
# -> an article waiting for or given an anchor (JSON). One partition, because anchoring needs
# every dated article in one place.
anchoring_table = app.Table(
    "anchoring",
    default=None,
    schema=BYTES_STATE,
    value_type=bytes,  # the store's serializer follows the value type, not the schema
    partitions=1,
    options=settings.rocksdb_options(),
    help="dated events and undated articles for cross-article anchoring",
)

from streams import agents, views  # noqa: E402,F401  (register agents and web views)
