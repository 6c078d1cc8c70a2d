"""Detection rules, one module per family; ``ALL_RULES`` is what the tagger runs."""

from __future__ import annotations

from temporal.rules import absolute, anchored, clock, durations, periods, relative, sets, vague
from temporal.rules.base import Rule

ALL_RULES: list[Rule] = [
    *absolute.RULES,
    *relative.RULES,
    *anchored.RULES,
    *durations.RULES,
    *periods.RULES,
    *clock.RULES,
    *sets.RULES,
    *vague.RULES,
]

__all__ = ["ALL_RULES", "Rule"]
