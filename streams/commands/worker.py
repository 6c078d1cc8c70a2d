"""``timewire worker``: the Faust worker, the same as ``faust -A streams.app worker``."""

from __future__ import annotations

import os
import sys

import click


@click.command("worker", context_settings={"ignore_unknown_options": True})
@click.option("--web-port", type=int, help="web server port (TIMEWIRE_WEB_PORT)")
@click.option("--loglevel", "-l", default=None, help="log level (TIMEWIRE_LOG_LEVEL)")
@click.argument("faust_args", nargs=-1, type=click.UNPROCESSED)
def worker_command(web_port: int | None, loglevel: str | None, faust_args: tuple[str, ...]) -> None:
    """Run a stream worker; extra arguments go to Faust's own ``worker`` command."""
    if web_port is not None:
        os.environ["TIMEWIRE_WEB_PORT"] = str(web_port)
    from streams.kafka_admin import ensure_topics, wait_for_broker
    from streams.settings import get_settings

    get_settings.cache_clear()
    settings = get_settings()
    if not wait_for_broker(settings, timeout_s=30):
        click.echo(
            f"error: no Kafka broker answers at {settings.broker_url}; "
            "start one with `timewire broker start`",
            err=True,
        )
        sys.exit(1)
    ensure_topics(settings)
    from streams.app import app
    from streams.gc_policy import policy

    policy.apply()
    level = loglevel or settings.log_level
    sys.argv = ["timewire worker", "worker", "--loglevel", level, *faust_args]
    app.main()
