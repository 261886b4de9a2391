"""Years: which years a question asks about, which a sentence is about, which an article is about.

A sentence is about the years it names, minus comparison baselines ("tăng 10-12% so với năm
2021" is about the plan year, not 2021) and numbers that are part of a document number
("Nghị định 111/2015/NĐ-CP"). A period ("giai đoạn 2016 - 2020") is about every year in it. An
article's year is the one its title and text name most (its plan year); it dates sentences
that name none.

Deliberately not here: months, days or relative time ("năm tới").
"""

from __future__ import annotations

import re
from collections import Counter

YEAR = re.compile(r"(?<![\d/])(?:19|20)\d{2}(?![\d/])")
_BASELINE = re.compile(
    r"(?:so với|so vơi|so voi) (?:cùng kỳ )?(?:năm |nam )?((?:19|20)\d{2})"
    r"|(?:compared (?:with|to)|than|versus|vs\.?) (?:in )?((?:19|20)\d{2})",
    re.I,
)
# "2016-2020", "2016 – 2020", "2020 2025", "từ 2020 đến 2025", "2020 to 2025"
_RANGE = re.compile(
    r"(?<![\d/])((?:19|20)\d{2})\s*(?:[-–]|\s|đến|den|to)\s*((?:19|20)\d{2})(?![\d/])", re.I
)
YEAR_FIT_SAME = 1.0
YEAR_FIT_CONTEXT = 0.9  # the chunk around the sentence names the year
YEAR_FIT_ARTICLE = 0.85  # the article's plan year
YEAR_FIT_PERIOD = 0.7  # the year falls inside a period the sentence names
YEAR_FIT_UNKNOWN = 0.5
YEAR_FIT_OTHER = 0.3  # the sentence is about another year


def topic_years(text: str) -> set[str]:
    """Single years a text is about. Example: 'tăng 10% so với năm 2021 trong năm 2022' -> {'2022'}."""
    text = _RANGE.sub(" ", _BASELINE.sub(" ", text))
    return set(YEAR.findall(text))


def periods(text: str) -> list[tuple[int, int]]:
    """Example: 'giai đoạn 2016 - 2020' -> [(2016, 2020)]."""
    return [(int(a), int(b)) for a, b in _RANGE.findall(text) if int(a) < int(b)]


def article_year(title: str, text: str, date: str | None = None) -> str | None:
    """The year an article names most, its title counting double and its date (ISO) triple;
    ties go to the later year."""
    counts: Counter[str] = Counter()
    for y in YEAR.findall(_strip(title)):
        counts[y] += 2
    counts.update(YEAR.findall(_strip(text)))
    # a date's year ("18/04/2024", "tháng 7/2024"): the dateline says when the article is
    counts.update(_DATE_YEAR.findall(text))
    # ... and the article's own date more than the years the story recalls ("khởi công tháng
    # 3/2023" in a report dated 19/10/2024)
    if date and YEAR.fullmatch(date[:4]):
        counts[date[:4]] += 3
    if not counts:
        return None
    return max(counts, key=lambda y: (counts[y], y))


_DATE_YEAR = re.compile(r"(?<=\d/)((?:19|20)\d{2})(?![\d/])")


def _strip(text: str) -> str:
    return _RANGE.sub(" ", _BASELINE.sub(" ", text))


def _context_years(preceding: list[str]) -> set[str]:
    """Years of the nearest earlier sentence (same chunk) that names any."""
    for text in reversed(preceding):
        own = topic_years(text)
        if own:
            return own
    return set()


def year_fit(
    years: frozenset[str], sentence: str, preceding: list[str], plan_year: str | None
) -> float:
    """How well a sentence matches the years a question asks about (1.0 when it asks none)."""
    if not years:
        return YEAR_FIT_SAME
    own = topic_years(sentence)
    if own & years:
        return YEAR_FIT_SAME
    # "43.512 thí sinh, tỷ lệ đạt 99,21%, giảm so với mức 99,45% của năm 2024": the year
    # compared against is not the claim's, which is the article's or its context's
    if topic_years(_COMPARED.sub(" ", sentence)):
        return YEAR_FIT_OTHER
    if any(a <= int(y) <= b for y in years for a, b in periods(sentence)):
        return YEAR_FIT_PERIOD
    context = _context_years(preceding)
    if context:
        return YEAR_FIT_CONTEXT if context & years else YEAR_FIT_OTHER
    if plan_year in years:
        return YEAR_FIT_ARTICLE
    return YEAR_FIT_UNKNOWN


_COMPARED = re.compile(
    r"\b(?:so với|cùng kỳ|compared (?:with|to)|than)\b(?:[^,;.]|[.,](?=\d))*", re.I
)


def compared_part(sentence: str) -> re.Match | None:
    """The words a sentence compares its claim against, when they name a year: 'so với mức
    27,2 của năm 2023' (not 'so với cùng kỳ', which leaves the year unsaid)."""
    m = _COMPARED.search(sentence)
    return m if m and topic_years(m.group(0)) else None


def claim_year(sentence: str, preceding: list[str], plan_year: str | None) -> str | None:
    """The one year a claim is about: the sentence's own, else the nearest earlier one's, else
    the article's. None when that is several years."""
    own = topic_years(sentence) or _context_years(preceding)
    if len(own) == 1:
        return next(iter(own))
    return None if own else plan_year
