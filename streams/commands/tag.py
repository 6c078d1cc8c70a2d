"""``timewire tag``: run the temporal engine on a file, stdin or JSONL rows (no broker needed).

Imports only click and pure code (temporal, models), so it starts fast and works offline.
"""

from __future__ import annotations

import json
import sys
from typing import IO

import click

from models.dates import parse_datetime
from temporal import tag
from temporal.rows import mention_dict, tag_line


@click.command("tag")
@click.option(
    "--published", "published", default=None, help="Publication date/time of the text (anchor)."
)
@click.option(
    "--jsonl",
    "jsonl",
    type=click.File("r", encoding="utf-8", errors="replace"),
    default=None,
    help='Rows {"id","published_at","text"}; prints one {"id","timexes"} row per line.',
)
@click.option(
    "--date-order",
    default="DMY",
    type=click.Choice(["DMY", "MDY", "YMD"], case_sensitive=False),
    help="How to read numeric dates such as 03/04/2022.",
)
@click.argument("source", type=click.File("r", encoding="utf-8", errors="replace"), required=False)
def tag_command(
    published: str | None, jsonl: IO[str] | None, date_order: str, source: IO[str] | None
) -> None:
    """Print the time expressions of SOURCE (a file or -) as JSON, or tag --jsonl rows."""
    order = date_order.upper()
    if jsonl is not None:
        for line in jsonl:
            if not line.strip():
                continue
            click.echo(json.dumps(tag_line(line, date_order=order), ensure_ascii=False))
        return
    stream = source if source is not None else sys.stdin
    text = stream.read()
    anchor = None
    error = None
    if published:
        try:
            anchor = parse_datetime(published)
        except Exception:
            anchor = None
        if anchor is None:
            error = f"unreadable --published {published[:60]!r}; relative dates left unresolved"
    mentions = [mention_dict(m) for m in tag(text, anchor, date_order=order)]
    if error:
        click.echo(error, err=True)
    click.echo(json.dumps(mentions, ensure_ascii=False, indent=2))
