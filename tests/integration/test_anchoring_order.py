"""The undated sample published first is re-dated when the dated one arrives."""

from __future__ import annotations

from pathlib import Path

from tests.integration.harness import Worker


def _record(worker: Worker, article_id: str) -> dict:
    return dict(worker.get(f"/api/articles/{article_id}")["record"])


def test_undated_first_then_dated(worker: Worker, dated_sample: Path, undated_sample: Path) -> None:
    assert worker.timewire("publish", str(undated_sample)).returncode == 0
    undated_id = undated_sample.stem
    worker.wait_for(
        "the undated article", lambda: worker.get_status(f"/api/articles/{undated_id}")[0] == 200
    )
    worker.settle(n_articles=1)
    # alone it has no trustworthy date: it is published to the topic in 2026 but talks of 2014 and
    # an eight-year conflict, so the message time is refused and nothing is dated by it
    assert _record(worker, undated_id)["published_at_source"] == "none"
    entries = worker.get("/api/timeline", {"source": undated_id})["entries"]
    assert all(not e["start"].startswith("2026") for e in entries)

    assert worker.timewire("publish", str(dated_sample)).returncode == 0
    record = worker.wait_for(
        "the undated article re-dated",
        lambda: (r := _record(worker, undated_id))["published_at_source"] == "cross_article" and r,
    )
    assert record["published_at"] == "2022-02-17T00:00:00Z"
    shelling = worker.wait_for(
        "one kindergarten entry from both",
        lambda: [
            e
            for e in worker.get("/api/timeline", {"q": "kindergarten"})["entries"]
            if e["start"].startswith("2022-02-17")
            and len({s["article_id"] for s in e["sources"]}) == 2
        ],
    )
    assert len(shelling) == 1
    assert all(
        not e["start"].startswith("2026")
        for e in worker.get("/api/timeline", {"source": undated_id, "limit": "5000"})["entries"]
    )
