"""TempEval-3 Task A benchmark: our tagger vs dateparser ``search_dates`` on the same documents.

Run: ``.venv/bin/python -m bench.tempeval`` (writes ``bench/results/tempeval.json``).

Scoring follows ``shared/bench/tempeval3/README.md``: gold and predicted timexes are paired one to
one per document, exact extents first, then the largest overlaps; strict = same extent, relaxed =
overlapping; type and value are judged on relaxed pairs; value F1 (TE-3) = value accuracy x relaxed
F1; a granularity-aware value accuracy compares a prediction at the gold value's own unit.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

DATA_DIR = Path(
    os.environ.get("TEMPEVAL3_DIR", Path(__file__).resolve().parents[2] / "shared/bench/tempeval3")
)
RESULTS = Path(__file__).resolve().parent / "results" / "tempeval.json"

Doc = dict[str, Any]
Timex = dict[str, Any]


def load_jsonl(path: Path) -> list[Doc]:
    """One JSON object per non-empty line."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


# --------------------------------------------------------------------------- pairing and scoring


def pair(gold: list[Timex], pred: list[Timex]) -> tuple[list[tuple[int, int]], int]:
    """One-to-one pairs (gold index, pred index): exact extents first, then largest overlaps.

    Returns the relaxed pairs and how many of them are exact (strict).
    """
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[int, int]] = []
    by_span: dict[tuple[int, int], list[int]] = {}
    for j, p in enumerate(pred):
        by_span.setdefault((p["start"], p["end"]), []).append(j)
    for i, g in enumerate(gold):
        for j in by_span.get((g["start"], g["end"]), []):
            if j not in used_p:
                pairs.append((i, j))
                used_g.add(i)
                used_p.add(j)
                break
    strict = len(pairs)
    overlaps: list[tuple[int, int, int]] = []
    for i, g in enumerate(gold):
        if i in used_g:
            continue
        for j, p in enumerate(pred):
            if j in used_p:
                continue
            ov = min(g["end"], p["end"]) - max(g["start"], p["start"])
            if ov > 0:
                overlaps.append((ov, i, j))
    overlaps.sort(key=lambda t: (-t[0], t[1], t[2]))
    for _ov, i, j in overlaps:
        if i in used_g or j in used_p:
            continue
        pairs.append((i, j))
        used_g.add(i)
        used_p.add(j)
    return pairs, strict


_YEAR = re.compile(r"\d{4}")
_MONTH = re.compile(r"\d{4}-\d\d")
_DAY = re.compile(r"\d{4}-\d\d-\d\d")
_WEEK = re.compile(r"(\d{4})-W(\d\d)")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])")


def _as_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if _DAY.match(value) else None
    except ValueError:
        return None


def gran_ok(gold: str, pred: str, dct: str) -> bool:
    """Is ``pred`` right at the unit of ``gold``? (README: granularity-aware value score)."""
    if gold == pred:
        return True
    if gold == "PRESENT_REF":
        return pred[:10] == dct[:10]
    if _YEAR.fullmatch(gold):
        return bool(_YEAR.match(pred)) and pred[:4] == gold
    if _MONTH.fullmatch(gold):
        return bool(_MONTH.match(pred)) and pred[:7] == gold
    if _DAY.fullmatch(gold):
        return bool(_DAY.match(pred)) and pred[:10] == gold
    wm = _WEEK.fullmatch(gold)
    if wm:
        d = _as_date(pred)
        if d is None:
            return False
        iso = d.isocalendar()
        return (iso[0], iso[1]) == (int(wm.group(1)), int(wm.group(2)))
    qm = _QUARTER.fullmatch(gold)
    if qm:
        if not _MONTH.match(pred):
            return False
        return pred[:4] == qm.group(1) and (int(pred[5:7]) - 1) // 3 + 1 == int(qm.group(2))
    return False


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f}


def score(gold_docs: Iterable[Doc], pred_docs: Iterable[Doc]) -> dict[str, Any]:
    """Score predictions against gold, TE-3 Task A style (see module docstring)."""
    preds = {d["doc_id"]: d.get("timexes", []) for d in pred_docs}
    n_gold = n_pred = tp_strict = tp_relaxed = 0
    type_ok = type_judged = value_ok = value_gran_ok = 0
    by_type: dict[str, dict[str, int]] = {}
    gold_ids = set()
    for doc in gold_docs:
        gold_ids.add(doc["doc_id"])
        gold = doc["timexes"]
        pred = preds.get(doc["doc_id"], [])
        n_gold += len(gold)
        n_pred += len(pred)
        pairs, strict = pair(gold, pred)
        tp_strict += strict
        tp_relaxed += len(pairs)
        for g in gold:
            by_type.setdefault(
                g["type"], {"gold": 0, "found_relaxed": 0, "value_ok": 0, "value_ok_gran": 0}
            )
            by_type[g["type"]]["gold"] += 1
        for i, j in pairs:
            g, p = gold[i], pred[j]
            stats = by_type[g["type"]]
            stats["found_relaxed"] += 1
            pv = str(p.get("value", ""))
            if pv == g["value"]:
                value_ok += 1
                stats["value_ok"] += 1
            if gran_ok(g["value"], pv, doc.get("dct", "")):
                value_gran_ok += 1
                stats["value_ok_gran"] += 1
            if p.get("type"):
                type_judged += 1
                type_ok += p["type"] == g["type"]
    strict_prf = _prf(tp_strict, n_pred, n_gold)
    relaxed = _prf(tp_relaxed, n_pred, n_gold)
    value_acc = value_ok / tp_relaxed if tp_relaxed else 0.0
    value_acc_gran = value_gran_ok / tp_relaxed if tp_relaxed else 0.0
    type_acc = type_ok / type_judged if type_judged else None
    return {
        "n_docs": len(gold_ids),
        "n_gold": n_gold,
        "n_pred": n_pred,
        "tp_strict": tp_strict,
        "tp_relaxed": tp_relaxed,
        "strict": strict_prf,
        "relaxed": relaxed,
        "type_acc": type_acc,
        "type_f1": type_acc * relaxed["f1"] if type_acc is not None else None,
        "value_acc_exact": value_acc,
        "value_f1_exact": value_acc * relaxed["f1"],
        "value_acc_gran": value_acc_gran,
        "value_f1_gran": value_acc_gran * relaxed["f1"],
        "by_gold_type": by_type,
        "pred_doc_ids_not_in_gold": sorted(set(preds) - gold_ids),
    }


# --------------------------------------------------------------------------- systems


def dct_datetime(doc: Doc) -> datetime:
    """The document creation time as an aware UTC midnight."""
    d = date.fromisoformat(doc["dct"][:10])
    return datetime(d.year, d.month, d.day, tzinfo=UTC)


def run_ours(docs: list[Doc]) -> tuple[list[Doc], float]:
    """Our tagger on every document; returns predictions and seconds spent tagging."""
    from temporal import tag

    out: list[Doc] = []
    spent = 0.0
    for doc in docs:
        anchor = dct_datetime(doc)
        t0 = time.perf_counter()
        mentions = tag(doc["text"], anchor)
        spent += time.perf_counter() - t0
        out.append(
            {
                "doc_id": doc["doc_id"],
                "timexes": [
                    {
                        "start": m.start,
                        "end": m.end,
                        "text": m.text,
                        "type": str(m.type),
                        "value": m.value,
                    }
                    for m in mentions
                ],
            }
        )
    return out, spent


def run_dateparser(docs: list[Doc]) -> tuple[list[Doc], float]:
    """dateparser ``search_dates`` (languages en, RELATIVE_BASE = DCT, PREFER_DATES_FROM past)."""
    from dateparser.search import search_dates

    out: list[Doc] = []
    spent = 0.0
    for doc in docs:
        text = doc["text"]
        settings = {
            "RELATIVE_BASE": dct_datetime(doc).replace(tzinfo=None),
            "PREFER_DATES_FROM": "past",
        }
        t0 = time.perf_counter()
        try:
            found = search_dates(text, languages=["en"], settings=settings) or []
        except Exception:  # dateparser raises on odd inputs; the baseline just finds nothing
            found = []
        spent += time.perf_counter() - t0
        timexes = []
        pos = 0
        for surface, when in found:
            idx = text.find(surface, pos)
            if idx < 0:
                idx = text.find(surface)
                if idx < 0:
                    continue
            else:
                pos = idx + len(surface)
            timexes.append(
                {
                    "start": idx,
                    "end": idx + len(surface),
                    "text": surface,
                    "value": when.isoformat(),
                }
            )
        out.append({"doc_id": doc["doc_id"], "timexes": timexes})
    return out, spent


def peak_memory_mb(fn: Callable[[], object]) -> float:
    """Peak Python heap (tracemalloc) while running ``fn``, in MiB."""
    tracemalloc.start()
    try:
        fn()
        _cur, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20


# --------------------------------------------------------------------------- report


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.2f}"


def _rows(name: str, system: str, s: dict[str, Any], docs_per_s: float) -> list[str]:
    st, rl = s["strict"], s["relaxed"]
    return [
        name,
        system,
        f"{_pct(st['precision'])}/{_pct(st['recall'])}/{_pct(st['f1'])}",
        f"{_pct(rl['precision'])}/{_pct(rl['recall'])}/{_pct(rl['f1'])}",
        _pct(s["type_acc"]),
        _pct(s["value_f1_exact"]),
        _pct(s["value_f1_gran"]),
        f"{docs_per_s:.0f}",
    ]


def print_table(results: dict[str, Any]) -> None:
    """A rich table when available, plain text otherwise."""
    header = [
        "set",
        "system",
        "strict P/R/F1",
        "relaxed P/R/F1",
        "type acc",
        "value F1",
        "value F1 gran",
        "docs/s",
    ]
    rows: list[list[str]] = []
    for name, r in results["sets"].items():
        rows.append(_rows(name, "timewire", r["ours"], r["ours_docs_per_s"]))
        rows.append(_rows(name, "dateparser", r["dateparser"], r["dateparser_docs_per_s"]))
    try:
        from rich.console import Console
        from rich.table import Table

        table = Table(title="TempEval-3 Task A (timex extents, types, values)")
        for h in header:
            table.add_column(h)
        for row in rows:
            table.add_row(*row)
        Console(width=200).print(table)
    except ImportError:  # pragma: no cover - rich is a dependency
        print(" | ".join(header))
        for row in rows:
            print(" | ".join(row))
    for name, r in results["sets"].items():
        print(
            f"{name}: {r['speed_ratio']:.1f}x dateparser docs/s; "
            f"peak heap while tagging {r['ours_peak_mb']:.1f} MiB"
        )
    print(f"process max RSS {results['max_rss_mb']:.0f} MiB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sets", nargs="*", default=["platinum", "tbaq"])
    parser.add_argument("--no-dateparser", action="store_true", help="skip the baseline (faster)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    results: dict[str, Any] = {"sets": {}}
    for name in args.sets:
        docs = load_jsonl(DATA_DIR / f"{name}.jsonl")
        run_ours(docs[:3])  # warm caches (regex compilation, tables)
        preds, spent = run_ours(docs)
        entry: dict[str, Any] = {"ours": score(docs, preds), "ours_seconds": spent}
        entry["ours_docs_per_s"] = len(docs) / spent if spent else 0.0
        entry["ours_peak_mb"] = peak_memory_mb(lambda docs=docs: run_ours(docs))  # type: ignore[misc]
        if args.no_dateparser:
            entry["dateparser"] = score(docs, [])
            entry["dateparser_seconds"] = 0.0
            entry["dateparser_docs_per_s"] = 0.0
        else:
            run_dateparser(docs[:1])
            dp_preds, dp_spent = run_dateparser(docs)
            entry["dateparser"] = score(docs, dp_preds)
            entry["dateparser_seconds"] = dp_spent
            entry["dateparser_docs_per_s"] = len(docs) / dp_spent if dp_spent else 0.0
        entry["speed_ratio"] = (
            entry["ours_docs_per_s"] / entry["dateparser_docs_per_s"]
            if entry["dateparser_docs_per_s"]
            else 0.0
        )
        results["sets"][name] = entry
    results["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print_table(results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
