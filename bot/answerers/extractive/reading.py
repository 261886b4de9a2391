"""One question read against its hits: the best sentence, refuse or not, the claims around it.

A `Reading` lives for one call. It holds the corpus snapshot and the options the call started
with, so nothing it works out is kept on the shared answerer and questions can be read side by
side.

Steps (the question was analysed once, by bot/question/): score every sentence of the hits and find the
answer span in it (evidence.py) -> refuse when the best sentence does not answer this question
(refusal.py) -> gather every article's claim about the same measure, searching the corpus
again for the words around the figure (claims.py) -> compose the answer (compose.py).

Deliberately not here: how the answer is worded (compose.py, wording.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from bot.answerers.extractive import compose
from bot.answerers.extractive.constraints import missing_name, missing_place
from bot.answerers.extractive.corpus import ReaderCorpus
from bot.answerers.extractive.evidence import Candidate, Scorer
from bot.answerers.extractive.options import ReaderOptions
from bot.answerers.extractive.refusal import missing_role, refusal_reason
from bot.answerers.extractive.wording import sentence
from bot.lang.spans import person_names
from bot.lang.temporal import YEAR_FIT_ARTICLE
from bot.messages import message
from bot.question.analysis import Query
from bot.records import Answer, Hit
from index.records import Chunk
from index.vntext import fold

ANSWERING_RATIO = 0.3
# another article's answer is a side of the claim when its probability is this close to the best
RIVAL_RATIO = 0.85
# a side says what the best answer says of the question's words, about as much
RIVAL_COVERAGE = 0.5


@dataclass(frozen=True)
class Reading:
    corpus: ReaderCorpus
    options: ReaderOptions
    # more evidence, asked of the pipeline: the chunks sharing most words with a text (the
    # reader never searches itself); None: only the hits given
    search: Callable[[str, int], list[Chunk]] | None = None

    @property
    def min_score(self) -> float:
        ranker = self.options.ranker
        return ranker.min_probability if ranker and self.options.analysis else 0.0

    def refused(self, query: Query, best: Candidate | None) -> str | None:
        """Why `best` does not answer the question (None: it does)."""
        text = best and self.corpus.info(best.hit).text or ""
        return refusal_reason(query, best, text, self.options.min_coverage, self.min_score)

    def answer(self, query: Query, hits: list[Hit]) -> Answer:
        """One analysed question (one part of what was asked) against the hits."""
        refusal = Answer(question=query.text, answer=message("refusal"), refused=True, hits=hits)
        if not query.terms or not hits:
            return replace(refusal, reason="empty question or no hits")
        scorer = self.scorer(query, hits)
        candidates = scorer.candidates(hits, self.options.analysis)
        best = prefer_answering(query, candidates)
        if not self.options.analysis:
            return self._baseline(query, best, hits, refusal)
        reason = self.refused(query, best)
        if reason:
            return replace(refusal, reason=reason)
        # Looking for other articles stating the same measure can find a better answer too.
        pool = sorted(candidates + self._corroborate(scorer, best, hits), key=lambda c: -c.score)
        best = prefer_answering(query, pool)
        if self.refused(query, best):
            best = prefer_answering(query, candidates)
        others = [c for c in pool if c is not best]
        if best.found is not None and not query.meta and query.kind != "define":
            # another article's figure is a side only if that article is about the place and
            # the people asked ("tổng vốn" of another project is no side of Cam Ranh's)
            others = [c for c in others if c.article == best.article or not self._unmet(query, c)]
            # a yes-no question's figure is the one to confirm, not a measure to collect
            asks = query.numeric and query.kind != "yesno"
            rivals = self._rivals(query, best, others) if asks else []
            return compose.figure(self.corpus, query, best, others, rivals, hits)
        return compose.compose(self.corpus, query, best, others, hits)

    def hit_scores(self, query: Query, hits: list[Hit]) -> dict[str, float]:
        """Each hit's best sentence score for the question, by chunk id (the reader's own
        ranking of the evidence; a hit with no sentence worth reading has none)."""
        if not query.terms or not hits:
            return {}
        best: dict[str, float] = {}
        for c in self.scorer(query, hits).candidates(hits, self.options.analysis):
            best.setdefault(c.hit.chunk.id, c.score)  # best first
        return best

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
            if self.refused(query, c):
                continue
            out[c.article] = c
        return list(out.values())

    def _unmet(self, query: Query, c: Candidate) -> str | None:
        """The place, title or name the question states that this candidate's article lacks."""
        text = self.corpus.info(c.hit).text
        return missing_place(query, text) or missing_role(query, text) or missing_name(query, text)

    def _corroborate(self, scorer: Scorer, best: Candidate, hits: list[Hit]) -> list[Candidate]:
        """Search the corpus for the words around the answer figure, so every article that
        states the same measure is read, not only those retrieval happened to rank high."""
        if self.search is None or best.found is None or not scorer.query.numeric:
            return []
        seen = {h.chunk.id for h in hits}
        around = best.span.text[max(0, best.found.start - 120) : best.found.end + 80]
        extra = [
            Hit(chunk, 0.0, len(hits) + n)
            for n, chunk in enumerate(self.search(around, 10))
            if chunk.id not in seen
        ]
        return scorer.candidates(extra) if extra else []

    def scorer(self, query: Query, hits: list[Hit]) -> Scorer:
        # the corpus's names cover every hit; without a corpus (a bare answerer), the hits' own
        corpus = self.corpus
        people = corpus.known_people or {n for h in hits for n in person_names(h.chunk.text)}
        articles = corpus.articles

        def plan_year(aid: str) -> str | None:
            return articles[aid].plan_year if aid in articles else None

        def text(aid: str) -> str | None:
            return articles[aid].text if aid in articles else None

        named = named_people(query.text, people)
        ranker = self.options.ranker
        return Scorer(query, corpus.weight, plan_year, people, text, named, ranker)

    def _baseline(self, query, best, hits, refusal) -> Answer:
        if best is None or best.coverage < self.options.min_coverage:
            return refusal
        return compose.answer(query, f"{sentence(best)} [1].", [best], hits)


def prefer_answering(query: Query, candidates: list[Candidate]) -> Candidate | None:
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
