"""Extraction beside the event loop, in processes of its own, so one worker uses more than a core.

A worker's event loop is one thread (the GIL): decoding, dating and extracting an article
(``timeline/article_plan.py``, about 7 ms) competed with consuming, producing, merging and
answering queries for that one core. With ``TIMEWIRE_EXTRACT_PROCESSES`` > 0 the extract agent
ships each batch of raw messages to a process pool, in chunks, and keeps serving everything else
while it waits; ``0`` runs the same function in the loop.

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
from collections.abc import AsyncIterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from models import RejectReason
from streams import gc_policy, native
from timeline.article_plan import ArticleJob, ArticlePlan, plan_articles

log = logging.getLogger("timewire.extraction")

PARENT_CHECK_S = 1.0
CHUNK = 8  # articles per trip to the pool (about 50 ms of extraction)


def _init_process(parent: int) -> None:
    """In a pool process: a worker killed with -9 cannot stop its pool, so its processes
    watch for being orphaned and leave. The extraction tables, imported with this module, leave
    the collector's generations (see streams/gc_policy.py)."""
    gc_policy.policy.apply_to_extraction_process()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_S)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _ready() -> tuple[int, str]:
    return os.getpid(), native.state()


class ExtractionPool:
    def __init__(self, processes: int, max_bytes: int) -> None:
        self.processes = processes
        self.max_bytes = max_bytes
        self.restarts = 0
        self.engines: dict[int, str] = {}
        self._executor: ProcessPoolExecutor | None = None

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=self.processes,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_process,
                initargs=(os.getpid(),),
            )
        return self._executor

    def _discard(self, broken: ProcessPoolExecutor) -> None:
        """Drop a broken pool, unless it was already replaced (every chunk queued on it fails)."""
        if self._executor is broken:
            self.close()
            self.restarts += 1

    async def start(self) -> list[int]:
        """Start the processes now (each imports the extraction tables, about a second), not
        on the first article, which would wait for it; their pids. ``engines`` then tells
        whether each runs the compiled engine (streams/native.py: a process started with
        ``spawn`` imports its parent's main module, streams/cli.py, before the engine)."""
        if not self.processes:
            return []
        loop = asyncio.get_running_loop()
        pool = self._pool()
        ready = await asyncio.gather(
            *(loop.run_in_executor(pool, _ready) for _ in range(self.processes))
        )
        self.engines = {pid: engine for pid, engine in ready}
        return [pid for pid, _engine in ready]

    async def plans(self, jobs: list[ArticleJob]) -> AsyncIterator[ArticlePlan]:
        """Plans in the order of ``jobs``, as they come: the batch goes to the pool in chunks
        of ``CHUNK``, all at once, so the loop sends what one chunk became while the pool
        extracts the next (a whole batch at a time would leave the pool idle meanwhile)."""
        if not self.processes:
            for plan in plan_articles(jobs, self.max_bytes):
                yield plan
            return
        # an oversized message is refused by its length, alone and here: never ship megabytes
        # to refuse them
        chunks: list[list[ArticleJob]] = []
        for job in jobs:
            last = chunks[-1] if chunks else None
            if (
                last
                and len(last) < CHUNK
                and not self._oversized(last[0])
                and not self._oversized(job)
            ):
                last.append(job)
            else:
                chunks.append([job])
        running = [None if self._oversized(c[0]) else self._submit(c) for c in chunks]
        for chunk, submitted in zip(chunks, running, strict=True):
            if submitted is None:
                planned = plan_articles(chunk, self.max_bytes)
            else:
                planned = await self._outcome(chunk, *submitted)
            for plan in planned:
                yield plan

    def _oversized(self, job: ArticleJob) -> bool:
        return job.raw is not None and len(job.raw) > self.max_bytes

    def _submit(
        self, jobs: list[ArticleJob]
    ) -> tuple[ProcessPoolExecutor, asyncio.Future[list[ArticlePlan]]]:
        pool = self._pool()
        loop = asyncio.get_running_loop()
        try:
            return pool, loop.run_in_executor(pool, plan_articles, jobs, self.max_bytes)
        except BrokenProcessPool as exc:  # broken before this chunk was even queued
            failed: asyncio.Future[list[ArticlePlan]] = loop.create_future()
            failed.set_exception(exc)
            return pool, failed

    async def _outcome(
        self,
        jobs: list[ArticleJob],
        pool: ProcessPoolExecutor,
        future: asyncio.Future[list[ArticlePlan]],
    ) -> list[ArticlePlan]:
        """The chunk's plans; if its pool broke, a fresh pool's, article by article, and an
        article that breaks a fresh pool too is refused."""
        try:
            return await future
        except BrokenProcessPool:
            log.error("an extraction process died: retrying %d articles one by one", len(jobs))
            self._discard(pool)
        planned = []
        for job in jobs:
            pool, alone = self._submit([job])
            try:
                planned += await alone
            except BrokenProcessPool:
                self._discard(pool)
                planned.append(
                    ArticlePlan(
                        rejected=(
                            RejectReason.PROCESSING_ERROR.value,
                            "the extraction process died while processing this article",
                        )
                    )
                )
        return planned

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
