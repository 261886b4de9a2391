"""Load article files (.txt, .md) into cleaned `Article`s.

Reads bytes, decodes UTF-8 (with or without BOM) or UTF-16 with a BOM, normalizes to NFC, takes
the title, date and outlet the text states, and removes page boilerplate (see `index.clean`).
Files that are not text are reported as `Skipped`, never raised: one bad file must not stop an
ingest of a hundred good ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from index.clean import DATELINE, clean_lines, is_dateline, is_navigation
from index.errors import BadInput
from index.records import Article, Skipped
from index.vntext import nfc

SUFFIXES = {".txt", ".md"}
MAX_BYTES = 5 * 1024 * 1024
# The title rides in every chunk's metadata and in front of every passage the embedder reads,
# so a file that is one long line must not make its whole text the title.
MAX_TITLE_CHARS = 300

_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_OUTLET_DOMAIN = re.compile(r"^theo\s+(?:[^/\s]{1,30}/)?([\w-]+(?:\.[\w-]+)+)\.?$", re.I)
_OUTLET_FOLLOW = re.compile(r"theo dõi (.{2,60}?) trên", re.I)


def find_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Skipped]]:
    """Expand folders to their .txt/.md files (sorted); report paths that are not usable."""
    files: list[Path] = []
    skipped: list[Skipped] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            root = path.resolve()
            for p in sorted(path.rglob("*")):
                if not (p.is_file() and _wanted(p)):
                    continue
                # a symlink inside the folder may point anywhere (~/.ssh/…): only what really
                # lives under the folder the user named is read
                if p.resolve().is_relative_to(root):
                    files.append(p)
                else:
                    skipped.append(Skipped(str(p), "liên kết trỏ ra ngoài thư mục đã chọn"))
        elif path.is_file() and _wanted(path):
            files.append(path)
        elif path.is_file():
            skipped.append(Skipped(str(path), "không phải tệp .txt hoặc .md"))
        else:
            skipped.append(Skipped(str(path), "không tồn tại"))
    return files, skipped


def _wanted(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES and not path.name.startswith(".")


def load_file(path: Path) -> Article:
    """Read one article file. Raises BadInput with the reason when it is not usable text."""
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise BadInput(f"{path.name}: tệp lớn hơn {MAX_BYTES // (1024 * 1024)} MB")
    return parse_article(path.name, decode(data, path.name), str(path.resolve()))


def decode(data: bytes, name: str = "tệp") -> str:
    """Bytes to NFC text. Example: b'\\xef\\xbb\\xbfH\\xc3\\xa0' -> 'Hà'."""
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if not utf16 and b"\x00" in data:
        raise BadInput(f"{name}: tệp nhị phân, không phải văn bản")
    try:
        text = data.decode("utf-16" if utf16 else "utf-8-sig")
    except UnicodeDecodeError as err:
        # Legacy Vietnamese encodings (Windows-1258, TCVN3, VNI) land here. They are not
        # guessed: each decodes any byte string, so a wrong guess would index mojibake silently.
        kind = "UTF-16" if utf16 else "UTF-8"
        raise BadInput(
            f"{name}: không đọc được dưới dạng {kind} (byte {err.start}); "
            "nếu tệp dùng bảng mã cũ (Windows-1258, TCVN3, VNI), hãy lưu lại dưới dạng UTF-8"
        ) from None
    if "\x00" in text:  # UTF-16 hides NULs from the byte check above
        raise BadInput(f"{name}: tệp nhị phân, không phải văn bản")
    text = nfc(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise BadInput(f"{name}: tệp rỗng")
    return text


def parse_article(article_id: str, text: str, path: str = "") -> Article:
    """Title, date and outlet from the raw text, then the cleaned body."""
    text = nfc(text)
    raw_lines = text.split("\n")
    nonempty = [" ".join(line.split()) for line in raw_lines if line.strip()]
    title = find_title(raw_lines) or article_id
    body = clean_lines(raw_lines, title)
    if not body or body[0] != title:
        body = [title] + [line for line in body if line != title]
    return Article(
        id=article_id,
        title=shorten(title, MAX_TITLE_CHARS),
        text="\n".join(body),
        path=path,
        date=find_date(nonempty[:8]),
        outlet=find_outlet(nonempty),
    )


def find_title(raw_lines: list[str]) -> str | None:
    """The headline: the first line that reads like one (several words, not the site's name
    in capitals, a menu, a domain or a dateline); else the first line that is not a dateline.

    Example: ['tinnhanh.vn', 'Thời sự  Kinh tế  Video', 'Nghệ An: Tỷ lệ tốt nghiệp đạt 99%'] ->
    'Nghệ An: Tỷ lệ tốt nghiệp đạt 99%'.
    """
    lines = [(raw, " ".join(raw.split()).lstrip("#").strip()) for raw in raw_lines]
    lines = [(raw, line) for raw, line in lines if line and not is_dateline(line)]
    for raw, line in lines[:12]:
        words = line.split()
        if len(words) >= 6 and not line.isupper() and not is_navigation(raw):
            return line
    return lines[0][1] if lines else None


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a space. Example: ('Một hai ba', 8) -> 'Một hai…'."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit - 1].rstrip() + "…"


def find_date(header_lines: list[str]) -> str | None:
    """ISO date of the first dateline near the top. Example: ['29/12/2021 9:18:45 SA'] -> '2021-12-29'."""
    for line in header_lines:
        if DATELINE.match(line):
            d, m, y = _DATE.search(line).groups()
            return f"{int(y):04d}-{int(m):02d}-{int(d):02d}"
    return None


def find_outlet(lines: list[str]) -> str | None:
    """Example: ['Theo NT/baochinhphu.vn'] -> 'baochinhphu.vn'; ['Theo dõi Pháp luật & Xã hội trên'] -> 'Pháp luật và Xã hội'."""
    for line in reversed(lines):
        if m := _OUTLET_DOMAIN.match(line):
            return m.group(1)
    for line in lines:
        if m := _OUTLET_FOLLOW.search(line):
            return m.group(1).replace("&", "và").strip()
    return None
