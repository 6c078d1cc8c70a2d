"""``timewire demo``: broker + worker + the example articles, until Ctrl-C.

It stops only what it started: a broker that was already running is left running.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from types import FrameType

import click

from streams import broker
from streams.kafka_admin import ensure_topics
from streams.publisher import article_bytes, publish, read_refusals
from streams.settings import Settings, get_settings

EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "examples"


class DemoError(RuntimeError):
    pass


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def health(settings: Settings, timeout: float = 2.0) -> dict | None:
    try:
        with urllib.request.urlopen(f"{settings.web_url}/api/health", timeout=timeout) as resp:
            data: dict = json.loads(resp.read())
            return data
    except (OSError, ValueError):
        return None


def wait_worker_ready(
    settings: Settings, proc: subprocess.Popen, log: Path, timeout: float
) -> None:
    """Ready = the web server answers and the worker holds the articles topic's partitions."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = "\n".join(log.read_text(errors="replace").splitlines()[-25:])
            raise DemoError(f"the worker exited with code {proc.returncode}; see {log}:\n{tail}")
        h = health(settings)
        if h and any(
            p.startswith(f"{settings.topic_articles}[")
            for w in h["workers"]
            for p in w["partitions"]
        ):
            return
        time.sleep(0.5)
    raise DemoError(f"the worker did not become ready within {timeout:.0f}s; see {log}")


def wait_settled(
    settings: Settings, n_articles: int, timeout: float, stop: Callable[[], bool]
) -> None:
    """Until every article is counted and the table's change counter has been still for 2 s."""
    deadline = time.monotonic() + timeout
    last, still_since = None, time.monotonic()
    while time.monotonic() < deadline and not stop():
        h = health(settings)
        if h is not None:
            marker = (h["counts"]["articles"], h["generation"], h["total_lag"])
            if marker != last:
                last, still_since = marker, time.monotonic()
            elif marker[0] >= n_articles and time.monotonic() - still_since >= 2.0:
                return
        time.sleep(0.3)


def start_worker(settings: Settings, log: Path) -> subprocess.Popen:
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "streams.cli", "worker"],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )


def stop_process(proc: subprocess.Popen, timeout: float = 20.0) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


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
        if other and other != os.getpid() and _pid_alive(other):
            click.echo(
                f"A timewire demo is already running (pid {other}); "
                f"its page is {settings.web_url}/\n"
                f"Stop it with Ctrl-C in its terminal (or `kill {other}`) before starting another.",
                err=True,
            )
            sys.exit(1)
    lock.write_text(str(os.getpid()))
    started_broker = False
    worker: subprocess.Popen | None = None
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
        if health(settings) is not None:
            raise DemoError(
                f"a worker already answers on {settings.web_url}; stop it or set TIMEWIRE_WEB_PORT"
            )
        log = data_dir / "logs" / f"worker-{settings.web_port}.log"
        click.echo(f"starting the worker (log: {log})...")
        worker = start_worker(settings, log)
        wait_worker_ready(settings, worker, log, timeout=120)
        from timeline.reader import read_paths

        result = read_paths([examples_dir])
        report = publish([(a.id, article_bytes(a)) for a in result.articles], settings)
        click.echo(f"published {len(report.sent)} example articles from {examples_dir}")
        for refusal in [*read_refusals(result), *report.refused]:
            click.echo(f"  refused {refusal.origin}: {refusal.reason}: {refusal.detail}", err=True)
        wait_settled(settings, len(report.sent), timeout=60, stop=lambda: stopping)
        h = health(settings) or {"counts": {"entries": "?", "articles": "?"}}
        click.echo(
            f"\ntimeline: {h['counts']['entries']} entries "
            f"from {h['counts']['articles']} articles\n"
            f"\n  page:   {settings.web_url}/\n  api:    {settings.web_url}/api/timeline\n"
            f"\nTry:  .venv/bin/timewire publish ../shared/samples/*.txt"
            f"\n      .venv/bin/timewire query\n\nCtrl-C stops the demo."
        )
        while not stopping:
            if worker.poll() is not None:
                raise DemoError(f"the worker exited with code {worker.returncode}; see {log}")
            time.sleep(0.5)
        click.echo("\nstopping...")
    except (DemoError, broker.BrokerError) as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(1) from None
    finally:
        if worker is not None:
            stop_process(worker)
        if started_broker:
            broker.stop(settings)
        lock.unlink(missing_ok=True)
        click.echo("demo stopped")
