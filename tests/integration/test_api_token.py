"""A worker with an API token answers /api/ only to requests that carry it."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from tests.integration.harness import Cluster, Worker

TOKEN = "timewire-test-token-0123456789"


@pytest.fixture(scope="module")
def worker(cluster: Cluster) -> Worker:
    w = cluster.worker("worker", TIMEWIRE_API_TOKEN=TOKEN)
    w.start()
    return w


def _status(url: str, headers: dict[str, str] | None = None) -> int:
    try:
        with urllib.request.urlopen(
            urllib.request.Request(url, headers=headers or {}), timeout=10
        ) as r:
            return int(r.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def test_api_requires_the_token_and_the_cli_sends_it(worker: Worker) -> None:
    assert _status(f"{worker.url}/api/timeline") == 401
    assert (
        _status(f"{worker.url}/api/timeline", {"Authorization": "Bearer wrong-token-wrong-token"})
        == 401
    )
    assert _status(f"{worker.url}/api/timeline", {"Authorization": f"Bearer {TOKEN}"}) == 200
    assert _status(f"{worker.url}/api/timeline?token={TOKEN}") == 200
    assert _status(f"{worker.url}/api/stream?token=nope") == 401
    assert _status(f"{worker.url}/") == 200  # the page itself holds no data
    assert _status(f"{worker.url}/static/app.js") == 200
    article = {
        "id": "tok-1",
        "published_at": "2022-05-02T10:00:00Z",
        "text": "The bridge reopened on Sunday.",
    }
    assert worker.timewire("publish", "-", stdin=json.dumps(article).encode()).returncode == 0
    listed = worker.wait_for(
        "the article through the CLI",
        lambda: json.loads(worker.timewire("query", "--format", "json").stdout)["entries"],
    )
    assert [e["start"] for e in listed] == ["2022-05-01T00:00:00Z"]
