"""The one door to the temporal engine, with a small cache: cross-article anchoring tags the
same text against many candidate anchors, and the build tags each text at least once."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache

from models import Mention

log = logging.getLogger(__name__)

Tagger = Callable[[str, datetime | None], list[Mention]]


def _engine() -> Tagger:
    module = importlib.import_module("temporal")
    fn: Tagger | None = getattr(module, "tag", None)
    if fn is None:
        raise RuntimeError("temporal.tag is not available")
    return fn


@lru_cache(maxsize=512)
def _cached(text: str, published_at: datetime | None) -> tuple[Mention, ...]:
    try:
        return tuple(_engine()(text, published_at))
    except RuntimeError:
        raise
    except Exception:  # a bug in one rule must not lose the article: no mentions, logged
        log.exception("temporal.tag failed; the article gets no time mentions")
        return ()


def clear_cache() -> None:
    """Forget the remembered taggings: a benchmark that extracts the same articles again must
    time the tagger too, as a worker does for every new article."""
    _cached.cache_clear()


def tag(text: str, published_at: datetime | None) -> list[Mention]:
    """Every time mention of ``text`` resolved against ``published_at`` (None: unanchored)."""
    return list(_cached(text, published_at))
