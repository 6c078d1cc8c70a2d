"""Garbage collection for a long-running worker.

A worker keeps every event of its buckets in memory, parsed: a million and more objects that
live for the worker's life. CPython's cyclic collector walks all of them in each full
collection, and starts one whenever the survivors grew by a quarter since the last: on a
loaded worker that was 22 pauses of about a quarter of a second in a minute (9% of its time,
and as many latency spikes). The state is acyclic (it is freed by reference counting when a
bucket changes), so the full collections find almost nothing. Here they are taken off the
allocation trigger and run on a clock instead; the young generations, where the cyclic
garbage of the event loop and the Kafka client dies, are collected as before, less often.
"""

from __future__ import annotations

import gc
import time

YOUNG_THRESHOLD = 2000  # allocations between young collections (CPython: 700)
MIDDLE_THRESHOLD = 10  # young collections per middle one (CPython: 10)
NEVER = 1_000_000_000  # middle collections per full one: only on the clock
ALLOCATION_FULL_THRESHOLD = 10  # CPython's: where nothing runs full collections on a clock
FULL_EVERY_S = 120.0


class GcPolicy:
    def __init__(self) -> None:
        self.full_collections = 0
        self.full_seconds = 0.0
        self.last_full_s = 0.0

    def apply(self) -> None:
        """Called once at start-up: what was imported is never garbage, so it leaves the
        generations the collector walks."""
        gc.collect()
        gc.freeze()
        gc.set_threshold(YOUNG_THRESHOLD, MIDDLE_THRESHOLD, NEVER)

    def apply_to_extraction_process(self) -> None:
        """In an extraction process: its tables never become garbage either, but nothing there
        runs full collections on a clock, so the allocation trigger stays for them (the young
        threshold still rises: a plan allocates tens of thousands of short-lived objects).
        Measured on `copies` articles: collections took 2.3% of extraction, 0.8% after."""
        gc.collect()
        gc.freeze()
        gc.set_threshold(YOUNG_THRESHOLD, MIDDLE_THRESHOLD, ALLOCATION_FULL_THRESHOLD)

    def collect_full(self) -> float:
        started = time.perf_counter()
        gc.collect()
        self.last_full_s = time.perf_counter() - started
        self.full_collections += 1
        self.full_seconds += self.last_full_s
        return self.last_full_s


policy = GcPolicy()
