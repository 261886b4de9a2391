"""The naive LangChain recipe that `hoidap bench` compares hoidap with, built as tutorials do:
raw files -> RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200) -> Chroma (via
langchain-chroma, default settings) -> similarity_search(question, k=4), with the same embedder.

Deliberately naive: no cleaning, no BM25, no question repair, no follow-up handling. Measured
only for retrieval (is a gold source among the first 1 / 3 results, and how fast).
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200
K = 4


def build(seeds_dir: Path, embedder, folder: Path):
    """The vector store of the recipe, in `folder`. Returns (store, number of chunks)."""
    from chromadb.config import Settings
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    docs = [
        Document(p.read_text("utf-8", errors="replace"), metadata={"source": p.name})
        for p in sorted(seeds_dir.iterdir())
        if p.suffix in (".txt", ".md")
    ]
    splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)
    chunks = splitter.split_documents(docs)
    store = Chroma(
        collection_name="naive",
        embedding_function=embedder,
        persist_directory=str(folder),
        client_settings=Settings(anonymized_telemetry=False),
    )
    store.add_documents(chunks)
    return store, len(chunks)


def measure(store, items: list[dict]) -> dict:
    """recall@1/@3 of gold sources and search latency over the items that have sources."""
    ranks, times = [], []
    for item in items:
        t0 = time.perf_counter()
        found = store.similarity_search(item["question"], k=K)
        times.append((time.perf_counter() - t0) * 1000)
        sources = [d.metadata.get("source") for d in found]
        ranks.append(next((i + 1 for i, s in enumerate(sources) if s in item["sources"]), 0))
    return {
        "recall_at_1": sum(0 < r <= 1 for r in ranks) / len(ranks),
        "recall_at_3": sum(0 < r <= 3 for r in ranks) / len(ranks),
        "p50_ms": statistics.median(times),
        "p95_ms": statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0],
    }
