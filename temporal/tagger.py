"""``tag(text, published_at)``: find every time expression and resolve it.

Pipeline: every rule's regex proposes candidates; the longest non-overlapping ones win (ties
by rule priority) and are resolved (under a date heading, against that date); modifiers and
adjacent time+date are folded in; range words stretch intervals; mentions anchored to an
earlier mention ("two days later") are resolved in text order against the latest dated mention
before them. The function never raises: a failing rule drops its candidate, a failing pipeline
returns what it has.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from typing import Any

from models.mention import Direction, Granularity, Mention, Mod, TimeType
from temporal.heads import windows
from temporal.intervals import CalUnit
from temporal.postprocess import (
    Found,
    anchor_clock_times,
    apply_ranges,
    durations_to_dates,
    extend_modifiers,
    merge_time_date,
    narrow_positions,
    place_durations,
)
from temporal.rules import ALL_RULES
from temporal.rules.base import Context, Resolved, Rule

log = logging.getLogger(__name__)

_MAX_TEXT = 2_000_000
#: How many earlier dated mentions an anchored expression may look back through.
_ANCHOR_TRIES = 4
#: Comparisons back from publication ("a year ago", "year-earlier") are not narrative anchors:
#: "up from $5 million a year ago ... a year earlier" names one period, not two.
_NOT_ANCHORS = ("ago", "year_ago")


def _anchor_dt(published_at: Any) -> datetime | None:
    if published_at is None:
        return None
    if isinstance(published_at, datetime):
        dt = published_at if published_at.tzinfo is not None else published_at.replace(tzinfo=UTC)
        return dt.astimezone(UTC)
    if isinstance(published_at, date):
        return datetime(published_at.year, published_at.month, published_at.day, tzinfo=UTC)
    return None


def _local_date(published_at: Any) -> date | None:
    """The publication's own calendar day (its time zone), None when it has no zone."""
    if isinstance(published_at, datetime) and published_at.tzinfo is not None:
        try:
            return published_at.date()
        except (ValueError, OverflowError):
            return None
    return None


def _candidates(text: str, rules: list[Rule]) -> list[tuple[int, int, int, Rule, Any]]:
    """Every rule's matches, searched only in the windows around its head words."""
    spans = windows(text, tuple(r.name for r in rules))
    out = []
    seen: set[tuple[str, int, int]] = set()
    for r in rules:
        regions = spans.get(r.name, [(0, len(text))])
        for lo, hi in regions:
            for m in r.pattern.finditer(text, lo, hi):
                key = (r.name, m.start(), m.end())
                if m.end() > m.start() and key not in seen:
                    seen.add(key)
                    out.append((m.start(), m.end(), r.priority, r, m))
    out.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    return out


def detect(text: str, ctx: Context, region: tuple[int, int] | None = None) -> list[Found]:
    """Select and resolve the non-overlapping candidates, in text order (only those inside
    ``region`` when given)."""
    taken = bytearray(len(text) + 1)  # 1 where a selected mention already sits
    found: list[Found] = []
    lo, hi = region or (0, len(text))
    for start, end, _prio, r, m in _candidates(text, ALL_RULES):
        if start < lo or end > hi or 1 in taken[start:end]:
            continue
        try:
            res = r.resolve(m, ctx)
        except (ValueError, OverflowError) as exc:  # dates beyond the calendar (year 1, 9999)
            log.debug("rule %s out of range on %r: %s", r.name, m.group(0), exc)
            res = None
        except Exception:  # one faulty rule must cost its candidate, not the document
            log.exception("rule %s failed on %r", r.name, m.group(0))
            res = None
        if res is None:
            continue
        s, e = res.span or (start, end)
        if 1 in taken[s:e]:
            continue
        taken[s:e] = b"\x01" * (e - s)
        found.append(Found(s, e, res))
    found.sort(key=lambda f: f.start)
    return found


_HEADING_TAIL = " \t\r:.-–—"


def _headings(text: str, found: list[Found]) -> list[tuple[int, int, int, date]]:
    """Lines that are nothing but a full date ("Thursday 3 March 2022", "March 3:"), as live
    pages and chronologies head their paragraphs: (line start, mention start, line end, day)."""
    out: list[tuple[int, int, int, date]] = []
    for f in found:
        res = f.res
        unit = res.unit
        if unit is None or unit.gran != Granularity.DAY or res.type != TimeType.DATE:
            continue
        if res.deferred is not None or res.rule.startswith(("deictic", "weekday", "relative")):
            continue  # "Yesterday:" or "Monday" alone head nothing we can date better
        line_start = text.rfind("\n", 0, f.start) + 1
        line_end = text.find("\n", f.end)
        line_end = len(text) if line_end < 0 else line_end
        if text[line_start : f.start].strip() or text[f.end : line_end].strip(_HEADING_TAIL):
            continue
        out.append((line_start, f.start, line_end, unit.start))
    return out


def _under_headings(text: str, found: list[Found], ctx: Context) -> list[Found]:
    """Mentions in the paragraphs under a date heading are resolved against that date, not the
    publication: "3 March 2022 / Shelling resumed on Tuesday" is 1 March in a later article."""
    heads = _headings(text, found)
    if not heads or ctx.dct is None:
        return found
    out = list(found)
    for k, (_line_start, head_start, line_end, day) in enumerate(heads):
        if day == ctx.dct_date:
            continue
        hi = heads[k + 1][0] if k + 1 < len(heads) else len(text)
        local = Context(
            text=text,
            dct=datetime(day.year, day.month, day.day, tzinfo=UTC),
            date_order=ctx.date_order,
        )
        again = detect(text, local, (line_end, hi))
        for f in again:
            f.res.extra["heading"] = head_start
        out = [f for f in out if not line_end <= f.start < hi] + again
    out.sort(key=lambda f: f.start)
    return out


def _resolve_deferred(found: list[Found], ctx: Context) -> list[Found]:
    """Resolve anchored mentions against the latest earlier dated mention that can carry them
    (a day count needs a day, not a week), falling back to the publication date."""
    dct_unit: CalUnit | None = CalUnit(Granularity.DAY, ctx.dct_date) if ctx.dct_date else None
    anchors: list[tuple[int, CalUnit]] = []
    out: list[Found] = []
    for i, f in enumerate(found):
        res = f.res
        if res.deferred is not None:
            resolved: Resolved | None = None
            used_index: int | None = None
            candidates: list[tuple[int | None, CalUnit | None]] = [
                *reversed(anchors[-_ANCHOR_TRIES:])
            ]
            if not candidates:
                candidates = [(None, dct_unit)]
            for index, unit in candidates:
                try:
                    resolved = res.deferred(unit, index)
                except (ValueError, OverflowError, KeyError, IndexError, TypeError) as exc:
                    log.debug("deferred %s failed: %s", res.rule, exc)
                    resolved = None
                if resolved is not None:
                    used_index = index
                    break
            if resolved is not None:
                used = used_index is not None and resolved.anchor_used
                resolved.anchor = f"mention:{used_index}" if used else "publication"
                resolved.mod = res.mod or resolved.mod
                resolved.quantity = res.quantity
                res = resolved
            else:
                res.anchor = "none"
                res.confidence = min(res.confidence, 0.3)
            res.deferred = None
            f = Found(f.start, f.end, res)
        if (
            res.unit is not None
            and res.type in (TimeType.DATE, TimeType.TIME)
            and res.start_time is not None
        ):
            anchors.append((i, res.unit))
        out.append(f)
    return out


def _to_mention(text: str, f: Found, no_anchor: bool) -> Mention | None:
    res = f.res
    start_time, end_time = res.start_time, res.end_time
    if start_time is not None and end_time is not None and end_time < start_time:
        start_time, end_time = end_time, start_time
    anchor = "none" if no_anchor and not res.anchor.startswith("mention:") else res.anchor
    try:
        return Mention(
            start=f.start,
            end=f.end,
            text=text[f.start : f.end],
            type=res.type,
            value=res.value,
            mod=Mod(res.mod) if res.mod else None,
            start_time=start_time,
            end_time=end_time,
            granularity=res.granularity,
            anchor=anchor,
            direction=Direction(res.direction) if res.direction else None,
            confidence=max(0.0, min(1.0, res.confidence)),
            rule=res.rule,
        )
    except ValueError as exc:
        log.debug("dropping mention %r: %s", text[f.start : f.end], exc)
        return None


def tag(text: str, published_at: datetime | None, *, date_order: str = "DMY") -> list[Mention]:
    """Every time expression in ``text``, resolved against ``published_at``.

    Sorted by start offset and non-overlapping. ``published_at`` None: absolute dates still
    resolve; relative ones get underspecified values (``XXXX-WXX-2``) and no interval.
    """
    if not isinstance(text, str) or not text:
        return []
    if len(text) > _MAX_TEXT:
        text = text[:_MAX_TEXT]
    try:
        ctx = Context(
            text=text,
            dct=_anchor_dt(published_at),
            date_order=date_order if isinstance(date_order, str) else "DMY",
            local_date=_local_date(published_at),
        )
        found = detect(text, ctx)
        found = _under_headings(text, found, ctx)
        found = extend_modifiers(text, found)
        found = merge_time_date(text, found)
        found = anchor_clock_times(text, found)
        found = narrow_positions(found, ctx.dct_date)
        found = _resolve_deferred(found, ctx)
        found = apply_ranges(text, found, ctx.dct)
        found = durations_to_dates(text, found)
        found = place_durations(text, found, ctx.dct)
    except Exception:  # the contract: never raise on any input
        log.exception("temporal.tag failed")
        return []
    pairs = [(f, m) for f in found if (m := _to_mention(text, f, ctx.dct is None)) is not None]
    pairs.sort(key=lambda p: p[1].start)
    index = {m.start: i for i, (_f, m) in enumerate(pairs)}
    mentions = []
    for f, m in pairs:
        head = f.res.extra.get("heading")
        if isinstance(head, int) and head in index and m.anchor == "publication":
            m = m.model_copy(update={"anchor": f"mention:{index[head]}"})
        mentions.append(m)
    return mentions
