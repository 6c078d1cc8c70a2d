"""Stream benchmark on a real broker and a real worker: throughput and publish-to-visible latency.

Articles are the ``examples/`` articles that carry a ``published_at`` field, re-published under
new ids with their dates shifted day by day, so that they spread over many time buckets the way a
live feed does. Prints a table and writes ``bench/results/pipeline.json``.

    python -m bench.pipeline [--articles 300] [--latency-samples 30]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rich.console import Console
from rich.table import Table

from models import Article
from streams import broker
from streams.kafka_admin import ensure_topics
from streams.processes import REPO, WorkerProcess, free_port, settings_from_env, settled, worker_env
from streams.publisher import article_bytes, publish
from timeline.reader import read_paths

RESULTS = REPO / "bench" / "results"


TEMPEVAL = REPO.parent / "shared" / "bench" / "tempeval3"
FEEDS = ("copies", "newswire")


def templates() -> list[Article]:
    return [a for a in read_paths([REPO / "examples"]).articles if a.published_at is not None]


def newswire_templates() -> list[Article]:
    """Distinct news texts of sample size: the TempEval-3 articles of 2 to 6 kB (real
    newswire, 92 of them, 3.35 kB on average) and the dated examples."""
    out: list[Article] = []
    for name in ("tbaq.jsonl", "platinum.jsonl"):
        path = TEMPEVAL / name
        if not path.exists():
            raise FileNotFoundError(f"the newswire feed needs {path} (../shared beside the repo)")
        for line in path.read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            if 2000 <= len(doc["text"]) <= 6000:
                out.append(
                    Article(
                        id=doc["doc_id"],
                        text=doc["text"],
                        source=doc["doc_id"].split("_")[0].rstrip("0123456789."),
                        published_at=datetime.fromisoformat(doc["dct"]).replace(tzinfo=UTC),
                    )
                )
    return out + templates()


def generate(n: int, prefix: str, feed: str = "copies") -> list[Article]:
    """``n`` articles under new ids, their dates shifted a week each time the templates come
    round again. ``copies``: the six dated examples, so each bucket's entries collect a copy
    of the same report from every round (a stress test for merging: an entry of hundreds of
    identical sources). ``newswire``: 98 news texts (97 distinct), each round a week later."""
    base = templates() if feed == "copies" else newswire_templates()
    out = []
    for i in range(n):
        t = base[i % len(base)]
        assert t.published_at is not None
        shift = timedelta(days=7 * (i // len(base)))
        out.append(
            t.model_copy(
                update={"id": f"{prefix}-{i}-{t.id}", "published_at": t.published_at + shift}
            )
        )
    return out


def peak_rss_mb(pid: int) -> float:
    """A worker's peak resident memory with its extraction processes' (the sum of each
    one's peak: at most a little more than the peak of the sum)."""
    total = 0.0
    for p in [pid, *_children(pid)]:
        try:
            lines = Path(f"/proc/{p}/status").read_text().splitlines()
        except FileNotFoundError:  # exited meanwhile
            continue
        total += sum(int(ln.split()[1]) / 1024 for ln in lines if ln.startswith("VmHWM:"))
    return total


_TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User and system CPU of a process and its live descendants (the extraction processes),
    read from /proc: what the work cost, whatever share of the machine it got."""
    total = 0.0
    for p in [pid, *_children(pid)]:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / _TICK
    return total


def machine_cpu_seconds() -> tuple[float, float]:
    """(all CPU time, stolen time) of the machine since boot, in seconds: on a virtual
    machine the hypervisor may run others on "our" cores; steal is the time it did."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return sum(fields[:8]) / _TICK, fields[7] / _TICK


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        kids = [int(k) for t in Path(f"/proc/{pid}/task").iterdir()
                for k in (t / "children").read_text().split()]  # fmt: skip
    except FileNotFoundError:
        return out
    for kid in kids:
        out += [kid, *_children(kid)]
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--latency-samples", type=int, default=30)
    parser.add_argument("--partitions", type=int, default=4)
    args = parser.parse_args()
    console = Console()

    with tempfile.TemporaryDirectory(prefix="timewire-bench-") as tmp:
        env = worker_env(
            broker_url=f"kafka://127.0.0.1:{free_port()}",
            controller_port=str(free_port()),
            data_dir=tmp,
            web_port=str(free_port()),
            partitions=str(args.partitions),
            log_level="warning",
        )
        settings = settings_from_env(env)
        broker.start(settings)
        worker = WorkerProcess(env, Path(tmp) / "worker.log")
        try:
            ensure_topics(settings)
            worker.start()
            assert worker.proc is not None

            # throughput: a burst, timed from the first send until the table is settled
            burst = generate(args.articles, "burst")
            items = [(a.id, article_bytes(a)) for a in burst]
            t0 = time.perf_counter()
            report = publish(items, settings)
            sent_s = time.perf_counter() - t0
            assert settled(worker, len(report.sent), timeout=600, quiet_s=1.0), worker.tail()
            total_s = time.perf_counter() - t0 - 1.0  # minus the quiet period that confirms it
            health = worker.health() or {}

            # latency: one article at a time, until it is visible through /api/timeline
            latencies: list[float] = []
            for i, article in enumerate(generate(args.latency_samples, "lat")):
                t1 = time.perf_counter()
                publish([(article.id, article_bytes(article))], settings)
                deadline = t1 + 30
                while time.perf_counter() < deadline:
                    body = worker.get("/api/timeline", {"source": article.id})
                    if body["count"]:
                        latencies.append(time.perf_counter() - t1)
                        break
                    time.sleep(0.01)
                else:
                    console.print(f"[red]article {i} not visible within 30 s[/]")
            rss = peak_rss_mb(worker.proc.pid)
        finally:
            worker.stop()
            broker.stop(settings)

    result = {
        "articles": len(report.sent),
        "partitions": args.partitions,
        "publish_s": round(sent_s, 3),
        "processed_s": round(total_s, 3),
        "articles_per_s": round(len(report.sent) / total_s, 1),
        "entries": health.get("counts", {}).get("entries"),
        "events": health.get("counts", {}).get("events"),
        "latency_p50_ms": round(1000 * statistics.median(latencies), 1) if latencies else None,
        "latency_p95_ms": round(1000 * percentile(latencies, 0.95), 1) if latencies else None,
        "latency_max_ms": round(1000 * max(latencies), 1) if latencies else None,
        "latency_samples": len(latencies),
        "worker_peak_rss_mb": round(rss, 1),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "pipeline.json").write_text(json.dumps(result, indent=2))
    table = Table(title="stream pipeline: one worker, real Kafka broker", header_style="bold")
    table.add_column("measure")
    table.add_column("value", justify="right")
    rows = [
        ("articles in the burst", result["articles"]),
        ("partitions", result["partitions"]),
        ("burst throughput (articles/s, publish to settled table)", result["articles_per_s"]),
        ("events / entries in the table", f"{result['events']} / {result['entries']}"),
        ("publish → visible in /api/timeline p50 (ms)", result["latency_p50_ms"]),
        ("publish → visible p95 (ms)", result["latency_p95_ms"]),
        ("publish → visible max (ms)", result["latency_max_ms"]),
        ("worker peak RSS (MB)", result["worker_peak_rss_mb"]),
    ]
    for name, value in rows:
        table.add_row(name, str(value))
    console.print(table)


if __name__ == "__main__":
    main()
