"""``timewire query``: read the timeline table through a worker's web API."""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from models import TimelineEntry
from streams.settings import get_settings


def fetch_timeline(base_url: str, params: dict[str, str], fmt: str = "json") -> Any:
    query = urllib.parse.urlencode({**params, "format": fmt})
    url = f"{base_url.rstrip('/')}/api/timeline?{query}"
    with urllib.request.urlopen(url, timeout=30) as resp:
        body = resp.read().decode("utf-8")
    return body if fmt == "csv" else json.loads(body)


def _when(entry: TimelineEntry) -> str:
    start, end = entry.start, entry.end
    if entry.granularity in ("day", None) and (end - start).days <= 1:
        return start.date().isoformat()
    if (end - start).total_seconds() < 86400:
        return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"
    return f"{start.date().isoformat()} → {end.date().isoformat()}"


def render_table(entries: list[TimelineEntry], console: Console) -> None:
    table = Table(show_lines=False, header_style="bold")
    table.add_column("when", no_wrap=True)
    table.add_column("gran.")
    table.add_column("event", overflow="fold")
    table.add_column("src", justify="right")
    table.add_column("outlets", overflow="fold")
    table.add_column("!", justify="center")
    for e in entries:
        outlets = sorted({s.outlet or s.article_id for s in e.sources})
        table.add_row(
            _when(e),
            str(e.granularity or ""),
            e.label,
            str(e.n_sources),
            ", ".join(outlets),
            "disputed" if e.disputed else "",
        )
    console.print(table)
    console.print(f"{len(entries)} entries")


@click.command("query")
@click.option("--from", "from_", metavar="DATE", help="entries ending after DATE (YYYY-MM-DD)")
@click.option("--to", metavar="DATE", help="entries starting before DATE")
@click.option("--q", metavar="TEXT", help="words that must all appear in the label or a sentence")
@click.option("--actor", help="an actor name (substring)")
@click.option("--place", help="a place name (substring)")
@click.option("--source", help="an outlet or article id (substring)")
@click.option("--granularity", help="day, week, month, year, ...")
@click.option("--disputed/--undisputed", default=None, help="only disputed / undisputed entries")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
@click.option("--url", "base_url", help="worker URL (default: from TIMEWIRE_WEB_HOST/PORT)")
def query_command(
    from_: str | None,
    to: str | None,
    q: str | None,
    actor: str | None,
    place: str | None,
    source: str | None,
    granularity: str | None,
    disputed: bool | None,
    fmt: str,
    base_url: str | None,
) -> None:
    """Query the live timeline table (the whole table, whichever worker answers)."""
    params = {
        k: v
        for k, v in {
            "from": from_,
            "to": to,
            "q": q,
            "actor": actor,
            "place": place,
            "source": source,
            "granularity": granularity,
            "disputed": None if disputed is None else str(disputed).lower(),
        }.items()
        if v
    }
    base = base_url or get_settings().web_url
    try:
        body = fetch_timeline(base, params, "csv" if fmt == "csv" else "json")
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace")
        click.echo(f"error: {exc.code} from {base}: {detail}", err=True)
        sys.exit(1)
    except (urllib.error.URLError, OSError) as exc:
        click.echo(
            f"error: no worker answers at {base} ({exc}); is `timewire worker` running?", err=True
        )
        sys.exit(1)
    if fmt == "csv":
        click.echo(body, nl=False)
    elif fmt == "json":
        click.echo(json.dumps(body, indent=2, ensure_ascii=False))
    else:
        entries = [TimelineEntry.model_validate(e) for e in body["entries"]]
        render_table(entries, Console() if sys.stdout.isatty() else Console(width=160))
        if body.get("partial"):
            click.echo("warning: some workers did not answer; the result is partial", err=True)
