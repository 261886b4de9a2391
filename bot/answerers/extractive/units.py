"""Does a figure count what the question asks? '920 DN' answers 'bao nhiêu doanh nghiệp',
'18 triệu khách/năm' is no money, 'trẻ em dưới 15 tuổi' measures age, not children.

The asked head (folded) is matched against the words after the figure, skipping its qualifier
and multiplier, or the noun named just before it ("số ca lên 642"); the glossary's unit table
gives what the articles call the head ('công ty' -> 'doanh nghiệp', 'DN').

Deliberately not here: finding figures (bot/lang/spans.py) or scoring sentences (evidence.py).
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.lang.glossary import classifiers, glossary, measures
from bot.lang.spans import QUALIFIER, Found, spell_out, unit_after
from bot.question.analysis import Query
from bot.question.counted import is_money
from index.vntext import fold, has_diacritics, syllables


def unit_matches(query: Query, sentence: str, found: Found) -> bool:
    """Does the figure count what was asked? '920 DN' answers 'bao nhiêu doanh nghiệp'."""
    if query.head == ("%",):
        return found.value.endswith("%")
    if not query.head:
        return True
    if found.value.endswith("%"):
        return False
    words = syllables(spell_out(found.text)) + unit_after(sentence, found, raw=True)
    words = [w for w in words if not re.fullmatch(r"[\d.,]+", w)]
    # "nhóm 6 nội dung" answers "bao nhiêu nhóm nội dung": the head may start before the number,
    # and "tổng số bác sĩ lên 642 người" names it before a linking verb
    if is_money(query.head) and _counts_things(words):
        return False
    before = syllables(sentence[: found.start])[-6:]
    while before and fold(before[-1]).lower() in _LINKS:
        before = before[:-1]
    # a figure with a measure of its own ("trẻ em dưới 15 tuổi", "sau 30 ngày") measures
    # that, not the noun named before it
    after = [fold(w).lower() for w in unit_after(sentence, found, 1)]
    measured = bool(after) and (
        after[0] in _OWN_MEASURES or any(m == (after[0],) for m in measures())
    )
    return any(
        _starts(words, alt)
        or (not measured and (_starts(before[-1:] + words, alt) or _ends(before, alt)))
        for alt in unit_names(query.head)
    )


_OWN_MEASURES = {"tuoi", "nam", "thang", "ngay", "tuan", "gio", "phut", "giay", "lan"}


def _counts_things(words: list[str]) -> bool:
    """'18 triệu khách/năm', '7,9 tỷ kWh': a multiplier followed by what it counts or measures,
    so no money however much 'triệu' looks like it."""
    folded = [fold(w).lower() for w in words[:4]]
    for i, w in enumerate(folded[:-1]):
        if w in _MULTIPLIERS:
            after = folded[i + 1]
            if after in _CURRENCIES:
                return False
            return after in classifiers() or any(m[0] == after for m in measures())
    return False


_MULTIPLIERS = {"nghin", "ngan", "trieu", "ty", "ti"}


_CURRENCIES = {"dong", "usd", "vnd", "eur"}


# words between a named quantity and its figure: "số ca lên 642", "diện tích là 5 ha"
_LINKS = {"len", "la", "dat", "con", "toi", "o", "muc", "xuong", "khoang", "chi", "vao"}


def _ends(words: list[str], name: tuple[str, ...]) -> bool:
    n = len(name)
    return len(words) >= n and all(map(same_word, words[-n:], name))


@lru_cache(maxsize=1024)
def unit_names(head: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """The head (folded, as asked) and what the articles call it (as written).

    Example: ('cong', 'ty') -> [('cong', 'ty'), ('doanh', 'nghiệp'), ('dn',)].
    """
    table = glossary()["units"]
    names = [head[:2]]
    for n in (2, 1):
        for alt in table.get(" ".join(head[:n]), []):
            names.append(tuple(syllables(alt)))
    if len(head) >= 2 and head[0] in classifiers():  # "ca sốt xuất huyết" is counted in "ca"
        names.append(head[:1])
        # ... and "mấy chiếc xe bồn" in "xe": an article often drops the classifier
        names.append(head[1:2])
    elif len(head) == 2 and not is_money(head):
        # "bao nhiêu trẻ em", "thôn bản": an article counts "87.612 trẻ", "31 thôn"
        names.append(head[:1])
    return tuple(dict.fromkeys(names))


def same_word(written: str, name: str) -> bool:
    """A name with diacritics matches only as written ('đồng' is not 'động'); one without
    them matches any accents ('dong' matches both)."""
    return written == name if has_diacritics(name) else fold(written) == name


def _starts(words: list[str], name: tuple[str, ...]) -> bool:
    """The unit word list starts with the name, skipping the figure's qualifier and multiplier
    words ('khoảng 150 triệu đồng'); not other words: '500 giường vào hoạt động' is no money."""
    n = len(name)
    for i in range(min(4, len(words))):
        if len(words[i : i + n]) == n and all(map(same_word, words[i : i + n], name)):
            return True
        if fold(words[i]).lower() not in _SKIPPABLE:
            return False
    return False


# folded qualifier syllables (spans.QUALIFIER) and multipliers
_SKIPPABLE = {fold(w).lower() for w in re.findall(r"[^\W\d_]+", QUALIFIER)} | {
    "tram",
    "chuc",
    "nghin",
    "ngan",
    "trieu",
    "ty",
    "ti",
    "van",
}
