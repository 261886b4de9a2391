"""Turn a follow-up into a standalone question by rules, using the conversation so far.

- "Còn năm 2020 thì sao?" after "Năm 2022 Hà Nội đặt mục tiêu bao nhiêu DN?" ->
  "Năm 2020 Hà Nội đặt mục tiêu bao nhiêu DN?": what changed (a year, a place) is swapped into
  the previous question.
- "Kế hoạch đó do ai chủ trì?" after a question about Kế hoạch 267/KH-UBND ->
  "Kế hoạch 267/KH-UBND do ai chủ trì?": an anaphor ("đó", "này", "ấy", "that", "he") is
  replaced by what it points to (a plan number, a person named in the last answer).
- Other follow-ups keep their own words and get the previous question's topic as context:
  Standalone("Trong đó bao nhiêu đạt chuẩn quốc tế?", context="Hà Nội muốn có DN công nghiệp hỗ
  trợ năm 2022"). Question analysis reads what is asked from `asked`, constraints from both.
  Written out (for retrieval, a chat model, the page) the context follows a marker:
  "Trong đó bao nhiêu đạt chuẩn quốc tế? (ngữ cảnh: Hà Nội muốn ... 2022)"; nothing parses it
  back.

The previous question is itself resolved first, so chains of follow-ups keep their thread. A
question that stands on its own is returned unchanged.

Deliberately simple: a chat model can do the rewrite when one is configured (a later backend).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.lang.names import PLAN_NUMBER
from bot.lang.spans import PERSON, figures
from bot.lang.temporal import YEAR
from bot.records import Turn
from index.vntext import LOWER, UPPER, fold, syllables

CONTEXT_MARK = " (ngữ cảnh: "


@dataclass(frozen=True)
class Standalone:
    """A question that stands alone: its own words, and what a follow-up was about."""

    asked: str
    context: str = ""  # the previous question's topic, question words removed ("" if none)

    def __str__(self) -> str:
        """As retrieval, a chat model and the page read it. Example: 'Trong đó bao nhiêu? (ngữ
        cảnh: Hà Nội muốn có DN năm 2022)'."""
        return f"{self.asked}{CONTEXT_MARK}{self.context})" if self.context else self.asked


_ELLIPTICAL_START = re.compile(
    r"^(?:thế còn|vậy còn|còn|vậy|thế|và|nhưng|sao|tại sao|vì sao|what about|how about|and|what of|but|why)\b[\s,]*",
    re.I,
)
_TAIL = re.compile(
    r"\s*(?:thì sao|thế nào|ra sao|thì thế nào|thì|nhỉ|vậy|thế|nữa|z|then|instead)?\s*[?.!]*\s*$",
    re.I,
)
_ANAPHORA = {"do", "nay", "ay", "kia", "tren", "it", "that", "this", "they", "them", "those",
             "these", "he", "she", "his", "her", "him"}  # fmt: skip
_PERSON_ANAPHOR = re.compile(
    r"\b(?:ông|bà|anh|chị|em|cô|chú|bạn|cậu|thầy|cụ|ong|ba|chi|co|chu|ban|cau|thay)"
    r"\s+(?:ấy|này|đó|ta|ay|nay)\b|\b(?:he|she|him|his|her)\b",
    re.I,
)
_THING_ANAPHOR = re.compile(
    r"\b(kế hoạch|chương trình|đề án|nghị định|bài(?: báo| viết)?|the plan|that plan|this plan)"
    r"\s*(?:đó|này|ấy|trên|nói trên)?\b(?=\s|$|[?,.])",
    re.I,
)
_QUESTION_BITS = re.compile(
    r"\b(?:bao nhiêu|bao nhieu|bn|mấy|là gì|là ai|là bao nhiêu|những gì|gì|nào|ai|không|chưa|"
    r"how many|how much|what|which|who|when|does|did|do|is|are)\b|[?]",
    re.I,
)
_ASKS = re.compile(
    r"\b(?:bao nhiêu|bao nhieu|bn|mấy|gì|nào|ai|đâu|sao|không|chưa|khi nào|how|what|which|who|when|where|why|is|are|does|did)\b",
    re.I,
)
_PLAN_REF = re.compile(PLAN_NUMBER)  # as the conversation wrote it (case as written)
_NAME_ONLY = re.compile(rf"((?:[{UPPER}][{LOWER}]+\s){{2,3}}[{UPPER}][{LOWER}]+)")
SHORT = 8  # syllables; shorter questions, asked mid-conversation, rarely stand alone


def previous_question(history: list[Turn]) -> tuple[str | None, list[Turn], str]:
    """The last user question, the history before it, and the answer given to it."""
    for i in range(len(history) - 1, -1, -1):
        turn = history[i]
        if turn.role == "user" and turn.content.strip():
            answer = " ".join(t.content for t in history[i + 1 :] if t.role != "user")
            return turn.content.strip(), history[:i], answer
    return None, [], ""


def without_markers(text: str) -> str:
    """An answer's words without its citation markers, which number passages of that turn only.

    Example: 'Khoảng 920 doanh nghiệp [1][2].' -> 'Khoảng 920 doanh nghiệp.'
    """
    return re.sub(r"\s*\[\d{1,3}\]", "", text)


def said_figures(history: list[Turn]) -> tuple[str, ...]:
    """The figures the last answer gave (their values, citation markers aside): a follow-up
    ("Còn giá trị nhập khẩu thì sao?") asks for another one.

    Example: [user: 'Xuất khẩu đạt bao nhiêu?', assistant: 'Đạt 1,72 tỷ USD [1].'] -> ('1,72',).
    """
    answer = without_markers(previous_question(history)[2])
    return tuple(dict.fromkeys(f.value for f in figures(answer)))


_FOLDED_START = re.compile(r"^(?:the con|vay con|con|va|nhung)\b(?!\s+(?:so|nguoi)\b)")


# "năm trước", "cùng kỳ năm ngoái", "the year before": a year counted from the previous question's
_RELATIVE_YEAR = re.compile(
    r"\b(?:(?:cùng kỳ\s+)?(?:năm|nam|mùa|mua|vụ|vu)\s+(?:[^\W\d_]+\s+)?(?:trước(?:\s+đó)?|truoc(?:\s+do)?"
    r"|ngoái|ngoai))\b|\b(?:the (?:previous|prior) (?:year|season)|the year before|a year (?:earlier|before)"
    r"|last year)\b",
    re.I,
)


def shift_years(text: str, by: int) -> str:
    """Every year in the text moved by `by`. Example: ('mùa khô 2024-2025', -1) -> 'mùa khô 2023-2024'."""
    return YEAR.sub(lambda m: str(int(m.group(0)) + by), text)


def is_follow_up(question: str) -> bool:
    sylls = [fold(s) for s in syllables(question)]
    return (
        len(sylls) <= SHORT
        or bool(_RELATIVE_YEAR.search(question))
        or bool(_ELLIPTICAL_START.match(question.strip()))
        or bool(_FOLDED_START.match(" ".join(sylls)))  # typed without diacritics: "con ..."
        or bool(_ANAPHORA.intersection(sylls))
    )


def resolve(question: str, history: list[Turn]) -> Standalone:
    """Example: ('Còn năm 2020 thì sao?', [user: 'Năm 2022 có bao nhiêu DN?']) ->
    Standalone('Năm 2020 có bao nhiêu DN?')."""
    prev, earlier, answer = previous_question(history)
    if not prev or not is_follow_up(question):
        return Standalone(question)
    prev = resolve(prev, earlier).asked
    relative = _RELATIVE_YEAR.search(question)
    if relative and YEAR.search(prev):
        # "Còn năm trước đó thì bao nhiêu?" after a question on 2023: the same question on 2022
        prev = shift_years(prev, -1)
        said = " ".join(YEAR.findall(prev)[:1])
        question = f"{question[: relative.start()]}năm {said}{question[relative.end() :]}"
        left = _TAIL.sub("", _ELLIPTICAL_START.sub("", question.strip()))
        known = {fold(w).lower() for w in syllables(prev)} | {"cung", "ky"}  # "cùng kỳ"
        if only_time_changes(" ".join(w for w in syllables(left) if fold(w).lower() not in known)):
            return Standalone(prev)
    rest = _TAIL.sub("", _ELLIPTICAL_START.sub("", question.strip()))
    rest = re.sub(r"^(?:the con|vay con|con)\s+", "", rest, flags=re.I)
    rest = re.sub(r"\s+thi sao\s*$", "", rest, flags=re.I)
    if not _ASKS.search(rest):  # "Còn năm 2020?", "What about Đà Nẵng?": swap into prev
        return swap_in(prev, rest)
    vague = re.sub(
        r"\s*\b(?:thì |thi )?(?:(?:được|dc|đc|duoc) )?(?:ra sao|thế nào|the nao|sao)\s*$", "", rest
    )
    if vague != rest and not _ASKS.search(vague):  # "còn dự án X thì được hỗ trợ sao?"
        return swap_in(prev, vague)
    if YEAR.search(rest) and YEAR.search(prev) and only_time_changes(rest):
        return swap_in(prev, " ".join(YEAR.findall(rest)))  # "And what was it for 2020?"
    own = replace_anaphora(question, prev, answer)
    return with_context(own, prev)


_GENERIC = re.compile(
    r"\b(?:what|was|were|is|are|the|a|target|targets|goal|figure|number|for|in|by|of|end|it|then"
    r"|thì|sao|là|bao nhiêu|mục tiêu|chỉ tiêu|con số|cuối|hết|đến|năm|của|cho|thế nào|muc tieu"
    r"|chi tieu|con so|cuoi|het|den|nam|thi|la|bao nhieu)\b",
    re.I,
)


def only_time_changes(rest: str) -> bool:
    """Nothing but a new year and generic words: 'what was the target for the end of 2020'."""
    left = _GENERIC.sub(" ", YEAR.sub(" ", rest))
    return not re.search(r"[^\W\d_]{2,}", left)


def swap_in(prev: str, change: str) -> Standalone:
    """Put what changed into the previous question: a year replaces its year, other words
    are added. Example: ('Năm 2022 có bao nhiêu DN?', 'năm 2020') -> 'Năm 2020 có bao nhiêu DN?'."""
    new_years, old_years = YEAR.findall(change), YEAR.findall(prev)
    if new_years and old_years:
        swapped = YEAR.sub(new_years[0], prev, count=1)
        extra = re.sub(r"\b(?:năm|year|in)\b", "", YEAR.sub("", change), flags=re.I).strip(" ,.?")
        swapped = f"{swapped.rstrip(' ?')} {extra}?".replace(" ?", "?") if extra else swapped
        return Standalone(swapped)
    if new_years:
        return Standalone(f"{prev.rstrip(' ?')} năm {new_years[0]}?")
    change = change.strip(" ,.?")
    if not change:
        return Standalone(prev)
    # A new subject keeps the previous question's ask ("bao nhiêu %") and its setting.
    wh = _WH_PHRASE.search(prev)
    asked = f"{change} {wh.group(0)}?" if wh else f"{change}?"
    return with_context(asked, prev)


_WH_PHRASE = re.compile(
    r"\b(?:bao nhiêu|bao nhieu|bn|mấy)(?:\s+(?:phần trăm|%))?|%|\blà gì\b|\blà ai\b|\bnào\b"
    r"|\bhow (?:many|much)\b|\bwhat\b|\bwho\b",
    re.I,
)


def replace_anaphora(question: str, prev: str, answer: str) -> str:
    """'Ông ấy' -> the person last named; 'kế hoạch đó' -> the plan the previous question named."""
    person = _last_person(answer) or _last_person(prev)
    if person:
        question = _PERSON_ANAPHOR.sub(lambda m: _person_form(m.group(0), person), question)
    plan = (_PLAN_REF.findall(prev) or _PLAN_REF.findall(answer) or [None])[0]
    m = _THING_ANAPHOR.search(question)
    if m and plan and m.group(0).strip() != m.group(1).strip():
        question = question[: m.start()] + f"{m.group(1)} {plan}" + question[m.end() :]
    return question


def _person_form(anaphor: str, name: str) -> str:
    low = anaphor.lower()
    if low.startswith(("he", "she", "him", "his", "her")):
        return name
    title = anaphor.split()[0]
    return f"{title} {name}"


# a pupil, a young athlete, an elder: "em Nguyễn Đức Minh", "cô Lê Thị Hoa", "cụ Trần Văn Ba"
_ADDRESSED = re.compile(
    rf"\b(?:[Ee]m|[Cc]ô|[Cc]hú|[Bb]ạn|[Cc]ậu|[Cc]ụ|[Bb]é|[Cc]háu)\s+{_NAME_ONLY.pattern}"
)


def _last_person(text: str) -> str | None:
    found = PERSON.findall(text) or _ADDRESSED.findall(text) or _NAME_ONLY.findall(text)
    return found[-1].strip() if found else None


def with_context(own: str, prev: str) -> Standalone:
    """The follow-up, with the previous question's topic as context (question words removed)."""
    topic = re.sub(r"\s+", " ", _QUESTION_BITS.sub(" ", prev)).strip(" ,.")
    topic_words = {fold(s) for s in syllables(topic)}
    if not topic or topic_words <= {fold(s) for s in syllables(own)}:
        return Standalone(own)
    return Standalone(own.strip(), topic)
