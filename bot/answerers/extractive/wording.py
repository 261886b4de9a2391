"""How a claim is written: the figure with its unit, the side shown first, the citations.

'khoảng 920' + 'doanh nghiệp hoạt động' -> 'khoảng 920 doanh nghiệp'; of several articles
stating the same figure the one using the question's own word ('doanh nghiệp', not 'DN') is
shown; a comparison question ('cao hơn ... không?') gets its yes or no from the figures.

Deliberately not here: choosing what to say (extractive.py, claims.py).
"""

from __future__ import annotations

import re

from bot.answerers.extractive.claims import Claim
from bot.answerers.extractive.evidence import Candidate
from bot.answerers.extractive.units import same_word, unit_names
from bot.lang.glossary import classifiers, glossary, measures
from bot.lang.spans import QUALIFIER, spell_out, unit_after
from bot.lang.terms import sentence_terms
from bot.question.analysis import Query
from bot.records import Citation
from index.vntext import fold, syllables

SAME_FACT_RATIO = 0.6  # score of another article stating the same sentence-level fact


def compared(query: Query, claims: list[Claim]) -> bool | None:
    """For 'is 2022's figure higher than 2020's?': True / False, or None when it cannot tell."""
    if query.compare not in ("more", "less"):
        return None
    order = [y for y in re.findall(r"(?:19|20)\d{2}", query.text) if y in query.years]
    by_year = {k.year: k.value for k in claims}
    if len(order) < 2 or not all(y in by_year for y in order[:2]):
        return None
    first, second = (number(by_year[y]) for y in order[:2])
    if first is None or second is None or first == second:
        return None
    return first > second if query.compare == "more" else first < second


def number(value: str) -> float | None:
    """Example: '920' -> 920.0; '30-35' -> 30.0; '9,78-10,79%' -> 9.78."""
    m = re.match(r"\d+(?:[.,]\d+)?", value)
    return float(m.group(0).replace(",", ".")) if m else None


def display(claim: Claim, query: Query) -> Candidate:
    """The member whose wording is the question's own ('doanh nghiệp' over 'DN'), else the best."""
    head = " ".join(query.head[:2])
    for c in claim.members:
        if c.found and head and head in fold(with_unit(c, query)).lower():
            return c
    return claim.lead


def phrase(c: Candidate | Claim, query: Query, lower: bool = False) -> str:
    if isinstance(c, Claim):
        c = display(c, query)
    text = with_unit(c, query) if c.found else sentence(c)
    if lower:  # inside a sentence: "theo [1], hơn 3.200 hộ", a name keeps its capital
        first = text.split(" ", 1)[0]
        return (
            first.lower() + text[len(first) :] if c.found and _QUALIFIER.fullmatch(first) else text
        )
    return text[0].upper() + text[1:]


_QUALIFIER = re.compile(rf"(?:{QUALIFIER})", re.I)


def with_unit(c: Candidate, query: Query) -> str:
    """'khoảng 920' -> 'khoảng 920 doanh nghiệp': the figure plus the words naming its unit."""
    sentence, found = c.span.text, c.found
    if found.value.endswith("%"):
        return found.text
    if not found.value[:1].isdigit() and not found.value.startswith(("hàng", "vài")):
        return found.text
    if not query.head:  # "diện tích là bao nhiêu?" -> "khoảng 520 ha", not "khoảng 520"
        return f"{found.text} {measure_after(sentence, found.end)}".strip()
    held = [fold(w).lower() for w in syllables(found.text)]
    if any(
        tuple(held[i : i + len(n)]) == n
        for n in _folded_names(query.head)
        for i in range(len(held))
    ):
        return found.text  # "300 tỷ đồng" already says the "tỷ" asked
    words = unit_after(sentence, found, 6, raw=True)
    names = [
        n
        for n in unit_names(query.head)
        if len(words[: len(n)]) == len(n) and all(map(same_word, words[: len(n)], n))
    ]
    take = max((len(n) for n in names), default=0) or min(2, len(words))
    # the question's own longer name for it: "vận động" -> "vận động viên" when asked so
    asked = {fold(w).lower() for w in syllables(query.text)}
    while (
        take < min(4, len(words))
        and fold(words[take]).lower() in asked
        and take < len(query.head) + 2
    ):
        take += 1
    # a counted noun longer than the two words asked ("nhà sản" -> "nhà sản xuất")
    folded = [fold(w) for w in words]
    for noun in glossary()["countable"]["list"]:
        parts = [fold(w) for w in syllables(noun)]
        if len(parts) > take and folded[: len(parts)] == parts and folded[:take] == parts[:take]:
            take = len(parts)
    tokens = re.split(r"[,;:.()]", sentence[found.end :], maxsplit=1)[0].split()
    out: list[str] = []
    count = 0
    for token in tokens:
        if count >= take:
            break
        out.append(token)
        count += len(syllables(spell_out(token)))
    return f"{found.text} {' '.join(out)}".strip()


def _folded_names(head: tuple[str, ...]) -> list[tuple[str, ...]]:
    return [tuple(fold(w).lower() for w in n) for n in unit_names(head)]


def measure_after(sentence: str, at: int) -> str:
    """The unit of measure or count word written at `at`, as the sentence spells it.

    Example: measure_after('có khoảng 520 ha chè', 13) -> 'ha'; a plain noun -> ''."""
    rest = re.split(r"[,;:()]|\.(?!\d)|\s[-–]\s", sentence[at:], maxsplit=1)[0]
    tokens = rest.split()
    folded = [fold(t).lower() for t in tokens]
    for unit in measures():
        if tuple(folded[: len(unit)]) == unit:
            return " ".join(tokens[: len(unit)])
    return tokens[0] if folded and folded[0] in classifiers() else ""


def sentence(c: Candidate) -> str:
    return c.span.text.rstrip(" .")


def markers(first: int, n: int) -> str:
    return "".join(f"[{i}]" for i in range(first, first + n))


def citation(n: int, c: Candidate) -> Citation:
    chunk = c.hit.chunk
    return Citation(
        n=n,
        source=chunk.article_id,
        title=chunk.title,
        date=chunk.date,
        quote=c.span.text,
        start=c.span.start,
        end=c.span.end,
        outlet=chunk.outlet,
    )


def same_sentence_elsewhere(best: Candidate, others: list[Candidate]) -> list[Candidate]:
    """Sentences in other articles that say nearly the same thing (one per article)."""
    out: list[Candidate] = []
    used = {best.article}
    a = sentence_terms(best.span.text)
    for c in others:
        if c.article in used or c.score < SAME_FACT_RATIO * best.score:
            continue
        b = sentence_terms(c.span.text)
        if len(a & b) / max(len(a | b), 1) >= 0.5:
            out.append(c)
            used.add(c.article)
    return out
