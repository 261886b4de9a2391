"""Sentence vectors beside the chunks: the half of `ChromaStore` that keeps each chunk's
sentences, one e5 vector each, in a sibling collection `<collection>.sentences`.

A sentence record names its chunk: it is live exactly when its chunk is, with no manifest entry
of its own, and deleting a chunk deletes its sentences (chroma.py). The reader reads them to
weigh a sentence by meaning, not only by shared syllables.

Deliberately not here: which collection is live, or writing chunks (chroma.py).
"""

from __future__ import annotations

from index.records import Chunk
from index.vntext import Span

SENTENCES = ".sentences"
BATCH = 1000  # Chroma caps one request's size; stay well under it.
PAGE = 5000  # records per read of the whole collection


class SentenceStore:
    """Mixed into `ChromaStore`: reads its client, live collection and `_guarded`."""

    @property
    def sentence_col(self):
        """The live collection's sentences (created empty for an index built before them)."""
        if self._sentences is None:
            meta = self.col.metadata or {}
            with self._guarded():
                self._sentences = self.client.get_or_create_collection(
                    self.collection_name + SENTENCES,
                    metadata={"embedder": meta.get("embedder"), "dim": meta.get("dim")},
                    configuration={"hnsw": {"space": "cosine"}},
                    embedding_function=None,
                )
        return self._sentences

    def add_sentences(self, rows: list[tuple[Chunk, Span]], vectors: list[list[float]]) -> None:
        """Store each (chunk, sentence) with its vector; id = chunk id + the sentence's offset."""
        with self._guarded():
            for i in range(0, len(rows), BATCH):
                part = rows[i : i + BATCH]
                self.sentence_col.upsert(
                    ids=[f"{c.id}@{s.start}" for c, s in part],
                    documents=[s.text for _, s in part],
                    metadatas=[
                        {"chunk": c.id, "source": c.article_id, "start": s.start, "end": s.end}
                        for c, s in part
                    ],
                    embeddings=vectors[i : i + BATCH],
                )

    def chunks_with_sentences(self) -> set[str]:
        """Ids of the chunks whose sentences are stored (an ingest embeds the others')."""
        with self._guarded():
            total = self.sentence_col.count()
            pages = [
                self.sentence_col.get(include=["metadatas"], limit=PAGE, offset=offset)
                for offset in range(0, total, PAGE)
            ]
        return {str(m["chunk"]) for got in pages for m in got["metadatas"]}

    def sentence_vectors(self, chunk_ids: list[str]) -> dict[tuple[str, int], list[float]]:
        """Vectors of these chunks' sentences, keyed (article id, start offset)."""
        if not chunk_ids:
            return {}
        with self._guarded():
            got = self.sentence_col.get(
                where={"chunk": {"$in": list(dict.fromkeys(chunk_ids))}},
                include=["metadatas", "embeddings"],
            )
        return {
            (str(m["source"]), int(m["start"])): v
            for m, v in zip(got["metadatas"], got["embeddings"])
        }
