"""The API behaves as /api/openapi.json says: schemathesis generates requests from the document
(valid and invalid parameters) against a real worker and checks every response against it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from tests.integration.harness import Worker


@pytest.fixture(scope="module")
def api_schema(worker: Worker, samples_dir: Path) -> schemathesis.BaseSchema:
    published = worker.timewire("publish", *sorted(str(p) for p in samples_dir.glob("*.txt")))
    assert published.returncode == 0, published.stderr.decode()
    worker.wait_for("entries", lambda: worker.get("/api/timeline")["count"] > 10)
    schema = schemathesis.openapi.from_dict(worker.get("/api/openapi.json"))
    schema.config.update(base_url=worker.url)
    return schema.exclude(path="/api/stream")


def test_every_operation_conforms_to_the_document(api_schema: schemathesis.BaseSchema) -> None:
    checked = []
    for result in api_schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None
        )
        def conforms(case: schemathesis.Case) -> None:
            case.call_and_validate()

        conforms()
        checked.append(operation.label)
    assert sorted(checked) == [
        "GET /api/articles/{article_id}",
        "GET /api/entries/{entry_id}",
        "GET /api/health",
        "GET /api/timeline",
    ]


def test_document_lists_every_endpoint(worker: Worker) -> None:
    document = worker.get("/api/openapi.json")
    assert document["openapi"] == "3.1.0"
    assert sorted(document["paths"]) == [
        "/api/articles/{article_id}",
        "/api/entries/{entry_id}",
        "/api/health",
        "/api/stream",
        "/api/timeline",
    ]
    params = [p["name"] for p in document["paths"]["/api/timeline"]["get"]["parameters"]]
    assert params == [
        "from",
        "to",
        "q",
        "actor",
        "place",
        "source",
        "article",
        "granularity",
        "disputed",
        "limit",
        "cursor",
        "format",
    ]
    assert json.dumps(document).count("$ref") > 5


def test_entry_and_article_endpoints(worker: Worker, samples_dir: Path) -> None:
    worker.timewire("publish", *sorted(str(p) for p in samples_dir.glob("*.txt")))
    entry = worker.wait_for(
        "an entry", lambda: worker.get("/api/timeline", {"limit": "1"})["entries"]
    )[0]
    assert worker.get(f"/api/entries/{entry['id']}") == entry
    assert worker.get_status("/api/entries/no-such-entry") == (
        404,
        {"error": "no entry 'no-such-entry'"},
    )
    article = worker.get("/api/articles/000_e3aceae16e8957d0")
    assert article["record"]["published_at_source"] == "dateline"
    assert article["record"]["published_at"] == "2022-02-17T00:00:00Z"
    assert article["n_events"] > 5


def test_pages_cover_the_table_exactly_once(worker: Worker) -> None:
    everything = worker.get("/api/timeline", {"limit": "5000"})
    assert everything["next_cursor"] is None
    ids: list[str] = []
    cursor = None
    while True:
        params = {"limit": "7", **({"cursor": cursor} if cursor else {})}
        page = worker.get("/api/timeline", params)
        ids.extend(e["id"] for e in page["entries"])
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert ids == [e["id"] for e in everything["entries"]]
    cli = worker.timewire("query", "--format", "json", "--limit", "9")
    assert [e["id"] for e in json.loads(cli.stdout)["entries"]] == ids[:9]
