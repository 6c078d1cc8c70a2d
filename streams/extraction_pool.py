"""Extraction beside the event loop, in processes of its own, so one worker uses more than a core.

A worker's event loop is one thread (the GIL): decoding, dating and extracting an article
(``timeline/article_plan.py``, about 7 ms) competed with consuming, producing, merging and
answering queries for that one core. With ``TIMEWIRE_EXTRACT_PROCESSES`` > 0 the extract agent
ships each batch of raw messages to a process pool and keeps serving everything else while it
waits; ``0`` runs the same function in the loop.

A pool process that dies (a crash, the OOM killer) must not take the batch with it: the pool is
rebuilt and the batch retried article by article, and an article that kills a fresh process
again is refused as a processing error, so the worker neither dies of it nor loses the others.
Pool processes are started with ``spawn`` (forking a process that runs Kafka clients, RocksDB
and threads is unsafe) and exit when the worker that started them is gone, even after kill -9.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from models import RejectReason
from timeline.article_plan import ArticleJob, ArticlePlan, plan_article, plan_articles

log = logging.getLogger("timewire.extraction")

PARENT_CHECK_S = 1.0


def _exit_with_parent(parent: int) -> None:
    """In a pool process: a worker killed with -9 cannot stop its pool, so its processes
    watch for being orphaned and leave."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_S)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _ready() -> int:
    return os.getpid()


class ExtractionPool:
    def __init__(self, processes: int, max_bytes: int) -> None:
        self.processes = processes
        self.max_bytes = max_bytes
        self.restarts = 0
        self._executor: ProcessPoolExecutor | None = None

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=self.processes,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_exit_with_parent,
                initargs=(os.getpid(),),
            )
        return self._executor

    def _discard(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
            self.restarts += 1

    async def start(self) -> list[int]:
        """Start the processes now (each imports the extraction tables, about a second), not
        on the first article, which would wait for it; their pids."""
        if not self.processes:
            return []
        loop = asyncio.get_running_loop()
        pool = self._pool()
        return list(
            await asyncio.gather(
                *(loop.run_in_executor(pool, _ready) for _ in range(self.processes))
            )
        )

    async def plan(self, jobs: list[ArticleJob]) -> list[ArticlePlan]:
        """Plans in the order of ``jobs``."""
        if not self.processes:
            return plan_articles(jobs, self.max_bytes)
        # an oversized message is refused by its length: never ship megabytes to refuse them
        big = {i for i, j in enumerate(jobs) if j.raw is not None and len(j.raw) > self.max_bytes}
        shipped = [j for i, j in enumerate(jobs) if i not in big]
        try:
            planned = await self._run(shipped)
        except BrokenProcessPool:
            log.error("an extraction process died: retrying %d articles one by one", len(shipped))
            self._discard()
            planned = [await self._one_alone(job) for job in shipped]
        it = iter(planned)
        return [plan_article(j, self.max_bytes) if i in big else next(it) for i, j in
                enumerate(jobs)]  # fmt: skip

    async def _run(self, jobs: list[ArticleJob]) -> list[ArticlePlan]:
        if not jobs:
            return []
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool(), plan_articles, jobs, self.max_bytes)

    async def _one_alone(self, job: ArticleJob) -> ArticlePlan:
        try:
            return (await self._run([job]))[0]
        except BrokenProcessPool:
            self._discard()
            return ArticlePlan(
                rejected=(
                    RejectReason.PROCESSING_ERROR.value,
                    "the extraction process died while processing this article",
                )
            )

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
