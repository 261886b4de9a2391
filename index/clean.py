"""Strip web-page boilerplate from a scraped news article, by general rules on lines.

Each rule is a small named function so it can be tested alone. Rules look at markers ("Tin
khác", "Xem thêm"...) and at line shape (dated headline lists, share/QR lines, repeated
captions), never at offsets of a particular file.

Deliberately not done: guessing the article's language, rewriting sentences, or dropping
bylines; a short byline ("Theo NT/baochinhphu.vn") is harmless and sometimes asked about.
"""

from __future__ import annotations

import re

from index.vntext import fold

# A line that is only one of these starts the page's "related / more news" area.
TAIL_MARKERS = {
    "nên xem",
    "tin khác",
    "tin liên quan",
    "liên quan",
    "tin cùng chuyên mục",
    "có thể bạn quan tâm",
    "có thể bạn chưa đọc",
    "xem thêm",
    "đọc thêm",
    "tin mới hơn",
    "tin đã đăng",
    "tin mới",
    "bài viết liên quan",
    "ý kiến bạn đọc",
    "bình luận",
    "tags",
    "từ khóa",
}
_DATE = r"\d{1,2}/\d{1,2}/\d{4}"
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:SA|CH|AM|PM))?"
_WEEKDAY = r"(?:Thứ\s+\w+|Chủ\s+nhật)"
# "Thứ sáu 26/04/2024 17:37", "29/12/2021 9:18:45 SA": a line that is only a date(time).
DATELINE = re.compile(
    rf"^(?:(?:cập nhật|đăng(?: lúc)?|ngày đăng)\s*:?\s*)?(?:{_TIME},?\s+)?(?:{_WEEKDAY},?\s+)?"
    rf"(?:ngày\s+)?{_DATE}(?:\s*[-,|]?\s*{_TIME})?(?:\s*\(?GMT\s*[+-]\s*\d{{1,2}}\)?)?$",
    re.I,
)
# "Nhịp sống Thủ đô 24/11/2024 08:24": the category + time stamp under a sidebar headline.
DATED_HEADLINE_META = re.compile(rf"^[^\W\d][^.!?]{{0,40}}\s{_DATE}\s+{_TIME}$")
SHARE_OR_TAG = re.compile(
    r"^(?:[•·*\-]\s*)?(?:share(?:\s+bai)?|chia sẻ|tags?|từ khóa|in bài|gửi bài|lưu bài)\b\s*[:]?",
    re.I,
)
QR_OR_MOBILE = re.compile(
    r"quét\s+(?:mã\s+)?qr|mã qr|phiên bản di động|bản mobile|trên nền tảng zalo|^theo dõi .{1,60} trên$",
    re.I,
)
PHOTO_CREDIT = re.compile(r"^ảnh(?:\s+minh\s+họa)?\s*[.:]?\s*(?:nguồn\s+\S.*)?[|.]?\s*$", re.I)
LONE_SYMBOL = re.compile(r"^[\W_]{0,3}$|^[xX×]$")


def is_tail_marker(line: str) -> bool:
    """Example: 'Xem thêm»' -> True; 'Xem thêm chi tiết tại đây' -> False."""
    key = re.sub(r"[\s:»>.…]+$", "", line.strip().lstrip("•·*- ")).lower()
    return key in TAIL_MARKERS


def is_dateline(line: str) -> bool:
    """Example: 'Thứ sáu 26/04/2024 17:37' -> True."""
    return bool(DATELINE.match(line.strip()))


def is_share_or_tag(line: str) -> bool:
    """Example: 'Share Bai :' -> True; '• Tags:' -> True."""
    return bool(SHARE_OR_TAG.match(line.strip()))


def is_qr_or_mobile(line: str) -> bool:
    """Example: 'Mở Zalo, bấm quét QR để quét và xem trên điện thoại' -> True."""
    return bool(QR_OR_MOBILE.search(line.strip()))


def is_photo_credit(line: str) -> bool:
    """Example: 'Ảnh minh họa. Nguồn Internet' -> True; 'Ảnh minh họa. |' -> True."""
    return bool(PHOTO_CREDIT.match(line.strip()))


def is_link_fragment(line: str) -> bool:
    """Related-link strips end in a bar. Example: 'A tăng cường kết nối B |' -> True."""
    return line.rstrip().endswith("|")


def is_slug_prefixed(line: str, title: str) -> bool:
    """Image alt text / related links that start with the title typed without accents.

    Example: ('ha noi phan dau ... Chủ tịch Hà Nội yêu cầu ...', 'Hà Nội: Phấn đấu ...') -> True.
    """
    slug = _words(fold(title))
    # Compared with the line as written, so the accented title itself never matches.
    return len(slug) > 12 and _words(line).startswith(slug)


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def drop_dated_headline_lists(lines: list[str]) -> list[str]:
    """Drop 'headline / Category dd/mm/yyyy hh:mm' pairs: sidebar lists of other news."""
    keep = [True] * len(lines)
    for i, line in enumerate(lines):
        if DATED_HEADLINE_META.match(line.strip()):
            keep[i] = False
            if i > 0 and len(lines[i - 1]) < 200:
                keep[i - 1] = False
    return [line for line, k in zip(lines, keep) if k]


# "• Hà Giang đón 3,1 triệu lượt khách năm 2024": a bulleted headline, a link to other news.
_BULLET_HEADLINE = re.compile(r"^[•·▪►▸»◦\-–*+>]+\s*\S.{8,180}$")


def drop_bulleted_headlines(lines: list[str]) -> list[str]:
    """Drop runs of two or more bulleted lines that end without punctuation, as headlines do,
    with a short label line just above them ("Liên quan", "Đọc nhiều"). An article's own
    bulleted list ends its items with ';' or '.', or is introduced by a sentence ending in ':'.
    """
    keep = [True] * len(lines)
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and _is_bulleted_headline(lines[j]):
            j += 1
        if j - i >= 2 and not (i > 0 and lines[i - 1].rstrip().endswith(":")):
            keep[i:j] = [False] * (j - i)
            if i > 0 and len(lines[i - 1]) <= 40 and not re.search(r"[.!?;]$", lines[i - 1]):
                keep[i - 1] = False
        i = max(j, i + 1)
    return [line for line, k in zip(lines, keep) if k]


def _is_bulleted_headline(line: str) -> bool:
    line = line.strip()
    return bool(_BULLET_HEADLINE.match(line)) and not re.search(r"[.;:,]$", line)


BODY_CHARS = 120


def is_body(line: str) -> bool:
    """A paragraph of running text: long, ending like a sentence. Headlines, captions and
    list items are short or end without a full stop.

    Example: 'Toàn tỉnh có 318 bài thi đạt điểm tuyệt đối, gấp gần 1,5 lần năm trước. ...' -> True.
    """
    line = line.strip()
    return len(line) >= BODY_CHARS and bool(re.search(r"[.!?…:;\"”)]$", line))


def cut_tail(lines: list[str]) -> list[str]:
    """Drop each "related news" block: a marker line ("Tin liên quan", "Xem thêm", "Tags"...)
    and what follows it, up to where the article resumes with two paragraphs in a row.

    Pages put such blocks in the middle of the article as often as at its end; a block at the
    end (headlines, teaser paragraphs one at a time, a footer) never resumes and is all
    dropped. A marker before any body paragraph (a header link) drops only itself.
    """
    seen_body = False
    out: list[str] = []
    i = 0
    while i < len(lines):
        if is_tail_marker(lines[i]):
            i += 1
            if seen_body:
                while i < len(lines) and not (is_body(lines[i]) and _next_is_body(lines, i)):
                    i += 1
            continue
        seen_body = seen_body or len(lines[i]) >= 200
        out.append(lines[i])
        i += 1
    return out


def _next_is_body(lines: list[str], i: int) -> bool:
    return i + 1 < len(lines) and is_body(lines[i + 1])


# Site menus and breadcrumbs: short lines of items split by wide gaps or separators.
# "Thời sự  Kinh tế  Giáo dục", "Trang chủ / Kinh tế / Đầu tư", "Giáo dục | Tuyển sinh".
_GAP = re.compile(r"\S(?: {2,}|\t+)\S")
_SEPARATOR = re.compile(r"\s(?:\||/|›|»|>)\s")


def is_navigation(raw: str) -> bool:
    """Example: 'Trang chủ / Kinh tế địa phương / Đầu tư' -> True; a sentence with '/' -> False."""
    line = raw.strip()
    if len(line) > 150 or re.search(r"[.!?]$", line):
        return False
    return len(_GAP.findall(line)) >= 2 or bool(_SEPARATOR.search(line))


def drop_repeats(lines: list[str]) -> list[str]:
    """Keep the first of identical lines (captions printed twice, title repeated as caption)."""
    seen: set[str] = set()
    out = []
    for line in lines:
        key = " ".join(line.split()).lower()
        if key in seen:
            continue
        seen.add(key)
        out.append(line)
    return out


LINE_RULES = (is_dateline, is_share_or_tag, is_qr_or_mobile, is_photo_credit, is_link_fragment)


def clean_lines(lines: list[str], title: str) -> list[str]:
    """Apply every rule; returns the article's own non-empty lines, stripped, title first.
    Lines come as written: menus are told by their wide gaps before spaces are collapsed."""
    lines = [" ".join(line.split()) for line in lines if not is_navigation(line)]
    lines = [line for line in lines if line]
    lines = cut_tail(lines)
    lines = drop_dated_headline_lists(lines)
    lines = drop_bulleted_headlines(lines)
    lines = [line for line in lines if not any(rule(line) for rule in LINE_RULES)]
    lines = [line for line in lines if not is_slug_prefixed(line, title)]
    lines = [line for line in lines if not LONE_SYMBOL.match(line)]
    return drop_repeats(lines)
