"""Run as ``python -m tests.unit.native_digest``: what this process's engine (the compiled one
unless ``TIMEWIRE_NATIVE=off``) makes of two feeds, as digests (tests/unit/test_native.py)."""

from __future__ import annotations

import hashlib
import json
import sys

import streams.cli  # noqa: F401  (first: it activates the compiled engine, streams/native.py)
import temporal.tagger
from bench.pipeline import generate
from models import BucketUpdate, Event
from streams import native
from streams.publisher import article_bytes
from timeline.article_plan import ArticleJob, plan_articles
from timeline.merge import MergeCache, merge_events, merge_incremental


def main() -> None:
    plans_digest, merges_digest = hashlib.sha256(), hashlib.sha256()
    buckets: dict[str, list[Event]] = {}
    for feed in ("copies", "newswire"):
        articles = generate(150, "native", feed)
        jobs = [ArticleJob(raw=article_bytes(a), version=i) for i, a in enumerate(articles)]
        for plan in plan_articles(jobs, 2_000_000):
            plans_digest.update(plan.model_dump_json().encode())
            for bucket, wire in sorted(plan.updates.items()):
                buckets.setdefault(bucket, []).extend(BucketUpdate.from_wire(wire).events)
    for _bucket, events in sorted(buckets.items()):
        for entry in merge_events(events):
            merges_digest.update(entry.model_dump_json().encode())
        # article by article, as the stream merges: incremental, with a whole merge every 8th
        cache, entries, seen = MergeCache(), [], []  # type: ignore[var-annotated]
        for k, article_id in enumerate(dict.fromkeys(e.article.id for e in events)):
            mine = [e for e in events if e.article.id == article_id]
            seen.extend(mine)
            if entries and k % 8:
                entries = merge_incremental(mine, entries, {article_id}, cache)
            else:
                entries = merge_events(seen, cache)
        for entry in entries:
            merges_digest.update(entry.model_dump_json().encode())
    json.dump(
        {
            "engine": native.state(),
            "tagger": temporal.tagger.__file__,
            "plans": plans_digest.hexdigest(),
            "merges": merges_digest.hexdigest(),
            "buckets": len(buckets),
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
