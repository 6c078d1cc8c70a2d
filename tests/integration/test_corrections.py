"""Republishing an article with the same id replaces its events; nothing duplicates."""

from __future__ import annotations

import json

from tests.integration.harness import Worker


def _sources_of(worker: Worker, article_id: str) -> list[tuple[str, str]]:
    return sorted(
        (e["start"][:10], s["sentence"])
        for e in worker.get("/api/timeline", {"source": article_id})["entries"]
        for s in e["sources"]
        if s["article_id"] == article_id
    )


def test_republished_article_replaces_its_events(worker: Worker) -> None:
    first = {
        "id": "corr-1",
        "source": "Harbour Herald",
        "published_at": "2022-05-10T09:00:00Z",
        "text": "The harbour bridge was closed on Monday after a ship struck a pillar.",
    }
    assert worker.timewire("publish", "-", stdin=json.dumps(first).encode()).returncode == 0
    worker.wait_for("first version", lambda: _sources_of(worker, "corr-1"))
    assert [d for d, _ in _sources_of(worker, "corr-1")] == ["2022-05-09"]

    corrected = {
        **first,
        "text": "The harbour bridge was closed on Sunday after a ship struck a pillar.",
    }
    for _ in range(2):  # a correction, then the same correction delivered again
        assert worker.timewire("publish", "-", stdin=json.dumps(corrected).encode()).returncode == 0
    worker.wait_for(
        "corrected version", lambda: [d for d, _ in _sources_of(worker, "corr-1")] == ["2022-05-08"]
    )
    worker.settle()
    assert _sources_of(worker, "corr-1") == [
        ("2022-05-08", "The harbour bridge was closed on Sunday after a ship struck a pillar.")
    ]
    article = worker.get("/api/articles/corr-1")
    assert article["n_events"] == 1
