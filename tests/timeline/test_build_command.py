"""`timewire build`: JSON shape, CSV and HTML output on the samples."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from streams.commands.build import build_command

from .helpers import SAMPLES

ENTRY_KEYS = {
    "id",
    "start",
    "end",
    "granularity",
    "label",
    "actors",
    "places",
    "disputed",
    "sources",
}
SOURCE_KEYS = {"article_id", "title", "published_at", "sentence", "asserted_by", "modality"}


def test_json_output_shape() -> None:
    res = CliRunner().invoke(build_command, [str(SAMPLES)])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert set(data) >= {"articles", "entries"}
    for art in data["articles"]:
        assert set(art) >= {"id", "title", "published_at", "published_at_source"}
    assert {a["published_at_source"] for a in data["articles"]} == {"dateline", "cross_article"}
    starts = [e["start"] for e in data["entries"]]
    assert starts == sorted(starts)
    for entry in data["entries"]:
        assert set(entry) >= ENTRY_KEYS
        for src in entry["sources"]:
            assert set(src) >= SOURCE_KEYS


def test_csv_and_html_to_file(tmp_path: Path) -> None:
    out = tmp_path / "t.csv"
    res = CliRunner().invoke(build_command, [str(SAMPLES), "--format", "csv", "--out", str(out)])
    assert res.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows and {"id", "start", "label", "disputed", "article_ids"} <= set(rows[0])
    html_out = tmp_path / "t.html"
    res = CliRunner().invoke(
        build_command, [str(SAMPLES), "--format", "html", "--out", str(html_out)]
    )
    assert res.exit_code == 0
    page = html_out.read_text(encoding="utf-8")
    assert (
        page.startswith("<!doctype html>")
        and "Stanytsia Luhanska" in page
        and "<script" not in page
    )


def test_unreadable_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{nope\n", encoding="utf-8")
    res = CliRunner().invoke(build_command, [str(bad)])
    assert res.exit_code == 2
    assert "bad.jsonl:1" in res.stderr
