"""Evidence: every sentence of the retrieved chunks, scored for a question, with its answer span.

A sentence's score multiplies four things, each 0..1:
- coverage: the IDF-weighted share of the question's terms the sentence contains, blended with
  the share found right around the answer span (so of two figures in one sentence, the one whose
  neighbouring words match the question wins);
- kind fit: does it hold what the question asks for (a figure with the asked unit, a person, a
  plan number, a period, a list)?
- year fit: is it about the year asked (its own words, the sentences before it, or the article's
  plan year)?
- brevity: a mild handicap for very long sentences, which match many words by sheer size.

Deliberately not here: deciding to refuse, or merging sources (see refusal.py and claims.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from bot.answerers.extractive.constraints import missing_name, missing_place, states
from bot.answerers.extractive.ranker import Pool, Ranker, features, pool_of
from bot.answerers.extractive.spanfit import QUALIFIED, AnswerSpans
from bot.lang.names import places_in
from bot.lang.spans import (
    Found,
)
from bot.lang.temporal import claim_year, periods, year_fit
from bot.lang.terms import key_words, sentence_terms
from bot.question.analysis import Query
from bot.records import Hit
from index.chunker import MIN_SENTENCE
from index.vntext import (
    FOLD_PREFIX,
    Span,
    fold,
    split_sentences,
    syllables,
)

DENSE_SHARE = 0.5  # weight of meaning (sentence vectors) against shared words in coverage
LONG = 250  # characters; longer sentences cover more words by sheer size
LOCAL_SHARE = 0.4  # weight of the words around the answer span in a sentence's coverage
# A sentence opening with one of these continues the previous one ("Theo đó, Hà Nội sẽ tập
# trung vào ..."): it inherits the previous sentence's words at half weight.
_CONNECTOR = re.compile(
    r"^(?:theo đó|do đó|vì vậy|đồng thời|ngoài ra|bên cạnh đó|cùng với đó|đặc biệt|"
    r"cũng theo|để (?:đạt|hoàn thành|thực hiện)|tuy nhiên|qua đó|từ đó)\b",
    re.I,
)
INHERIT = 0.5
INHERIT_PARAGRAPH = 0.2
UNIGRAM_ALONE = 0.5
FOCUS_BOOST = 2.0
UNTRANSLATED = 2.0
NAMED_MISSING = 0.6  # a sentence without the person / from an article without the plan asked
QUALIFIER_WEIGHT = 0.4


@dataclass(frozen=True)
class Candidate:
    hit: Hit
    span: Span  # the sentence, offsets into the article
    coverage: float  # sentence-level share of the question's weight
    score: float
    found: Found | None = None  # the answer inside the sentence (offsets into span.text)
    strict: bool = False  # found has exactly what was asked (e.g. the asked unit)
    local: frozenset[str] = field(default=frozenset(), repr=False)  # terms around `found`
    year: str | None = None  # the year the claim is about
    fit_year: float = 1.0
    fit_kind: float = 1.0
    local_cover: float = 0.0  # share of the question found around the answer span

    @property
    def article(self) -> str:
        return self.hit.chunk.article_id


class Meaning:
    """Turns a sentence's similarity to the question into 0..1 relative to the other sentences
    read for it: the best one is 1, the median one 0. Relative, because how high cosines run
    depends on the embedder (e5 puts unrelated Vietnamese sentences near 0.8)."""

    def __init__(self, sims: list[float]):
        ranked = sorted(sims)
        self.high = ranked[-1] if ranked else 0.0
        self.low = ranked[len(ranked) // 2] if ranked else 0.0

    def relevance(self, sim: float | None) -> float | None:
        if sim is None or self.high <= self.low:
            return None
        return min(1.0, max(0.0, (sim - self.low) / (self.high - self.low)))

    def blend(self, coverage: float, sim: float | None) -> float:
        """Example: coverage 0.2 of the words, the closest sentence in meaning -> 0.6."""
        rel = self.relevance(sim)
        return coverage if rel is None else (1 - DENSE_SHARE) * coverage + DENSE_SHARE * rel


class Scorer(AnswerSpans):
    """Scores sentences for one query. `weight(term)` is the term's IDF; `plan_year(article)`."""

    def __init__(
        self,
        query: Query,
        weight: Callable[[str], float],
        plan_year: Callable[[str], str | None],
        known_people: set[str],
        article_text: Callable[[str], str | None] = lambda _aid: None,
        named: tuple[str, ...] = (),
        ranker: Ranker | None = None,
    ):
        self.article_text = article_text
        self.meaning: Meaning | None = None
        self.ranker = ranker  # None: the hand-set score ranks sentences
        self.pool: Pool | None = None
        self._met: dict[str, bool] = {}  # article id -> article_met
        self.named = named  # people the question names, as the articles spell them
        self.periods = periods(query.text)
        self.asked_words = {w for t in query.terms if not t.startswith("en:") for w in key_words(t)}
        self.asked_words |= set(query.head)
        self.query = query
        self.terms = set(query.terms)
        # An English word the glossary does not know weighs like a fairly common syllable (not
        # like a never-seen one: the glossary is small); words next to the question word
        # (what is asked about) weigh double.
        focus = query.focus

        def weighted(t: str) -> float:
            if t.startswith("en:"):
                return UNTRANSLATED
            return weight(t) * (FOCUS_BOOST if focus and key_words(t) <= focus else 1.0)

        self.weight = weighted
        self.total = sum(self.weight(t) for t in self.terms) or 1.0
        self.words_of: dict[str, set[str]] = {}  # syllable -> question bigrams holding it
        for t in self.terms:
            if "_" in t and not t.startswith("en:"):
                a, b = t.removeprefix(FOLD_PREFIX).split("_", 1)
                prefix = FOLD_PREFIX if t.startswith(FOLD_PREFIX) else ""
                for part in (a, b):
                    for key in (part, prefix + part, FOLD_PREFIX + fold(part)):
                        self.words_of.setdefault(key, set()).add(t)
        self.plan_year = plan_year
        self.known_people = known_people

    def cover(self, terms: set[str]) -> float:
        """Weighted share of the question's terms in `terms`. A syllable whose every question
        word is missing counts half: 'tiêu' of 'tiêu chuẩn' is weak evidence for 'mục tiêu'."""
        common = self.terms & terms
        got = 0.0
        for t in common:
            words = self.words_of.get(t)
            partial = words and not (words & common)
            got += self.weight(t) * (UNIGRAM_ALONE if partial else 1.0)
        return got / self.total

    def candidates(self, hits: list[Hit], analysis: bool = True) -> list[Candidate]:
        seen: set[tuple[str, int]] = set()
        out = []
        if self.meaning is None:  # set by the first call: later ones add corroborating hits
            self.meaning = Meaning([s for h in hits for s in h.sentences.values()])
        for hit in hits:
            sentences = split_sentences(hit.chunk.text, hit.chunk.start)
            for i, span in enumerate(sentences):
                key = (hit.chunk.article_id, span.start)
                # a question (a subheading "Ngân hàng nào trả lãi cao nhất?") states nothing
                if key in seen or len(span.text) < MIN_SENTENCE or _asks(span.text):
                    continue
                seen.add(key)
                preceding = self.preceding(hit, span) or [s.text for s in sentences[:i]]
                out.append(self.score(hit, span, preceding, analysis))
        if analysis and self.ranker is not None and out:
            if self.pool is None:
                self.pool = self.pool_of(out)
            out = [replace(c, score=self.ranker.probability(self.features(c))) for c in out]
        return sorted(out, key=lambda c: -c.score)

    def pool_of(self, candidates: list[Candidate]) -> Pool:
        return pool_of(self, candidates)

    def features(self, c: Candidate) -> list[float]:
        """The candidate's measures in ranker.FEATURES order."""
        return features(self, c)

    def focus_share(self, terms: frozenset[str]) -> float:
        """Share of the question's focus syllables (folded) among `terms`."""
        focus = self.query.focus
        if not focus:
            return 0.0
        return sum(FOLD_PREFIX + w in terms for w in focus) / len(focus)

    def head_share(self, sentence: str) -> float:
        head = [w for w in self.query.head if w != "%"]
        if not head:
            return 1.0 if "%" in self.query.head and "%" in sentence else 0.0
        words = {fold(w).lower() for w in syllables(sentence)}
        return sum(w in words for w in head) / len(head)

    def preceding(self, hit: Hit, span: Span) -> list[str]:
        """Earlier sentences of the same paragraph, read from the whole article when known
        (a chunk may start mid-paragraph, cutting off the sentence that names the year)."""
        text = self.article_text(hit.chunk.article_id)
        if not text or text[span.start : span.end] != span.text:
            return []
        para_start = text.rfind("\n", 0, span.start) + 1
        if text[:para_start].rstrip().endswith(":"):  # "... như sau:" introduces this paragraph
            para_start = text.rfind("\n", 0, max(para_start - 1, 0)) + 1
        return [s.text for s in split_sentences(text[para_start : span.start])]

    def score(self, hit: Hit, span: Span, preceding: list[str], analysis: bool) -> Candidate:
        own = sentence_terms(span.text)
        coverage = self.cover(own)
        if analysis and preceding:
            # A sentence continues the one before it: fully after a connector ("Theo đó") or a
            # colon, a little otherwise.
            carried = _CONNECTOR.match(span.text) or preceding[-1].rstrip().endswith(":")
            share = INHERIT if carried else INHERIT_PARAGRAPH
            coverage += share * self.cover(sentence_terms(preceding[-1]) - own)
        prior = 0.02 / (1 + hit.rank)
        # An English question shares few words with Vietnamese sentences (only what the
        # glossary translates), so what a sentence means stands in for half of its words. Not
        # for Vietnamese questions: there e5 prefers an article's summary sentence to the one
        # stating the relation asked, and words decided better on every set (evals/README.md).
        if analysis and self.query.english and self.meaning is not None:
            coverage = self.meaning.blend(coverage, hit.sentences.get(span.start))
        if not analysis:
            return Candidate(hit, span, coverage, coverage * _brevity(span.text) + prior)
        found, strict, local, kind_fit = self.extract(span.text)
        blended = (
            (1 - LOCAL_SHARE) * coverage + LOCAL_SHARE * self.cover(local) if found else coverage
        )
        plan = self.plan_year(hit.chunk.article_id)
        fit_y = year_fit(self.query.years, span.text, preceding, plan)
        fit = kind_fit * self._constraint_fit(hit, span.text)
        if found is not None:
            fit *= self.specific(span.text, found)
            if self.query.qualifier:  # the figure is of the thing asked ("... đạt chuẩn")
                fit *= (
                    1
                    - QUALIFIER_WEIGHT
                    + QUALIFIER_WEIGHT * self.qualified(span.text, found) / QUALIFIED
                )
        score = blended * fit * fit_y * _brevity(span.text) + prior
        year = claim_year(span.text, preceding, plan)
        local_cover = self.cover(local) if found else 0.0
        return Candidate(
            hit, span, coverage, score, found, strict, local, year, fit_y, kind_fit, local_cover
        )

    def _constraint_fit(self, hit: Hit, sentence: str) -> float:
        """Sentences about the person or plan the question names come first."""
        fit = 1.0
        if self.named and not any(n in sentence for n in self.named):
            fit *= NAMED_MISSING
        if self.query.facts:
            text = self.article_text(hit.chunk.article_id) or hit.chunk.text
            if not all(states(sentence, f) for f in self.query.facts):
                fit *= 1.0 if all(states(text, f) for f in self.query.facts) else NAMED_MISSING
        if self.query.plan_refs:
            text = self.article_text(hit.chunk.article_id) or hit.chunk.text
            if not any(re.search(rf"(?<!\d){n}/", text) for n in self.query.plan_refs):
                fit *= NAMED_MISSING
        if not self.article_met(hit):
            fit *= NAMED_MISSING
        return fit

    def article_met(self, hit: Hit) -> bool:
        """Does the hit's article name every place and proper name the question states? An
        article about another bridge or province is evidence for nothing asked of this one."""
        if self.query.meta or not (self.query.names or self.query.places):
            return True
        aid = hit.chunk.article_id
        if aid not in self._met:
            text = self.article_text(aid) or hit.chunk.text
            self._met[aid] = not (missing_place(self.query, text) or missing_name(self.query, text))
        return self._met[aid]

    def place_fit(self, sentence: str) -> tuple[float, float]:
        """(share of the places asked that the sentence names, 1 when it names only others).
        An article may compare places ("Tại Đà Nẵng, ... 1.480 căn"): asked about Hà Nội, a
        sentence about another city is about something else, its article's match aside."""
        asked = self.query.places
        if not asked:
            return 0.0, 0.0
        named = set(places_in(sentence))
        here = sum(p in named for p in asked) / len(asked)
        return here, float(bool(named) and not here)

    def facts_here(self, sentence: str) -> float:
        """Share of the figures the question states as given that this sentence states."""
        facts = self.query.facts
        return sum(states(sentence, f) for f in facts) / len(facts) if facts else 1.0


def _asks(sentence: str) -> bool:
    return sentence.rstrip(" \"'”»)").endswith("?")


def _brevity(sentence: str) -> float:
    """A mild handicap for long sentences. Example: 250 chars -> 1.0; 500 chars -> ~0.83."""
    return 1.0 / (1.0 + max(0, len(sentence) - LONG) / 1250)
