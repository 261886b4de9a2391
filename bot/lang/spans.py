"""Span extraction: the phrase inside a sentence that answers — a figure, a name, a number, a list.

Every extractor returns `Found` records located by offsets in the sentence, so the short answer
is always the article's own words: "khoảng 920 doanh nghiệp", "trên 11%", "150 triệu đồng/đơn
vị", "30-35 sản phẩm", "Kế hoạch số 35/KH-UBND", "Ông Đàm Tiến Thắng, Phó GĐ Sở Công thương Hà
Nội", "giai đoạn 2020-2025". Vietnamese number formats are kept as written (9,78; 10-12%;
"hàng nghìn hecta"). Dates, times and periods are dates.py's.

Deliberately not here: choosing between spans (that needs the question; see the answerer).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from bot.lang.glossary import abbreviation_table, glossary
from bot.lang.names import PLAN_NUMBER, places_in
from index.vntext import LOWER, UPPER, fold, syllables

_NUM = r"\d+(?:[.,]\d+)*"
QUALIFIER = (
    r"khoảng|trên|dưới|gần|hơn|tối đa(?: tới)?|tối thiểu|ít nhất|từ|đạt(?: từ)?|thêm|chỉ|"
    r"hàng|vài|hơn|xấp xỉ|tới|đến"
)
# not a number glued to letters: "T1", "CO2", "DEN-1" name things, they do not count them
FIGURE = re.compile(
    rf"(?:\b(?P<qual>{QUALIFIER})\s+)?"
    rf"(?P<num>(?<![\d/.,])(?<![^\W\d_])(?<![^\W\d_]-){_NUM}(?:\s*[-–]\s*{_NUM})?(?![\d/]|\.\d)|(?:hàng|vài) (?:chục|trăm|nghìn|ngàn|triệu))"
    r"(?P<pct>\s*%)?",
    re.I,
)
_MULTIPLIER = re.compile(r"\s*(?:nghìn|ngàn|triệu|tỷ|tỉ)\b", re.I)
_CURRENCY = re.compile(r"\s*(?:đồng|USD|VNĐ|VND)\b", re.I)
_PER = re.compile(r"/[^\W\d_]+(?:/[^\W\d_]+)*(?:\s[^\W\d_]+)?")
_YEARLIKE = re.compile(r"(?:19|20)\d{2}")
_YEAR_RANGE = re.compile(r"(?:19|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}")
# a plan or decree number with the word naming it, as a sentence writes it
PLAN_REF = re.compile(
    r"(?:(?:Kế hoạch|Nghị định|Quyết định|Đề án|Thông tư|Chỉ thị|Nghị quyết)(?: số)?\s+)?"
    + PLAN_NUMBER
)
_NAME_WORD = rf"[{UPPER}][{LOWER}]+"
# How news introduces a person: "ông/bà", "anh/chị", "thầy/cô", a coach, or academic and
# medical titles ("PGS.TS", "TS.BS", "ThS"); then two to four capitalised syllables.
_DEGREES = r"(?:(?:GS|PGS|TS|TSKH|ThS|BS|BSCKII|BSCKI|CKII|DS|KS|LS|NSƯT|NSND)\.?)+"
PERSON = re.compile(
    rf"(?:\b(?:[Ôô]ng|[Bb]à|[Aa]nh|[Cc]hị|[Tt]hầy|HLV|[Hh]uấn luyện viên)|{_DEGREES})"
    rf"\s+((?:{_NAME_WORD}\s){{1,3}}{_NAME_WORD})"
)
_TITLE_WORDS = (
    r"(?:(?i:phó|nguyên|cựu|tổng) )?(?i:giám đốc|GĐ|chi cục trưởng|cục trưởng|chủ tịch|bộ trưởng"
    r"|thứ trưởng|hiệu trưởng|trưởng|vụ trưởng|viện trưởng|bí thư|chánh|tổng|chủ nhiệm|HLV"
    r"|huấn luyện viên|đội trưởng|thủ quân|luật sư|thẩm phán|kiểm sát viên|kế toán trưởng"
    r"|người phát ngôn|chỉ huy trưởng|tư lệnh|thủ tướng|bác sĩ|điều dưỡng|đại diện|chuyên gia"
    r"|nhà nghiên cứu|thiếu tướng|đại tá|thượng tá|trung tá|thiếu tá|bị cáo|chủ tịch HĐQT)"
)
_TITLE_AFTER = re.compile(
    rf",\s*({_TITLE_WORDS}[^,;:]*?(?:\([^)]*\))?)(?=\s+(?:cho|nhấn|khẳng|nói|đề|chia|phát)|[,;:.]|$)"
)
_TITLE_BEFORE = re.compile(rf"({_TITLE_WORDS}(?:\s+[^\s,;:]+){{1,6}}?)\s+$")
_LIST_LEAD = re.compile(r":\s*|\bnhư:?\s+|\bbao gồm:?\s+|\bgồm:?\s+")


# A photo caption: "[Ảnh] Phối cảnh nhà ga ...", "Ảnh: ...", "... tại hiện trường. (Ảnh: TTXVN)".
# It says what a picture shows, beside the article's claims rather than one of them.
_CAPTION = re.compile(
    r"^\W{0,2}(?:ảnh|photo|video)\b(?:\s+minh\s+họa)?\s*[\]:)]|[(\[]\s*ảnh\s*:|[.!?]\s+ảnh\s*:\s*[^.]{0,40}\.?$",
    re.I,
)


def is_caption(sentence: str) -> bool:
    """Example: '[Ảnh] Phối cảnh nhà ga T1 sau khi mở rộng.' -> True."""
    return bool(_CAPTION.search(sentence.strip()))


@dataclass(frozen=True)
class Found:
    text: str
    start: int
    end: int
    value: str = ""  # comparable core: '920', '16%', '30-35'; names folded


def figures(sentence: str) -> list[Found]:
    """Numbers with qualifier and unit; not years, plan numbers or fractions like 400/900.

    Example: 'có khoảng 920 doanh nghiệp' -> Found('khoảng 920', value='920').
    """
    out: list[Found] = []
    for m in FIGURE.finditer(sentence):
        if out and m.start() < out[-1].end:  # the second half of a range already taken
            continue
        num = m.group("num")
        if (
            _YEARLIKE.fullmatch(num)
            or _YEAR_RANGE.fullmatch(num)
            or sentence[m.end("num") : m.end("num") + 1] == "/"
        ):
            continue
        end = m.end()
        value = re.sub(r"\s+", "", num)
        qual = (m.group("qual") or "").lower()
        upper = _RANGE_END.match(sentence, end) if qual in ("từ", "") else None
        if upper and not m.group("pct"):
            # "từ 90.000 đến 120.000 đồng/kg", "12 đến 18 người": one figure, the range
            end, value = upper.end(), f"{value}-{upper.group(1)}" + ("%" if upper.group(2) else "")
        if not m.group("pct") and not value.endswith("%"):
            end = _extend_money(sentence, end)
        value += "%" if m.group("pct") else ""  # (a range's own "%" is in already)
        out.append(Found(sentence[m.start() : end].strip(), m.start(), end, value))
    return out


_RANGE_END = re.compile(rf"\s+(?:đến|tới)\s+({_NUM})(?![\d/])(\s*%)?", re.I)


def _extend_money(sentence: str, end: int) -> int:
    """'150' -> '150 triệu đồng/đơn vị': multiplier, currency, then a '/unit'."""
    for pattern in (_MULTIPLIER, _CURRENCY):
        m = pattern.match(sentence, end)
        if m:
            end = m.end()
    m = _PER.match(sentence, end)
    return m.end() if m and end > 0 and sentence[end - 1] != " " else end


CLAUSE_BREAK = re.compile(r"[;:()]|[,.](?!\d)")


def unit_after(sentence: str, found: Found, n: int = 4, raw: bool = False) -> list[str]:
    """Words right after a figure, abbreviations spelled out; folded unless `raw`.

    Example: '920 DN hoạt động' -> ['doanh', 'nghiep', 'hoat', 'dong'].
    """
    rest = CLAUSE_BREAK.split(sentence[found.end :], maxsplit=1)[0]
    words = syllables(spell_out(rest))[:n]
    return words if raw else [fold(s) for s in words]


def spell_out(text: str) -> str:
    """Abbreviations replaced in place (not appended). Example: '920 DN' -> '920 doanh nghiệp'."""
    table = abbreviation_table()
    return _abbreviation_pattern().sub(lambda m: table[m.group(1).upper()], text)


@cache
def _abbreviation_pattern() -> re.Pattern:
    keys = sorted(glossary()["abbreviations"], key=len, reverse=True)
    return re.compile(r"(?<![\w./-])(" + "|".join(map(re.escape, keys)) + r")(?![\w/-])", re.I)


def plan_refs(sentence: str) -> list[Found]:
    """Example: 'ban hành Kế hoạch số 267/KH-UBND về' -> [Found('Kế hoạch số 267/KH-UBND', value='267/kh-ubnd')]."""
    out = []
    for m in PLAN_REF.finditer(sentence):
        core = re.search(r"\d+/\S+", m.group(0)).group(0)
        out.append(Found(m.group(0), m.start(), m.end(), fold(core).lower()))
    return out


def people(sentence: str, known: set[str] = frozenset()) -> list[Found]:
    """Named people with their title when the sentence gives one.

    'Ông Phạm Tuấn Anh, Phó Cục trưởng Cục Công nghiệp (Bộ Công Thương) cho biết' ->
    Found('Ông Phạm Tuấn Anh, Phó Cục trưởng Cục Công nghiệp (Bộ Công Thương)', value='pham tuan anh').
    `known` holds names met elsewhere, found here without "Ông/Bà" ("Phó Giám đốc ... Đàm Tiến Thắng").
    """
    spans = [(m.start(), m.end(), m.group(1)) for m in PERSON.finditer(sentence)]
    for name in known:
        for m in re.finditer(re.escape(name), sentence):
            if not any(s <= m.start() < e for s, e, _ in spans):
                spans.append((m.start(), m.end(), name))
    out = []
    for start, end, name in sorted(spans):
        after = _TITLE_AFTER.match(sentence, end)
        before = _TITLE_BEFORE.search(sentence[:start])
        if after:
            end = after.end(1)
        elif before:
            start = before.start(1)
        text = sentence[start:end]
        out.append(Found(text[0].upper() + text[1:], start, end, fold(name).lower()))
    return out


def person_names(text: str) -> set[str]:
    """Names introduced with Ông/Bà anywhere in a text, and full names led by a family name.

    Example: 'Ông Đàm Tiến Thắng, ...' -> {'Đàm Tiến Thắng'}; 'HLV Nguyễn Thành Công nói' ->
    {'Nguyễn Thành Công'}.
    """
    names = {m.group(1) for m in PERSON.finditer(text)}
    pos = 0
    while m := _full_name().search(text, pos):
        words = m.group(0).split()
        if places_in(" ".join(words[:2])):  # "Hà Nội Đàm Tiến Thắng": a place, then a name
            pos = m.start() + len(" ".join(words[:2]))
            continue
        if not _PLACE_BEFORE.search(text[max(0, m.start() - 30) : m.start()]):
            names.add(m.group(0))
        pos = m.end()
    return names


# "TP Hồ Chí Minh", "đường Lê Hồng Phong", "Trường THPT Phan Bội Châu": streets, schools and
# cities are named after people; what comes right before says which it is.
_PLACE_BEFORE = re.compile(
    r"(?:\bTP\.?|[Tt]hành phố|[Đđ]ường|[Pp]hố|[Tt]rường(?: [A-ZĐ]+)*(?: chuyên)?|[Cc]ầu|"
    r"[Qq]uận|[Hh]uyện|[Xx]ã|[Pp]hường|[Tt]ỉnh|[Ss]ông|[Nn]úi|[Hh]ồ|[Cc]hợ|[Ll]àng|[Gg]a)\s+$"
)


@cache
def _full_name() -> re.Pattern:
    """A family name and one to three more capitalised syllables (3-4 in all is typical)."""
    text = resources.files("bot.data").joinpath("surnames.txt").read_text("utf-8")
    surnames = [w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")]
    lead = "|".join(sorted(map(re.escape, surnames), key=len, reverse=True))
    return re.compile(rf"\b(?:{lead})(?:\s{_NAME_WORD}){{2,3}}\b")


def list_items(sentence: str, asked: frozenset[str] = frozenset()) -> list[str]:
    """The items of an enumeration: after ':' / 'như' / 'gồm' / 'là', or inside brackets.

    Example: 'gồm 3 lĩnh vực là: A, B và C.' -> ['A', 'B', 'C']. With the question's folded
    words `asked`, the list whose lead-in shares most of them wins ('14 ga, trong đó 3 ga ngầm
    (Bến Thành, Nhà hát Thành phố, Ba Son)' asked 'những ga ngầm nào' -> the bracket).
    """
    best: tuple[int, int, list[str]] = (-1, 0, [])
    for lead, body, weak in _list_bodies(sentence):
        body = body.rstrip(" .…")
        parts = body.split(";") if ";" in body else re.split(r",\s*|\s+và\s+", body)
        items = [p.strip(" .…") for p in parts if len(p.strip(" .…")) > 1]
        if len(items) < 2 or (weak and (len(items) < 3 or any(len(i.split()) > 6 for i in items))):
            continue  # after 'là', only a run of short names is a list
        clause = re.split(r"[,;:]", lead)[-1]  # the words just before the list say what it lists
        near = len(asked & {fold(w).lower() for w in syllables(clause)})
        if (near, len(items)) >= best[:2]:
            best = (near, len(items), items)
    return best[2]


def _list_bodies(sentence: str) -> list[tuple[str, str, bool]]:
    """(text before, enumeration, weak lead): a list after 'là' needs three short items, since
    'là' also introduces a single figure or name ('vốn là 2.750 tỷ đồng, trong đó ...')."""
    out = [
        (sentence[: m.start()], m.group(1), False) for m in re.finditer(r"\(([^)]*)\)", sentence)
    ]
    plain = re.sub(r"\s*\([^)]*\)", "", sentence)
    for m in _LIST_LEAD.finditer(plain):
        out.append((plain[: m.start()], plain[m.end() :], False))
    for m in re.finditer(r"\blà\s+", plain):
        out.append((plain[: m.start()], plain[m.end() :], True))
    return out


def named_items(sentence: str, noun: str) -> list[str]:
    """Names that start with the listed noun, capitalised: 'phối hợp với các Sở Tài Chính, Sở
    Lao động...' and noun 'so' -> ['Sở Tài Chính', 'Sở Lao động'].
    """
    starts = [
        m.start()
        for m in re.finditer(rf"\b[{UPPER}][{LOWER}]*\b", sentence)
        if fold(m.group(0)).lower() == noun
    ]
    out = []
    for i, at in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(sentence)
        # a name runs on over ", Thương binh và Xã hội" (capitalised) and stops at a lower-case
        # word, a semicolon, an ellipsis or a bracket
        item = re.split(
            rf"[;…(.]|,\s+(?=[{LOWER}])|\s+(?:và|với)\s+(?:các\s+)?(?=[{LOWER}])", sentence[at:end]
        )[0]
        item = item.strip(" ,")
        if len(item.split()) >= 2:
            out.append(item)
    return out
