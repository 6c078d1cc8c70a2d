"""Reading quantities written in digits or words ("48", "twenty four", "a few", "2 1/2").

Vague quantities ("a few", "several") have no number: TIMEX3 writes them as ``X``
("PXD"), so :func:`quantity` returns None for them and callers test :func:`is_vague`.
"""

from __future__ import annotations

import re

from temporal.lexicon import alternation, lexicon, normalize

_LEX = lexicon()

CARDINAL = alternation(_LEX.cardinals)
MULTIPLIER = alternation(_LEX.multipliers)
ORDINAL_WORD = alternation(_LEX.ordinals)
VAGUE = alternation(_LEX.vague_quantities)
COUPLE = alternation(_LEX.couple)

#: A cardinal in words: "four", "twenty four", "twenty-four", "two thousand", "a hundred".
WORD_NUMBER = (
    rf"(?:(?:{CARDINAL}|a)(?:[\s-]+{CARDINAL})*(?:\s+{MULTIPLIER}(?:\s+(?:and\s+)?"
    rf"{CARDINAL}(?:[\s-]+{CARDINAL})*)?)?)"
)
#: Digits, with a simple fraction ("2 1/2") or decimals ("1.5"); never thousands separators,
#: which are counts of things ("7,000"), not of time.
DIGIT_NUMBER = r"(?:\d{1,4}(?:\s+1/2|\.\d+)?)"
#: Any quantity in front of a unit.
QUANTITY = rf"(?:{DIGIT_NUMBER}|{COUPLE}|{VAGUE}|{WORD_NUMBER}|an|a)"

_SPLIT = re.compile(r"[\s-]+")


def is_vague(text: str) -> bool:
    """True for quantities TIMEX3 writes as ``X`` ("a few", "several", "many")."""
    return normalize(text) in _LEX.vague_quantities


def quantity(text: str) -> float | None:
    """The number a quantity phrase denotes, None when it is vague or unreadable."""
    key = normalize(text)
    if key in _LEX.couple:
        return _LEX.couple[key]
    if key in _LEX.vague_quantities:
        return None
    if key in _LEX.articles:
        return float(_LEX.articles[key])
    frac = re.fullmatch(r"(\d+)\s+1/2", key)
    if frac:
        return int(frac.group(1)) + 0.5
    try:
        return float(key)
    except ValueError:
        pass
    total = 0
    current = 0
    seen = False
    for word in _SPLIT.split(key):
        if word in ("and", ""):
            continue
        if word in _LEX.articles and not seen:
            current = 1
            seen = True
        elif word in _LEX.cardinals:
            current += _LEX.cardinals[word]
            seen = True
        elif word in _LEX.multipliers:
            current = max(current, 1) * _LEX.multipliers[word]
            if _LEX.multipliers[word] >= 1000:
                total += current
                current = 0
            seen = True
        else:
            return None
    return float(total + current) if seen else None


def ordinal(text: str) -> int | None:
    """1 for "first", "1st" or "1"; None otherwise."""
    key = normalize(text)
    if key in _LEX.ordinals:
        return _LEX.ordinals[key]
    m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", key)
    return int(m.group(1)) if m else None
