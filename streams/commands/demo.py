"""``timewire demo``: broker + worker + the example articles, until Ctrl-C.

It stops only what it started: a broker that was already running is left running.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path
from types import FrameType

import click

from streams import broker
from streams.kafka_admin import ensure_topics
from streams.processes import WorkerFailed, WorkerProcess, settled
from streams.publisher import article_bytes, publish, read_refusals
from streams.settings import get_settings

EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "examples"


class DemoError(RuntimeError):
    pass


@click.command("demo")
@click.option(
    "--examples",
    "examples_dir",
    type=click.Path(path_type=Path),
    default=EXAMPLES_DIR,
    show_default=True,
    help="articles to publish",
)
def demo_command(examples_dir: Path) -> None:
    """Start the local broker and a worker, publish the examples, print the page URL."""
    settings = get_settings()
    data_dir = settings.resolved_data_dir
    data_dir.mkdir(parents=True, exist_ok=True)
    lock = data_dir / "demo.pid"
    if lock.exists():
        try:
            other = int(lock.read_text().strip())
        except ValueError:
            other = 0
        if other and other != os.getpid() and broker.pid_alive(other):
            click.echo(
                f"A timewire demo is already running (pid {other}); "
                f"its page is {settings.web_url}/\n"
                f"Stop it with Ctrl-C in its terminal (or `kill {other}`) before starting another.",
                err=True,
            )
            sys.exit(1)
    lock.write_text(str(os.getpid()))
    started_broker = False
    worker: WorkerProcess | None = None
    stopping = False

    def on_signal(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        current = broker.status(settings)
        if current.reachable:
            click.echo(f"using the broker that already runs on {current.address}")
        else:
            click.echo("starting the local Kafka broker (the first run resolves its jars)...")
            broker.start(settings)
            started_broker = True
            click.echo(f"broker running on {current.address}")
        ensure_topics(settings)
        log = data_dir / "logs" / f"worker-{settings.web_port}.log"
        worker = WorkerProcess(dict(os.environ), log)
        if worker.health() is not None:
            raise DemoError(
                f"a worker already answers on {settings.web_url}; stop it or set TIMEWIRE_WEB_PORT"
            )
        click.echo(f"starting the worker (log: {log})...")
        worker.start(timeout=120)
        from timeline.reader import read_paths

        result = read_paths([examples_dir])
        report = publish([(a.id, article_bytes(a)) for a in result.articles], settings)
        click.echo(f"published {len(report.sent)} example articles from {examples_dir}")
        for refusal in [*read_refusals(result), *report.refused]:
            click.echo(f"  refused {refusal.origin}: {refusal.reason}: {refusal.detail}", err=True)
        settled(worker, len(report.sent), timeout=60)
        h = worker.health() or {"counts": {"entries": "?", "articles": "?"}}
        click.echo(
            f"\ntimeline: {h['counts']['entries']} entries "
            f"from {h['counts']['articles']} articles\n"
            f"\n  page:   {settings.web_url}/\n  api:    {settings.web_url}/api/timeline\n"
            f"\nTry:  .venv/bin/timewire publish ../shared/samples/*.txt"
            f"\n      .venv/bin/timewire query\n\nCtrl-C stops the demo."
        )
        while not stopping:
            if not worker.running():
                raise DemoError(f"the worker exited; see {log}:\n{worker.tail()}")
            time.sleep(0.5)
        click.echo("\nstopping...")
    except (DemoError, WorkerFailed, broker.BrokerError) as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(1) from None
    finally:
        if worker is not None:
            worker.stop()
        if started_broker:
            broker.stop(settings)
        lock.unlink(missing_ok=True)
        click.echo("demo stopped")
