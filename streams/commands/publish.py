"""``timewire publish PATH... | -``: send articles to the ``articles`` topic."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import click
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from models import parse_datetime
from streams.publisher import PublishReport, Refusal, article_bytes, publish, read_refusals
from streams.settings import get_settings
from timeline.reader import read_paths

PROGRESS_FROM = 20  # a bar only when there is something to wait for


def _stdin_items() -> Iterator[tuple[str, bytes]]:
    for n, line in enumerate(sys.stdin.buffer, start=1):
        if line.strip():
            yield f"<stdin>:{n}", line.rstrip(b"\r\n")


def _print_report(report: PublishReport, console: Console) -> None:
    console.print(f"sent {len(report.sent)} article(s) to topic '{report.topic}'")
    if report.refused:
        table = Table("refused", "reason", "detail", header_style="bold red")
        for r in report.refused:
            table.add_row(r.origin, r.reason, r.detail[:200])
        console.print(table)


@click.command("publish")
@click.argument("paths", nargs=-1, required=True)
@click.option("--published", metavar="DATE", help="set published_at on every article")
@click.option("--source", help="set the outlet on every article")
@click.option("--url", help="set the url on every article")
@click.option("--topic", help="topic to publish to (default: TIMEWIRE_TOPIC_ARTICLES)")
def publish_command(
    paths: tuple[str, ...],
    published: str | None,
    source: str | None,
    url: str | None,
    topic: str | None,
) -> None:
    """Publish .txt, .json and .jsonl files, directories, or JSON lines on standard input (-)."""
    settings = get_settings()
    console = Console(stderr=True)
    if published and parse_datetime(published) is None:
        raise click.BadParameter(f"not a date: {published!r}", param_hint="--published")
    overrides = {
        k: v for k, v in {"published_at": published, "source": source, "url": url}.items() if v
    }
    refused: list[Refusal] = []
    items: list[tuple[str, bytes]] = []
    if "-" in paths:
        items.extend(_stdin_items())
    files = [Path(p) for p in paths if p != "-"]
    if files:
        result = read_paths(files)
        refused.extend(read_refusals(result))
        for article in result.articles:
            if overrides:
                article = article.model_validate({**article.model_dump(), **overrides})
            items.append((article.id, article_bytes(article)))
    elif overrides and items:
        console.print("note: --published/--source/--url apply to files, not to standard input")
    try:
        if len(items) >= PROGRESS_FROM:
            with Progress(console=console, transient=True) as progress:
                task = progress.add_task("publishing", total=len(items))
                report = publish(items, settings, topic, lambda: progress.advance(task))
        else:
            report = publish(items, settings, topic)
    except Exception as exc:  # kafka-python raises NoBrokersAvailable and friends
        console.print(f"[red]error:[/] cannot publish to {settings.broker_url}: {exc}")
        sys.exit(1)
    report.refused[:0] = refused
    _print_report(report, console)
    sys.exit(1 if report.refused else 0)
