"""Names a question can be constrained by: places, titles, plan and decree numbers.

Places and titles come from data files (`bot/data/places.txt`, `roles.txt`), matched as
folded syllable sequences, longest alias first. Example: places_in('TP.HCM có bao nhiêu DN?')
-> ('ho chi minh',); roles_in('Phó GĐ Sở') -> ('pho giam doc',).

Deliberately not here: checking them against evidence (refusal.py).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources

from bot.lang.glossary import abbreviation_table
from index.vntext import LOWER, UPPER, fold, nfc, syllable_matches, syllables

# the one pattern of a plan or decree number: "267/KH-UBND", "35/2019/NĐ-CP"
PLAN_NUMBER = r"\b\d+/(?:\d{4}/)?[A-ZĐ]+(?:-[A-ZĐ]+)+"
PLAN_REF = re.compile(PLAN_NUMBER, re.I)  # as typed in a question: "267/kh-ubnd" too
# Words that begin the name of an organisation in Vietnamese news, whatever the topic.
AGENCY = re.compile(
    r"\b(?:Sở|Bộ|Cục|Tổng cục|UBND|Ủy ban|Hội|Hiệp hội|Viện|Trung tâm|Ban|Công ty|Tập đoàn"
    r"|Tổng công ty|Ngân hàng|Bệnh viện|Trường|Đại học|CLB|Câu lạc bộ|Quỹ|Tổ chức|Liên đoàn"
    r"|Thanh tra|Kho bạc|Văn phòng|Hãng|Quân khu|Công an|Tòa án|Viện kiểm sát)\b"
)
# bodies a sentence names in lower case, besides AGENCY's: "các sở", "cơ quan", "đơn vị"
BODIES = re.compile(r"\bCông ty\b|\b(?:các sở|sở, ban, ngành|cơ quan|đơn vị|hiệp hội)\b")
_BARE_PLAN = re.compile(
    r"\b(?:kế hoạch|ke hoach|kh|nghị định|nghi dinh|quyết định|quyet dinh|đề án|de an|plan|decree)"
    r"(?: số| so| no\.?| number)?\s+(\d+)(?!\s*(?:%|doanh|dn|sản|san))\b",
    re.I,
)


def plan_numbers(text: str) -> tuple[str, ...]:
    """Numbers of the plans or decrees a question names. Example: 'kh 35 ban hành ngày nào' -> ('35',)."""
    found = [m.group(0).split("/")[0] for m in PLAN_REF.finditer(text)]
    found += [
        m.group(1)
        for m in _BARE_PLAN.finditer(text)
        if not re.fullmatch(r"(?:19|20)\d{2}", m.group(1))
    ]
    return tuple(dict.fromkeys(found))


@cache
def _name_table(resource: str) -> tuple[tuple[tuple[str, ...], str], ...]:
    """(folded alias syllables, canonical folded name), longest alias first."""
    text = resources.files("bot.data").joinpath(resource).read_text("utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        names = [n.strip() for n in line.split("=")]
        canonical = " ".join(fold(s) for s in syllables(names[0]))
        for alias in names:
            rows.append((tuple(fold(s) for s in syllables(alias)), canonical))
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@cache
def _by_first_syllable(resource: str) -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    """The name table grouped by an alias's first syllable, longest alias first in each."""
    groups: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for alias, canonical in _name_table(resource):
        groups.setdefault(alias[0], []).append((alias, canonical))
    return {k: tuple(v) for k, v in groups.items()}


def _matches(folded: list[str], resource: str) -> list[tuple[int, int, str]]:
    """Every (-length, start, canonical) of the table's aliases in folded, lower-case syllables,
    overlapping ones included."""
    table = _by_first_syllable(resource)
    return [
        (-len(alias), i, canonical)
        for i, syllable in enumerate(folded)
        for alias, canonical in table.get(syllable, ())
        if tuple(folded[i : i + len(alias)]) == alias
    ]


@cache
def _marked(resource: str) -> dict[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Folded alias -> the marks of its syllables as written ('bí thư' -> (('\u0301',), ...))."""
    text = resources.files("bot.data").joinpath(resource).read_text("utf-8")
    out: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            for alias in (n.strip() for n in line.split("=")):
                sylls = syllables(alias)
                out[tuple(fold(s) for s in sylls)] = tuple(_marks(s) for s in sylls)
    return out


def _marks(syllable: str) -> tuple[str, ...]:
    """The diacritics of a syllable, wherever the tone sits ('hoà' and 'hòa' are alike)."""
    marks = [
        ch for ch in unicodedata.normalize("NFD", syllable.lower()) if unicodedata.combining(ch)
    ]
    return tuple(sorted(marks + (["đ"] if "đ" in syllable.lower() else [])))


def _as_written(written: list[str], alias: tuple[str, ...], resource: str) -> bool:
    """A syllable names the title unless typed with a mark the title lacks: 'bị thu hồi' is
    no 'Bí thư'; 'bi thu' and 'giám đôc' (a mark left out) may be."""
    marks = _marked(resource).get(alias)
    return marks is None or all(set(_marks(w)) <= set(m) for w, m in zip(written, marks))


def _find_names(text: str, resource: str) -> list[tuple[str, int, int]]:
    """(canonical, first syllable, syllables) of each name found, longest alias first, no
    overlaps. Titles must be spelled as written when typed with diacritics (`_as_written`)."""
    written = syllables(text)
    sylls = [fold(s) for s in written]
    taken = [False] * len(sylls)
    found = []
    for neg, i, canonical in sorted(_matches(sylls, resource)):  # longest first, then leftmost
        n = -neg
        if resource == "roles.txt" and not _as_written(
            written[i : i + n], tuple(sylls[i : i + n]), resource
        ):
            continue
        if not any(taken[i : i + n]):
            taken[i : i + n] = [True] * n
            found.append((canonical, i, n))
    return found


def place_starts(text: str) -> list[tuple[str, int]]:
    """Places named and the syllable each begins at. Example: 'doanh nghiep ha noi' -> [('ha noi', 2)]."""
    return [(name, i) for name, i, _ in _find_names(text, "places.txt")]


def place_spans(text: str) -> list[tuple[str, str]]:
    """(canonical, as written) for each place named, in order. Example: 'Ở TP.HCM và Hanoi'
    -> [('ho chi minh', 'TP.HCM'), ('ha noi', 'Hanoi')]."""
    return [(c, w) for c, w, _ in _spans(text, "places.txt", deputy=False)]


def role_spans(text: str) -> list[tuple[str, str]]:
    """(title with 'pho ' kept, as written) for each title named. Example: 'ông A, Phó GĐ Sở'
    -> [('pho giam doc', 'Phó GĐ')]."""
    out = []
    for canonical, written, before in _spans(text, "roles.txt"):
        out.append((f"pho {canonical}" if before in _DEPUTY else canonical, written))
    return out


_DEPUTY = ("pho", "deputy", "vice")


def _spans(text: str, resource: str, deputy: bool = True) -> list[tuple[str, str, str]]:
    """(canonical, as written, the folded word before it); a title is written with the
    'Phó' before it."""
    text = nfc(text)
    tokens = syllable_matches(text)
    words = [fold(t.group(0).lower()) for t in tokens]
    out = []
    for canonical, i, n in sorted(_find_names(text, resource), key=lambda f: f[1]):
        before = words[i - 1] if i > 0 else ""
        first = i - 1 if deputy and before in _DEPUTY else i
        out.append((canonical, text[tokens[first].start() : tokens[i + n - 1].end()], before))
    return out


@lru_cache(maxsize=1024)
def places_in(text: str) -> tuple[str, ...]:
    """Example: 'TP.HCM có bao nhiêu DN?' -> ('ho chi minh',)."""
    return tuple(dict.fromkeys(name for name, _, _ in _find_names(text, "places.txt")))


def roles_in(text: str) -> tuple[str, ...]:
    """Titles named, with 'pho ' kept. Example: 'Phó GĐ Sở là ai' -> ('pho giam doc',)."""
    sylls = [fold(s) for s in syllables(text)]
    out = []
    for name, i, _ in _find_names(text, "roles.txt"):
        deputy = i > 0 and sylls[i - 1] in _DEPUTY
        out.append(f"pho {name}" if deputy else name)
    return tuple(dict.fromkeys(out))


# A name in running Vietnamese text: capitalised syllables in a row ("Đại Ngãi", "Chợ Rẫy"),
# or one written with capitals inside ("HPBank", "SJC"). Joined by hyphens or spaces.
_NAME_RUN = re.compile(
    rf"(?<![{UPPER}{LOWER}\d.])(?:[{UPPER}][{UPPER}{LOWER}'’\d]*(?:[-\s](?=[{UPPER}]))?)+"
)


# as written: folded, "bác" (uncle) would be "Bắc" of Bắc Ninh
_TITLE_WORDS = {"ông", "bà", "anh", "chị", "em", "cô", "chú", "bác", "theo", "mr", "ms"}


def proper_names(text: str) -> tuple[str, ...]:
    """Names a Vietnamese question states, for checking that the evidence is about them.

    A single capitalised word opening the question is just the sentence's capital letter,
    and one inside it may be a title in capitals ("Giám đốc"), so a name is two capitalised
    syllables or more, or one with another capital inside it ("HPBank").
    Example: 'Bệnh nhân được Bệnh viện Chợ Rẫy ghép thận bao nhiêu tuổi?' -> ('Chợ Rẫy',).

    A run of capitals is cut where a question joins what an article writes apart: at codes
    and acronyms ("nhà ga T2 Cát Bi", "Hiệp hội BĐS Khánh Hòa") and at places, which
    `places_in` checks on their own ("Sở Công Thương Quảng Trị" is "Sở Công Thương tỉnh
    Quảng Trị" in the article). Known abbreviations ("UBND", "TP.HCM") are words, not names.
    """
    known = set(abbreviation_table())
    out = []
    for m in _NAME_RUN.finditer(PLAN_REF.sub(" ", text)):
        words = m.group(0).strip(" -").split()
        if (len(words) >= 2 and m.start() == 0) or (words and words[0].lower() in _TITLE_WORDS):
            words = words[1:]  # the question's capital letter, or "Ông" before the name
        for part in _parts(words, known):
            run = " ".join(part)
            if len(part) >= 2 or re.search(rf".[{UPPER}]", run):
                out.append(run)
    return tuple(dict.fromkeys(out))


# One Vietnamese syllable written without diacritics: initial, vowels, final ("Hoa", "Loc",
# "Nguyen", "Khanh"); "River", "Blue", "Sea", "Marathon" are not
_VI_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    r"(?!.*(?:ea|ee|ou|ei|ie$|oa[aeiou]))[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?",
    re.I,
)
_EN_LEADS = {
    "when",
    "what",
    "which",
    "who",
    "where",
    "how",
    "why",
    "is",
    "are",
    "does",
    "did",
    "do",
    "was",
}


def english_names(text: str) -> tuple[str, ...]:
    """Vietnamese names an English question states without diacritics: runs of two or more
    capitalised words that are Vietnamese syllables, cut at English words and places.

    Example: 'When is the Hoa Loc bridge over the Tien River finished?' -> ('Hoa Loc',).
    """
    out = []
    for m in _NAME_RUN.finditer(PLAN_REF.sub(" ", text)):
        words = [w for w in m.group(0).strip(" -").split()]
        pieces: list[list[str]] = [[]]
        for w in words:
            bare = w.strip(".'’").removesuffix("'s").removesuffix("’s")
            if bare.lower() in _EN_LEADS or not _VI_SYLLABLE.fullmatch(bare):
                pieces.append([])
            else:
                pieces[-1].append(bare)
        for part in pieces:
            for piece in _without_places(part) if len(part) >= 2 else []:
                if len(piece) >= 2:
                    out.append(" ".join(piece))
    return tuple(dict.fromkeys(out))


def _parts(words: list[str], known: set[str]) -> list[list[str]]:
    """A run split at acronyms, codes with digits, known abbreviations and places."""
    parts: list[list[str]] = [[]]
    for word in words:
        bare = word.strip(".")
        if bare.upper() in known or bare.isupper() or re.search(r"\d", bare):
            parts.append([])
        else:
            parts[-1].append(word)
    return [piece for part in parts if part for piece in _without_places(part)]


def _without_places(words: list[str]) -> list[list[str]]:
    cut = [False] * len(words)
    for neg, i, _ in _matches([fold(w).lower() for w in words], "places.txt"):
        cut[i : i - neg] = [True] * -neg
    pieces: list[list[str]] = [[]]
    for word, is_place in zip(words, cut):
        if is_place:
            pieces.append([])
        else:
            pieces[-1].append(word)
    return [p for p in pieces if p]
