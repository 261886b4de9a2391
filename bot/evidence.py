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

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from bot.analysis import Query
from bot.counted import is_money
from bot.glossary import classifiers, expand_abbreviations, glossary, measures
from bot.names import places_in
from bot.ranker import LEAD_CHARS, Pool, Ranker
from bot.records import Hit
from bot.spans import (
    CLAUSE_BREAK,
    QUALIFIER,
    Found,
    figures,
    is_caption,
    is_range,
    is_until,
    list_items,
    named_items,
    people,
    plan_refs,
    spell_out,
    unit_after,
    when_spans,
)
from bot.temporal import claim_year, compared_part, periods, topic_years, year_fit
from bot.terms import key_words
from index.chunker import MIN_SENTENCE
from index.vntext import (
    FOLD_PREFIX,
    Span,
    fold,
    has_diacritics,
    lexical_tokens,
    split_sentences,
    syllables,
)

DENSE_SHARE = 0.5  # weight of meaning (sentence vectors) against shared words in coverage
LONG = 250  # characters; longer sentences cover more words by sheer size
LOCAL_SHARE = 0.4  # weight of the words around the answer span in a sentence's coverage
# Words that begin the name of an organisation in Vietnamese news, whatever the topic.
AGENCY = re.compile(
    r"\b(?:Sở|Bộ|Cục|Tổng cục|UBND|Ủy ban|Hội|Hiệp hội|Viện|Trung tâm|Ban|Công ty|Tập đoàn"
    r"|Tổng công ty|Ngân hàng|Bệnh viện|Trường|Đại học|CLB|Câu lạc bộ|Quỹ|Tổ chức|Liên đoàn"
    r"|Thanh tra|Kho bạc|Văn phòng|Hãng|Quân khu|Công an|Tòa án|Viện kiểm sát)\b"
)
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
SPECIFIC = 0.3
QUALIFIED = 1.0
QUALIFIER_WEIGHT = 0.4
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
_DURATION_UNIT = {"nam", "thang", "ngay", "tuan", "gio"}


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


@lru_cache(maxsize=32768)
def sentence_terms(text: str) -> frozenset[str]:
    """Every key a question term can match: syllables and pairs, as written and folded."""
    return frozenset(lexical_tokens(expand_abbreviations(text)))


class Scorer:
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
        n = len(candidates)
        holding: dict[str, int] = {}
        for c in candidates:
            for t in sentence_terms(c.span.text) & self.terms:
                holding[t] = holding.get(t, 0) + 1
        share = {t: math.log((n + 1) / (k + 0.5)) * self.weight(t) for t, k in holding.items()}
        sims = [s for c in candidates if (s := c.hit.sentences.get(c.span.start)) is not None]
        return Pool(
            best_score=max(c.score for c in candidates) or 1.0,
            best_coverage=max(c.coverage for c in candidates) or 1.0,
            best_sim=max(sims) if sims else None,
            share=share,
            total=sum(share.values()) or 1.0,
        )

    def features(self, c: Candidate) -> list[float]:
        """The candidate's measures in ranker.FEATURES order."""
        pool = self.pool
        assert pool is not None
        sim = c.hit.sentences.get(c.span.start)
        meaning = (self.meaning.relevance(sim) if self.meaning else None) or 0.0
        gap = (sim - pool.best_sim) * 10 if sim is not None and pool.best_sim is not None else -1.0
        own = sentence_terms(c.span.text)
        discriminating = sum(pool.share.get(t, 0.0) for t in own & self.terms) / pool.total
        return [
            c.score / pool.best_score,
            c.coverage,
            c.coverage / pool.best_coverage,
            c.local_cover,
            c.fit_kind,
            c.fit_year,
            float(c.strict),
            float(c.found is not None),
            meaning,
            gap,
            1.0 / (1 + c.hit.rank),
            min(len(c.span.text), 600) / LONG,
            meaning if self.query.english else 0.0,
            discriminating,
            discriminating * c.fit_kind,
            self.head_share(c.span.text),
            float(c.span.start < LEAD_CHARS),
            float(self.article_met(c.hit)),
            self.facts_here(c.span.text),
            self.focus_share(sentence_terms(c.span.text)),
            self.focus_share(c.local) if c.found is not None else 0.0,
            float(is_caption(c.span.text)),
        ]

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

    def _constraint_fit(self, hit: Hit, sentence: str) -> float:
        """Sentences about the person or plan the question names come first."""
        fit = 1.0
        if self.named and not any(n in sentence for n in self.named):
            fit *= NAMED_MISSING
        if self.query.facts:
            text = self.article_text(hit.chunk.article_id) or hit.chunk.text
            if not all(_states(sentence, f) for f in self.query.facts):
                fit *= 1.0 if all(_states(text, f) for f in self.query.facts) else NAMED_MISSING
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

    def facts_here(self, sentence: str) -> float:
        """Share of the figures the question states as given that this sentence states."""
        facts = self.query.facts
        return sum(_states(sentence, f) for f in facts) / len(facts) if facts else 1.0

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
                holding = [p for p in named if _holds_role(p.text, self.query.roles)]
                # "Giám đốc Trung tâm Ung bướu": the title of that body, not another's director
                org = role_body(self.query.text, self.query.roles)
                of_body = [p for p in holding if not _other_body(p.text, self.query.roles, org)]
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
    sentence: str, found: list[Found], scorer: Scorer, hit_fit: float, miss_fit: float
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


def _states(text: str, figure: str) -> bool:
    """Does the text state this figure? Example: ('khoảng 400 doanh nghiệp', '400') -> True."""
    core = re.escape(figure.rstrip("%").strip())
    return bool(re.search(rf"(?<![\d.,/]){core}(?![\d/]|[.,]\d)", text))


_CLAUSE_EDGE = re.compile(r"[;:()]|[,.](?!\d)|\s(?:và|còn|trong khi|nhưng)\s")


def _asks(sentence: str) -> bool:
    return sentence.rstrip(" \"'”»)").endswith("?")


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


@lru_cache(maxsize=256)
def role_body(question: str, roles: tuple[str, ...]) -> tuple[str, ...]:
    """The body a title asked is of, folded, up to a function word. Example: ('Ai là Giám đốc
    Trung tâm Ung bướu của Bệnh viện?', ('giam doc',)) -> ('trung', 'tam', 'ung', 'buou')."""
    words = folded_words(question)
    for role in roles:
        at = words.find(f" {role} ")
        if at >= 0:
            after = words[at + len(role) + 2 :].split()
            body = []
            for w in after:
                if w in _BODY_END or not re.fullmatch(r"[a-z]+", w):
                    break
                body.append(w)
            return tuple(body[:5])
    return ()


_BODY_END = {
    "cua",
    "tai",
    "o",
    "la",
    "tinh",
    "huyen",
    "da",
    "dang",
    "co",
    "duoc",
    "noi",
    "phat",
    "cho",
    "ve",
    "hien",
}


def _other_body(person: str, roles: tuple[str, ...], asked: tuple[str, ...]) -> bool:
    """The person's title is of another body than asked: 'Giám đốc Bệnh viện Đa khoa' when
    asked 'Giám đốc Trung tâm Ung bướu' (not 'Tổng giám đốc công ty' when asked the company's)."""
    own = role_body(person, roles)
    if not own or not asked:
        return False
    return sum(w in asked for w in own) / len(own) < 0.5


def _holds_role(person: str, roles: tuple[str, ...]) -> bool:
    """Is one of the asked titles in this person's span, deputy or not as asked? Example:
    ('Ông Đỗ Minh Trí, Tổng giám đốc công ty', ('tong giam doc',)) -> True."""
    words = folded_words(person)
    for role in roles:
        plain = role.removeprefix("pho ")
        for m in re.finditer(f" {re.escape(plain)} ", words):
            deputy = words[: m.start()].endswith(" pho")
            if deputy == role.startswith("pho "):
                return True
    return False


@lru_cache(maxsize=4096)  # whole articles are asked about again with every question
def folded_words(text: str) -> str:
    """Abbreviations spelt out, syllables folded, spaced at both ends for whole-word tests."""
    return " " + " ".join(fold(s) for s in syllables(spell_out(text))) + " "


def missing_place(query: Query, article_text: str) -> str | None:
    present = set(places_in(article_text))
    return next((p for p in query.places if p not in present), None)


def missing_name(query: Query, article_text: str) -> str | None:
    """A name the question states that the article never mentions: asked about 'Bệnh viện
    Chợ Rẫy', an article about another hospital does not answer. The article, not the
    sentence: a sentence refers back to what its article is about ('trung tâm')."""
    if query.meta:  # the article's author or date: the name only picks the article
        return None
    said = folded_words(article_text)
    return next((n for n in query.names if folded_words(n) not in said), None)


def unit_matches(query: Query, sentence: str, found: Found) -> bool:
    """Does the figure count what was asked? '920 DN' answers 'bao nhiêu doanh nghiệp'."""
    if query.head == ("%",):
        return found.value.endswith("%")
    if not query.head:
        return True
    if found.value.endswith("%"):
        return False
    words = syllables(spell_out(found.text)) + unit_after(sentence, found, raw=True)
    words = [w for w in words if not re.fullmatch(r"[\d.,]+", w)]
    # "nhóm 6 nội dung" answers "bao nhiêu nhóm nội dung": the head may start before the number,
    # and "tổng số bác sĩ lên 642 người" names it before a linking verb
    if is_money(query.head) and _counts_things(words):
        return False
    before = syllables(sentence[: found.start])[-6:]
    while before and fold(before[-1]).lower() in _LINKS:
        before = before[:-1]
    # a figure with a measure of its own ("trẻ em dưới 15 tuổi", "sau 30 ngày") measures
    # that, not the noun named before it
    after = [fold(w).lower() for w in unit_after(sentence, found, 1)]
    measured = bool(after) and (
        after[0] in _OWN_MEASURES or any(m == (after[0],) for m in measures())
    )
    return any(
        _starts(words, alt)
        or (not measured and (_starts(before[-1:] + words, alt) or _ends(before, alt)))
        for alt in unit_names(query.head)
    )


_OWN_MEASURES = {"tuoi", "nam", "thang", "ngay", "tuan", "gio", "phut", "giay", "lan"}


def _counts_things(words: list[str]) -> bool:
    """'18 triệu khách/năm', '7,9 tỷ kWh': a multiplier followed by what it counts or measures,
    so no money however much 'triệu' looks like it."""
    folded = [fold(w).lower() for w in words[:4]]
    for i, w in enumerate(folded[:-1]):
        if w in _MULTIPLIERS:
            after = folded[i + 1]
            if after in _CURRENCIES:
                return False
            return after in classifiers() or any(m[0] == after for m in measures())
    return False


_MULTIPLIERS = {"nghin", "ngan", "trieu", "ty", "ti"}
_CURRENCIES = {"dong", "usd", "vnd", "eur"}


# words between a named quantity and its figure: "số ca lên 642", "diện tích là 5 ha"
_LINKS = {"len", "la", "dat", "con", "toi", "o", "muc", "xuong", "khoang", "chi", "vao"}


def _ends(words: list[str], name: tuple[str, ...]) -> bool:
    n = len(name)
    return len(words) >= n and all(map(same_word, words[-n:], name))


@lru_cache(maxsize=1024)
def unit_names(head: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """The head (folded, as asked) and what the articles call it (as written).

    Example: ('cong', 'ty') -> [('cong', 'ty'), ('doanh', 'nghiệp'), ('dn',)].
    """
    table = glossary()["units"]
    names = [head[:2]]
    for n in (2, 1):
        for alt in table.get(" ".join(head[:n]), []):
            names.append(tuple(syllables(alt)))
    if len(head) >= 2 and head[0] in classifiers():  # "ca sốt xuất huyết" is counted in "ca"
        names.append(head[:1])
    return tuple(names)


def same_word(written: str, name: str) -> bool:
    """A name with diacritics matches only as written ('đồng' is not 'động'); one without
    them matches any accents ('dong' matches both)."""
    return written == name if has_diacritics(name) else fold(written) == name


def _starts(words: list[str], name: tuple[str, ...]) -> bool:
    """The unit word list starts with the name, skipping the figure's qualifier and multiplier
    words ('khoảng 150 triệu đồng'); not other words: '500 giường vào hoạt động' is no money."""
    n = len(name)
    for i in range(min(4, len(words))):
        if len(words[i : i + n]) == n and all(map(same_word, words[i : i + n], name)):
            return True
        if fold(words[i]).lower() not in _SKIPPABLE:
            return False
    return False


# folded qualifier syllables (spans.QUALIFIER) and multipliers
_SKIPPABLE = {fold(w).lower() for w in re.findall(r"[^\W\d_]+", QUALIFIER)} | {
    "tram",
    "chuc",
    "nghin",
    "ngan",
    "trieu",
    "ty",
    "ti",
    "van",
}


def _brevity(sentence: str) -> float:
    """A mild handicap for long sentences. Example: 250 chars -> 1.0; 500 chars -> ~0.83."""
    return 1.0 / (1.0 + max(0, len(sentence) - LONG) / 1250)
