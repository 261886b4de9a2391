"""Dates, times and periods as answer spans, for any news: 'ngày 2/10', '14 giờ 30 phút ngày
2/3', '4h30 sáng', 'từ ngày 16/7 đến 17h ngày 28/7', 'quý II/2027', '5 tháng đầu năm',
'giai đoạn 2016-2020', '2 giờ 58 phút 12 giây'.

`when_spans(sentence, sort)` finds them, longest first; a sort ("date", "time", "range",
"period", ...) keeps those of that kind. Years as a sentence's topic are temporal.py's.

Deliberately not here: which one answers (the reader's spanfit.py).
"""

from __future__ import annotations

import re

from bot.lang.spans import Found

# Dates, times and periods as any news writes them. Day and month are bounded so "24/24 giờ",
# "400/900" and plan numbers are not dates; a sort's pattern lists its longest forms first.
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"


_MONTH = r"(?:0?[1-9]|1[0-2])"


_YEAR4 = r"(?:19|20)\d{2}"


_DM = rf"(?<![\d/.,]){_DAY}/{_MONTH}(?:/{_YEAR4})?(?![\d/])"


_DAYPART = r"(?:(?:rạng\s+)?sáng|trưa|chiều|tối|đêm|khuya)"


_HOUR = r"(?:[01]?\d|2[0-4])"


# "14 giờ 30 phút", "4h30", "22:15", each maybe "sáng"; not "24/24 giờ" or "1.100 khách/giờ"
_CLOCK = (
    rf"(?:(?<![\d/.,]){_HOUR}\s*(?:giờ|h)(?:\s*\d{{1,2}}(?:\s*phút)?)?(?![\w/])"
    rf"|(?<![\d/:.,]){_HOUR}:\d{{2}}(?![\d:]))(?:\s+{_DAYPART})?"
)


# a range's end: "đến ngày 30/6", "đến hết ngày 21/3", "đến 17h ngày 28/7"
_TO = rf"(?:[-–]|đến(?:\s+hết)?(?:\s+{_CLOCK})?(?:\s+ngày)?)"


_DATE = (
    rf"(?:ngày\s+)?{_DAY}\s*{_TO}\s*{_DM}"  # "18 đến ngày 20/4/2025", "9–15/6"
    rf"|(?:ngày\s+)?{_DM}(?:\s*{_TO}\s*{_DM})?"  # "23/6 đến ngày 30/6/2025"
    rf"|ngày\s+{_DAY}\s+tháng\s+{_MONTH}(?!\d)(?:\s+năm\s+{_YEAR4})?"
    rf"|(?<!\d\s)tháng\s+{_MONTH}(?!\d)(?:/{_YEAR4}|\s+năm\s+{_YEAR4})?"
    rf"(?:\s*(?:đến|[-–])\s*tháng\s+{_MONTH}(?!\d)(?:/{_YEAR4}|\s+năm\s+(?:{_YEAR4}|sau))?)?"
)


WHEN_PATTERNS = {
    "time": (
        rf"(?:(?:lúc|vào(?:\s+lúc)?|khoảng|từ)\s+)?{_CLOCK}"
        rf"(?:\s*(?:đến|[-–])\s*{_CLOCK})?"
        rf"(?:,?\s+(?:{_DAYPART}\s+)?(?:ngày\s+)?{_DM})?"
    ),
    "date": rf"(?:(?:từ|vào|trong|đến|hết|cuối|đầu|giữa)\s+){{0,2}}(?:{_DAYPART}\s+)?(?:{_DATE})",
    "period": r"(?:(?:cả )?(?:giai đoạn|thời kỳ)\s+|(?:\d+ )?năm\s+)?\d{4}\s*[-–]\s*\d{4}"
    r"|(?:từ\s+|trong\s+|đến\s+|hết\s+)?quý\s+(?:I{1,3}|IV|[1-4])(?:/\d{4}|\s+năm\s+\d{4})?\b"
    r"|(?:trong\s+)?(?:\d+|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười(?: một| hai)?)\s+tháng"
    r"\s+(?:đầu|cuối)\s+năm(?:\s+\d{4})?"
    r"|(?:nửa\s+)?(?:đầu|cuối|giữa)\s+năm(?:\s+\d{4})?",
    "duration": r"(?:(?:trong|sau|mất|dưới|trên|khoảng|gần|hơn|chưa đầy|chỉ)\s+)?"
    r"(?<![\d/.,])\d+(?:[.,]\d+)?(?:\s*[-–]\s*\d+)?\s*(?:giờ|tiếng)(?:\s*\d+\s*phút)?(?:\s*\d+\s*giây)?"
    r"|(?<![\d:])\d{1,2}:\d{2}:\d{2}(?![\d:])"
    r"|(?:(?:trong|sau|mất|dưới|trên|khoảng|gần|hơn|chưa đầy|chỉ)\s+)?(?<![\d/.,])\d+(?:\s*[-–]\s*\d+)?\s*(?:phút|giây)"
    r"|(?:trong\s+)?\d+(?:\s*[-–]\s*\d+)?\s+(?:năm|tháng|ngày|tuần)(?:\s+tới)?"
    r"|\b(?:thường niên|hằng năm|hàng năm|định kỳ)\b",
    "year": r"(?:đến |hết |cuối |trong )?(?:hết |cuối )?năm\s+\d{4}",
}


WHEN = re.compile("|".join(f"(?:{p})" for p in WHEN_PATTERNS.values()), re.I)


# "khi nào", "lúc nào", "thời điểm nào" ask a point in time; "21 tháng" answers "bao lâu"
WHEN_PATTERNS["point"] = "|".join(
    f"(?:{WHEN_PATTERNS[k]})" for k in ("time", "date", "period", "year")
)
_WHEN_BY_SORT = {sort: re.compile(p, re.I) for sort, p in WHEN_PATTERNS.items()}


_RANGE = re.compile(r"\d\s*(?:[-–]|đến|tới)\s*(?:hết\s+)?(?:\S+\s+)?(?:ngày\s+)?\d", re.I)


_UNTIL = re.compile(r"^(?:đến|hết|tới)\b", re.I)


def is_range(span: str) -> bool:
    """A span from one time to another: 'từ ngày 17/3 đến hết ngày 21/3', '6–8/6'."""
    return bool(_RANGE.search(span))


def is_until(span: str) -> bool:
    """A span saying when something ends: 'đến hết ngày 17/6', or a range (it has its end)."""
    return bool(_UNTIL.match(span)) or is_range(span)


def when_spans(sentence: str, sort: str | None = None) -> list[Found]:
    """Periods, dates, durations and years; only one sort when given.

    Example: 'giai đoạn 2020-2025' -> [Found('giai đoạn 2020-2025')].
    """
    pattern = _WHEN_BY_SORT[sort] if sort else WHEN
    return [
        Found(m.group(0).strip(), m.start(), m.end(), m.group(0))
        for m in pattern.finditer(sentence)
    ]
