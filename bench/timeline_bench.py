"""Timeline accuracy and speed on the samples and examples/, against bench/gold/timeline_gold.json.

    .venv/bin/python -m bench.timeline_bench [--samples DIR] [--examples DIR] [--json]

Measures:
- publication dates: share of articles dated to their gold day (and how they were dated);
- date P/R/F1 of entries: an entry is aligned to the gold happening most of its sources report
  (a source reports a happening when its sentence contains the gold cue for that article);
  it is correct when its interval lies inside the gold interval (mode 'within', 3 h slack) or
  starts inside it (mode 'starts_in'). Precision = correct / aligned entries; recall = gold
  happenings with a correct entry / gold happenings;
- merge P/R/F1, pairwise over gold reports: two reports are merged when some entry holds a
  source for each; precision over merged pairs, recall over pairs of the same happening;
- docs/s of the whole extraction (reading excluded: dating, anchoring, tagging, events, merge);
- sentence segmentation accuracy of timeline.text against pysbd on news cases;
- merge speed: ``merge_events`` on 100/300/1000/3000 events of one bucket, generated from the
  examples/ articles by shifting copies of them across a month like a live feed (``--merge``
  prints only this).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import combinations
from pathlib import Path
from typing import Any

from models import Article, Event, TimelineEntry
from timeline.build import BuildResult, build_timeline, date_articles, latest_versions
from timeline.merge import MergeCache, merge_events, merge_incremental
from timeline.reader import read_paths
from timeline.text import segment

ROOT = Path(__file__).resolve().parent
GOLD = ROOT / "gold" / "timeline_gold.json"
SEGMENTATION = ROOT / "gold" / "segmentation_cases.json"
SAMPLES = Path("/work/shared/samples")
EXAMPLES = ROOT.parent / "examples"
SLACK = timedelta(hours=3)


@dataclass(frozen=True)
class Report:
    happening: str
    article: str
    sentence: str
    mention: str | None


def _day(s: str) -> datetime:
    return datetime.fromisoformat(s).replace(tzinfo=UTC)


def load_gold(path: Path = GOLD) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def reports_of(gold: dict[str, Any], article_ids: set[str]) -> list[Report]:
    out = []
    for h in gold["happenings"]:
        for r in h["reports"]:
            if r["article"] in article_ids:
                out.append(Report(h["id"], r["article"], r["sentence"].lower(), r.get("mention")))
    return out


def _matches(
    report: Report, article_id: str, sentence: str, clause: str | None, mention_text: str
) -> bool:
    """The source reports the gold happening: its sentence holds the cue and, when the sentence
    was split into clauses, the clause holds the cue or the cue holds the clause."""
    if report.article != article_id or report.sentence not in sentence.lower():
        return False
    if clause and clause.strip() and clause.lower() != sentence.lower():
        low = clause.lower()
        if report.sentence not in low and low.strip(" ,.;") not in report.sentence:
            # a cue that straddles clauses counts for the clause holding most of it
            words = report.sentence.split()
            if sum(w in low for w in words) * 2 <= len(words):
                return False
    return report.mention is None or report.mention.lower() in mention_text.lower()


def _correct(entry: TimelineEntry, h: dict[str, Any]) -> bool:
    start, end = _day(h["start"]), _day(h["end"])
    if h.get("mode") == "starts_in":
        return start <= entry.start < end
    return entry.start >= start - SLACK and entry.end <= end + SLACK


def score(result: BuildResult, gold: dict[str, Any]) -> dict[str, Any]:
    ids = {a.id for a in result.articles}
    reports = reports_of(gold, ids)
    reported = {r.happening for r in reports}
    happenings = {h["id"]: h for h in gold["happenings"] if h["id"] in reported}
    # which entries hold a source for each report
    holders: dict[Report, set[str]] = defaultdict(set)
    aligned: dict[str, Counter[str]] = defaultdict(Counter)
    for entry in result.entries:
        for src in entry.sources:
            for rep in reports:
                if _matches(rep, src.article_id, src.sentence, src.clause, src.mention_text):
                    holders[rep].add(entry.id)
                    aligned[entry.id][rep.happening] += 1
    by_id = {e.id: e for e in result.entries}
    correct_entries = 0
    found: set[str] = set()
    for eid, counts in aligned.items():
        hid = max(sorted(counts), key=lambda k: counts[k])
        if _correct(by_id[eid], happenings[hid]):
            correct_entries += 1
            found.add(hid)
    p = correct_entries / len(aligned) if aligned else 0.0
    rc = len(found) / len(happenings) if happenings else 0.0
    f = 2 * p * rc / (p + rc) if p + rc else 0.0
    # pairwise merge quality over gold reports
    tp = fp = fn = 0
    for a, b in combinations(reports, 2):
        same_gold = a.happening == b.happening
        merged = bool(holders[a] & holders[b])
        if merged and same_gold:
            tp += 1
        elif merged:
            fp += 1
        elif same_gold:
            fn += 1
    mp = tp / (tp + fp) if tp + fp else 1.0
    mr = tp / (tp + fn) if tp + fn else 1.0
    mf = 2 * mp * mr / (mp + mr) if mp + mr else 0.0
    pubs = gold["publication"]
    dated = [a for a in result.articles if a.id in pubs]
    right = [
        a
        for a in dated
        if a.published_at is not None and a.published_at.date().isoformat() == pubs[a.id]
    ]
    return {
        "articles": len(result.articles),
        "entries": len(result.entries),
        "gold_happenings": len(happenings),
        "gold_reports": len(reports),
        "reports_found": sum(1 for rep in reports if holders[rep]),
        "aligned_entries": len(aligned),
        "date_precision": p,
        "date_recall": rc,
        "date_f1": f,
        "merge_precision": mp,
        "merge_recall": mr,
        "merge_f1": mf,
        "publication_accuracy": len(right) / len(dated) if dated else 0.0,
        "published_at_sources": dict(Counter(a.published_at_source.value for a in result.articles)),
        "missed_happenings": sorted(set(happenings) - found),
    }


def timed_build(articles: list[Article], repeats: int = 3) -> tuple[BuildResult, float]:
    from timeline import tagging

    best = float("inf")
    result = BuildResult()
    for _ in range(repeats):
        tagging._cached.cache_clear()
        t0 = time.perf_counter()
        result = build_timeline(articles)
        best = min(best, time.perf_counter() - t0)
    return result, best


def segmentation() -> dict[str, Any]:
    cases = json.loads(SEGMENTATION.read_text(encoding="utf-8"))["cases"]
    ours = sum([s.text for s in segment(c["text"])] == c["sentences"] for c in cases)
    out: dict[str, Any] = {"cases": len(cases), "timeline.text": ours / len(cases)}
    try:
        import pysbd

        seg = pysbd.Segmenter(language="en", clean=False)
        theirs = sum([s.strip() for s in seg.segment(c["text"])] == c["sentences"] for c in cases)
        out["pysbd"] = theirs / len(cases)
        text = " ".join(c["text"] for c in cases) * 20
        t0 = time.perf_counter()
        segment(text)
        out["timeline.text_chars_per_s"] = len(text) / (time.perf_counter() - t0)
        t0 = time.perf_counter()
        seg.segment(text)
        out["pysbd_chars_per_s"] = len(text) / (time.perf_counter() - t0)
    except ImportError:
        out["pysbd"] = None
    return out


MERGE_SIZES = (100, 300, 1000, 3000)
FEED_START = datetime(2022, 2, 1, tzinfo=UTC)


def _base_events(examples: Path) -> list[Event]:
    read = read_paths([examples])
    _records, events = date_articles(latest_versions(read.articles))
    out = []
    for aid in sorted(events):
        for e in events[aid]:
            s, t = e.mention.start_time, e.mention.end_time
            if s is not None and t is not None and t - s <= timedelta(days=62):
                out.append(e)
    return out


def _coin(*parts: object) -> int:
    return int(hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:8], 16)


def synthetic_events(n: int, examples: Path = EXAMPLES) -> list[Event]:
    """``n`` events of one month-long bucket, like a live feed: copy r of the examples is
    published from day ``d_r`` of the month (each article keeps its place in its story), and
    reports another story of the same kind (about half its content words and places are
    renamed per copy), so copies share common vocabulary but rarely a happening."""
    base = _base_events(examples)
    out: list[Event] = []
    r = 0
    while len(out) < n:
        day = _coin("day", r) % 28
        for e in base:
            pub = e.article.published_at or FEED_START
            month = pub.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
            shift = FEED_START + timedelta(days=day) - month
            s, t = e.mention.start_time, e.mention.end_time
            assert s is not None and t is not None
            kws = sorted({w if r == 0 or _coin(w, r) % 2 else f"{w}{r}" for w in e.keywords})
            aid = f"{e.article.id}~{r}"
            out.append(
                e.model_copy(
                    update={
                        "id": f"{aid}#{e.id.rsplit('#', 1)[1]}",
                        "article": e.article.model_copy(
                            update={"id": aid, "published_at": pub + shift}
                        ),
                        "mention": e.mention.model_copy(
                            update={"start_time": s + shift, "end_time": t + shift}
                        ),
                        "keywords": kws,
                    }
                )
            )
            if len(out) == n:
                break
        r += 1
    return out


def _warm(events: list[Event]) -> tuple[MergeCache, list[TimelineEntry]]:
    cache = MergeCache()
    return cache, merge_events(events, cache)


def merge_timings(
    sizes: tuple[int, ...] = MERGE_SIZES, examples: Path = EXAMPLES
) -> dict[int, dict[str, float]]:
    """Best-of-3 wall times per bucket size (one run for the largest): ``merge_events`` from
    nothing; ``merge_events`` with the bucket's cache warm from a merge before the last
    article came (the exact merge of a bucket that went quiet); ``merge_incremental`` of that
    last article from the cached clusters (what the stream shows it by)."""
    out: dict[int, dict[str, float]] = {}
    for n in sizes:
        events = synthetic_events(n, examples)
        last = events[-1].article.id
        before = [e for e in events if e.article.id != last]
        best = {"ms": float("inf"), "warm_ms": float("inf"), "incremental_ms": float("inf")}
        entries: list[TimelineEntry] = []
        for _ in range(1 if n >= 3000 else 3):
            t0 = time.perf_counter()
            entries = merge_events(events)
            best["ms"] = min(best["ms"], time.perf_counter() - t0)
            # each timed merge gets a cache of its own: both change the cache they are given
            cache, previous = _warm(before)
            t0 = time.perf_counter()
            merge_incremental(events, previous, {last}, cache)
            best["incremental_ms"] = min(best["incremental_ms"], time.perf_counter() - t0)
            cache, _previous = _warm(before)
            t0 = time.perf_counter()
            merge_events(events, cache)
            best["warm_ms"] = min(best["warm_ms"], time.perf_counter() - t0)
        out[n] = {**{k: v * 1000 for k, v in best.items()}, "entries": len(entries)}
    return out


def run(samples: Path, examples: Path) -> dict[str, Any]:
    gold = load_gold()
    sets: dict[str, list[Path]] = {
        "samples": [samples],
        "examples": [examples],
        "all": [samples, examples],
    }
    out: dict[str, Any] = {}
    for name, paths in sets.items():
        existing = [p for p in paths if p.exists()]
        if not existing:
            continue
        read = read_paths(existing)
        result, seconds = timed_build(read.articles)
        row = score(result, gold)
        row["seconds"] = seconds
        row["docs_per_s"] = len(read.articles) / seconds if seconds else 0.0
        out[name] = row
    out["segmentation"] = segmentation()
    if examples.exists():
        out["merge_speed"] = merge_timings(examples=examples)
    return out


def print_merge(speed: dict[int, dict[str, float]]) -> None:
    print("merging one bucket (events from examples/, spread over a month), ms:")
    print("   events   whole  whole, warm cache  one article added  entries")
    for n, row in speed.items():
        print(
            f"  {n:6d} {row['ms']:7.1f} {row['warm_ms']:18.1f} {row['incremental_ms']:18.1f}"
            f"  {row['entries']:7.0f}"
        )


def print_table(results: dict[str, Any]) -> None:
    cols = [k for k in ("samples", "examples", "all") if k in results]
    rows = [
        ("articles", "articles", "{:d}"),
        ("entries", "entries", "{:d}"),
        ("gold happenings", "gold_happenings", "{:d}"),
        ("gold reports found", "reports_found", "{:d}"),
        ("publication date acc", "publication_accuracy", "{:.3f}"),
        ("date precision", "date_precision", "{:.3f}"),
        ("date recall", "date_recall", "{:.3f}"),
        ("date F1", "date_f1", "{:.3f}"),
        ("merge precision", "merge_precision", "{:.3f}"),
        ("merge recall", "merge_recall", "{:.3f}"),
        ("merge F1", "merge_f1", "{:.3f}"),
        ("docs/s (whole build)", "docs_per_s", "{:.1f}"),
    ]
    width = 24
    print("timeline bench".ljust(width) + "".join(c.rjust(12) for c in cols))
    print("-" * (width + 12 * len(cols)))
    for label, key, fmt in rows:
        print(label.ljust(width) + "".join(fmt.format(results[c][key]).rjust(12) for c in cols))
    for c in cols:
        if results[c]["missed_happenings"]:
            print(f"{c}: no correctly dated entry for {', '.join(results[c]['missed_happenings'])}")
    seg = results["segmentation"]
    print()
    print(f"sentence segmentation on {seg['cases']} news cases (exact match):")
    print(
        f"  timeline.text {seg['timeline.text']:.3f}"
        + (f"   pysbd {seg['pysbd']:.3f}" if seg.get("pysbd") is not None else "   pysbd n/a")
    )
    if seg.get("pysbd") is not None:
        print(
            f"  speed: timeline.text {seg['timeline.text_chars_per_s'] / 1e6:.2f} M chars/s, "
            f"pysbd {seg['pysbd_chars_per_s'] / 1e6:.2f} M chars/s"
        )
    if "merge_speed" in results:
        print()
        print_merge(results["merge_speed"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=Path, default=SAMPLES)
    parser.add_argument("--examples", type=Path, default=EXAMPLES)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--merge", action="store_true", help="only the merge speed")
    args = parser.parse_args()
    if args.merge:
        print_merge(merge_timings(examples=args.examples))
        return
    results = run(args.samples, args.examples)
    if args.json:
        print(json.dumps(results, indent=2, default=str))
    else:
        print_table(results)


if __name__ == "__main__":
    main()
