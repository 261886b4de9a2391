"""The answer span inside one sentence, and how well it fits the question.

For a number question: the figures of the unit asked (units.py), not those the question itself
states or the conversation just gave; of several, the one whose neighbourhood shares most of
the question's words, with bonuses for the period, the year (in its own clause), the whole
head and the qualifier asked. For who / when / plan / list questions: the person with the
title asked, the date, range or period asked, the plan number, the named items.

`AnswerSpans` is the half of `evidence.Scorer` that does this; it reads the scorer's query,
weights and coverage.

Deliberately not here: the sentence's own score (evidence.py).
"""

from __future__ import annotations

import re

from bot.answerers.extractive.constraints import holds_role, other_body, role_body
from bot.answerers.extractive.units import unit_matches
from bot.lang.dates import is_range, is_until, when_spans
from bot.lang.names import AGENCY
from bot.lang.spans import (
    CLAUSE_BREAK,
    Found,
    figures,
    list_items,
    named_items,
    people,
    plan_refs,
    unit_after,
)
from bot.lang.temporal import compared_part, topic_years
from bot.lang.terms import sentence_terms
from index.vntext import FOLD_PREFIX, fold, syllables

SPECIFIC = 0.3
QUALIFIED = 1.0
PERIOD_BONUS = 0.5  # how much a figure's own qualifiers, unasked, count against it
# a figure whose own clause names the asked year, where the sentence sets years against each
# other: more than the words qualifying the figure, which the other figure shares unsaid
# ("128 bài thi đạt điểm 10, tăng so với 97 bài của năm 2024")
YEAR_CLAUSE_BONUS = 1.5
# Characters before / after an answer span that count as its neighbourhood: what a figure
# measures is said before it, its unit and qualifiers right after it.
NEAR = 90
NEAR_AFTER = 70
_FILLER = {
    "co",
    "cac",
    "nhung",
    "va",
    "cua",
    "trong",
    "tai",
    "cho",
    "voi",
    "duoc",
    "la",
    "se",
    "da",
    "den",
    "de",
    "mot",
    "so",
}
# a sentence giving a reason: "do vướng mặt bằng", "nguyên nhân chính là", "khiến", "because"
_CAUSE = re.compile(
    r"\b(?:do|vì|bởi|nhờ)\b|nguyên nhân|lý do|\bkhiến\b|dẫn đến|dẫn tới|gây ra|\bvướng\b"
    r"|ảnh hưởng (?:của|từ|bởi)|khó khăn|\bbecause\b|\bdue to\b",
    re.I,
)
CAUSE_MISS = 0.75  # kind fit of a sentence giving no reason, asked why
_DURATION_UNIT = {"nam", "thang", "ngay", "tuan", "gio"}
_CLAUSE_EDGE = re.compile(r"[;:()]|[,.](?!\d)|\s(?:và|còn|trong khi|nhưng)\s")


class AnswerSpans:
    """Mixed into `evidence.Scorer`."""

    def specific(self, sentence: str, found: Found) -> float:
        """Share of the words qualifying a figure that the question asked for: '400 doanh
        nghiệp đạt tiêu chuẩn quốc tế' answers a narrower question than 'bao nhiêu doanh
        nghiệp'. Example: 1.0 when all are asked, 0.7 when none are."""
        if not self.query.numeric:
            return 1.0
        after = [w for w in unit_after(sentence, found, 8) if len(w) > 1 and not w.isdigit()]
        content = [w for w in after if w not in _FILLER]
        if not content:
            return 1.0
        share = sum(w in self.asked_words for w in content) / len(content)
        return 1.0 - SPECIFIC + SPECIFIC * share

    def in_period(self, sentence: str, found: Found) -> float:
        """Bonus for a figure next to the period asked ('cả giai đoạn 2016-2020 tăng 8,6 - 9%')."""
        for a, b in self.periods:
            near = sentence[max(0, found.start - 40) : found.end + 40]
            if re.search(rf"{a}\s*(?:[-–]|\s|đến|to)\s*{b}", near):
                return PERIOD_BONUS
        return 0.0

    def whole_head(self, sentence: str, found: Found) -> float:
        """Bonus for a figure followed by the whole head asked, not only its count word: of
        '12 người chết' and '46 người bị thương', the first answers 'bao nhiêu người chết'."""
        head = self.query.head
        if len(head) < 2 or head == ("%",):
            return 0.0
        after = unit_after(sentence, found, len(head))
        return PERIOD_BONUS if tuple(after) == head else 0.0

    def in_year(self, sentence: str, found: Found) -> float:
        """Bonus for a figure whose own clause names the year asked: in 'năm 2023 đạt 68.500
        tấn; năm 2024 đặt mục tiêu 72.000 tấn' the second is 2024's, in '13 triệu khách vào năm
        2030 và 30 triệu vào năm 2050' the first is 2030's."""
        # only where the sentence sets years against each other, or a year against the
        # article's own ("128 bài, tăng so với 97 bài của năm 2024"); else a single year is
        # the sentence's, and the year fit reads it
        compared = compared_part(sentence)
        if not self.query.years or (len(topic_years(sentence)) < 2 and not compared):
            return 0.0
        starts = [m.end() for m in _CLAUSE_EDGE.finditer(sentence, 0, found.start)]
        stop = _CLAUSE_EDGE.search(sentence, found.end)
        start, end = starts[-1] if starts else 0, stop.start() if stop else len(sentence)
        if compared and start <= compared.start() < end:
            # "tăng 0,65 điểm so với mức 27,2 của năm 2023": 27,2 is 2023's, 0,65 is not
            start, end = (
                (compared.start(), end)
                if found.start >= compared.start()
                else (start, compared.start())
            )
        in_clause = topic_years(sentence[start:end]) & self.query.years
        return YEAR_CLAUSE_BONUS if in_clause else 0.0

    def qualified(self, sentence: str, found: Found) -> float:
        """Bonus (0..QUALIFIED) for a figure followed by the words that qualify the asked noun: of '920
        doanh nghiệp hoạt động' and '300 doanh nghiệp ... đạt tiêu chuẩn quốc tế', the second
        answers 'bao nhiêu doanh nghiệp đạt tiêu chuẩn quốc tế'."""
        wanted = self.query.qualifier
        if not wanted:
            return 0.0
        after = set(unit_after(sentence, found, 20))
        weights = {w: self.weight(FOLD_PREFIX + w) for w in wanted}
        total = sum(weights.values()) or 1.0
        return QUALIFIED * sum(v for w, v in weights.items() if w in after) / total

    def extract(self, sentence: str) -> tuple[Found | None, bool, frozenset[str], float]:
        """The answer span of the asked kind, whether it is exact, its neighbouring terms, kind fit."""
        kind = self.query.kind
        if self.query.numeric:
            return self._figure(sentence)
        if kind == "plan":
            return _best(sentence, plan_refs(sentence), self, 1.0, 0.6)
        if kind == "who" and self.query.agency:
            return None, False, frozenset(), 1.0 if AGENCY.search(sentence) else 0.6
        if kind == "who":
            named = people(sentence, self.known_people)
            if self.query.roles:
                # "Ai là Hiệu trưởng ...": the person holding that title, not any one named
                holding = [p for p in named if holds_role(p.text, self.query.roles)]
                # "Giám đốc Trung tâm Ung bướu": the title of that body, not another's director
                org = role_body(self.query.text, self.query.roles)
                of_body = [p for p in holding if not other_body(p.text, self.query.roles, org)]
                if of_body:
                    return _best(sentence, of_body, self, 1.0, 0.0)
                if holding:
                    return _best(sentence, holding, self, 0.8, 0.0)
                if named:
                    return _best(sentence, named, self, 0.7, 0.0)
                return None, False, frozenset(), 0.5
            titled = [p for p in named if "," in p.text or len(p.text.split()) > 5]
            if titled or named:
                return _best(sentence, titled or named, self, 1.0 if titled else 0.85, 0.0)
            return None, False, frozenset(), 0.9 if AGENCY.search(sentence) else 0.6
        if kind == "when" and self.query.when in ("range", "until"):
            points = when_spans(sentence, "point")
            fits = is_range if self.query.when == "range" else is_until
            good = [f for f in points if fits(f.text)]
            return _best(sentence, good or points, self, 1.0 if good else 0.7, 0.5)
        if kind == "when":
            spans = when_spans(sentence, self.query.when)
            if self.query.when == "period":  # "giai đoạn nào": a span that says "giai đoạn"
                spans = [
                    f for f in spans if re.match(r"(?:cả )?(?:giai đoạn|thời kỳ)", f.text, re.I)
                ] or spans
            if not self.query.when:
                points = when_spans(sentence, "point")
                return _best(sentence, points or spans, self, 1.0 if points else 0.7, 0.5)
            if spans:
                return _best(sentence, spans, self, 1.0, 0.5)
            # asked "ngày nào", the article may give only a month or a quarter: an answer,
            # less exactly fitting
            return _best(sentence, when_spans(sentence), self, 0.8, 0.5)
        if kind == "list":
            if self.query.which and len(named_items(sentence, self.query.which)) >= 2:
                return None, False, frozenset(), 1.0
            return None, False, frozenset(), 0.9 if len(list_items(sentence)) >= 2 else 0.7
        if self.query.cause:  # "vì sao ...": a sentence that gives a reason
            return None, False, frozenset(), 1.0 if _CAUSE.search(sentence) else CAUSE_MISS
        return None, False, frozenset(), 1.0

    def _figure(self, sentence: str) -> tuple[Found | None, bool, frozenset[str], float]:
        found = figures(sentence)
        if self.query.kind != "yesno" and not self.query.agreement:
            # a figure the question itself states ("tỉnh lộ 112", "trong 6 giờ") is what is
            # asked about, not the answer; a yes-no or agreement question's figure is the one
            # to confirm
            # ... unless it is of the unit asked: "lại thấy ghi 10%" (bao nhiêu phần trăm)
            # offers a figure to check
            asked = [f for f in found if f.value in self.query.facts]
            offered = self.query.head and all(unit_matches(self.query, sentence, f) for f in asked)
            if not (asked and offered):
                found = [f for f in found if f not in asked]
            # a follow-up asks for another figure than the one just given ("Còn bậc 4 thì sao?")
            found = [f for f in found if f.value not in self.query.said]
        if not set(self.query.head) & _DURATION_UNIT:  # "02 năm" is a duration, not a count
            found = [f for f in found if f.value.endswith("%") or not _is_duration(sentence, f)]
        strict = [f for f in found if unit_matches(self.query, sentence, f)]
        compared = compared_part(sentence)
        if strict and compared and strict[0].start < compared.start():
            # "27,85 điểm, tăng so với mức 27,2 của năm 2023": what is compared against is
            # written in the claim's unit, left unsaid
            strict += [f for f in found if f.start > compared.start() and f not in strict]
        dated = [f for f in strict if self.in_year(sentence, f)]
        if dated:  # of figures for several years, the one whose own clause names the asked one
            return _best(sentence, dated, self, 1.0, 0.0)
        if strict and self.query.verb:
            # "tăng bao nhiêu": a figure the sentence says grows, not one it says exists
            acting = [f for f in strict if self.query.verb in _words_before(sentence, f)]
            # ... unless another figure is followed by the words the question qualifies it with
            # ("đóng góp 35-40% giá trị sản xuất, 15% kim ngạch xuất khẩu": asked kim ngạch)
            top = max((self.qualified(sentence, f) for f in acting), default=0.0)
            qualified = [f for f in strict if f not in acting and self.qualified(sentence, f) > top]
            return _best(
                sentence, (acting + qualified) or strict, self, 1.0 if acting else 0.75, 0.0
            )
        if strict:
            return _best(sentence, strict, self, 1.0, 0.0)
        loose = found if self.query.head != ("%",) else []
        if loose and not self.query.head:
            return _best(sentence, loose, self, 0.9, 0.0)
        return None, False, frozenset(), 0.55 if found else 0.35


def _best(
    sentence: str, found: list[Found], scorer: AnswerSpans, hit_fit: float, miss_fit: float
) -> tuple[Found | None, bool, frozenset[str], float]:
    if not found:
        return None, False, frozenset(), miss_fit
    scored = [
        (
            scorer.cover(local := neighbourhood(sentence, f)) * scorer.specific(sentence, f)
            + scorer.qualified(sentence, f)
            + scorer.in_period(sentence, f)
            + scorer.in_year(sentence, f)
            + scorer.whole_head(sentence, f),
            -f.start,
            f,
            local,
        )
        for f in found
    ]
    _, _, best, local = max(scored, key=lambda s: (s[0], s[1]))
    return best, True, local, hit_fit


def _is_duration(sentence: str, found: Found) -> bool:
    if sentence[found.end : found.end + 1] == "/":  # "đồng/người/ngày" is a rate
        return False
    return unit_after(sentence, found, 1)[:1] in (["nam"], ["thang"], ["ngay"], ["tuan"])


def _words_before(sentence: str, found: Found, n: int = 4) -> list[str]:
    """Folded words just before a figure, its qualifier included. Example: 'tăng trên 11%' -> [..., 'tang', 'tren']."""
    return [fold(w) for w in syllables(sentence[: found.start])][-n:] + [
        fold(w) for w in syllables(found.text) if not w[0].isdigit()
    ]


def neighbourhood(sentence: str, found: Found) -> frozenset[str]:
    """Terms of the words before a span (back to the last , ; :) and after it (to the next)."""
    before = CLAUSE_BREAK.split(sentence[max(0, found.start - NEAR) : found.start])[-1]
    after = CLAUSE_BREAK.split(sentence[found.end : found.end + NEAR_AFTER], maxsplit=1)[0]
    return frozenset(sentence_terms(f"{before} {found.text} {after}"))
