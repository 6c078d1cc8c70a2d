"""Two workers share the partitions; either one answers for the whole table."""

from __future__ import annotations

from pathlib import Path

from tests.integration.harness import REPO, Cluster, Worker


def _ids(worker: Worker, **params: str) -> list[str]:
    return [e["id"] for e in worker.get("/api/timeline", {"limit": "5000", **params})["entries"]]


def test_either_worker_answers_for_the_whole_table(cluster: Cluster, samples_dir: Path) -> None:
    first = cluster.worker("first")
    second = cluster.worker("second")
    first.start()
    second.start()
    # each holds only part of the articles topic, and together all of it
    prefix = first.env["TIMEWIRE_TOPIC_ARTICLES"] + "["

    def own(w: Worker) -> set[str]:
        return {
            p
            for p in w.get("/api/health", {"scope": "local"})["partitions"]
            if p.startswith(prefix)
        }

    first.wait_for("a rebalance over both workers", lambda: own(first) and own(second))
    assert own(first).isdisjoint(own(second))
    assert own(first) | own(second) == {f"{prefix}0]", f"{prefix}1]"}

    published = first.timewire(
        "publish", str(REPO / "examples"), *map(str, samples_dir.glob("*.txt"))
    )
    assert published.returncode == 0, published.stderr.decode()
    first.settle(n_articles=16, timeout=120)

    whole = _ids(first)
    local = [
        {e["id"] for e in w.get("/api/timeline", {"scope": "local", "limit": "5000"})["entries"]}
        for w in (first, second)
    ]
    assert local[0] and local[1], "both workers hold part of the table"
    assert local[0].isdisjoint(local[1])
    assert sorted(local[0] | local[1]) == sorted(whole)
    assert _ids(second) == whole
    assert _ids(second, q="kindergarten") == _ids(first, q="kindergarten")
    health = second.get("/api/health")
    assert health["status"] == "ok"
    assert len(health["workers"]) == 2
    assert health["counts"]["articles"] == 16
    # an entry held by the other worker is found through either
    for entry_id in whole[:3] + whole[-3:]:
        assert first.get(f"/api/entries/{entry_id}")["id"] == entry_id
        assert second.get(f"/api/entries/{entry_id}")["id"] == entry_id
