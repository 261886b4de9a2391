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
)
LEAD_CHARS = 400


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


__all__ = ["FEATURES", "Pool", "Ranker", "default_ranker", "write_ranker"]
