"""Hybrid retrieval: dense (Chroma, e5) + BM25 (Vietnamese tokens), fused by reciprocal rank.

`HybridSearcher` does the work and returns `Hit`s (with the question's vector and the timings,
in a `Found`); `HybridRetriever` wraps it as a LangChain `BaseRetriever` for people who compose
chains (the pipeline itself reads `Hit`s). RRF needs no score calibration between
the two lists: a chunk's fused score is sum(1 / (RRF_K + rank)) over the lists it appears in.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from bot.question.understand import Question, queries_for
from bot.records import Hit
from bot.retrieval.lexical import LexicalIndex
from index.embedders import Embedder
from index.records import Chunk
from index.stores.chroma import ChromaStore

RRF_K = 60
POOL = 20  # candidates taken from each list before fusion


MODES = ("dense", "bm25", "hybrid")


@dataclass(frozen=True)
class SearchOptions:
    """What the retrieval ablation switches off. Example: SearchOptions(mode="bm25")."""

    mode: str = "hybrid"  # "dense" | "bm25" | "hybrid"
    analyze: bool = True  # False: the raw question is both queries

    def __post_init__(self):
        if self.mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {self.mode!r}")


@dataclass(frozen=True)
class Found:
    """One search's result: the hits, the question's vector (None when dense search was off;
    for `with_sentences`) and how long each step took."""

    hits: list[Hit]
    vector: list[float] | None = None
    timings: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Lexical:
    """The BM25 index and the spelling vocabulary built from it, swapped in as one."""

    index: LexicalIndex
    vocabulary: dict[str, int]

    @classmethod
    def of(cls, index: LexicalIndex) -> Lexical:
        return cls(index, index.folded_vocabulary())


class HybridSearcher:
    """Dense + BM25 search. Keeps nothing per call: many questions may be searched at once.

    `options` (frozen) is read once per search; the ablation replaces it between runs. `use()`
    swaps in a rebuilt BM25 index; a search in flight finishes on the one it started with.
    """

    def __init__(self, store: ChromaStore, embedder: Embedder):
        self.store = store
        self.embedder = embedder
        self.store.open(embedder.name, embedder.dim)
        self.options = SearchOptions()
        self._lexical = Lexical.of(LexicalIndex(store.all_chunks()))

    @property
    def lexical(self) -> LexicalIndex:
        return self._lexical.index

    @property
    def vocabulary(self) -> dict[str, int]:
        return self._lexical.vocabulary

    def use(self, lexical: Lexical) -> None:
        self._lexical = lexical

    def by_words(self, text: str, n: int) -> list[Chunk]:
        """BM25 alone over the words as given, unrepaired: for a reader looking for the other
        articles that state a measure it found ('... đạt 1,72 tỷ USD ...')."""
        index = self._lexical.index
        return [index.chunks[i] for i, _ in index.search(text, n)]

    def search(self, question: str, k: int = 5) -> list[Hit]:
        return self.find(question, k).hits

    def find(
        self, question: str | Question, k: int = 5, options: SearchOptions | None = None
    ) -> Found:
        """A `Question` brings its search strings (built once, by `understand`); a bare string
        (the LangChain adapter's) is repaired here the same way."""
        options = options or self.options
        side = self._lexical  # one index for the whole search, whatever use() does meanwhile
        text = str(question.standalone) if isinstance(question, Question) else question
        if not options.analyze:
            dense_query = lexical_query = text
        elif isinstance(question, Question):
            dense_query, lexical_query = question.dense, question.lexical
        else:
            dense_query, lexical_query = queries_for(text, side.vocabulary)
        n = max(POOL, k)
        t0 = time.perf_counter()
        vector = self.embedder.embed_query(dense_query) if options.mode != "bm25" else None
        t1 = time.perf_counter()
        dense = self.store.query(vector, n) if vector is not None else []
        t2 = time.perf_counter()
        found = side.index.search(lexical_query, n) if options.mode != "dense" else []
        lexical = [(side.index.chunks[i], s) for i, s in found]
        t3 = time.perf_counter()
        # With one list empty, RRF is that list's own order; ranks and Hit fields stay the same.
        hits = fuse(dense, lexical, k)
        timings = {
            "embed": (t1 - t0) * 1000,
            "dense": (t2 - t1) * 1000,
            "bm25": (t3 - t2) * 1000,
            "fuse": (time.perf_counter() - t3) * 1000,
        }
        return Found(hits, vector, timings)


def with_sentences(store: ChromaStore, hits: list[Hit], vector: list[float] | None) -> list[Hit]:
    """The hits with each sentence's similarity to the question (e5 vectors made at ingest)."""
    if vector is None or not hits:
        return hits
    import numpy as np

    found = store.sentence_vectors([h.chunk.id for h in hits])
    if not found:
        return hits
    keys = list(found)
    matrix = np.asarray([found[k] for k in keys], dtype=np.float32)
    q = np.asarray(vector, dtype=np.float32)
    sims = matrix @ q / (np.linalg.norm(matrix, axis=1) * np.linalg.norm(q) + 1e-9)
    by_article: dict[str, dict[int, float]] = {}
    for (aid, start), sim in zip(keys, sims.tolist()):
        by_article.setdefault(aid, {})[start] = sim
    return [replace(h, sentences=by_article.get(h.chunk.article_id, {})) for h in hits]


def fuse(dense: list[tuple[Chunk, float]], lexical: list[tuple[Chunk, float]], k: int) -> list[Hit]:
    """Reciprocal-rank fusion of two ranked lists. Example: a chunk 1st in both beats one 1st in one."""
    scores: dict[str, float] = {}
    chunks: dict[str, Chunk] = {}
    dense_score: dict[str, float] = {}
    lexical_score: dict[str, float] = {}
    for ranked, seen in ((dense, dense_score), (lexical, lexical_score)):
        for rank, (chunk, score) in enumerate(ranked):
            scores[chunk.id] = scores.get(chunk.id, 0.0) + 1.0 / (RRF_K + rank + 1)
            chunks[chunk.id] = chunk
            seen[chunk.id] = score
    order = sorted(scores, key=lambda cid: (-scores[cid], cid))[:k]
    return [
        Hit(chunks[cid], scores[cid], rank, dense_score.get(cid), lexical_score.get(cid))
        for rank, cid in enumerate(order)
    ]


def hit_to_document(hit: Hit) -> Document:
    c = hit.chunk
    meta = c.metadata() | {
        "chunk_id": c.id,
        "score": hit.score,
        "rank": hit.rank,
        "dense": hit.dense,
        "lexical": hit.lexical,
    }
    return Document(page_content=c.text, metadata=meta, id=c.id)


class HybridRetriever(BaseRetriever):
    """LangChain retriever over a `HybridSearcher`. Example: HybridRetriever(searcher=s, k=3).invoke('...')."""

    searcher: Any
    k: int = 5

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun, k: int | None = None
    ) -> list[Document]:
        return [hit_to_document(h) for h in self.searcher.search(query, k or self.k)]


def answer_pool(hits: list[Hit], n: int) -> list[Hit]:
    """The first n hits plus each other article's best hit further down.

    An article that repeats itself (overlapping chunks, a 2021 and a 2022 paragraph with the
    same words) can fill the top ranks; the one article that disagrees must still be read.
    """
    pool = hits[:n]
    seen = {h.chunk.article_id for h in pool}
    for h in hits[n:]:
        if h.chunk.article_id not in seen:
            pool.append(h)
            seen.add(h.chunk.article_id)
    return pool
