"""Hybrid retrieval: dense (Chroma, e5) + BM25 (Vietnamese tokens), fused by reciprocal rank.

`HybridSearcher` does the work and returns `Hit`s; `HybridRetriever` wraps it as a LangChain
`BaseRetriever`, so it drops into any LangChain chain. RRF needs no score calibration between
the two lists: a chunk's fused score is sum(1 / (RRF_K + rank)) over the lists it appears in.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from bot.glossary import expand_abbreviations, is_english, translate_terms
from bot.lexical import LexicalIndex
from bot.records import Hit
from index.embedders import Embedder
from index.records import Chunk
from index.store import ChromaStore

RRF_K = 60
POOL = 20  # candidates taken from each list before fusion


class HybridSearcher:
    """Dense + BM25 search. `mode` and `analyze` switch parts off for the retrieval ablation."""

    MODES = ("dense", "bm25", "hybrid")

    def __init__(self, store: ChromaStore, embedder: Embedder):
        self.store = store
        self.embedder = embedder
        self.store.open(embedder.name, embedder.dim)
        self.lexical = LexicalIndex(store.all_chunks())
        self.timings: dict[str, float] = {}
        self.vector: list[float] | None = None
        self.mode: str = "hybrid"  # "dense" | "bm25" | "hybrid"
        self.analyze: bool = True  # False: the raw question is both queries
        self.vocabulary = self.lexical.folded_vocabulary()  # for spelling repair

    def search(self, question: str, k: int = 5) -> list[Hit]:
        if self.mode not in self.MODES:
            raise ValueError(f"mode must be one of {self.MODES}, not {self.mode!r}")
        if self.analyze:
            dense_query, lexical_query = queries_for(question, self.vocabulary)
        else:
            dense_query = lexical_query = question
        n = max(POOL, k)
        t0 = time.perf_counter()
        vector = self.embedder.embed_query(dense_query) if self.mode != "bm25" else None
        t1 = time.perf_counter()
        dense = self.store.query(vector, n) if vector is not None else []
        t2 = time.perf_counter()
        found = self.lexical.search(lexical_query, n) if self.mode != "dense" else []
        lexical = [(self.lexical.chunks[i], s) for i, s in found]
        t3 = time.perf_counter()
        # With one list empty, RRF is that list's own order; ranks and Hit fields stay the same.
        hits = fuse(dense, lexical, k)
        self.vector = vector  # the question's, for with_sentences()
        self.timings = {
            "embed": (t1 - t0) * 1000,
            "dense": (t2 - t1) * 1000,
            "bm25": (t3 - t2) * 1000,
            "fuse": (time.perf_counter() - t3) * 1000,
        }
        return hits


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


def queries_for(question: str, vocabulary: dict[str, int] | None = None) -> tuple[str, str]:
    """The dense and the lexical query after question analysis: chat shorthand spelled out,
    typos repaired, abbreviations expanded, English key terms translated, the articles'
    wording added. Example: 'bn DN CNHT?' -> 'bao nhiêu DN CNHT? (doanh nghiệp; công
    nghiệp hỗ trợ)' for both."""
    from bot.glossary import add_synonyms
    from bot.spelling import correct_typos, expand_shorthand

    text = expand_shorthand(question)
    if is_english(text):
        expanded = expand_abbreviations(text)
        return expanded, f"{expanded} {' '.join(translate_terms(text))}"
    text = add_synonyms(correct_typos(text, vocabulary or {}), vocabulary)
    expanded = expand_abbreviations(text)
    return expanded, expanded


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


def document_to_hit(doc: Document) -> Hit:
    m = doc.metadata
    return Hit(
        Chunk.from_metadata(m["chunk_id"], doc.page_content, m),
        float(m["score"]),
        int(m["rank"]),
        m.get("dense"),
        m.get("lexical"),
    )


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
