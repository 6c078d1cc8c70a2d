"""The one door to the temporal engine, with a small cache: cross-article anchoring tags the
same text against many candidate anchors, and the build tags each text at least once."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache

from models import Mention

Tagger = Callable[[str, datetime | None], list[Mention]]


def _engine() -> Tagger:
    module = importlib.import_module("temporal")
    fn = getattr(module, "tag", None)
    if fn is None:
        raise RuntimeError("temporal.tag is not available")
    return fn  # type: ignore[no-any-return]


@lru_cache(maxsize=512)
def _cached(text: str, published_at: datetime | None) -> tuple[Mention, ...]:
    return tuple(_engine()(text, published_at))


def tag(text: str, published_at: datetime | None) -> list[Mention]:
    """Every time mention of ``text`` resolved against ``published_at`` (None: unanchored)."""
    return list(_cached(text, published_at))
