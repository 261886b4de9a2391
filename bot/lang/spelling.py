"""Repair what people type: chat shorthand ("bn dn") and one-letter typos ("doanh ngiệp").

Shorthand comes from the glossary's "informal" table and is replaced word for word. A typo is
fixed only when the syllable, folded, is not a well-formed Vietnamese syllable and a corpus
syllable lies one edit away (insert, delete, substitute or swap two letters); the most frequent
such syllable wins. A well-formed syllable the articles never use ("vàng") is left alone, so an
off-topic question does not get "corrected" into an on-topic one.

Deliberately not here: a dictionary or a language model; corrections of whole words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

from bot.lang.english import is_english
from bot.lang.glossary import glossary
from index.vntext import fold, is_wellformed

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)


def expand_shorthand(text: str) -> str:
    """Example: 'ha noi co bn dn vs cty' -> 'ha noi co bao nhiêu dn với công ty'."""
    table = {k: v for k, v in glossary()["informal"].items() if not k.startswith("_")}
    return _shorthand_pattern().sub(lambda m: table[m.group(0).lower()], text)


@cache
def _shorthand_pattern() -> re.Pattern:
    keys = sorted(
        (k for k in glossary()["informal"] if not k.startswith("_")), key=len, reverse=True
    )
    return re.compile(r"(?<![\w./-])(?:" + "|".join(map(re.escape, keys)) + r")(?![\w/-])", re.I)


@cache
def _known_short() -> frozenset[str]:
    """Abbreviations and shorthand: not typos ('FDI' is not a misspelt 'di')."""
    g = glossary()
    return frozenset(k.lower() for k in list(g["abbreviations"]) + list(g["informal"]))


def edits1(word: str) -> set[str]:
    """Every string one insertion, deletion, substitution or transposition away (a-z)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    subs = {a + c + b[1:] for a, b in splits if b for c in letters}
    inserts = {a + c + b for a, b in splits for c in letters}
    return deletes | swaps | subs | inserts


def correct_typos(text: str, vocabulary: Mapping[str, int]) -> str:
    """Replace malformed syllables by the most frequent corpus syllable one edit away.

    `vocabulary` maps folded syllables to how many chunks use them.
    Example: ('doanh ngiệp', {'nghiep': 40, ...}) -> 'doanh nghiep'.
    """
    if not vocabulary:
        return text

    def fix(m: re.Match) -> str:
        word = m.group(0)
        folded = fold(word).lower()
        if (
            len(folded) < 3
            or folded in vocabulary
            or is_wellformed(folded)
            or not folded.isascii()
            or folded in _known_short()
        ):
            return word
        near = [w for w in edits1(folded) if w in vocabulary]
        return max(near, key=lambda w: (vocabulary[w], w)) if near else word

    return _WORD.sub(fix, text)


def repair(text: str, vocabulary: Mapping[str, int] | None = None) -> str:
    """What was typed, as it was meant: shorthand spelled out, then typos fixed, unless it is
    English (English words are not misspelt Vietnamese). The one repair every reader of the
    question uses. Example: 'bn doanh ngiệp' -> 'bao nhiêu doanh nghiệp'."""
    text = expand_shorthand(text)
    if is_english(text):
        return text
    return correct_typos(text, vocabulary or {})
