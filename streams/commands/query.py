"""``timewire query``: read the timeline table through a worker's web API."""

from __future__ import annotations

import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from models import TimelineEntry
from streams.api_query import MAX_LIMIT
from streams.auth import auth_headers
from streams.csv_export import entries_csv as _entries_csv
from streams.settings import get_settings


def _open(url: str, timeout: float) -> Any:
    request = urllib.request.Request(url, headers=auth_headers(get_settings().api_token))
    return urllib.request.urlopen(request, timeout=timeout)


def fetch_page(base_url: str, params: dict[str, str]) -> dict[str, Any]:
    url = f"{base_url.rstrip('/')}/api/timeline?{urllib.parse.urlencode(params)}"
    with _open(url, timeout=60) as resp:
        body: dict[str, Any] = json.loads(resp.read().decode("utf-8"))
    return body


def fetch_all(base_url: str, params: dict[str, str], limit: int | None) -> dict[str, Any]:
    """Every matching entry (or the first ``limit``), following the API's cursor."""
    entries: list[dict[str, Any]] = []
    partial = False
    cursor: str | None = None
    while True:
        page_params = dict(params)
        if limit is not None:
            page_params["limit"] = str(min(MAX_LIMIT, limit - len(entries)))
        if cursor:
            page_params["cursor"] = cursor
        page = fetch_page(base_url, page_params)
        entries.extend(page["entries"])
        partial = partial or bool(page.get("partial"))
        cursor = page.get("next_cursor")
        if not cursor or (limit is not None and len(entries) >= limit):
            return {"entries": entries, "count": len(entries), "partial": partial}


def entries_csv(entries: list[dict[str, Any]]) -> str:
    return _entries_csv([TimelineEntry.model_validate(e) for e in entries])


def stream_changes(base_url: str) -> Iterator[str]:
    """Yield once per ``change`` event of the server-sent event stream, forever."""
    with _open(f"{base_url.rstrip('/')}/api/stream", timeout=60) as resp:
        event = None
        for raw in resp:
            line = raw.decode("utf-8").rstrip("\r\n")
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line == "" and event is not None:
                if event == "change":
                    yield event
                event = None


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
@click.option("--article", metavar="ID", help="entries this article contributes to (exact id)")
@click.option("--granularity", help="day, week, month, year, ...")
@click.option("--disputed/--undisputed", default=None, help="only disputed / undisputed entries")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
@click.option(
    "--limit", type=click.IntRange(min=1), help="at most this many entries (default: all)"
)
@click.option("--follow", is_flag=True, help="then print entries as they are added or change")
@click.option("--url", "base_url", help="worker URL (default: from TIMEWIRE_WEB_HOST/PORT)")
def query_command(
    from_: str | None,
    to: str | None,
    q: str | None,
    actor: str | None,
    place: str | None,
    source: str | None,
    article: str | None,
    granularity: str | None,
    disputed: bool | None,
    fmt: str,
    limit: int | None,
    follow: bool,
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
            "article": article,
            "granularity": granularity,
            "disputed": None if disputed is None else str(disputed).lower(),
        }.items()
        if v
    }
    base = base_url or get_settings().web_url
    console = Console() if sys.stdout.isatty() else Console(width=160)
    try:
        body = fetch_all(base, params, limit)
        if fmt == "csv":
            click.echo(entries_csv(body["entries"]), nl=False)
        elif fmt == "json" and not follow:
            click.echo(json.dumps(body, indent=2, ensure_ascii=False))
        elif fmt == "table":
            render_table([TimelineEntry.model_validate(e) for e in body["entries"]], console)
        if body.get("partial"):
            click.echo("warning: some workers did not answer; the result is partial", err=True)
        if follow:
            follow_changes(base, params, body["entries"], fmt, console)
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace")
        click.echo(f"error: {exc.code} from {base}: {detail}", err=True)
        sys.exit(1)
    except (urllib.error.URLError, OSError) as exc:
        click.echo(
            f"error: no worker answers at {base} ({exc}); is `timewire worker` running?", err=True
        )
        sys.exit(1)
    except KeyboardInterrupt:
        pass


def follow_changes(
    base: str, params: dict[str, str], known: list[dict[str, Any]], fmt: str, console: Console
) -> None:
    """Print entries that appear or change; JSON as one ``{"change", "entry"}`` object per line."""
    seen = {e["id"]: e for e in known}
    if fmt == "json":
        for e in known:
            click.echo(json.dumps({"change": "existing", "entry": e}, ensure_ascii=False))
    while True:
        try:
            for _ in stream_changes(base):
                current = {e["id"]: e for e in fetch_all(base, params, None)["entries"]}
                changed = [
                    ("new" if i not in seen else "changed", e)
                    for i, e in current.items()
                    if seen.get(i) != e
                ]
                removed = [("removed", e) for i, e in seen.items() if i not in current]
                seen = current
                for change, e in changed + removed:
                    if fmt == "json":
                        click.echo(json.dumps({"change": change, "entry": e}, ensure_ascii=False))
                    elif fmt == "csv":
                        click.echo(entries_csv([e]).splitlines()[1])
                    else:
                        entry = TimelineEntry.model_validate(e)
                        console.print(f"[bold]{change:8}[/] {_when(entry):24} {entry.label}")
        except (urllib.error.URLError, OSError, TimeoutError):
            time.sleep(1.0)  # the worker restarted: reconnect
