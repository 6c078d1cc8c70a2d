"""Shared test locations. ``../shared`` sits beside the repository (as in CI)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from streams import broker
from streams.settings import Settings
from tests.integration.harness import Cluster, Worker, free_port, module_env

# No deadlines: timing belongs in bench/, and dateparser's first call loads its data slowly.
settings.register_profile(
    "timewire", deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=150
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "timewire"))

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TIMEWIRE_SHARED_DIR", REPO.parent / "shared"))
SAMPLES = SHARED / "samples"
OUTPUT = REPO / "test-output"


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    assert SAMPLES.is_dir(), f"the shared samples are missing: {SAMPLES}"
    return SAMPLES


@pytest.fixture(scope="session")
def dated_sample(samples_dir: Path) -> Path:
    return next(samples_dir.glob("000_*.txt"))


@pytest.fixture(scope="session")
def undated_sample(samples_dir: Path) -> Path:
    return next(samples_dir.glob("001_*.txt"))


# Real broker and workers: one broker per session, workers per test module.


@pytest.fixture(scope="session")
def kafka(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    data_dir = tmp_path_factory.mktemp("broker")
    settings = Settings(
        data_dir=data_dir,
        broker_url=f"kafka://127.0.0.1:{free_port()}",
        controller_port=free_port(),
        broker_heap="512m",
    )
    broker.start(settings, timeout_s=120)
    try:
        yield settings
    finally:
        broker.stop(settings)


@pytest.fixture(scope="module")
def cluster(
    kafka: Settings, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Cluster]:
    prefix = re.sub(r"[^a-z0-9]+", "-", request.module.__name__.rsplit(".", 1)[-1].lower())
    workdir = OUTPUT / "integration" / prefix
    workdir.mkdir(parents=True, exist_ok=True)
    data_dir = tmp_path_factory.mktemp(prefix)
    env = module_env(kafka, data_dir, prefix)
    c = Cluster(settings=kafka, base_env=env, workdir=workdir)
    try:
        yield c
    finally:
        for w in c.workers:
            w.stop()


@pytest.fixture(scope="module")
def worker(cluster: Cluster) -> Worker:
    w = cluster.worker("worker")
    w.start()
    return w
