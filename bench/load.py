"""Fixed-rate load on a real broker: sustained throughput, publish-to-visible latency and peak
memory, for one worker and for two.

For each worker count and each rate, a fresh consumer group and fresh topics on one broker; the
articles (``bench.pipeline.generate``: the dated examples, 3.2 kB on average like the shared
samples, re-published under new ids with dates shifted week by week) are sent at the rate for the
whole window. Every k-th article is a latency probe: it is polled with
``/api/timeline?article=<id>&limit=1`` (through alternating workers, so through the cross-worker
fan-out too) until an entry cites it. A probe not visible within ``--drain`` seconds after the
window counts as never visible: it is reported, and it makes the percentiles it falls in ">".
``--pin`` gives each worker one core of its own, the way a CPU limit per worker would, to tell
how the work spreads over workers apart from how many cores one worker can use.

    python -m bench.load [--rates 10,50,100,200] [--workers 1,2] [--duration 60]
                         [--feeds copies,newswire] [--extract-processes 1] [--pin]
                         [--standby-replicas 1]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import tempfile
import threading
import time
import urllib.parse
from dataclasses import asdict, dataclass
from pathlib import Path

from kafka import KafkaProducer
from rich.console import Console
from rich.table import Table

from bench.pipeline import (
    FEEDS,
    RESULTS,
    cpu_seconds,
    generate,
    machine_cpu_seconds,
    peak_rss_mb,
    percentile,
)
from models import Article
from models.event import AnchorKind
from models.wire import DEFAULT_MAX_ARTICLE_BYTES
from streams import broker
from streams.auth import auth_headers
from streams.kafka_admin import ensure_topics
from streams.kafka_security import kafka_python_options
from streams.processes import WorkerProcess, free_port, settings_from_env, worker_env
from streams.publisher import article_bytes
from streams.settings import Settings
from timeline import tagging
from timeline.article_plan import ArticleJob, plan_articles
from timeline.dating import resolve_publication
from timeline.extract import extract_events

# --pin holds worker i to core i mod CORES: a worker the size of one core, as a deployment with
# a CPU limit per worker gives it, so that adding a worker adds a core (not possible otherwise
# on a machine whose every core one worker and its extraction process already use)
CORES = len(os.sched_getaffinity(0))
PROBES_PER_S = 4.0
POLL_S = 0.05
SLOW_POLL_S = 0.25
# a late probe is polled every tenth of its age: its latency is known within 10%, and a backlog
# of late probes costs the worker tens of queries a second, not hundreds (at a fixed gap it
# grew with the backlog and slowed the very worker it measured)
LATE_POLL_FRACTION = 0.1


@dataclass
class RunResult:
    feed: str
    extract_processes: int
    workers: int
    rate: int
    duration_s: float
    published: int
    publish_rate: float
    processed_in_window: int
    sustained_rate: float
    backlog_at_end: int
    drained_s: float | None  # after the window, until every article was processed and merged
    probes: int
    never_visible: int
    p50_ms: float | None
    p95_ms: float | None
    p99_ms: float | None
    max_ms: float | None
    peak_rss_mb: float  # the largest worker's, with its extraction processes
    merges: dict[str, float]  # whole/incremental merges and seconds, all workers
    # CPU per processed article from the first send until drained, by process: the workers
    # (with their extraction processes), the broker, and this generator and prober
    cpu_ms_per_article: dict[str, float]
    steal: float  # the share of the machine's CPU time the hypervisor took meanwhile
    pinned: bool = False  # each worker, with its extraction processes, held to one core
    standby_replicas: int = 1
    # the host's speed just before the run: CPU ms this process took to extract one article of
    # the feed (``host_speed``); a run is comparable with another only at a similar figure
    reference_ms: float | None = None
    # the workers' own figures (``/api/health`` freshness: the largest of the workers' p50/p95
    # over their last 2,048 samples, stage by stage); in a run of fewer articles their
    # "visible" p95 beside the probes' is a check on both
    worker_freshness: dict[str, dict[str, float | None]] | None = None


class Prober:
    """Polls each probe article until an entry cites it; keeps publish-to-visible latencies."""

    def __init__(self, workers: list[WorkerProcess]) -> None:
        self.workers = workers
        self.pending: dict[str, float] = {}
        self.latencies: list[float] = []
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self._turn = 0
        self._connections: dict[int, http.client.HTTPConnection] = {}

    def add(self, article_id: str, sent_at: float) -> None:
        with self.lock:
            self.pending[article_id] = sent_at

    def _visible(self, article_id: str) -> bool:
        k = self._turn % len(self.workers)
        self._turn += 1
        worker = self.workers[k]
        query = urllib.parse.urlencode({"article": article_id, "limit": "1"})
        # one kept-alive connection per worker, as a browser keeps one: a new TCP connection
        # per poll would cost the worker more than the query
        conn = self._connections.get(k)
        if conn is None:
            url = urllib.parse.urlsplit(worker.url)
            conn = self._connections[k] = http.client.HTTPConnection(
                url.hostname or "127.0.0.1", url.port, timeout=10
            )
        try:
            conn.request(
                "GET", f"/api/timeline?{query}", headers=auth_headers(worker.settings.api_token)
            )
            body = json.loads(conn.getresponse().read())
        except (OSError, ValueError, http.client.HTTPException):
            conn.close()
            self._connections.pop(k, None)
            return False
        return bool(body.get("count"))

    def _run(self) -> None:
        polled: dict[str, float] = {}
        while not self.stopped.is_set():
            tick = time.perf_counter()
            with self.lock:
                waiting = list(self.pending.items())
            for article_id, sent_at in waiting:
                now = time.perf_counter()
                gap = poll_gap(now - sent_at)
                if now - polled.get(article_id, 0.0) < gap:
                    continue
                polled[article_id] = now
                if self._visible(article_id):
                    seen = time.perf_counter()
                    with self.lock:
                        self.pending.pop(article_id, None)
                        self.latencies.append(seen - sent_at)
            time.sleep(max(0.0, POLL_S - (time.perf_counter() - tick)))

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stopped.set()
        if self.thread.is_alive():
            self.thread.join(timeout=30)


def poll_gap(age_s: float) -> float:
    """Seconds between two polls of a probe published ``age_s`` ago: every POLL_S during the
    first second (where the target lies), then every SLOW_POLL_S or a tenth of its age."""
    if age_s < 1.0:
        return POLL_S
    return max(SLOW_POLL_S, LATE_POLL_FRACTION * age_s)


def probe_positions(articles: list[Article], every: int) -> set[int]:
    """Every ``every``-th article, or the next one that can be seen at all: an article with no
    explicitly dated event makes no entry of its own (its implicit events only join others'),
    so polling for it measures nothing. Decided once per text, by extracting it offline."""
    can_show: dict[str, bool] = {}
    out: set[int] = set()
    wanted = 0
    for i, article in enumerate(articles):
        if i % every == 0:
            wanted += 1
        if wanted and _can_show(article, can_show):
            out.add(i)
            wanted -= 1
    return out


def _can_show(article: Article, seen: dict[str, bool]) -> bool:
    if article.text not in seen:
        events = extract_events(article, resolve_publication(article, None))
        seen[article.text] = any(
            e.anchor_kind != AnchorKind.IMPLICIT and e.mention.start_time is not None
            for e in events
        )
    return seen[article.text]


def _total(workers: list[WorkerProcess], key: str) -> int:
    health = workers[0].health(timeout=10) or {}
    return int(health.get("counts", {}).get(key, 0))


def _drained(workers: list[WorkerProcess], n: int, deadline: float) -> float | None:
    started = time.perf_counter()
    while time.perf_counter() < deadline:
        health = workers[0].health(timeout=10) or {}
        counts = health.get("counts", {})
        if counts.get("articles", 0) >= n and counts.get("pending_merges", 1) == 0:
            return time.perf_counter() - started
        time.sleep(0.25)
    return None


def host_speed(feed: str, n: int = 24) -> float:
    """CPU ms per article to plan the feed's first articles here, best of three passes after a
    warm-up: the same virtual machine type has been measured twice as slow on one day as on
    another, so each run carries this figure beside its throughput."""
    articles = generate(n, "reference", feed)
    jobs = [
        ArticleJob(raw=article_bytes(a), received=None, version=i) for i, a in enumerate(articles)
    ]
    plan_articles(jobs, DEFAULT_MAX_ARTICLE_BYTES)
    best = float("inf")
    for _ in range(3):
        tagging.clear_cache()  # each pass tags afresh, as a worker tags every new article
        started = time.process_time()
        plan_articles(jobs, DEFAULT_MAX_ARTICLE_BYTES)
        best = min(best, time.process_time() - started)
    return round(1000 * best / len(jobs), 2)


def run_once(
    base: Settings,
    tmp: Path,
    n_workers: int,
    rate: int,
    duration: float,
    drain: float,
    feed: str = "copies",
    extract_processes: int = 1,
    pin: bool = False,
    standby_replicas: int = 1,
) -> RunResult:
    name = f"load-{feed}-{n_workers}w-{extract_processes}p-{rate}{'-pinned' if pin else ''}"
    reference_ms = host_speed(feed)
    env = worker_env(
        broker_url=base.broker_url,
        controller_port=str(base.controller_port),
        app_id=f"tw-{name}",
        topic_articles=f"{name}.articles",
        topic_dlq=f"{name}.articles.dlq",
        topic_events=f"{name}.events",
        topic_anchoring=f"{name}.anchoring",
        partitions=str(base.partitions),
        log_level="warning",
        extract_processes=str(extract_processes),
        standby_replicas=str(standby_replicas),
    )
    settings = settings_from_env(env)
    ensure_topics(settings)
    workers = [
        WorkerProcess(
            {
                **env,
                "TIMEWIRE_DATA_DIR": str(tmp / name / f"w{i}"),
                "TIMEWIRE_WEB_PORT": str(free_port()),
            },
            tmp / name / f"w{i}.log",
            cpus={i % CORES} if pin else None,
        )
        for i in range(n_workers)
    ]
    articles = generate(int(rate * duration), name, feed)
    messages = [(a.id.encode(), article_bytes(a)) for a in articles]
    every = max(1, round(rate / PROBES_PER_S))
    probes = probe_positions(articles, every)
    producer = KafkaProducer(
        bootstrap_servers=settings.bootstrap_servers,
        acks="all",
        # a feed publishing 100 a second batches its sends, as this does; a request per
        # article would cost the broker a quarter of a core on this machine. The latency is
        # measured from the send, so the wait for a batch is part of it.
        linger_ms=50,
        client_id="timewire-load",
        **kafka_python_options(settings),
    )
    prober = Prober(workers)
    try:
        for w in workers:
            w.start(timeout=180)
        _wait_balanced(workers, settings)
        prober.start()
        broker_pid = broker.status(base).pid
        pids = {"workers": [w.proc.pid for w in workers if w.proc is not None],
                "broker": [broker_pid] if broker_pid else []}  # fmt: skip
        cpu0, machine0 = _cpu(pids), machine_cpu_seconds()
        t0 = time.perf_counter()
        for i, (key, value) in enumerate(messages):
            delay = t0 + i / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            producer.send(settings.topic_articles, key=key, value=value)
            if i in probes:
                prober.add(key.decode(), time.perf_counter())
        producer.flush()
        published_s = time.perf_counter() - t0
        window_end = t0 + duration
        time.sleep(max(0.0, window_end - time.perf_counter()))
        processed = _total(workers, "articles")
        drained = _drained(workers, len(messages), time.perf_counter() + drain)
        cpu1, machine1 = _cpu(pids), machine_cpu_seconds()
        settled_articles = max(1, _total(workers, "articles"))
        # the probes still waiting get the rest of the drain period
        deadline = window_end + drain
        while prober.pending and time.perf_counter() < deadline:
            time.sleep(0.1)
        prober.stop()
        rss = max(peak_rss_mb(w.proc.pid) for w in workers if w.proc is not None)
        freshness = (workers[0].health(timeout=10) or {}).get("freshness", {})
        merges: dict[str, float] = {}
        for w in workers:
            local = w.health(timeout=10, local=True) or {}
            for k, v in local.get("counts", {}).get("merges", {}).items():
                merges[k] = round(merges.get(k, 0) + v, 3)
    finally:
        prober.stop()
        producer.close(timeout=10)
        for w in workers:
            w.stop()
    lat = sorted(prober.latencies) + [float("inf")] * len(prober.pending)
    n_probes = len(lat)

    def ms(q: float) -> float | None:
        return round(1000 * percentile(lat, q), 1) if lat else None

    return RunResult(
        feed=feed,
        extract_processes=extract_processes,
        workers=n_workers,
        rate=rate,
        duration_s=duration,
        published=len(messages),
        publish_rate=round(len(messages) / published_s, 1),
        processed_in_window=processed,
        sustained_rate=round(processed / duration, 1),
        backlog_at_end=len(messages) - processed,
        drained_s=round(drained, 1) if drained is not None else None,
        probes=n_probes,
        never_visible=len(prober.pending),
        p50_ms=round(1000 * statistics.median(lat), 1) if lat else None,
        p95_ms=ms(0.95),
        p99_ms=ms(0.99),
        max_ms=ms(1.0),
        peak_rss_mb=round(rss, 1),
        merges=merges,
        worker_freshness={
            stage: {k: v for k, v in figures.items() if k in ("p50_ms", "p95_ms")}
            for stage, figures in freshness.items()
        },
        cpu_ms_per_article={
            k: round(1000 * (cpu1[k] - cpu0[k]) / settled_articles, 2) for k in cpu0
        },
        steal=round((machine1[1] - machine0[1]) / max(1e-9, machine1[0] - machine0[0]), 3),
        pinned=pin,
        standby_replicas=standby_replicas,
        reference_ms=reference_ms,
    )


def _cpu(pids: dict[str, list[int]]) -> dict[str, float]:
    """CPU seconds so far of each group of processes, and of this one (generator and prober)."""
    return {
        **{k: sum(map(cpu_seconds, v)) for k, v in pids.items()},
        "generator": time.process_time(),
    }


def _wait_balanced(workers: list[WorkerProcess], settings: Settings, timeout: float = 120) -> None:
    """Every worker owns part of the articles topic (the group has settled)."""
    prefix = f"{settings.topic_articles}["
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        owned = []
        for w in workers:
            h = w.health(timeout=5, local=True) or {}
            owned.append({p for p in h.get("partitions", []) if p.startswith(prefix)})
        union: set[str] = set().union(*owned)
        if all(owned) and len(union) == sum(map(len, owned)) == settings.partitions:
            return
        time.sleep(0.5)
    raise RuntimeError("the workers did not share the partitions in time")


def _fmt(v: float | None, inf: str = "never") -> str:
    if v is None:
        return "-"
    return f">{inf}" if v == float("inf") else f"{v:g}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rates", default="10,50,100,200")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--drain", type=float, default=60.0, help="seconds allowed after")
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--feeds", default=",".join(FEEDS), help="copies, newswire or both")
    parser.add_argument(
        "--extract-processes",
        default="1",
        help="TIMEWIRE_EXTRACT_PROCESSES of each worker, one or more (0: extraction in the loop)",
    )
    parser.add_argument(
        "--pin",
        action="store_true",
        help="hold each worker and its extraction processes to one core (worker i: core i)",
    )
    parser.add_argument(
        "--standby-replicas", type=int, default=1, help="TIMEWIRE_STANDBY_REPLICAS of each worker"
    )
    args = parser.parse_args()
    console = Console(width=120)
    rates = [int(r) for r in args.rates.split(",")]
    counts = [int(w) for w in args.workers.split(",")]
    results: list[RunResult] = []
    with tempfile.TemporaryDirectory(prefix="timewire-load-") as tmp:
        env = worker_env(
            broker_url=f"kafka://127.0.0.1:{free_port()}",
            controller_port=str(free_port()),
            data_dir=str(Path(tmp) / "broker"),
            partitions=str(args.partitions),
        )
        base = settings_from_env(env)
        broker.start(base, timeout_s=120)
        try:
            for feed in args.feeds.split(","):
                for procs in map(int, args.extract_processes.split(",")):
                    for n in counts:
                        for rate in rates:
                            console.print(
                                f"[bold]{feed}: {n} worker(s), {procs} extraction process(es) "
                                f"each{', pinned' if args.pin else ''}, at {rate} articles/s ...[/]"
                            )
                            result = run_once(
                                base,
                                Path(tmp),
                                n,
                                rate,
                                args.duration,
                                args.drain,
                                feed,
                                procs,
                                args.pin,
                                args.standby_replicas,
                            )
                            console.print(result)
                            results.append(result)
        finally:
            broker.stop(base)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "load.json").write_text(json.dumps([asdict(r) for r in results], indent=2))
    table = Table(
        title=f"fixed-rate load, {args.duration:g} s per run, {args.partitions} partitions, "
        "real Kafka broker",
        header_style="bold",
    )
    for col in (
        "feed",
        "extract procs",
        "workers",
        "offered/s",
        "sustained/s",
        "backlog",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "probes",
        "peak RSS MB",
        "CPU ms/article w+b+g",
        "steal",
        "host ms",
    ):
        table.add_column(col, justify="right")
    for r in results:
        table.add_row(
            r.feed,
            str(r.extract_processes),
            f"{r.workers} (pinned)" if r.pinned else str(r.workers),
            str(r.rate),
            f"{r.sustained_rate:g}",
            str(r.backlog_at_end),
            _fmt(r.p50_ms),
            _fmt(r.p95_ms),
            _fmt(r.p99_ms),
            f"{r.probes - r.never_visible}/{r.probes}",
            f"{r.peak_rss_mb:g}",
            "+".join(f"{r.cpu_ms_per_article[k]:.1f}" for k in ("workers", "broker", "generator")),
            f"{100 * r.steal:.0f}%",
            _fmt(r.reference_ms),
        )
    console.print(table)


if __name__ == "__main__":
    main()
