"""Extraction in processes beside the event loop (streams/extraction_pool.py), with real
spawned processes: the same plans as in the loop, and no article lost when a process dies."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from streams.extraction_pool import ExtractionPool
from timeline.article_plan import ArticleJob, plan_articles

REPO = Path(__file__).resolve().parents[2]
MAX_BYTES = 4096


def _jobs() -> list[ArticleJob]:
    good = {
        "id": "p1",
        "text": "Ministers met in Brussels on 16 February 2022.",
        "published_at": "2022-02-17T09:00:00Z",
    }
    return [
        ArticleJob(raw=json.dumps(good).encode(), version=0),
        ArticleJob(raw=b"{broken", version=1),
        ArticleJob(raw=b'{"id": "big", "text": "' + b"x" * 5000 + b'"}', version=2),
        ArticleJob(raw=json.dumps({**good, "id": "p2"}).encode(), version=3),
    ]


def _run(main: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """In a thread of its own: a session-wide fixture (the browser tests' Playwright) may keep
    an event loop running in the main thread, where asyncio.run refuses to start another."""
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, main()).result()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_pool_plans_what_the_loop_plans_in_the_same_order() -> None:
    async def run() -> None:
        pool = ExtractionPool(1, MAX_BYTES)
        try:
            [pid] = await pool.start()
            assert pid != os.getpid()
            plans = [plan async for plan in pool.plans(_jobs())]
        finally:
            pool.close()
        assert plans == plan_articles(_jobs(), MAX_BYTES)
        assert [p.rejected[0] if p.rejected else p.article_id for p in plans] == [
            "p1",
            "invalid_json",
            "too_large",
            "p2",
        ]

    _run(run)


def test_a_dead_process_is_replaced_and_its_batch_retried() -> None:
    async def run() -> None:
        pool = ExtractionPool(1, MAX_BYTES)
        try:
            [pid] = await pool.start()
            os.kill(pid, signal.SIGKILL)
            while _alive(pid):
                await asyncio.sleep(0.05)
            plans = [plan async for plan in pool.plans(_jobs())]
            assert pool.restarts == 1
        finally:
            pool.close()
        assert plans == plan_articles(_jobs(), MAX_BYTES)

    _run(run)


def test_pool_processes_leave_when_their_worker_is_killed() -> None:
    script = (
        "import asyncio, sys, time\n"
        "from streams.extraction_pool import ExtractionPool\n"
        "pool = ExtractionPool(2, 4096)\n"
        "print(*asyncio.run(pool.start()), flush=True)\n"
        "time.sleep(600)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=REPO,
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert proc.stdout is not None
    children = [int(p) for p in proc.stdout.readline().split()]
    assert len(children) == 2 and all(map(_alive, children))
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while any(map(_alive, children)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [c for c in children if _alive(c)] == []
