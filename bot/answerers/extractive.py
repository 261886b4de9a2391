"""The default answerer: no language model, it answers with the words of the articles.

Steps: cut two questions asked as one apart (multipart.py) -> analyse the question
(analysis.py) -> score every sentence of the retrieved chunks and find the answer span in it
(evidence.py) -> refuse when the best sentence does not answer this question (refusal.py) ->
gather the claims of every article about the same measure, searching the corpus again for the
words around the figure (claims.py) -> write a short answer first (the figure with its unit,
the name, the plan number, the list; per year, or the sides of a conflict; wording.py), then
citation markers; the quoted sentences travel in `Answer.citations`. Questions about the
article itself (author, date, outlet) and abbreviations are answered from the article's text.

Deliberately not here: paraphrasing, or combining facts from different sentences into one
(except a plan number named elsewhere in the same article).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property

from bot.analysis import Query, analyze
from bot.answerers.base import Answerer
from bot.answerers.wording import (
    citation,
    compared,
    markers,
    phrase,
    same_sentence_elsewhere,
    sentence,
)
from bot.claims import Claim, conflicting, gather
from bot.evidence import Candidate, Scorer, missing_name, missing_place, sentence_terms
from bot.followup import said_figures
from bot.glossary import glossary
from bot.messages import message
from bot.multipart import join_answers, split_question
from bot.ranker import default_ranker
from bot.records import Answer, Hit, Turn
from bot.refusal import MIN_COVERAGE, missing_role, refusal_reason
from bot.spans import list_items, named_items, person_names, plan_refs
from bot.temporal import YEAR_FIT_ARTICLE, article_year
from index.chunker import article_texts
from index.records import Chunk
from index.vntext import LOWER, UPPER, Span, fold, split_sentences, syllables

MAX_LIST_ITEMS = 8


@dataclass(frozen=True)
class ArticleInfo:
    text: str  # rebuilt from its chunks: offsets match the article's own
    plan_year: str | None
    title: str
    date: str | None
    outlet: str | None


class ExtractiveAnswerer(Answerer):
    name = "extractive"

    def __init__(
        self,
        weight: Callable[[str], float] | None = None,
        chunks: list[Chunk] | None = None,
        vocabulary: dict[str, int] | None = None,
    ):
        self.weight = weight or (lambda _t: 1.0)
        self.chunks = chunks or []
        self.vocabulary = vocabulary or {}
        self.lexicon = None  # a LexicalIndex, to look for other articles stating the same measure
        self.analysis = True  # False: the plain coverage baseline (for the ablation table)
        self.last_reason: str | None = None  # why the last question was refused
        self.last_coverage = 0.0
        self.min_coverage = MIN_COVERAGE  # calibrated by `hoidap calibrate`
        self.ranker = default_ranker()  # fitted by `hoidap fit`; None: the hand-set score

    @property
    def min_score(self) -> float:
        return self.ranker.min_probability if self.ranker and self.analysis else 0.0

    def use_corpus(self, lexicon) -> None:
        """Give the answerer the whole corpus: IDF weights, chunks, spelling vocabulary."""
        self.weight = lexicon.term_weight
        self.lexicon = lexicon
        self.chunks = lexicon.chunks
        self.vocabulary = lexicon.folded_vocabulary()
        self.__dict__.pop("articles", None)
        self.__dict__.pop("known_people", None)

    @cached_property
    def articles(self) -> dict[str, ArticleInfo]:
        return _articles(self.chunks)

    @cached_property
    def known_people(self) -> set[str]:
        return set().union(*(person_names(c.text) for c in self.chunks)) if self.chunks else set()

    def info(self, hit: Hit) -> ArticleInfo:
        found = self.articles.get(hit.chunk.article_id)
        if found:
            return found
        c = hit.chunk
        return ArticleInfo(c.text, article_year(c.title, c.text, c.date), c.title, c.date, c.outlet)

    def answer(self, question: str, hits: list[Hit], turns: list[Turn] | None = None) -> Answer:
        """`turns`: the conversation a follow-up was resolved from (None for a question that
        stands alone); the figures its last answer gave are not answers again."""
        said = said_figures(turns) if turns else ()
        parts = split_question(question)
        if len(parts) == 1:
            return self.answer_one(question, hits, said)
        # "bao nhiêu doanh nghiệp và bao nhiêu sản phẩm?": each part answered on its own
        answers = [self.answer_one(part, hits, said) for part in parts]
        if all(a.refused for a in answers):
            return answers[0]
        return join_answers(question, [a for a in answers if not a.refused], hits)

    def answer_one(self, question: str, hits: list[Hit], said: tuple[str, ...] = ()) -> Answer:
        query = analyze(question, self.vocabulary)
        # a follow-up offering a figure of its own ("chỗ khác lại thấy ghi 10%?") sets it
        # against the one just given: both are asked about
        query = replace(query, said=() if query.figures else said)
        refusal = Answer(question=question, answer=message("refusal"), refused=True, hits=hits)
        if not query.terms or not hits:
            self.last_reason = "empty question or no hits"
            return replace(refusal, reason=self.last_reason)
        scorer = self.scorer(query, hits)
        candidates = scorer.candidates(hits, self.analysis)
        best = _prefer_answering(query, candidates)
        if not self.analysis:
            return self._baseline(query, best, candidates, hits, refusal)
        self.last_coverage = best.coverage if best else 0.0
        self.last_reason = refusal_reason(
            query, best, best and self.info(best.hit).text or "", self.min_coverage, self.min_score
        )
        if self.last_reason:
            return replace(refusal, reason=self.last_reason)
        # Looking for other articles stating the same measure can find a better answer too.
        pool = sorted(candidates + self._corroborate(scorer, best, hits), key=lambda c: -c.score)
        best = _prefer_answering(query, pool)
        if refusal_reason(query, best, self.info(best.hit).text, self.min_coverage, self.min_score):
            best = _prefer_answering(query, candidates)
        others = [c for c in pool if c is not best]
        return self.compose(query, best, others, hits)

    def _rivals(self, query: Query, best: Candidate, others: list[Candidate]) -> list[Candidate]:
        """Each other article's own best answer, when it would answer the question alone: the
        asked unit, close to the best one's probability, no constraint of the question unmet."""
        out: dict[str, Candidate] = {}
        for c in others:  # best first
            if c.article == best.article or c.article in out or not c.strict:
                continue
            if c.score < max(self.min_score, RIVAL_RATIO * best.score):
                break
            if c.coverage < RIVAL_COVERAGE * best.coverage:
                continue  # a figure of the unit asked, about something else
            if refusal_reason(query, c, self.info(c.hit).text, self.min_coverage, self.min_score):
                continue
            out[c.article] = c
        return list(out.values())

    def _unmet(self, query: Query, c: Candidate) -> str | None:
        """The place, title or name the question states that this candidate's article lacks."""
        text = self.info(c.hit).text
        return missing_place(query, text) or missing_role(query, text) or missing_name(query, text)

    def _corroborate(self, scorer: Scorer, best: Candidate, hits: list[Hit]) -> list[Candidate]:
        """Search the corpus for the words around the answer figure, so every article that
        states the same measure is read, not only those retrieval happened to rank high."""
        if self.lexicon is None or best.found is None or not scorer.query.numeric:
            return []
        seen = {h.chunk.id for h in hits}
        sentence = best.span.text
        around = sentence[max(0, best.found.start - 120) : best.found.end + 80]
        extra = [
            Hit(self.lexicon.chunks[i], 0.0, len(hits) + n)
            for n, (i, _) in enumerate(self.lexicon.search(around, 10))
            if self.lexicon.chunks[i].id not in seen
        ]
        return scorer.candidates(extra) if extra else []

    def scorer(self, query: Query, hits: list[Hit]) -> Scorer:
        # the corpus's names cover every hit; without a corpus (a bare answerer), the hits' own
        people = self.known_people or {n for h in hits for n in person_names(h.chunk.text)}
        articles = self.articles

        def plan_year(aid: str) -> str | None:
            return articles[aid].plan_year if aid in articles else None

        def text(aid: str) -> str | None:
            return articles[aid].text if aid in articles else None

        named = named_people(query.text, people)
        return Scorer(query, self.weight, plan_year, people, text, named, self.ranker)

    def _baseline(self, query, best, candidates, hits, refusal) -> Answer:
        if best is None or best.coverage < self.min_coverage:
            return refusal
        return self._answer(query, f"{sentence(best)} [1].", [best], hits)

    def compose(
        self, query: Query, best: Candidate, others: list[Candidate], hits: list[Hit]
    ) -> Answer:
        if query.meta:
            return self._meta(query, best, hits)
        if query.kind == "define":
            return self._define(query, best, hits)
        if query.kind == "plan" and best.found is None:
            return self._article_plan(query, best, hits)
        if best.found is not None:
            # another article's figure is a side only if that article is about the place and
            # the people asked ("tổng vốn" of another project is no side of Cam Ranh's)
            others = [c for c in others if c.article == best.article or not self._unmet(query, c)]
            # a yes-no question's figure is the one to confirm, not a measure to collect
            asks = query.numeric and query.kind != "yesno"
            rivals = self._rivals(query, best, others) if asks else []
            claims = gather(best, others, bool(query.years), query.numeric, rivals)
            return self._claims(query, claims, hits)
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
            lead = f"{self._say(query, 'yes' if yes else 'no')} {sentence(best)}"
        return self._answer(query, f"{lead} {markers(1, len(members))}.", members, hits)

    def _claims(self, query: Query, claims: list[Claim], hits: list[Hit]) -> Answer:
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
                text = f"{self._say(query, 'agree')} {text}"
            if query.kind == "yesno":
                said = not query.figures or any(f.rstrip("%") in claim.value for f in query.figures)
                yes = said and not denies(claim.lead.span.text, query)
                text = f"{self._say(query, 'yes' if yes else 'no')} {text}"
            return self._answer(query, text, members, hits)
        if conflicting(claims):
            parts = [
                self._say(query, "conflict_side", value=phrase(c, query, lower=True), refs=r)
                for c, r in sides
            ]
            text = self._say(query, "conflict", sides=", ".join(parts))
        else:
            parts = [
                self._say(
                    query,
                    "by_year_side",
                    year=c.year or "?",
                    value=phrase(c, query, lower=True),
                    refs=r,
                )
                for c, r in sides
            ]
            text = self._say(query, "by_year", sides="; ".join(parts))
            verdict = compared(query, claims)
            if verdict is not None:
                text = f"{self._say(query, 'yes' if verdict else 'no')} {text}"
        return self._answer(query, text, members, hits, framed=False)

    def _define(self, query: Query, best: Candidate, hits: list[Hit]) -> Answer:
        """'CNHT là viết tắt của gì?': the words the articles put before '(CNHT)', else the
        glossary's reading with the sentence that uses the abbreviation."""
        for abbr, long in abbreviations_asked(query.text):
            for aid, info in self.articles.items():
                m = re.search(
                    rf"((?:[\wÀ-ỹ]+\s+){{1,8}})\(\s*{re.escape(abbr)}\s*\)", info.text, re.I
                )
                if not m:
                    continue
                n = len(syllables(long))
                words = m.group(1).split()[-n:]
                phrase = " ".join(words)
                at = m.start(1) + m.group(1).rindex(words[0])
                span = _sentence_at(info.text, at)
                hit = _article_hit(self.chunks, aid, span.start) or best.hit
                c = Candidate(hit, span, best.coverage, best.score)
                lead = message("defined", abbr=abbr.upper(), long=phrase)
                return self._answer(query, f"{lead} [1].", [c], hits)
            lead = message("defined", abbr=abbr.upper(), long=long)
            return self._answer(query, f"{lead} [1].", [best], hits)
        return self._answer(query, f"{sentence(best)} [1].", [best], hits)

    def _article_plan(self, query: Query, best: Candidate, hits: list[Hit]) -> Answer:
        """The fact is in one sentence, the plan's number in another of the same article."""
        info = self.info(best.hit)
        refs = plan_refs(info.text)
        if not refs:
            return self._answer(query, f"{sentence(best)} [1].", [best], hits)
        span = _sentence_at(info.text, refs[0].start)
        hit = _article_hit(self.chunks, best.article, span.start) or best.hit
        plan = Candidate(hit, span, best.coverage, best.score)
        return self._answer(query, f"{refs[0].text} [1][2].", [plan, best], hits)

    def _meta(self, query: Query, best: Candidate, hits: list[Hit]) -> Answer:
        """Author, publication date or outlet of the article that best matches the question."""
        info = self.info(best.hit)
        if query.meta == "date" and info.date:
            y, m, d = info.date.split("-")
            lead = message("published", date=f"{d}/{m}/{y}")
        elif query.meta == "outlet" and info.outlet:
            lead = message("outlet", outlet=info.outlet)
        elif query.meta == "author" and (byline := _byline(info.text)):
            span = Span(info.text.rindex(byline), info.text.rindex(byline) + len(byline), byline)
            best = Candidate(best.hit, span, best.coverage, best.score)
            lead = message("author", author=byline)
        else:
            self.last_reason = f"article has no {query.meta}"
            return Answer(query.text, message("refusal"), True, hits=hits, reason=self.last_reason)
        return self._answer(query, f"{lead} [1].", [best], hits)

    def _answer(
        self, query: Query, text: str, members: list[Candidate], hits: list[Hit], framed=True
    ) -> Answer:
        citations = [citation(i + 1, c) for i, c in enumerate(members)]
        if query.english and framed:
            text = message("english_frame", answer=text)
        return Answer(query.text, text, refused=False, citations=citations, hits=hits)

    @staticmethod
    def _say(query: Query, key: str, **values) -> str:
        return message(f"en_{key}" if query.english else key, **values)


ANSWERING_RATIO = 0.3
# another article's answer is a side of the claim when its probability is this close to the best
RIVAL_RATIO = 0.85
# a side says what the best answer says of the question's words, about as much
RIVAL_COVERAGE = 0.5


def _prefer_answering(query: Query, candidates: list[Candidate]) -> Candidate | None:
    """The best sentence that can answer: about the year asked and, for a number question,
    holding a figure of the asked kind; unless it scores under ANSWERING_RATIO of the best
    sentence overall (then the best one, and the refusal rules decide)."""
    if not candidates:
        return None

    def admissible(c: Candidate) -> bool:
        if query.years and c.fit_year < YEAR_FIT_ARTICLE:
            return False
        return c.strict or not query.numeric

    holding = next((c for c in candidates if admissible(c)), None)
    if holding is not None and holding.score >= ANSWERING_RATIO * candidates[0].score:
        return holding
    return candidates[0]


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


def named_people(question: str, people: set[str]) -> tuple[str, ...]:
    """People the question names: in full, or 'ông/bà' + given name, the way Vietnamese
    refer to people. Example: 'ông thắng nói gì' -> ('Đàm Tiến Thắng',)."""
    asked = " " + fold(question).lower() + " "
    out = []
    for name in sorted(people):
        full = fold(name).lower()
        given = full.split()[-1]
        if f" {full} " in asked or re.search(rf"\b(?:ong|ba|mr|ms)\.? {given}\b", asked):
            out.append(name)
    return tuple(out)


def abbreviations_asked(text: str) -> list[tuple[str, str]]:
    """(abbreviation as typed, glossary reading) for each abbreviation in the question."""
    table = {k.upper(): v for k, v in glossary()["abbreviations"].items()}
    out = []
    for word in re.findall(r"[\wĐđ.]+", text):
        if word.upper() in table and (word.upper(), table[word.upper()]) not in out:
            out.append((word, table[word.upper()]))
    return out


def _sentence_at(text: str, offset: int) -> Span:
    """The sentence of an article holding a character offset."""
    for span in split_sentences(text):
        if span.start <= offset < span.end:
            return span
    return Span(offset, offset, "")


def _article_hit(chunks: list[Chunk], article_id: str, offset: int) -> Hit | None:
    for c in chunks:
        if c.article_id == article_id and c.start <= offset < c.end:
            return Hit(c, 0.0, 99)
    return None


def _byline(text: str) -> str | None:
    """The last line when it is a short run of capitalised words (an author's name)."""
    last = text.rstrip().rsplit("\n", 1)[-1].strip()
    ok = re.fullmatch(rf"(?:[{UPPER}][{LOWER}]*\.?\s?){{2,5}}", last)
    return last if ok and len(last) < 40 else None


def _articles(chunks: list[Chunk]) -> dict[str, ArticleInfo]:
    first = {}
    for c in chunks:
        first.setdefault(c.article_id, c)
    return {
        aid: ArticleInfo(
            text,
            article_year(first[aid].title, text, first[aid].date),
            first[aid].title,
            first[aid].date,
            first[aid].outlet,
        )
        for aid, text in article_texts(chunks).items()
    }


__all__ = ["ExtractiveAnswerer", "split_sentences"]
