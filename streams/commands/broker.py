"""``timewire broker start|stop|status``: the local development broker."""

from __future__ import annotations

import sys

import click

from streams import broker
from streams.kafka_admin import ensure_topics
from streams.settings import get_settings


@click.group("broker")
def broker_group() -> None:
    """The local single-node Kafka broker (KRaft, official jars via Maven, loopback only)."""


@broker_group.command("start")
def start() -> None:
    """Start the broker; return once it accepts connections."""
    settings = get_settings()
    try:
        status = broker.start(settings)
        created = ensure_topics(settings)
    except broker.BrokerError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(f"broker {status.describe()}")
    if created:
        click.echo(f"created topics: {', '.join(created)}")


@broker_group.command("stop")
def stop() -> None:
    """Stop the broker started from this data directory."""
    settings = get_settings()
    if broker.stop(settings):
        click.echo("broker stopped")
    else:
        click.echo(f"no broker was running from {broker.BrokerPaths.of(settings).root}")


@broker_group.command("status")
def status() -> None:
    """Say whether the broker runs and answers; exit 1 when it does not answer."""
    current = broker.status(get_settings())
    click.echo(f"broker {current.describe()}")
    sys.exit(0 if current.reachable else 1)
