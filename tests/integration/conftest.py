"""Fixtures: one real Kafka broker per test session, real worker processes per module."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from streams import broker
from streams.settings import Settings
from tests.conftest import OUTPUT
from tests.integration.harness import Cluster, free_port, module_env


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/integration/" in str(item.fspath):
            item.add_marker(pytest.mark.integration)


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
def worker(cluster: Cluster):  # type: ignore[no-untyped-def]
    w = cluster.worker("worker")
    w.start()
    return w


def read_lines(path: Path) -> list[str]:
    return path.read_text().splitlines()
