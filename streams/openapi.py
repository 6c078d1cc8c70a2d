"""The OpenAPI 3.1 document served at ``/api/openapi.json``."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from models import Granularity, TimelineEntry
from streams.api_models import ArticleInfo, ErrorBody, Health, TimelinePage
from streams.api_query import MAX_LIMIT, TimelineQuery

REF = "#/components/schemas/{model}"


def _schemas() -> dict[str, Any]:
    models: list[type[BaseModel]] = [TimelinePage, TimelineEntry, ArticleInfo, ErrorBody, Health]
    _, top = models_json_schema([(m, "serialization") for m in models], ref_template=REF)
    return dict(top["$defs"])


def _json(schema: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": REF.format(model=schema)}}},
    }


def _text(media_type: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {media_type: {"schema": {"type": "string"}}}}


def _path_param(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def _query_parameters() -> list[dict[str, Any]]:
    default = TimelineQuery.model_fields["limit"].default
    text = {"type": "string", "maxLength": 200}
    when = {
        "anyOf": [
            {"type": "string", "pattern": "^[1-9][0-9]{3}(-(0[1-9]|1[0-2]))?$"},
            {"type": "string", "format": "date"},
            {"type": "string", "format": "date-time"},
        ]
    }
    params: list[tuple[str, dict[str, Any], str]] = [
        ("from", when, "entries ending after this date (YYYY[-MM[-DD]] or ISO 8601)"),
        ("to", when, "entries starting before the end of this date"),
        ("q", {"type": "string", "maxLength": 500}, "words all in the label or a source sentence"),
        ("actor", text, "an actor (case-insensitive substring)"),
        ("place", text, "a place (case-insensitive substring)"),
        ("source", text, "an outlet or article id (case-insensitive substring)"),
        (
            "article",
            {"type": "string", "maxLength": 500},
            "entries an article contributes to (its exact id)",
        ),
        (
            "granularity",
            {"type": "string", "enum": [g.value for g in Granularity]},
            "of the entry's date",
        ),
        ("disputed", {"type": "boolean"}, "only disputed (true) or undisputed (false) entries"),
        (
            "limit",
            {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": default},
            "page size",
        ),
        (
            "cursor",
            {"type": "string", "maxLength": 2000, "pattern": "^[^|]*[|][^|]*[|]"},
            "next_cursor of the previous page",
        ),
        (
            "format",
            {"type": "string", "enum": ["json", "csv"], "default": "json"},
            "response format",
        ),
    ]
    return [
        {"name": n, "in": "query", "required": False, "schema": s, "description": d}
        for n, s, d in params
    ]


def openapi_document() -> dict[str, Any]:
    bad = _json("ErrorBody", "a bad parameter: `param` names it")
    missing = _json("ErrorBody", "no such item")
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "timewire",
            "version": "1",
            "description": "The live event timeline reconstructed from news articles.",
        },
        "paths": {
            "/api/timeline": {
                "get": {
                    "operationId": "timeline",
                    "summary": "Timeline entries matching the filters, in order, a page at a time",
                    "parameters": _query_parameters(),
                    "responses": {
                        "200": {
                            "description": "a page of entries (JSON) or all of the page as CSV",
                            "content": {
                                **_json("TimelinePage", "")["content"],
                                **_text("text/csv", "")["content"],
                            },
                        },
                        "400": bad,
                    },
                }
            },
            "/api/entries/{entry_id}": {
                "get": {
                    "operationId": "entry",
                    "summary": "One timeline entry",
                    "parameters": [_path_param("entry_id")],
                    "responses": {"200": _json("TimelineEntry", "the entry"), "404": missing},
                }
            },
            "/api/articles/{article_id}": {
                "get": {
                    "operationId": "article",
                    "summary": "How an article was dated and where its events went",
                    "parameters": [_path_param("article_id")],
                    "responses": {"200": _json("ArticleInfo", "the article"), "404": missing},
                }
            },
            "/api/health": {
                "get": {
                    "operationId": "health",
                    "summary": "Broker connection, partitions, lag and counts of every worker",
                    "responses": {"200": _json("Health", "health of the cluster")},
                }
            },
            "/api/stream": {
                "get": {
                    "operationId": "stream",
                    "summary": "Server-sent events: `change` whenever the table changes",
                    "responses": {"200": _text("text/event-stream", "an event stream")},
                    "x-streaming": True,
                }
            },
        },
        "components": {"schemas": _schemas()},
    }
