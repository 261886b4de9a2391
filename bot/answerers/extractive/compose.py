"""The answer made from the sentence chosen: a short answer first, then citation markers.

The figure with its unit, the name, the plan number, the list; per year, or the sides of a
conflict (wording.py writes each claim); "Có"/"Không" for a yes-no question; the article's
author, date or outlet; what an abbreviation stands for. The quoted sentences travel in
`Answer.citations`.

Deliberately not here: choosing the sentence or refusing (reading.py), or combining facts from
different sentences into one (except a plan number named elsewhere in the same article).
"""

from __future__ import annotations

import re

from bot.answerers.extractive.claims import conflicting, gather
from bot.answerers.extractive.corpus import ReaderCorpus, sentence_at
from bot.answerers.extractive.evidence import Candidate
from bot.answerers.extractive.wording import (
    citation,
    compared,
    markers,
    phrase,
    same_sentence_elsewhere,
    sentence,
)
from bot.lang.glossary import abbreviation_table
from bot.lang.spans import list_items, named_items, plan_refs
from bot.lang.terms import sentence_terms
from bot.messages import message
from bot.question.analysis import Query
from bot.records import Answer, Hit
from index.vntext import LOWER, UPPER, Span, fold, syllables

MAX_LIST_ITEMS = 8


def compose(
    corpus: ReaderCorpus, query: Query, best: Candidate, others: list[Candidate], hits: list[Hit]
) -> Answer:
    """The answer when `best` holds no figure to gather claims on (see `figure`)."""
    if query.meta:
        return _meta(corpus, query, best, hits)
    if query.kind == "define":
        return _define(corpus, query, best, hits)
    if query.kind == "plan" and best.found is None:
        return _article_plan(corpus, query, best, hits)
    members = [best] + same_sentence_elsewhere(best, others)
    lead = sentence(best)
    if query.kind == "list":
        items = named_items(best.span.text, query.which) if query.which else []
        asked = fold(query.text).lower()
        # not the one the question is about ("Sở Công thương phối hợp với những sở nào?")
        items = [i for i in items if fold(" ".join(i.split()[:3])).lower() not in asked]
        words = frozenset(fold(t.lstrip("~")).lower() for t in query.terms if "_" not in t)
        items = items if len(items) >= 2 else list_items(best.span.text, words)
        if len(items) >= 2:
            lead = "; ".join(items[:MAX_LIST_ITEMS])
            lead = lead[0].upper() + lead[1:]
    if query.kind == "yesno":
        said = all(f.rstrip("%") in best.span.text for f in query.figures)
        yes = said and not denies(best.span.text, query)
        lead = f"{say(query, 'yes' if yes else 'no')} {sentence(best)}"
    return answer(query, f"{lead} {markers(1, len(members))}.", members, hits)


def figure(
    corpus: ReaderCorpus,
    query: Query,
    best: Candidate,
    others: list[Candidate],
    rivals: list[Candidate],
    hits: list[Hit],
) -> Answer:
    """The answer when `best` holds the figure asked: every article's claim about the measure,
    one side per value (or per year)."""
    claims = gather(best, others, bool(query.years), query.numeric, rivals)
    members: list[Candidate] = []
    sides = []
    for claim in claims:
        first = len(members) + 1
        members += claim.members
        sides.append((claim, markers(first, len(claim.members))))
    if len(claims) == 1:
        claim, refs = sides[0]
        text = f"{phrase(claim, query)} {refs}."
        if query.agreement and len(claim.members) > 1:
            text = f"{say(query, 'agree')} {text}"
        if query.kind == "yesno":
            said = not query.figures or any(f.rstrip("%") in claim.value for f in query.figures)
            yes = said and not denies(claim.lead.span.text, query)
            # the sentence, not its figure: "Có. 9 [1]." repeats the question's "9 tháng" and
            # hides what confirms or denies it
            text = f"{say(query, 'yes' if yes else 'no')} {sentence(claim.lead)} {refs}."
        return answer(query, text, members, hits)
    if conflicting(claims):
        parts = [
            say(query, "conflict_side", value=phrase(c, query, lower=True), refs=r)
            for c, r in sides
        ]
        text = say(query, "conflict", sides=", ".join(parts))
    else:
        parts = [
            say(
                query,
                "by_year_side",
                year=c.year or "?",
                value=phrase(c, query, lower=True),
                refs=r,
            )
            for c, r in sides
        ]
        text = say(query, "by_year", sides="; ".join(parts))
        verdict = compared(query, claims)
        if verdict is not None:
            text = f"{say(query, 'yes' if verdict else 'no')} {text}"
    return answer(query, text, members, hits, framed=False)


def _define(corpus: ReaderCorpus, query: Query, best: Candidate, hits: list[Hit]) -> Answer:
    """'CNHT là viết tắt của gì?': the words the articles put before '(CNHT)', else the
    glossary's reading with the sentence that uses the abbreviation."""
    for abbr, long in abbreviations_asked(query.text):
        for aid, info in corpus.articles.items():
            m = re.search(rf"((?:[\wÀ-ỹ]+\s+){{1,8}})\(\s*{re.escape(abbr)}\s*\)", info.text, re.I)
            if not m:
                continue
            n = len(syllables(long))
            words = m.group(1).split()[-n:]
            at = m.start(1) + m.group(1).rindex(words[0])
            span = sentence_at(info.text, at)
            hit = corpus.hit_at(aid, span.start) or best.hit
            c = Candidate(hit, span, best.coverage, best.score)
            lead = message("defined", abbr=abbr.upper(), long=" ".join(words))
            return answer(query, f"{lead} [1].", [c], hits)
        lead = message("defined", abbr=abbr.upper(), long=long)
        return answer(query, f"{lead} [1].", [best], hits)
    return answer(query, f"{sentence(best)} [1].", [best], hits)


def _article_plan(corpus: ReaderCorpus, query: Query, best: Candidate, hits: list[Hit]) -> Answer:
    """The fact is in one sentence, the plan's number in another of the same article."""
    info = corpus.info(best.hit)
    refs = plan_refs(info.text)
    if not refs:
        return answer(query, f"{sentence(best)} [1].", [best], hits)
    span = sentence_at(info.text, refs[0].start)
    hit = corpus.hit_at(best.article, span.start) or best.hit
    plan = Candidate(hit, span, best.coverage, best.score)
    return answer(query, f"{refs[0].text} [1][2].", [plan, best], hits)


def _meta(corpus: ReaderCorpus, query: Query, best: Candidate, hits: list[Hit]) -> Answer:
    """Author, publication date or outlet of the article that best matches the question."""
    info = corpus.info(best.hit)
    if query.meta == "date" and info.date:
        y, m, d = info.date.split("-")
        lead = message("published", date=f"{d}/{m}/{y}")
    elif query.meta == "outlet" and info.outlet:
        lead = message("outlet", outlet=info.outlet)
    elif query.meta == "author" and (line := byline(info.text)):
        span = Span(info.text.rindex(line), info.text.rindex(line) + len(line), line)
        best = Candidate(best.hit, span, best.coverage, best.score)
        lead = message("author", author=line)
    else:
        reason = f"article has no {query.meta}"
        return Answer(query.text, message("refusal"), True, hits=hits, reason=reason)
    return answer(query, f"{lead} [1].", [best], hits)


def answer(
    query: Query, text: str, members: list[Candidate], hits: list[Hit], framed=True
) -> Answer:
    citations = [citation(i + 1, c) for i, c in enumerate(members)]
    if query.english and framed:
        text = message("english_frame", answer=text)
    return Answer(query.text, text, refused=False, citations=citations, hits=hits)


def say(query: Query, key: str, **values) -> str:
    return message(f"en_{key}" if query.english else key, **values)


# "không", "chưa" deny; "không chỉ" (not only), "không ít" (many) and "chưa từng có" (never
# before: a record) do not
_NEGATION = re.compile(
    r"\b(?:không|chưa|chẳng)\b(?!\s+(?:chỉ|ít|những|khỏi|ngừng|ngớt|từng có))", re.I
)


def denies(sentence: str, query: Query) -> bool:
    """Does the sentence deny what a yes-no question asks? The clause sharing most of the
    question's words decides: 'Môn Ngữ văn không có điểm 10, điểm cao nhất là 9,75' denies
    'có bài nào được điểm 10 không?'."""
    asked = set(query.terms)
    clauses = [c for c in re.split(r"[,;:()]|\s[-–]\s", sentence) if c.strip()]
    if not clauses:
        return False
    best = max(clauses, key=lambda c: len(asked & sentence_terms(c)))
    return bool(_NEGATION.search(best))


def abbreviations_asked(text: str) -> list[tuple[str, str]]:
    """(abbreviation as typed, glossary reading) for each abbreviation in the question."""
    table = abbreviation_table()
    out = []
    for word in re.findall(r"[\wĐđ.]+", text):
        if word.upper() in table and (word.upper(), table[word.upper()]) not in out:
            out.append((word, table[word.upper()]))
    return out


def byline(text: str) -> str | None:
    """The last line when it is a short run of capitalised words (an author's name)."""
    last = text.rstrip().rsplit("\n", 1)[-1].strip()
    ok = re.fullmatch(rf"(?:[{UPPER}][{LOWER}]*\.?\s?){{2,5}}", last)
    return last if ok and len(last) < 40 else None
