"""What a number question counts, and the words around it in the question.

"bao nhiêu *doanh nghiệp* đạt tiêu chuẩn quốc tế?" -> head ('doanh', 'nghiep'), qualifier
('dat', 'tieu', 'chuan', 'quoc', 'te'); "chỉ số tăng bao nhiêu?" -> verb 'tang'. Vietnamese
heads follow the question word; English heads end the noun phrase after "how many" / "number
of" and are translated through the glossary. All results are folded syllables.

Deliberately not here: deciding the question's kind (analysis.py) or matching figures in
sentences (evidence.py).
"""

from __future__ import annotations

import re
from functools import cache

from bot.lang.english import last_term, translate_terms
from bot.lang.glossary import classifiers, glossary, measures, question_words
from bot.lang.names import place_starts
from bot.lang.spans import spell_out
from index.vntext import fold, syllables

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")

MONEY = {"tien", "dong", "trieu", "ty", "kinh phi", "ngan sach", "von", "money", "usd", "vnd"}
MONEY |= {"doanh thu", "loi nhuan", "hoc phi", "thu nhap", "chi phi", "gia ve"}


def is_money(head: tuple[str, ...]) -> bool:
    """Does this head ask for money? Example: ('von',) -> True; ('trieu', 'tan') -> False."""
    if head[:1] in (("trieu",), ("ty",)) and len(head) > 1:
        return head[1] in ("dong", "usd", "vnd")  # "bao nhiêu triệu tấn" is a weight
    return bool(head) and (head[0] in MONEY or " ".join(head[:2]) in MONEY)


_HEAD_AFTER = re.compile(r"\b(?:bao nhieu|may|how many|how much)\s+((?:[\w%]+\s*){1,4})")
_HEAD_STOP = {
    "nam", "thi", "la", "co", "duoc", "se", "da", "dang", "cua", "trong", "cho", "tai", "o",
    "nua", "vay", "the", "roi", "khong", "hay", "de", "ma", "do", "dat", "tang", "tu",
    "does", "did", "will", "is", "are", "should", "in", "of", "to", "for", "by", "so", "voi", "mot", "moi",
}  # fmt: skip


_EN_HEAD = re.compile(
    r"\b(?:how (?:many|much)|number of)\s+(?:of (?:those|these|them|the)\s+)?((?:[\w'-]+\s*){1,5})",
    re.I,
)
_EN_HEAD_STOP = re.compile(
    r"\b(?:does|do|did|will|would|should|could|can|is|are|was|were|has|have|in|of|for|by|to"
    r"|that|which|on|at|than|lower|higher|more|less|fewer|greater|aim|target\w*|meeting|meet"
    r"|with|under|from|who|per|a year|a month|a day|each|every)\b.*",
    re.I,
)


_MONEY_WORDS = re.compile(
    r"\b(?:money|spend\w*|cost\w*|budget\w*|fund\w*|pa(?:y|id)|give|grant\w*|subsid\w*|dong|vnd|usd"
    r"|support\w*|aid|compensat\w*|invest\w*|capital|revenue|worth|price\w*|fine[ds]?|loan\w*)\b",
    re.I,
)


def english_verb(text: str) -> str:
    """'By how much should output grow?' -> 'tang': the last measuring verb, translated
    (English puts the main verb after its subject: 'recognized products ... grow')."""
    low = " " + " ".join(re.findall(r"[a-z']+", text.lower())) + " "
    best: tuple[int, str] | None = None
    for phrase, vi in glossary()["english"].items():
        folded = fold(vi).lower()
        verb = next((v for v in _MEASURE_VERBS if folded == v), None)
        at = low.rfind(f" {phrase} ")
        if verb and at >= 0 and (best is None or at > best[0]):
            best = (at, verb.split()[-1])
    return best[1] if best else ""


def english_qualifier(text: str, head: tuple[str, ...]) -> tuple[str, ...]:
    """What qualifies the counted noun, from the whole 'how many ...' phrase, translated.

    Example: 'how many supporting industry firms ...' -> ('cong', 'nghiep', 'ho', 'tro').
    """
    if head == ("%",):
        m = re.search(r"\b(?:share|percentage|percent|proportion) of\b", text, re.I)
        if not m:
            return ()
        words = []
        for vi in translate_terms(text[m.end() :]):
            words += [fold(w) for w in syllables(vi)]
        return tuple(words[:10])
    m = _EN_HEAD.search(text)
    if not m or not head:
        return ()
    words = []
    for vi in translate_terms(text[m.start() :]):
        folded = tuple(fold(w) for w in syllables(vi))
        if folded[:2] != head[:2] and folded not in ((("ha", "noi")),):
            words += folded
    return tuple(words[:10])


_EN_TARGET_FOR = re.compile(
    r"\b(?:targets? (?:for|of)|goals? for|figures? for)\s+(?:the\s+)?((?:[\w'-]+\s*){1,5})", re.I
)


def _is_unit(vi: str | None) -> bool:
    """A measure a figure is written with ('tấn', 'kWh', 'ha'): not to be read as money."""
    if not vi:
        return False
    key = " ".join(fold(w) for w in syllables(vi)).lower()
    return key in glossary()["units"] or fold(vi).lower() in classifiers()


def english_head(text: str, kind: str) -> tuple[str, ...]:
    """'How many industrial clusters will ...' -> ('cum', 'cong'); 'how much money' -> ('dong',)."""
    m = _EN_HEAD.search(text) or _EN_TARGET_FOR.search(text)
    phrase = _EN_HEAD_STOP.sub("", m.group(1)) if m else ""
    vi = last_term(phrase) if phrase.strip() else None
    if vi in ("%",):
        return ("%",)
    much = kind == "amount" or bool(m and "much" in m.group(0).lower())
    if much and not _is_unit(vi):
        # "how much emergency support": money, whatever the noun ("hỗ trợ" counts nothing);
        # "how much electricity": what is measured, not the unit it is written in
        if _MONEY_WORDS.search(phrase or text):
            return ("dong",)
        if vi:
            return ()
    if vi:
        return tuple(fold(w) for w in syllables(vi))[:2]
    return ()


def countable_anywhere(folded: str) -> tuple[str, ...]:
    """The first countable noun a question names. Example: 'so doanh nghiep ...' -> ('doanh', 'nghiep')."""
    padded = f" {spell_out(folded)} "
    best: tuple[int, tuple[str, ...]] | None = None
    for noun in glossary()["countable"]["list"]:
        words = tuple(fold(w) for w in syllables(spell_out(noun)))
        at = fold(padded).find(" " + " ".join(words) + " ")
        if at >= 0 and (best is None or at < best[0]):
            best = (at, words[:2])
    return best[1] if best else ()


def countable_before(folded: str) -> tuple[str, ...]:
    """'chi tieu dn cnht la bao nhieu' -> ('doanh', 'nghiep'): with nothing after the question
    word, the last countable noun before it is what is counted."""
    m = re.search(
        r"(?:\bla (?:bao nhieu|may)|\bbao nhieu)\s*[?.!]*\s*$", folded
    )  # "X (là) bao nhiêu?"
    if not m:
        return ()
    before = " " + folded[: m.start()] + " "
    counted = countable_anywhere(" " + before.split(" so ", 1)[1]) if " so " in before else ()
    if counted:  # "số doanh nghiệp ... là bao nhiêu": "số X" names what is counted
        return counted
    best: tuple[int, tuple[str, ...]] | None = None
    for noun in glossary()["countable"]["list"]:
        words = tuple(fold(w) for w in syllables(spell_out(noun)))
        at = before.rfind(" " + " ".join(words) + " ")
        if at >= 0 and (best is None or at > best[0]):
            best = (at, words[:2])
    return best[1] if best else ()


def qualifier_of(folded: str, head: tuple[str, ...]) -> tuple[str, ...]:
    """Content words right after the counted noun (or '%'): which of them is asked about.

    Example: 'bao nhieu doanh nghiep dat tieu chuan quoc te?' -> ('dat', 'tieu', 'chuan', 'quoc', 'te').
    """
    if not head:
        return ()
    unit = r"(?:phan tram|%)" if head == ("%",) else r"\s+".join(map(re.escape, head)) + r"\b"
    m = re.search(r"\b(?:bao nhieu|may)\s*" + unit + r"([^?,.;]*)", folded)
    if not m:
        return ()
    singles, _ = question_words()
    words = [w for w in syllables(m.group(1)) if w not in singles and not w.isdigit()]
    return tuple(words[:10])


def unit_part(head: tuple[str, ...]) -> tuple[str, ...]:
    """The syllables of the head that name a unit (money, a unit of measure, a count word)
    rather than the thing counted: () for 'vận động viên' or 'liều vắc xin', the whole head for
    'triệu đồng' or 'ha', only the count word of 'người chết' (what died is asked about)."""
    if not head:
        return ()
    first = head[0]
    if first == "%" or is_money(head) or (first,) in measures():
        return head
    return (first,) if first in classifiers() else ()


def head_of(folded: str) -> tuple[str, ...]:
    """What follows 'bao nhiêu' up to a function word. Example: 'bao nhieu doanh nghiep dat' -> ('doanh','nghiep')."""
    # "mấy trăm doanh nghiệp" is "several hundred", not a question
    found = [
        m
        for m in _HEAD_AFTER.finditer(folded)
        if not (
            m.group(0).startswith("may") and re.match(r"(?:tram|chuc|nghin|ngan)\b", m.group(1))
        )
    ]
    m = found[0] if found else None
    if not m:
        return ()
    words: list[str] = []
    # "bao nhiêu doanh nghiệp Hà Nội": the head ends where a place begins
    places = {i for _, i in place_starts(m.group(1))}
    said = syllables(m.group(1)) if "%" not in m.group(1)[:2] else ["%"]
    for i, w in enumerate(said):
        # folded "thi sinh" is "thí sinh", a known noun, not "thì"
        known = i == 0 and " ".join(said[:2]) in _countable_names()
        if (w in _HEAD_STOP and not known) or NUMBER.fullmatch(w) or i in places:
            break
        words.append(w)
    return tuple(words[:2])


@cache
def _countable_names() -> frozenset[str]:
    return frozenset(fold(n).lower() for n in glossary()["countable"]["list"])


_VERB_BEFORE = re.compile(r"(\w+)\s+(?:duoc\s+)?(?:bao nhieu|may)\b")
_NOT_VERBS = {
    "trong",
    "lam",  # "làm bao nhiêu người chết": a light verb, what is counted follows
    "muon",
    "phai",
    "can",
    "co",
    "la",
    "duoc",
    "hut",
    "tieu",
    "dat",
    "the",
    "thi",
    "nay",
    "do",
    "ca",
    "ve",
    "voi",
    "cong",  # "tổng cộng bao nhiêu": in all, no verb
}


_MEASURE_VERBS = ("tang", "giam", "chiem", "dong gop", "thu hut", "moi", "khoi cong", "cong nhan")


def verb_of(folded: str) -> str:
    """The word naming what the figure does: the nearest measuring verb before 'bao nhiêu'
    (within six words), else the word right before it.

    Example: 'chi so tang bao nhieu' -> 'tang'; 'tang gia tri sx bn %' -> 'tang'.
    """
    m = re.search(r"\b(?:bao nhieu|may)\b", folded) or re.search(r"\d+(?:[.,]\d+)*\s*%", folded)
    if not m:  # "... chỉ tăng trên 10%, con số nào đúng?": the verb before the offered figure
        return ""
    before = syllables(folded[: m.start()])[-6:]
    for i in range(len(before) - 1, -1, -1):
        for verb in _MEASURE_VERBS:
            parts = verb.split()
            if before[i : i + len(parts)] == parts:
                return parts[-1]
    m = _VERB_BEFORE.search(folded)
    return m.group(1) if m and m.group(1) not in _NOT_VERBS and not m.group(1).isdigit() else ""
