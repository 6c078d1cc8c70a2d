"""End to end on a real broker and a real worker: publish, extract, merge, query over HTTP."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from streams.csv_export import CSV_COLUMNS
from tests.integration.harness import REPO, OutputReader, Worker


def _entries(worker: Worker, **params: str) -> list[dict]:
    return list(worker.get("/api/timeline", params)["entries"])


def _shelling(worker: Worker) -> list[dict]:
    return [e for e in _entries(worker, q="kindergarten") if e["start"].startswith("2022-02-17")]


def test_samples_give_one_dated_kindergarten_entry(worker: Worker, samples_dir: Path) -> None:
    paths = sorted(str(p) for p in samples_dir.glob("*.txt"))
    published = worker.timewire("publish", *paths)
    assert published.returncode == 0, published.stderr.decode()
    assert "sent 2 article(s)" in published.stderr.decode()

    shelling = worker.wait_for(
        "the kindergarten entry with both samples",
        lambda: [e for e in _shelling(worker) if len({s["article_id"] for s in e["sources"]}) == 2],
    )
    assert len(shelling) == 1
    entry = shelling[0]
    assert entry["start"] == "2022-02-17T00:00:00Z"
    assert entry["end"] == "2022-02-18T00:00:00Z"
    assert entry["granularity"] == "day"
    assert sorted({s["article_id"] for s in entry["sources"]}) == [
        "000_e3aceae16e8957d0",
        "001_2f91fa717aa25759",
    ]
    undated = worker.get("/api/articles/001_2f91fa717aa25759")["record"]
    assert undated["published_at_source"] == "cross_article"
    assert undated["published_at"].startswith("2022-02-17")

    query = worker.timewire("query", "--format", "json", "--q", "kindergarten")
    assert query.returncode == 0, query.stderr.decode()
    listed = json.loads(query.stdout)
    assert [e["id"] for e in listed["entries"] if e["start"].startswith("2022-02-17")] == [
        entry["id"]
    ]
    # ?article= (the citing-article index) gives exactly the entries that cite the article;
    # compared once the table is still, as the exact merge can still add entries after the preview
    worker.settle(2)
    everything = worker.get("/api/timeline", {"limit": "5000"})["entries"]
    for article_id in ("000_e3aceae16e8957d0", "001_2f91fa717aa25759"):
        cited = [
            e["id"] for e in everything if article_id in {s["article_id"] for s in e["sources"]}
        ]
        by_index = worker.timewire("query", "--format", "json", "--article", article_id)
        assert [e["id"] for e in json.loads(by_index.stdout)["entries"]] == cited
        assert entry["id"] in cited
    assert worker.get("/api/timeline", {"article": "000_e3aceae16e8957d"})["count"] == 0

    # how far behind the feed the worker was: each sample extracted and made visible once;
    # stored: every bucket update of the dated one, and at least one of the undated one's first
    # dating (a later re-dating by anchoring, which depends on arrival order, does not count)
    freshness = worker.get("/api/health")["freshness"]
    assert freshness["extracted"]["count"] == 2
    assert freshness["visible"]["count"] == 2
    dated_buckets = len(worker.get("/api/articles/000_e3aceae16e8957d0")["buckets"])
    assert dated_buckets > 0
    assert freshness["stored"]["count"] >= dated_buckets + 1
    for stage in ("extracted", "stored", "visible"):
        figures = freshness[stage]
        assert 0 <= figures["p50_ms"] <= figures["p95_ms"] <= figures["max_ms"] < 120_000


def test_examples_merge_across_outlets(worker: Worker) -> None:
    published = worker.timewire("publish", str(REPO / "examples"))
    assert published.returncode == 0, published.stderr.decode()
    assert "sent 14 article(s)" in published.stderr.decode()

    def merged_across_outlets() -> list[dict]:
        return [e for e in _entries(worker) if len({s["outlet"] for s in e["sources"]}) >= 2]

    multi = worker.wait_for(
        "entries merged across outlets", lambda: len(merged_across_outlets()) >= 10
    )
    assert multi
    worker.wait_for(
        "the undated examples anchored",
        lambda: all(
            worker.get(f"/api/articles/{a}")["record"]["published_at_source"] == "cross_article"
            for a in ("halvard-kindergarten-false-flag", "carpathian-osce-ceasefire")
        ),
    )
    entries = _entries(worker)
    # the 2023 port-strike story never merges into the 2022 crisis
    port = ("coastline-", "tidewater-")
    for e in entries:
        ids = {s["article_id"] for s in e["sources"]}
        assert all(i.startswith(port) for i in ids) or not any(i.startswith(port) for i in ids), e


def test_query_table_and_csv(worker: Worker, samples_dir: Path) -> None:
    worker.timewire("publish", *sorted(str(p) for p in samples_dir.glob("*.txt")))
    worker.wait_for("kindergarten entry", lambda: _shelling(worker))
    table = worker.timewire(
        "query", "--from", "2022-02-17", "--to", "2022-02-17", "--q", "kindergarten"
    )
    assert table.returncode == 0, table.stderr.decode()
    out = table.stdout.decode()
    assert "2022-02-17" in out
    csv_out = worker.timewire("query", "--format", "csv", "--q", "kindergarten").stdout.decode()
    header, *rows = csv_out.strip().splitlines()
    assert header.split(",") == CSV_COLUMNS
    assert any(",2022-02-17T00:00:00+00:00," in row for row in rows)


def test_bad_query_parameter_is_400(worker: Worker) -> None:
    status, body = worker.get_status("/api/timeline?from=yesterday-ish")
    assert status == 400
    assert body["param"] == "from"
    status, body = worker.get_status("/api/timeline?format=xml")
    assert (status, body["param"]) == (400, "format")


def test_page_serves_plotly_from_the_package(worker: Worker) -> None:
    page = worker.get("/")
    assert '<script src="/static/vendor/plotly.min.js"></script>' in page
    assert "https://" not in page and "http://" not in page.replace('xmlns="http://', "")
    js = worker.get("/static/vendor/plotly.min.js")
    assert len(js) > 1_000_000
    app_js = worker.get("/static/app.js")
    assert "cdn" not in app_js.lower()


def test_health_reports_broker_partitions_and_counts(worker: Worker) -> None:
    health = worker.get("/api/health")
    assert health["status"] == "ok"
    (me,) = health["workers"]
    assert me["broker"]["connected"] is True
    prefix = worker.env["TIMEWIRE_TOPIC_ARTICLES"]
    assert sorted(p for p in me["partitions"] if p.startswith(prefix + "[")) == [
        f"{prefix}[0]",
        f"{prefix}[1]",
    ]
    assert set(health["counts"]) >= {"articles", "events", "entries", "rejected"}


def test_query_follow_prints_entries_as_they_arrive(worker: Worker) -> None:
    cmd = [
        sys.executable,
        "-m",
        "streams.cli",
        "query",
        "--follow",
        "--format",
        "json",
        "--q",
        "hovercraft",
    ]
    follow = subprocess.Popen(
        cmd, env=worker.env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    output = OutputReader(follow)
    try:
        time.sleep(2)  # subscribed to the event stream
        assert output.text == ""  # nothing about hovercraft yet
        article = {
            "id": "follow-hovercraft",
            "source": "Harbour Herald",
            "published_at": "2022-03-04T10:00:00Z",
            "text": "The hovercraft to Gotland ran aground on Wednesday, the operator said.",
        }
        assert worker.timewire("publish", "-", stdin=json.dumps(article).encode()).returncode == 0
        output.wait_for('"change": "new"', timeout=30)
        line = next(json.loads(x) for x in output.text.splitlines() if x.startswith("{"))
        assert line["change"] == "new"
        assert line["entry"]["start"] == "2022-03-02T00:00:00Z"
        assert [s["article_id"] for s in line["entry"]["sources"]] == ["follow-hovercraft"]
    finally:
        follow.terminate()
        follow.wait(timeout=10)
