"""Reading chunks back: the half of `ChromaStore` that counts, lists and searches the live chunks.

Only live chunks are returned: with a manifest (the local store) the chunks it names, so what an
interrupted ingest left behind is never read; without one (a Chroma server) every stored chunk.
Whole-collection reads go page by page: one request for all of 100k chunks fails inside Chroma.

Deliberately not here: writing, or which collection is live (chroma.py).
"""

from __future__ import annotations

from index.records import Chunk
from index.stores.sentences import PAGE


class ChunkReads:
    """Mixed into `ChromaStore`: reads its live collection (`col`), `live` ids and `_guarded`."""

    def count(self) -> int:
        with self._guarded():
            stored = self.col.count()
        return stored if self.live is None else len(self.live)

    def ids_by_article(self, everything: bool = False) -> dict[str, set[str]]:
        """Live chunk ids per article (with everything=True, also chunks an interrupted ingest
        left behind). Example: {'a.txt': {'a.txt:1f..', 'a.txt:9c..'}}."""
        out: dict[str, set[str]] = {}
        for chunk_id, meta in self._iter_get(["metadatas"], everything):
            out.setdefault(str(meta["source"]), set()).add(chunk_id)
        return out

    def paths_by_article(self) -> dict[str, str]:
        return {
            str(meta["source"]): str(meta.get("path", ""))
            for _, meta in self._iter_get(["metadatas"])
        }

    def all_chunks(self) -> list[Chunk]:
        chunks = [
            Chunk.from_metadata(i, doc, meta)
            for got in self._pages(["documents", "metadatas"])
            for i, doc, meta in zip(got["ids"], got["documents"], got["metadatas"])
            if self.live is None or i in self.live
        ]
        return sorted(chunks, key=lambda c: (c.article_id, c.ordinal))

    def _iter_get(self, include: list[str], everything: bool = False):
        for got in self._pages(include):
            for i, meta in zip(got["ids"], got["metadatas"]):
                if everything or self.live is None or i in self.live:
                    yield i, meta

    def _pages(self, include: list[str]):
        """The whole collection, PAGE records per request: one request for all of 100k chunks
        fails inside Chroma ("too many SQL variables")."""
        with self._guarded():
            total = self.col.count()
            pages = [
                self.col.get(include=include, limit=PAGE, offset=offset)
                for offset in range(0, total, PAGE)
            ]
        yield from pages

    def query(self, vector: list[float], n: int) -> list[tuple[Chunk, float]]:
        """Nearest live chunks with cosine similarity (1 - distance), best first."""
        with self._guarded():
            stored = self.col.count()
            if stored == 0:
                return []
            # chunks an interrupted ingest left behind are stored but not live: ask for more
            extra = 0 if self.live is None else max(0, stored - len(self.live))
            res = self.col.query(
                query_embeddings=[vector],
                n_results=min(n + extra, stored),
                include=["documents", "metadatas", "distances"],
            )
        found = [
            (Chunk.from_metadata(i, doc, meta), 1.0 - float(dist))
            for i, doc, meta, dist in zip(
                res["ids"][0], res["documents"][0], res["metadatas"][0], res["distances"][0]
            )
            if self.live is None or i in self.live
        ]
        return found[:n]
