"""The default answerer: no language model, it answers with the sentences that say it.

For each sentence of the retrieved chunks it measures how much of the question's content
(IDF-weighted folded syllables and bigrams) the sentence covers, adjusted for what the question
asks (a number, a year). The best sentence is the claim; sentences in other articles that state
the same figures become extra citations of the same claim. For "how many X" questions the
phrase "number + X" is lifted out as a short answer. Too little coverage, or a year nobody
mentions, gives the fixed refusal.

Deliberately not here: paraphrasing, or combining facts from different sentences into one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.answerers.base import Answerer
from bot.followup import YEAR
from bot.glossary import (
    content_syllables,
    expand_abbreviations,
    is_english,
    translate_terms,
    untranslated_words,
)
from bot.messages import message
from bot.records import Answer, Citation, Hit
from index.vntext import Span, fold, split_sentences, syllables

MIN_COVERAGE = 0.14  # IDF-weighted; below every answerable item of evals/cnht_vi.jsonl
LONG = 250  # characters; longer sentences cover more words by sheer size
SUPPORT_RATIO = 0.75
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_ASKS_NUMBER = re.compile(
    r"\b(bao nhi[eê]u|m[aấ]y|bao nhieu|t[yỷ] l[eệ]|ph[aầ]n tr[aă]m|how many|how much|what percentage|what share|what percent)\b",
    re.I,
)
_HEAD_AFTER = re.compile(r"\b(?:bao nhiêu|bao nhieu|mấy|may)\s+(\w+(?:\s+\w+)?)", re.I)
_QUALIFIER = r"(?:khoảng|trên|dưới|gần|hơn|tối đa(?: tới)?|tối thiểu|ít nhất|từ|đạt|thêm)"


@dataclass(frozen=True)
class Candidate:
    hit: Hit
    span: Span
    coverage: float
    score: float


def question_terms(question: str) -> list[str]:
    """Folded unigrams + bigrams of the question's content. English terms are translated first."""
    text = expand_abbreviations(question)
    extra: list[str] = []
    if is_english(question):
        text = " ".join(translate_terms(question) + _NUMBER.findall(question))
        # Unknown English words stay as terms no Vietnamese sentence contains, so an off-topic
        # question cannot look fully covered by the few words the glossary knows.
        extra = [f"en:{w}" for w in untranslated_words(question)]
    sylls = content_syllables(text)
    return sylls + [f"{a}_{b}" for a, b in zip(sylls, sylls[1:])] + extra


def sentence_terms(text: str) -> set[str]:
    sylls = [fold(s) for s in syllables(expand_abbreviations(text))]
    return set(sylls) | {f"{a}_{b}" for a, b in zip(sylls, sylls[1:])}


class ExtractiveAnswerer(Answerer):
    name = "extractive"

    def __init__(
        self, weight: Callable[[str], float] | None = None, min_coverage: float = MIN_COVERAGE
    ):
        self.weight = weight or (lambda _t: 1.0)
        self.min_coverage = min_coverage

    def answer(self, question: str, hits: list[Hit]) -> Answer:
        refusal = Answer(question=question, answer=message("refusal"), refused=True, hits=hits)
        terms = question_terms(question)
        if not terms or not hits:
            return refusal
        candidates = self.rank(question, terms, hits)
        if not candidates or candidates[0].coverage < self.min_coverage:
            return refusal
        if not _years_found(question, hits):
            return refusal
        best = candidates[0]
        short = short_answer(question, best.span.text)
        claim = [best] + _supporting(best, candidates[1:], question, short)
        return self.compose(question, claim, hits, short)

    def _weight(self, term: str) -> float:
        # An untranslated English word counts like a common Vietnamese syllable, not a rare one.
        return 1.0 if term.startswith("en:") else self.weight(term)

    def rank(self, question: str, terms: list[str], hits: list[Hit]) -> list[Candidate]:
        total = sum(self._weight(t) for t in set(terms))
        years = set(YEAR.findall(question))
        wants_number = bool(_ASKS_NUMBER.search(question))
        seen: set[tuple[str, int]] = set()
        out = []
        for hit in hits:
            for span in split_sentences(hit.chunk.text, hit.chunk.start):
                key = (hit.chunk.article_id, span.start)
                if key in seen or len(span.text) < 20:
                    continue
                seen.add(key)
                common = set(terms) & sentence_terms(span.text)
                coverage = sum(self._weight(t) for t in common) / total
                score = coverage * _fit(span.text, hit, years, wants_number) * _brevity(span.text)
                score += 0.02 / (1 + hit.rank)
                out.append(Candidate(hit, span, coverage, score))
        return sorted(out, key=lambda c: -c.score)

    def compose(
        self, question: str, claim: list[Candidate], hits: list[Hit], short: str | None
    ) -> Answer:
        citations = [
            Citation(
                n=i + 1,
                source=c.hit.chunk.article_id,
                title=c.hit.chunk.title,
                date=c.hit.chunk.date,
                quote=c.span.text,
                start=c.span.start,
                end=c.span.end,
                outlet=c.hit.chunk.outlet,
            )
            for i, c in enumerate(claim)
        ]
        markers = "".join(f"[{c.n}]" for c in citations)
        text = f"{short} {markers}." if short else f"{claim[0].span.text.rstrip('.')} {markers}."
        if is_english(question):
            text = message("english_frame", answer=text)
        return Answer(question=question, answer=text, refused=False, citations=citations, hits=hits)


def _fit(sentence: str, hit: Hit, years: set[str], wants_number: bool) -> float:
    """How well a sentence fits what the question asks, beyond shared words (0..1]."""
    factor = 1.0
    if wants_number and not _NUMBER.search(YEAR.sub("", sentence)):
        factor *= 0.6
    if years:
        own = set(YEAR.findall(sentence))
        if own & years:
            pass
        elif own:
            factor *= 0.3  # the sentence is about another year
        elif years & set(YEAR.findall(hit.chunk.text + " " + hit.chunk.title)):
            factor *= 0.9
        else:
            factor *= 0.5
    return factor


def _brevity(sentence: str) -> float:
    """A mild handicap for long sentences. Example: 250 chars -> 1.0; 500 chars -> ~0.83."""
    return 1.0 / (1.0 + max(0, len(sentence) - LONG) / 1250)


def _years_found(question: str, hits: list[Hit]) -> bool:
    """A year the question names must appear somewhere in what was retrieved."""
    years = set(YEAR.findall(question))
    if not years:
        return True
    text = " ".join(h.chunk.text + " " + h.chunk.title for h in hits)
    return bool(years & set(YEAR.findall(text)))


def _answer_numbers(sentence: str, question: str) -> set[str]:
    return set(_NUMBER.findall(sentence)) - set(_NUMBER.findall(question))


def _supporting(
    best: Candidate, others: list[Candidate], question: str, short: str | None
) -> list[Candidate]:
    """Sentences in other articles stating the same figures as the best one (one per article)."""
    wanted = _answer_numbers(best.span.text, question)
    lead = _NUMBER.findall(short or "")
    out: list[Candidate] = []
    used = {best.hit.chunk.article_id}
    for c in others:
        if c.hit.chunk.article_id in used or c.score < SUPPORT_RATIO * best.score:
            continue
        numbers = _answer_numbers(c.span.text, question)
        same = set(lead) <= numbers if lead else bool(wanted & numbers)
        if not wanted and not lead:
            a, b = sentence_terms(best.span.text), sentence_terms(c.span.text)
            same = len(a & b) / max(len(a | b), 1) >= 0.5
        if same:
            out.append(c)
            used.add(c.hit.chunk.article_id)
    return out


def _phrase_pattern(head: list[str]) -> re.Pattern:
    # Matched on the sentence as written; head syllables compared without diacritics, so
    # allow any letters of the same folded shape by folding the sentence's words on the fly.
    words = r"\s+".join(r"(\w+)" for _ in head)
    return re.compile(
        rf"(?:{_QUALIFIER}\s+)?\d+(?:[.,]\d+)*(?:\s*[-–]\s*\d+(?:[.,]\d+)*)?\s*(?:%|{words})",
        re.I,
    )


def short_answer(question: str, sentence: str) -> str | None:
    """For 'bao nhiêu X' questions: 'khoảng 920 doanh nghiệp' from the sentence, capitalized.

    Example: ('Bao nhiêu doanh nghiệp?', '... có khoảng 920 doanh nghiệp hoạt động ...') -> 'Khoảng 920 doanh nghiệp'.
    """
    m = _HEAD_AFTER.search(question)
    if not m:
        return None
    head = [fold(s) for s in syllables(expand_abbreviations(m.group(1)))][:2]
    if head[:2] == ["phan", "tram"]:
        head = ["%"]
    terms = set(question_terms(question))
    for n in (len(head), 1):
        matches = [
            f
            for f in _phrase_pattern(head[:n]).finditer(sentence)
            if _head_ok([fold(g.lower()) for g in f.groups() if g], head[:n])
        ]
        if matches:
            best = max(matches, key=lambda f: (_context_overlap(sentence, f, terms), -f.start()))
            phrase = best.group(0).strip()
            return phrase[0].upper() + phrase[1:]
    return None


def _head_ok(got: list[str], head: list[str]) -> bool:
    if head == ["%"]:
        return not got
    return got == head or _abbrev_matches(got, head)


def _context_overlap(sentence: str, match: re.Match, terms: set[str]) -> int:
    """Question terms in the words right after a figure ('300 doanh nghiệp có ... tiêu chuẩn quốc tế')."""
    after = sentence[match.end() : match.end() + 120].split(",")[0]
    return len(terms & sentence_terms(after))


def _abbrev_matches(got: list[str], head: list[str]) -> bool:
    """'DN' in the sentence stands for 'doanh nghiệp' in the question."""
    expanded = [fold(s) for s in syllables(expand_abbreviations(" ".join(got)))]
    return expanded[-len(head) :] == head
