"""The article schema and the message decoder shared by the worker and `timewire publish`."""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models import Article, ArticleRejected, DeadLetter, decode_article, parse_datetime


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2022-02-17", datetime(2022, 2, 17, tzinfo=UTC)),
        ("2022-02-17T14:30:00Z", datetime(2022, 2, 17, 14, 30, tzinfo=UTC)),
        ("2022-02-17T16:30:00+02:00", datetime(2022, 2, 17, 14, 30, tzinfo=UTC)),
        ("Thu, 17 Feb 2022 09:10:00 GMT", datetime(2022, 2, 17, 9, 10, tzinfo=UTC)),
        ("17 February 2022", datetime(2022, 2, 17, tzinfo=UTC)),
        ("February 17, 2022 10:05", datetime(2022, 2, 17, 10, 5, tzinfo=UTC)),
        (1645092000, datetime(2022, 2, 17, 10, 0, tzinfo=UTC)),
        (1645092000000, datetime(2022, 2, 17, 10, 0, tzinfo=UTC)),
    ],
)
def test_published_at_in_common_formats(raw: object, expected: datetime) -> None:
    assert parse_datetime(raw) == expected
    article = Article.model_validate({"id": "a", "text": "t", "published_at": raw})
    assert article.published_at == expected
    assert article.warnings == []


@pytest.mark.parametrize("raw", ["soon", "the day after tomorrow-ish", "2022-13-45", "February"])
def test_unreadable_published_at_is_kept_with_a_warning(raw: str) -> None:
    article = Article.model_validate({"id": "a", "text": "t", "published_at": raw})
    assert article.published_at is None
    assert article.published_at_raw == raw
    assert article.warnings == [f"unparseable published_at: {raw!r}"]


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "invalid_json"),
        (b"{nope", "invalid_json"),
        (b"\xff\xfe{}", "invalid_utf8"),
        (b"[]", "not_an_object"),
        (b'"text"', "not_an_object"),
        (b'{"id": "a"}', "empty_text"),
        (b'{"id": "a", "text": " \\t\\n"}', "empty_text"),
        (b'{"id": 7, "text": "x"}', "schema"),
        (b'{"id": "", "text": "x"}', "schema"),
        (b'{"id": "a", "text": 5}', "schema"),
    ],
)
def test_decoder_rejects_with_a_stable_reason(raw: bytes, reason: str) -> None:
    with pytest.raises(ArticleRejected) as info:
        decode_article(raw)
    assert info.value.reason.value == reason
    assert info.value.detail


def test_decoder_enforces_the_size_limit() -> None:
    raw = json.dumps({"id": "a", "text": "x" * 5000}).encode()
    with pytest.raises(ArticleRejected) as info:
        decode_article(raw, max_bytes=4096)
    assert info.value.reason.value == "too_large"
    assert decode_article(raw, max_bytes=10_000).text == "x" * 5000


def test_decoder_keeps_known_fields_and_ignores_others() -> None:
    raw = json.dumps(
        {
            "id": " ap-1 ",
            "text": "Body.",
            "title": "T",
            "url": "https://example.org/a",
            "source": "AP",
            "published_at": "2022-02-17",
            "language": "en",
            "extra": [1, 2],
        }
    ).encode()
    article = decode_article(raw)
    assert article.model_dump(exclude={"published_at"}) == {
        "id": "ap-1",
        "text": "Body.",
        "title": "T",
        "url": "https://example.org/a",
        "source": "AP",
        "published_at_raw": None,
        "language": "en",
        "warnings": [],
    }


@given(st.binary(max_size=300))
def test_decoder_never_fails_other_than_by_rejecting(raw: bytes) -> None:
    try:
        article = decode_article(raw)
    except ArticleRejected:
        return
    assert article.id and article.text.strip()


@given(
    st.dictionaries(
        st.sampled_from(["id", "text", "published_at", "title", "source"]),
        st.one_of(st.none(), st.text(max_size=30), st.integers(), st.floats(allow_nan=True)),
    )
)
def test_decoder_on_arbitrary_objects(data: dict) -> None:
    with contextlib.suppress(ArticleRejected):
        decode_article(json.dumps(data).encode())


def test_dead_letter_headers_round_trip() -> None:
    letter = DeadLetter(
        reason="invalid_json", error="Expecting value: line 1 column 1", topic="articles",
        partition=2, offset=41, received_at=datetime(2022, 2, 17, 9, tzinfo=UTC),
    )  # fmt: skip
    headers = letter.to_headers()
    assert headers[0] == ("timewire.reason", b"invalid_json")
    assert dict(headers)["timewire.offset"] == b"41"
    assert DeadLetter.from_headers([*headers, ("traceparent", b"00-abc")]) == letter
