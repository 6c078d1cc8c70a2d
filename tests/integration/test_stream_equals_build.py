"""The live table is what `timewire build` makes offline from the same articles, whatever order
they arrive in: entries (ids, intervals, sources) and how each article was dated."""

from __future__ import annotations

import json
from pathlib import Path

from tests.integration.harness import REPO, Worker


def _entry_key(e: dict) -> tuple:
    sources = sorted((s["article_id"], s["sentence"], s["start"], s["end"]) for s in e["sources"])
    return (e["id"], e["start"], e["end"], e["disputed"], tuple(sources))


def test_streamed_table_equals_the_offline_build(
    worker: Worker, samples_dir: Path, tmp_path: Path
) -> None:
    files = sorted(
        str(p) for p in (REPO / "examples").iterdir() if p.suffix in {".txt", ".json", ".jsonl"}
    )
    files += sorted(str(p) for p in samples_dir.glob("*.txt"))
    out = tmp_path / "build.json"
    built = worker.timewire("build", *files, "--format", "json", "--out", str(out))
    assert built.returncode == 0, built.stderr.decode()
    offline = json.loads(out.read_text())

    # the stream gets them in the opposite order, undated ones before the dated ones they need
    published = worker.timewire("publish", *reversed(files))
    assert published.returncode == 0, published.stderr.decode()
    worker.settle(n_articles=len(offline["articles"]), timeout=180)
    live = worker.get("/api/timeline", {"limit": "5000"})["entries"]

    assert sorted(map(_entry_key, live)) == sorted(map(_entry_key, offline["entries"]))
    for article in offline["articles"]:
        record = worker.get(f"/api/articles/{article['id']}")["record"]
        assert (record["published_at"], record["published_at_source"]) == (
            article["published_at"].replace("+00:00", "Z") if article["published_at"] else None,
            article["published_at_source"],
        ), article["id"]
