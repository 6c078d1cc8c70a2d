"""``timewire build PATH... [--format json|csv|html] [--out FILE]``: the timeline of a folder of
articles, offline, with the same pure code the stream runs (no broker)."""

from __future__ import annotations

import html
import json
import sys
from pathlib import Path
from typing import Any

import click

from streams.csv_export import entries_csv
from timeline.build import BuildResult, build_timeline
from timeline.reader import read_paths

ARTICLE_KEYS = ("id", "title", "published_at", "published_at_source")


def result_json(result: BuildResult) -> dict[str, Any]:
    """The documented JSON shape (``articles`` then ``entries``, ordered by start)."""
    articles = []
    for rec in result.articles:
        dumped = rec.model_dump(mode="json")
        articles.append(
            {k: dumped.get(k) for k in ARTICLE_KEYS} | {"warnings": dumped.get("warnings", [])}
        )
    entries = [e.model_dump(mode="json") for e in result.entries]
    return {"articles": articles, "entries": entries}


def render_json(result: BuildResult) -> str:
    return json.dumps(result_json(result), ensure_ascii=False, indent=2) + "\n"


def render_csv(result: BuildResult) -> str:
    return entries_csv(result.entries)


def render_html(result: BuildResult) -> str:
    esc = html.escape
    rows = []
    for e in result.entries:
        sources = "".join(
            f"<li><b>{esc(s.article_id)}</b> ({esc(s.modality.value)}"
            f"{', ' + esc(s.asserted_by) if s.asserted_by else ''}): {esc(s.sentence)}</li>"
            for s in e.sources
        )
        cells = [
            esc(e.start.date().isoformat()),
            esc(e.end.isoformat()),
            esc(e.granularity.value if e.granularity else ""),
            esc(e.label),
            esc(", ".join(e.actors)),
            esc(", ".join(e.places)),
            "yes: " + esc("; ".join(e.disagreements)) if e.disputed else "",
            f"{e.n_sources}<ul>{sources}</ul>",
        ]
        css = "disputed" if e.disputed else ""
        rows.append(f'<tr class="{css}">' + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    arts = "".join(
        f"<tr><td>{esc(a.id)}</td><td>{esc(a.title or '')}</td>"
        f"<td>{esc(a.published_at.isoformat() if a.published_at else '')}</td>"
        f"<td>{esc(a.published_at_source.value)}</td></tr>"
        for a in result.articles
    )
    return (
        '<!doctype html><html><head><meta charset="utf-8"><title>timewire timeline</title><style>'
        "body{font:14px system-ui,sans-serif;margin:1.5em}"
        "table{border-collapse:collapse;width:100%;margin-bottom:2em}"
        "td,th{border:1px solid #ccc;padding:4px 6px;vertical-align:top;text-align:left}"
        "th{background:#f3f3f3}tr.disputed{background:#fff4e5}ul{margin:0;padding-left:1.2em}"
        "</style></head><body><h1>Timeline</h1><table><thead><tr><th>date</th><th>end</th>"
        "<th>granularity</th><th>event</th><th>actors</th><th>places</th><th>disputed</th>"
        f"<th>sources</th></tr></thead><tbody>{''.join(rows)}</tbody></table><h2>Articles</h2>"
        "<table><thead><tr><th>id</th><th>title</th><th>published</th><th>dated by</th>"
        "</tr></thead>"
        f"<tbody>{arts}</tbody></table></body></html>\n"
    )


RENDERERS = {"json": render_json, "csv": render_csv, "html": render_html}


@click.command("build")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(sorted(RENDERERS)), default="json", show_default=True
)
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="write here instead of standard output",
)
def build_command(paths: tuple[Path, ...], fmt: str, out: Path | None) -> None:
    """Build the timeline of articles in PATH... (.txt, .json, .jsonl, directories)."""
    read = read_paths(paths)
    for err in read.errors:
        where = f"{err.path}:{err.line}" if err.line else err.path
        click.echo(f"warning: {where}: {err.error}", err=True)
    if not read.articles:
        click.echo("error: no article could be read", err=True)
        sys.exit(2)
    result = build_timeline(read.articles)
    text = RENDERERS[fmt](result)
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        click.echo(
            f"wrote {len(result.entries)} entries from {len(result.articles)} articles to {out}",
            err=True,
        )
