"""Regex fragments built from the lexicon: the vocabulary every detection rule is written in.

Fragments are plain strings (non-capturing groups) so rules can combine them and name the
parts they read back. All rules compile with IGNORECASE; where case matters ("May" the month
vs "may" the verb) the resolver checks the matched text.
"""

from __future__ import annotations

from temporal.lexicon import alternation, lexicon
from temporal.numbers import ORDINAL_WORD, QUANTITY

_LEX = lexicon()

#: Left/right word boundaries that also refuse digits glued by separators ("7,000", "1.5").
L = r"(?<![\w$£€¥.,/:-])"
R = r"(?![\w%]|[.,:/]\d|-\w)"

MONTH = alternation(_LEX.months) + r"(?![\w])"
WEEKDAY = alternation(_LEX.weekdays) + r"(?![\w])"
SEASON = alternation(_LEX.seasons)
POD = alternation(_LEX.parts_of_day)
TZ = alternation(_LEX.time_zones)
HOLIDAY = alternation([*_LEX.holidays, *_LEX.nth_weekday_holidays])
YEAR4 = r"(?:1[0-9]\d\d|20\d\d|21[0-4]\d)"
DAY_NUM = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
DAY_ANY = rf"(?:{DAY_NUM}|{ORDINAL_WORD})"
ORDINAL_NUM = r"(?:\d{1,2}(?:st|nd|rd|th))"
UNIT_FORMS = alternation(_LEX.units)
UNIT_QUALIFIER = alternation(_LEX.unit_qualifiers)
QTY = QUANTITY
#: Hours of a clock face in words ("ten o'clock", "five p.m.").
WORD_NUMBER_SMALL = alternation(w for w, n in _LEX.cardinals.items() if 1 <= n <= 12)
