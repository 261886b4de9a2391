"""What kind of answer a question asks for, from its question words alone.

Kinds: count, amount, percent, who, when, plan (a plan or decree number), list, yesno, define,
open; and for a "when" question, what kind of time ("ngày nào": a date, "bao lâu": a duration,
"từ ngày nào đến ngày nào": a range); and questions about the article itself (author, date,
outlet). Patterns run on the folded, lowercased question (`fold_question`), so "bao nhieu" and
"bao nhiêu" are the same question; the glossary's abbreviations are words a "là gì" asks about.

Deliberately not here: what the question constrains (analysis.py).
"""

from __future__ import annotations

import re
from functools import cache

from bot.lang.glossary import glossary
from index.vntext import fold, nfc

_VI_KINDS = (
    (
        "define",
        # "{ABBR}": the glossary's abbreviations, filled in by _kinds()
        # "CNHT là gì" asks the abbreviation only when it is what the question is about
        r"viet tat|(?:^|\bhoi )\W*(?:{ABBR}) (?:nghia )?la gi\b"
        r"|\b(?:{ABBR})\b(?: [\w'-]+){0,8} nghia (?:la )?gi\b",
    ),
    ("percent", r"(?:bao nhieu|may|bn) (?:phan tram|phan\b|%)|\bty (?:le|trong)\b|phan tram"),
    (
        "plan",
        r"\b(?:ke hoach|kh|nghi dinh|quyet dinh|de an|van ban|thong tu)\b(?: so)? (?:nao|may|gi)\b"
        r"|\bso hieu\b|\bso (?:may|bao nhieu)\b|\bnghi dinh nao\b|\bke hoach nao\b"
        r"|\blay tu dau\b|\btu dau ra\b|\bo dau ra\b",
    ),
    (
        "when",
        r"\bkhi nao\b|\bbao gio\b|\b(?:ngay|nam|thang|giai doan|thoi gian|thoi diem|luc) nao\b"
        r"|\bbao lau\b|\bthoi han\b|\bngay may\b|\bmay (?:gio|h)\b|\bluc may\b",
    ),
    ("list", r"\b(?:may|nhung|cac) \w+(?: \w+)? nao\b"),
    (
        "who",
        r"\bla ai\b|\bai\b|\b(?:nguoi|co quan|don vi|to chuc|bo|so|cuc|cong ty|doanh nghiep) nao\b"
        r"|\bchuc (?:vu|danh|gi)\b"
        r"|\btac gia\b|\bten (?:la )?gi\b|\bten gi\b",
    ),
    ("open", r"\b(?:chuan|loai|cap|hang|muc) may\b"),  # "chuẩn mấy": which one, not how many
    (
        "when",
        r"\b(?:may|bao nhieu) (?:nam|lan|thang)\b.*\b(?:lan|mot lan)\b|\bbao lau mot lan\b|\bdinh ky\b",
    ),
    ("count", r"\bbao nhieu\b|\bbn\b|(?<!\bxe )\bmay\b|\bbao xa\b"),
    ("count", r"\bcho biet\b.*\b(?:chi tieu|muc tieu|ty le|muc tang|tang truong|so luong)\b"),
    ("list", r"\bnhung\b.*\b(?:nao|gi)\b|\bcac\b.*\bnao\b|\bke ten\b|\bliet ke\b|\bgom\b.*\bgi\b"),
    (
        "yesno",
        r"\b(?:co phai|phai khong|dung khong|co dung|hay khong|duoc khong|chua)\s*\??\s*$"
        r"|\bco\b.+\bkhong\s*\??\s*$",
    ),
)


_EN_KINDS = (
    ("define", r"\bstand for\b|\bwhat does \w+ mean\b|\bmeaning of\b"),
    # "how long is the pipeline", "how far is the island": a length, not a duration
    (
        "count",
        r"\bhow (?:long|far|wide|high|tall|deep) (?:is|are|was|were|will be) (?:the|a|an|this)\b"
        r"(?!(?: [\w'-]+){0,4} (?:holiday|contract|term|period|trip|journey|wait|delay|break"
        r"|leave|ban|sentence|programme|program|campaign|festival|season|course|stay|visit|"
        r"construction|process|closure|trial|tenure|warranty)s?\b)",
    ),
    (
        "percent",
        r"\bwhat (?:[\w-]+ ){0,3}(?:percentage|share|percent|proportion)\b|\bhow many percent\b|\bwhat %",
    ),
    (
        "when",
        r"\bwhen\b|\bwhat (?:\w+ )?(?:date|day|year|period|time)\b|\bwhich (?:date|year|period)\b"
        r"|\bhow long\b",
    ),
    (
        "plan",
        r"\b(?:which|what) (?:decree|plan|resolution|decision)\b"
        r"|\bnumber of the (?:[\w']+\s+){0,5}(?:plan|decree)\b"
        r"|\b(?:plan|decree) (?:number|no)\b",
    ),
    (
        "who",
        r"\bwho\b|\bwhich (?:agency|department|body|organi[sz]ation|official|person|company|firm"
        r"|enterprise)\b|\bwhat (?:is the )?(?:title|position)\b",
    ),
    (
        "amount",
        r"\bhow much\b|\bwhat (?:is|was|are|were) the (?:total )?(?:budget|amount|cost|funding|spending)\b",
    ),
    ("count", r"\bhow many\b|\b(?:the|target|total) number of\b"),
    (
        "list",
        r"\blist\b|\bname (?:the|some)\b"
        r"|\b(?:which|what) (?:\w+ )?(?:sectors|fields|areas|countries|solutions|measures|contents"
        r"|groups|industries|products|activities|tasks|steps|policies|departments|agencies)\b",
    ),
    ("yesno", r"^(?:is|are|does|do|did|was|were|will|can|has|have)\b"),
)


_META = (
    (
        "author",
        r"\btac gia\b|\bai viet\b|\bnguoi viet\b|\bbut danh\b|\bauthor\b|\bwho wrote\b|\bwritten by\b",
    ),
    (
        "date",
        r"\b(?:dang|xuat ban|dang tai)\b.*\b(?:ngay|luc|khi) (?:nao|may)\b|\bngay dang\b"
        r"|\bpublished\b|\bpublication date\b",
    ),
    (
        "outlet",
        r"\b(?:cua|tren|dang tren|thuoc) (?:bao|trang) nao\b|\btren bao\b(?! nhieu)|\bnguon (?:bai|tin)\b"
        r"|\bwhich (?:newspaper|outlet|site)\b",
    ),
)


_WHEN = (
    # "từ ngày nào đến ngày nào", "trong khoảng thời gian nào": from one time to another
    (
        "range",
        r"\btu (?:ngay|thang|luc|khi|bao gio) nao\b.*\bden\b|\bkhoang thoi gian nao\b"
        r"|\bnhung ngay nao\b|\bfrom when\b|\bwhich dates\b|\bwhat dates\b|\bbetween which\b",
    ),
    # "kéo dài đến hết ngày nào", "miễn phí đến bao giờ": when something ends
    (
        "until",
        r"\b(?:den|toi) (?:het )?(?:ngay nao|bao gio|khi nao|luc nao|thoi diem nao|thang nao)\b"
        r"|\bhet ngay nao\b|\buntil when\b|\buntil what\b",
    ),
    ("time", r"\bmay (?:gio|h)\b|\bluc may\b|\bgio nao\b|\bwhat time\b|\bat what hour\b"),
    ("date", r"\bngay (?:nao|may|bao nhieu)\b|\bwhat date\b|\bwhich day\b|\bon what day\b"),
    ("duration", r"\bbao lau\b|\bhow long\b|\bmay nam\b"),
    ("period", r"\bgiai doan nao\b|\bthoi ky nao\b|\bwhich period\b|\bwhat period\b"),
    ("year", r"\bnam nao\b|\bwhich year\b|\bwhat year\b"),
)


def when_asked(folded: str) -> str | None:
    return next((name for name, p in _WHEN if re.search(p, folded)), None)


def meta_asked(folded: str) -> str | None:
    return next((name for name, p in _META if re.search(p, folded)), None)


# Question words whose folded form is also a common word: "mấy" vs "máy", "nào" vs "não".
# A token written with diacritics only counts as the question word when spelled as one.
_QUESTION_SPELLING = {
    "may": {"mấy"}, "ai": {"ai"}, "nao": {"nào"}, "gi": {"gì"}, "dau": {"đâu"},
    "nhieu": {"nhiêu"}, "ten": {"tên"}, "chua": {"chưa"}, "khong": {"không"}, "so": {"số", "sở"},
}  # fmt: skip


def fold_question(text: str) -> str:
    """Fold for pattern matching, keeping 'máy' from reading as 'mấy'.

    Example: 'chụp tại công ty nào, máy gì' -> 'chup tai cong ty nao, may_ gi'.
    """

    def one(m: re.Match) -> str:
        word = m.group(0).lower()
        folded = fold(word)
        spelled = _QUESTION_SPELLING.get(folded)
        if spelled and word != folded and word not in spelled:
            return folded + "_"
        return folded

    return re.sub(r"[^\W\d_]+", one, nfc(text))


def kind_of(folded: str, english: bool) -> str:
    for kind, pattern in _kinds(english):
        if pattern.search(folded):
            return kind
    return "open"


@cache
def _kinds(english: bool) -> tuple[tuple[str, re.Pattern], ...]:
    """The kind patterns compiled, abbreviations taken from the glossary (and topic files)."""
    abbreviations = sorted(
        {re.escape(fold(k).lower()) for k in glossary()["abbreviations"]}, key=len, reverse=True
    )
    fill = "|".join(abbreviations) or "(?!)"
    return tuple(
        (kind, re.compile(pattern.replace("{ABBR}", fill)))
        for kind, pattern in (_EN_KINDS if english else _VI_KINDS)
    )
