"""The worker's garbage-collection policy: full collections on a clock, not on allocations."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from streams.gc_policy import (
    ALLOCATION_FULL_THRESHOLD,
    MIDDLE_THRESHOLD,
    NEVER,
    YOUNG_THRESHOLD,
    GcPolicy,
)


@pytest.fixture
def restored_gc() -> Iterator[None]:
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


@pytest.mark.usefixtures("restored_gc")
def test_applying_the_policy_freezes_what_is_loaded_and_stops_automatic_full_collections() -> None:
    policy = GcPolicy()
    policy.apply()
    assert gc.get_threshold() == (YOUNG_THRESHOLD, MIDDLE_THRESHOLD, NEVER)
    assert gc.get_freeze_count() > 1000  # the imported modules' objects
    # young cyclic garbage is still collected without a full collection
    young, full = gc.get_stats()[0]["collections"], gc.get_stats()[2]["collections"]
    for _ in range(50_000):
        a: list[object] = []
        a.append(a)
    assert gc.get_stats()[2]["collections"] == full
    assert gc.get_stats()[0]["collections"] >= young + 10


@pytest.mark.usefixtures("restored_gc")
def test_a_full_collection_on_the_clock_is_counted_and_timed() -> None:
    policy = GcPolicy()
    before = gc.get_stats()[2]["collections"]
    pause = policy.collect_full()
    assert gc.get_stats()[2]["collections"] == before + 1
    assert policy.full_collections == 1
    assert policy.full_seconds == pause == policy.last_full_s
    assert 0 < pause < 5


@pytest.mark.usefixtures("restored_gc")
def test_an_extraction_process_freezes_its_tables_and_keeps_full_collections_on_allocations() -> (
    None
):
    gc.set_threshold(700, 10, NEVER)  # whatever it inherited, e.g. a worker's policy
    GcPolicy().apply_to_extraction_process()
    full_threshold = ALLOCATION_FULL_THRESHOLD
    assert gc.get_threshold() == (YOUNG_THRESHOLD, MIDDLE_THRESHOLD, full_threshold)
    assert gc.get_freeze_count() > 1000
    full = gc.get_stats()[2]["collections"]
    kept = []  # survivors: what makes CPython's full collection due
    for _ in range(2 * YOUNG_THRESHOLD * (MIDDLE_THRESHOLD + 1) * (full_threshold + 1)):
        a: list[object] = []
        a.append(a)
        kept.append(a)
    assert gc.get_stats()[2]["collections"] > full  # nothing here runs them on a clock
