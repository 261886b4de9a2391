"""Ranking the reader's sentences with a fitted linear model instead of hand-set weights.

The reader (evidence.py) measures each sentence against the question: shared words, words
around the answer span, the kind of answer it holds, the year, meaning (sentence vectors),
retrieval rank, length. How much each measure counts was set by hand on the seeds, which talk
about one topic. Here the measures are features of a linear model fitted on the tuning sets
of both corpora (`hoidap fit`, bot/evaluation/fit.py): weights fitted listwise (the right
sentence first among each question's own), scaled to the probability that a sentence holds
the answer. The weights live in bot/data/reader.json; without that file the hand-set score
stands.

Two features are relative to the pool of sentences read for the question (the first call of
`Scorer.candidates`; corroborating sentences found later are measured against the same pool):
- discriminating coverage: question words weighted by how few of the pool's sentences hold
  them. Global IDF finds the article; inside it, the words every sentence shares (the
  project's name, the province) do not tell sentences apart, the relation asked does;
- meaning against the pool's best sentence.

The fit also sets `min_probability`, the least probability of the best sentence to answer
with; refusal.py applies it beside its rules.

Deliberately not here: the refusal rules (refusal.py), or anything a topic knows.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from bot.lang.spans import is_caption
from bot.lang.terms import sentence_terms

FEATURES = (
    "score_rel",  # the hand-set score, relative to the pool's best
    "coverage",  # IDF-weighted share of the question's words
    "coverage_rel",
    "local_cover",  # share of the question around the answer span
    "fit_kind",
    "fit_year",
    "strict",  # the span is exactly of the kind asked (a figure with the asked unit)
    "found",
    "meaning",  # sentence similarity, 0 at the pool's median, 1 at its best
    "sim_gap",  # (similarity - the pool's best) x 10
    "rank_prior",  # 1 / (1 + the chunk's retrieval rank)
    "length",  # characters / 250, capped at 600 characters
    "english_meaning",  # meaning, for English questions only
    "discriminating",  # coverage with pool-IDF weights (see above)
    "discriminating_kind",
    "head",  # share of the asked unit's syllables the sentence holds ("giường bệnh")
    "lead",  # the sentence opens the article: headline and lead share words with every question
    "article_met",  # its article names every place and proper name the question states
    "facts_here",  # share of the figures the question states as given that it states
    "focus_here",  # share of the words next to the question word (the relation) it holds
    "focus_near",  # ... within the answer span's clause ("khởi công vào tháng 4/2022")
    "caption",  # a photo caption ("[Ảnh] ...", "(Ảnh: ...)"): says what a picture shows
    "place_here",  # share of the places asked that it names
    "other_place",  # it names places, none of those asked
)
LEAD_CHARS = 400
LENGTH_SCALE = 250  # the "length" feature: characters / this


@dataclass(frozen=True)
class Pool:
    """What features are relative to: the first set of sentences read for a question."""

    best_score: float
    best_coverage: float
    best_sim: float | None
    share: dict[str, float]  # term -> log((n + 1) / (sentences holding it + 0.5))
    total: float  # sum of discriminating weights of the terms some sentence holds


@dataclass(frozen=True)
class Ranker:
    weights: tuple[float, ...]
    bias: float
    min_probability: float = 0.0  # refuse when the first sentence's probability is lower

    def probability(self, x: list[float]) -> float:
        z = self.bias + sum(w * v for w, v in zip(self.weights, x))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> dict:
        return {
            "features": list(FEATURES),
            "weights": list(self.weights),
            "bias": self.bias,
            "min_probability": self.min_probability,
        }

    @classmethod
    def from_json(cls, data: dict) -> Ranker | None:
        # a file fitted for other features is ignored rather than misread
        if tuple(data.get("features", ())) != FEATURES:
            return None
        weights = tuple(float(w) for w in data["weights"])
        return cls(weights, float(data["bias"]), float(data.get("min_probability", 0.0)))


def pool_of(scorer, candidates: list) -> Pool:
    """What the features of these candidates are relative to (see `Pool`)."""
    n = len(candidates)
    holding: dict[str, int] = {}
    for c in candidates:
        for t in sentence_terms(c.span.text) & scorer.terms:
            holding[t] = holding.get(t, 0) + 1
    share = {t: math.log((n + 1) / (k + 0.5)) * scorer.weight(t) for t, k in holding.items()}
    sims = [s for c in candidates if (s := c.hit.sentences.get(c.span.start)) is not None]
    return Pool(
        best_score=max(c.score for c in candidates) or 1.0,
        best_coverage=max(c.coverage for c in candidates) or 1.0,
        best_sim=max(sims) if sims else None,
        share=share,
        total=sum(share.values()) or 1.0,
    )


def features(scorer, c) -> list[float]:
    """A candidate's measures in FEATURES order, read from the `evidence.Scorer` that made it."""
    pool = scorer.pool
    assert pool is not None
    sim = c.hit.sentences.get(c.span.start)
    meaning = (scorer.meaning.relevance(sim) if scorer.meaning else None) or 0.0
    gap = (sim - pool.best_sim) * 10 if sim is not None and pool.best_sim is not None else -1.0
    own = sentence_terms(c.span.text)
    discriminating = sum(pool.share.get(t, 0.0) for t in own & scorer.terms) / pool.total
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
        min(len(c.span.text), 600) / LENGTH_SCALE,
        meaning if scorer.query.english else 0.0,
        discriminating,
        discriminating * c.fit_kind,
        scorer.head_share(c.span.text),
        float(c.span.start < LEAD_CHARS),
        float(scorer.article_met(c.hit)),
        scorer.facts_here(c.span.text),
        scorer.focus_share(sentence_terms(c.span.text)),
        scorer.focus_share(c.local) if c.found is not None else 0.0,
        float(is_caption(c.span.text)),
        *scorer.place_fit(c.span.text),
    ]


DEFAULT_FILE = "reader.json"


@lru_cache(maxsize=1)
def default_ranker() -> Ranker | None:
    path = resources.files("bot.data") / DEFAULT_FILE
    if not path.is_file():
        return None
    return Ranker.from_json(json.loads(path.read_text(encoding="utf-8")))


def write_ranker(ranker: Ranker, path: Path) -> None:
    path.write_text(json.dumps(ranker.to_json(), indent=1) + "\n", encoding="utf-8")
    default_ranker.cache_clear()


__all__ = ["FEATURES", "Pool", "Ranker", "default_ranker", "features", "pool_of", "write_ranker"]
