"""A time expression found in text and resolved against an anchor (TimeML TIMEX3)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field, model_validator


class TimeType(StrEnum):
    DATE = "DATE"
    TIME = "TIME"
    DURATION = "DURATION"
    SET = "SET"


class Mod(StrEnum):
    START = "START"
    MID = "MID"
    END = "END"
    BEFORE = "BEFORE"
    AFTER = "AFTER"
    ON_OR_BEFORE = "ON_OR_BEFORE"
    ON_OR_AFTER = "ON_OR_AFTER"
    LESS_THAN = "LESS_THAN"
    MORE_THAN = "MORE_THAN"
    EQUAL_OR_LESS = "EQUAL_OR_LESS"
    EQUAL_OR_MORE = "EQUAL_OR_MORE"
    APPROX = "APPROX"


class Granularity(StrEnum):
    MINUTE = "minute"
    HOUR = "hour"
    PART_OF_DAY = "part_of_day"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    SEASON = "season"
    YEAR = "year"
    DECADE = "decade"
    CENTURY = "century"


class Direction(StrEnum):
    """How an underspecified date was placed relative to its anchor."""

    PAST = "past"
    FUTURE = "future"
    SAME = "same"


class Mention(BaseModel):
    """One time expression: ``text[start:end]``, its TIMEX3 value and the interval it denotes.

    ``start_time``/``end_time`` form a half-open interval, present only when the expression can
    be placed on the calendar. ``anchor`` is ``"publication"``, ``"mention:<i>"`` (the i-th
    mention of the same text) or ``"none"``.
    """

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    type: TimeType
    value: str
    mod: Mod | None = None
    start_time: datetime | None = None
    end_time: datetime | None = None
    granularity: Granularity | None = None
    anchor: str = "publication"
    direction: Direction | None = None
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    rule: str

    @model_validator(mode="after")
    def _ordered(self) -> Mention:
        if self.end < self.start:
            raise ValueError("mention end before start")
        if self.start_time and self.end_time and self.end_time < self.start_time:
            raise ValueError("mention interval ends before it starts")
        return self
