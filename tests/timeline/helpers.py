"""Hand-built mentions and articles for unit tests that must not depend on the tagger."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from models import Mention
from models.mention import Granularity, TimeType

SAMPLES = Path("/work/shared/samples")
SAMPLE_DATED = "000_e3aceae16e8957d0"
SAMPLE_UNDATED = "001_2f91fa717aa25759"


def day(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, tzinfo=UTC)


def mention(
    text: str,
    phrase: str,
    start: datetime,
    end: datetime,
    value: str | None = None,
    granularity: Granularity = Granularity.DAY,
    type_: TimeType = TimeType.DATE,
    occurrence: int = 0,
) -> Mention:
    pos = -1
    for _ in range(occurrence + 1):
        pos = text.index(phrase, pos + 1)
    return Mention(
        start=pos,
        end=pos + len(phrase),
        text=phrase,
        type=type_,
        value=value or start.date().isoformat(),
        start_time=start,
        end_time=end,
        granularity=granularity,
        rule="test",
    )


def on_day(text: str, phrase: str, when: datetime, occurrence: int = 0) -> Mention:
    return mention(text, phrase, when, when + timedelta(days=1), occurrence=occurrence)
