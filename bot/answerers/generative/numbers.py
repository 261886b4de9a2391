"""Numbers as a Vietnamese or an English writer writes them, read into values to compare.

Example: readings('1.200') -> {1200.0, 1.2}: "1.200" is 1200 in Vietnamese, 1.2 in English.
"""

from __future__ import annotations

import re

NUMBER = re.compile(r"(?<![\w])\d+(?:[.,]\d+)*")


def values(text: str) -> set[float]:
    """Every value every number of the text can be read as."""
    return set().union(*(readings(t) for t in NUMBER.findall(text)))


def readings(token: str) -> set[float]:
    """A number's values read the Vietnamese way and the English way, where valid.

    Example: '1.200' -> {1200.0, 1.2}; '9,78' -> {9.78}; '920' -> {920.0}.
    """
    return _read(token, ".", ",") | _read(token, ",", ".")


def _read(token: str, group: str, decimal: str) -> set[float]:
    if token.count(decimal) > 1:
        return set()
    whole, _, frac = token.partition(decimal)
    parts = whole.split(group)
    if any(len(p) != 3 for p in parts[1:]) or group in frac:
        return set()
    return {float("".join(parts) + (f".{frac}" if frac else ""))}
