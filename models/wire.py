"""Decoding of raw ``articles`` messages, shared by the worker and ``timewire publish``.

One function decides what is rejected and why, so a producer that validates locally with
``timewire publish`` refuses exactly what the worker would send to the dead-letter topic.
"""

from __future__ import annotations

import json
from enum import StrEnum

from pydantic import ValidationError

from models.article import Article

DEFAULT_MAX_ARTICLE_BYTES = 2_000_000


class RejectReason(StrEnum):
    TOO_LARGE = "too_large"
    INVALID_UTF8 = "invalid_utf8"
    INVALID_JSON = "invalid_json"
    NOT_AN_OBJECT = "not_an_object"
    SCHEMA = "schema"
    EMPTY_TEXT = "empty_text"
    PROCESSING_ERROR = "processing_error"


class ArticleRejected(ValueError):
    """A message that cannot become an article; ``reason`` is stable, ``detail`` is for people."""

    def __init__(self, reason: RejectReason, detail: str) -> None:
        super().__init__(f"{reason.value}: {detail}")
        self.reason = reason
        self.detail = detail


def decode_article(raw: bytes | None, max_bytes: int = DEFAULT_MAX_ARTICLE_BYTES) -> Article:
    """Turn message bytes into an Article or raise ArticleRejected with the first reason found."""
    if raw is None or not raw.strip():
        raise ArticleRejected(RejectReason.INVALID_JSON, "empty message")
    if len(raw) > max_bytes:
        raise ArticleRejected(
            RejectReason.TOO_LARGE, f"message is {len(raw)} bytes, the limit is {max_bytes}"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleRejected(RejectReason.INVALID_UTF8, str(exc)) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ArticleRejected(RejectReason.INVALID_JSON, str(exc)) from None
    return article_from_mapping(data)


def article_from_mapping(data: object) -> Article:
    """Validate an already-parsed JSON value as an Article."""
    if not isinstance(data, dict):
        raise ArticleRejected(
            RejectReason.NOT_AN_OBJECT, f"expected a JSON object, got {type(data).__name__}"
        )
    text = data.get("text")
    if text is None or (isinstance(text, str) and not text.strip()):
        raise ArticleRejected(RejectReason.EMPTY_TEXT, "the article has no text")
    try:
        return Article.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(root)'}: {err['msg']}"
            for err in exc.errors()[:5]
        )
        raise ArticleRejected(RejectReason.SCHEMA, problems) from None
