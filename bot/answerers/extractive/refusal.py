"""Refusal rules: answer only when the evidence answers *this* question.

The best sentence must cover enough of the question (MIN_COVERAGE, IDF-weighted), and every
constraint the question sets must hold for it:
- a year asked must be the year the evidence is about (its words, the sentences before it or
  the article's plan year), not merely a year mentioned somewhere;
- a number question needs a figure of the asked kind ("bao nhiêu tỷ đồng" is not answered by
  "150 triệu đồng");
- a place asked must appear in the evidence's article ("TP.HCM" is not Hà Nội);
- a title asked must appear as such ("Giám đốc" is not "Phó Giám đốc");
- a question about actual results is not answered by targets.

Each rule returns a reason (for logs and tests) or None.

Deliberately not here: scores from a model. Rules are few, visible and testable.
"""

from __future__ import annotations

import re

from bot.answerers.extractive.constraints import folded_words, missing_name, missing_place
from bot.answerers.extractive.evidence import Candidate
from bot.lang.glossary import glossary
from bot.lang.names import AGENCY, BODIES
from bot.lang.temporal import YEAR_FIT_PERIOD
from bot.question.analysis import Query
from index.vntext import fold

MIN_COVERAGE = 0.12  # IDF-weighted share of the question; calibrated on evals (see evals/README.md)
# a total (or what a city spends, its budget) is not answered by an amount per unit
_TOTAL = re.compile(
    r"\btổng\b|\btong\b|\btotal\b|\boverall\b|\bspend\w*|\bbudget\b|\bngân sách\b|\bngan sach\b",
    re.I,
)
_TARGET = re.compile(r"mục tiêu|phấn đấu|chỉ tiêu|dự kiến|kỳ vọng|kế hoạch|đề ra", re.I)
_ACHIEVED = re.compile(r"đã đạt|thực tế|kết quả|đạt được|hiện có|hiện đã", re.I)


def refusal_reason(
    query: Query,
    best: Candidate | None,
    article_text: str,
    min_coverage: float = MIN_COVERAGE,
    min_score: float = 0.0,
) -> str | None:
    """Why the best candidate does not answer the query, or None when it does. `min_score`:
    the fitted ranker's least probability to answer with (0 without a ranker)."""
    if best is None:
        return "no evidence"
    # A plan number or an abbreviation pins the evidence down better than shared words.
    pinned = query.kind == "define" or (
        query.plan_refs
        and (query.meta or any(re.search(rf"(?<!\d){n}/", best.span.text) for n in query.plan_refs))
    )
    if best.coverage < min_coverage and not pinned:
        return f"coverage {best.coverage:.2f} < {min_coverage}"
    if best.score < min_score and not pinned:
        return f"probability {best.score:.2f} < {min_score} (fitted)"
    if query.years and best.fit_year < YEAR_FIT_PERIOD:
        return f"year {sorted(query.years)} not what the evidence is about"
    if query.numeric and (best.found is None or not best.strict):
        return f"no figure of the kind asked ({' '.join(query.head) or query.kind})"
    if (
        query.kind == "who"
        and not query.agency
        and not query.meta
        and best.found is None
        and not (AGENCY.search(best.span.text) or BODIES.search(best.span.text))
    ):
        return "no person in the evidence"
    if query.kind == "who" and query.roles and not query.agency and best.found is None:
        return f"no one holding the title {query.roles[0]!r} in the evidence"
    if query.kind == "when" and best.found is None and not query.meta:
        return "no date or period in the evidence"
    if query.kind == "plan" and best.found is None and not re.search(r"\d+/[A-ZĐ]", article_text):
        return "no plan number in the evidence's article"
    # an article naming other plans but not the one asked is about something else; one naming
    # no plan number at all may still report on it
    other_plans = re.search(r"\d+/[A-ZĐ]", article_text)
    plan = next((n for n in query.plan_refs if not re.search(rf"(?<!\d){n}/", article_text)), None)
    if plan and other_plans:
        return f"plan {plan} not in the evidence's article"
    place = missing_place(query, article_text)
    if place:
        return f"place {place!r} not in the evidence"
    role = missing_role(query, article_text)
    if role:
        return f"title {role!r} not in the evidence"
    name = missing_name(query, article_text)
    if name:
        return f"name {name!r} not in the evidence"
    ordinal = missing_ordinal(query.text, article_text)
    if ordinal:
        return f"'lần thứ {ordinal}' not in the evidence's article (it names other editions)"
    if _NATIONWIDE.search(fold(query.text).lower()) and not _NATIONWIDE.search(
        fold(best.hit.chunk.text).lower()
    ):
        return "asks for the whole country, the evidence is about a part of it"
    if (
        query.numeric
        and best.found is not None
        and _TOTAL.search(query.text)
        and "/" in best.found.text
    ):
        return "asks for a total, the evidence gives an amount per unit"
    contrast = contrasted(query, best.span.text)
    if contrast:
        return f"asks about {contrast[0]!r}, the evidence about {contrast[1]!r}"
    if (
        query.actual
        and _TARGET.search(best.hit.chunk.text)
        and not _ACHIEVED.search(best.span.text)
    ):
        return "asks for results, evidence states targets"
    return None


def contrasted(query: Query, sentence: str) -> tuple[str, str] | None:
    """Example: asked 'hội chợ trong nước', evidence only 'hội chợ quốc tế' -> ('trong nuoc', 'quoc te')."""
    asked = folded_words(query.text)
    said = folded_words(sentence)
    for a, b in glossary()["contrasts"]["pairs"]:
        if (
            f" {a} " in asked
            and f" {b} " not in asked
            and f" {b} " in said
            and f" {a} " not in said
        ):
            return a, b
    return None


# "lần thứ IX", "lần thứ 10": an edition of a festival, a congress, a tournament
_ORDINAL = re.compile(r"\b(?:lần|lan|kỳ|ky|khóa|khoa)\s+(?:thứ|thu)\s+(\d+|[IVXLC]+)\b", re.I)
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
# the whole country asked ("cả nước", "toàn quốc"), not one province's share of it
_NATIONWIDE = re.compile(r"\b(?:ca nuoc|toan quoc|nationwide|whole country|tren toan quoc)\b")


def _ordinal_value(text: str) -> int:
    if text.isdigit():
        return int(text)
    values = [_ROMAN[ch] for ch in text.upper()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def missing_ordinal(question: str, article_text: str) -> int | None:
    """The edition asked ('Festival lần thứ X') when the article names other editions only."""
    asked = {_ordinal_value(m.group(1)) for m in _ORDINAL.finditer(question)}
    if not asked:
        return None
    stated = {_ordinal_value(m.group(1)) for m in _ORDINAL.finditer(article_text)}
    missing = sorted(asked - stated)
    return missing[0] if missing and stated else None


def missing_role(query: Query, text: str) -> str | None:
    """A title without 'Phó' asked, and only its deputy (or nothing) in the text."""
    words = folded_words(text)
    for role in query.roles:
        if role.startswith("pho "):
            continue
        hits = [m.start() for m in re.finditer(f" {re.escape(role)} ", words)]
        if not any(not words[max(0, i - 4) : i].endswith("pho") for i in hits):
            return role
    return None
