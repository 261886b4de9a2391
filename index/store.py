"""Chunk storage in Chroma: vectors, texts and metadata, plus the embedder that made them.

The collection records its embedder's name and dimension, so a query with another embedder is
refused with a clear error instead of returning nonsense neighbours, and the time of its last
write (`updated_at`), so a process whose BM25 index was built from an older state can tell.
Chroma results and clients stay inside this module; callers get `Chunk`s and similarities.
`open_store` picks the local store or the Chroma server one (store_server.py).

Deliberately not here: BM25 (built in memory from `all_chunks()`), chunking, embedding.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from index.errors import EmbedderMismatch, IndexMissing, StoreError
from index.records import Chunk

COLLECTION = "hoidap"
_BATCH = 1000  # Chroma caps one request's size; stay well under it.
_PAGE = 5000  # records per read of the whole collection


def _chromadb():
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    import chromadb
    from chromadb.config import Settings

    return chromadb, Settings(anonymized_telemetry=False, allow_reset=False)


def open_store(data_dir: str | Path, url: str | None = None) -> ChromaStore:
    """The local store under data_dir, or the Chroma server at url (data_dir then only holds
    feedback and uploads). Example: open_store('.hoidap', 'http://127.0.0.1:8000')."""
    if url:
        from index.store_server import ChromaServerStore

        return ChromaServerStore(url, data_dir)
    return ChromaStore(data_dir)


class ChromaStore:
    """A Chroma collection on local disk (`PersistentClient`) under `<data_dir>/chroma`."""

    def __init__(self, data_dir: str | Path, collection: str = COLLECTION):
        self.data_dir = Path(data_dir)
        self.collection_name = collection
        self._client = None
        self._collection = None

    @property
    def where(self) -> str:
        """Where the index lives, for messages."""
        return f"thư mục dữ liệu {self.data_dir}"

    @property
    def client(self):
        if self._client is None:
            self._client = self._connect()
        return self._client

    def _connect(self):
        chromadb, settings = _chromadb()
        path = self.data_dir / "chroma"
        try:
            path.mkdir(parents=True, exist_ok=True)
            return chromadb.PersistentClient(path=str(path), settings=settings)
        except Exception as err:
            raise StoreError(
                f"Không mở được chỉ mục ở {path}: {err}",
                "Kiểm tra quyền ghi, hoặc xây lại: hoidap ingest --rebuild",
            ) from None

    # -- lifecycle --------------------------------------------------------------------------

    def updated_at(self) -> float | None:
        """When the index last changed (a Unix time), or None when there is no index. The
        collection's own stamp; indexes written before it existed fall back to file times."""
        stamp = self.stamp()
        if stamp is not None:
            return stamp
        folder = self.data_dir / "chroma"
        times = (
            [f.stat().st_mtime for f in folder.rglob("*") if f.is_file()] if folder.exists() else []
        )
        return max(times) if times else None

    def stamp(self) -> float | None:
        """The time of the last write recorded in the collection (read fresh, not cached)."""
        if not self.exists():
            return None
        col = self.client.get_collection(self.collection_name, embedding_function=None)
        value = (col.metadata or {}).get("updated_at")
        return float(value) if value is not None else None

    def exists(self) -> bool:
        if not (self.data_dir / "chroma").exists():
            return False
        return self._listed()

    def _listed(self) -> bool:
        return self.collection_name in {c.name for c in self.client.list_collections()}

    def open(self, embedder_name: str, dim: int, create: bool = False):
        """Open the collection, checking its embedder; create it when asked and missing."""
        if self._collection is not None:
            return self._collection
        if not self.exists():
            if not create:
                raise IndexMissing(
                    f"Chưa có chỉ mục (index) trong {self.where}.",
                    "Tạo chỉ mục: hoidap ingest seeds/",
                )
            self._collection = self.client.create_collection(
                self.collection_name,
                metadata={"embedder": embedder_name, "dim": dim},
                configuration={"hnsw": {"space": "cosine"}},
                embedding_function=None,
            )
            return self._collection
        col = self.client.get_collection(self.collection_name, embedding_function=None)
        meta = col.metadata or {}
        if meta.get("embedder") != embedder_name or int(meta.get("dim", dim)) != dim:
            raise EmbedderMismatch(
                f"Chỉ mục được tạo bằng embedder '{meta.get('embedder')}' "
                f"({meta.get('dim')} chiều), nhưng đang dùng '{embedder_name}' ({dim} chiều).",
                f"Dùng --embedder {meta.get('embedder')}, hoặc xây lại chỉ mục: "
                f"hoidap ingest --rebuild --embedder {embedder_name}",
            )
        self._collection = col
        return col

    def embedder_name(self) -> str | None:
        """The embedder recorded in an existing index, or None when there is none."""
        if not self.exists():
            return None
        col = self.client.get_collection(self.collection_name, embedding_function=None)
        return (col.metadata or {}).get("embedder")

    def drop(self) -> None:
        if self.exists():
            self.client.delete_collection(self.collection_name)
        self._collection = None

    # -- reads ------------------------------------------------------------------------------

    @property
    def col(self):
        if self._collection is None:
            raise IndexMissing("Chỉ mục chưa được mở.", "Gọi open() trước.")
        return self._collection

    def count(self) -> int:
        return self.col.count()

    def ids_by_article(self) -> dict[str, set[str]]:
        """Example: {'a.txt': {'a.txt:1f..', 'a.txt:9c..'}}."""
        out: dict[str, set[str]] = {}
        for chunk_id, meta in self._iter_get(include=["metadatas"]):
            out.setdefault(str(meta["source"]), set()).add(chunk_id)
        return out

    def paths_by_article(self) -> dict[str, str]:
        return {
            str(meta["source"]): str(meta.get("path", ""))
            for _, meta in self._iter_get(include=["metadatas"])
        }

    def all_chunks(self) -> list[Chunk]:
        chunks = [
            Chunk.from_metadata(i, doc, meta)
            for got in self._pages(["documents", "metadatas"])
            for i, doc, meta in zip(got["ids"], got["documents"], got["metadatas"])
        ]
        return sorted(chunks, key=lambda c: (c.article_id, c.ordinal))

    def _iter_get(self, include: list[str]):
        for got in self._pages(include):
            yield from zip(got["ids"], got["metadatas"])

    def _pages(self, include: list[str]):
        """The whole collection, _PAGE records per request: one request for all of 100k chunks
        fails inside Chroma ("too many SQL variables")."""
        for offset in range(0, self.col.count(), _PAGE):
            yield self.col.get(include=include, limit=_PAGE, offset=offset)

    def query(self, vector: list[float], n: int) -> list[tuple[Chunk, float]]:
        """Nearest chunks with cosine similarity (1 - distance), best first."""
        total = self.count()
        if total == 0:
            return []
        res = self.col.query(
            query_embeddings=[vector],
            n_results=min(n, total),
            include=["documents", "metadatas", "distances"],
        )
        return [
            (Chunk.from_metadata(i, doc, meta), 1.0 - float(dist))
            for i, doc, meta, dist in zip(
                res["ids"][0], res["documents"][0], res["metadatas"][0], res["distances"][0]
            )
        ]

    # -- writes -----------------------------------------------------------------------------

    def add(self, chunks: list[Chunk], vectors: list[list[float]]) -> None:
        for i in range(0, len(chunks), _BATCH):
            part = chunks[i : i + _BATCH]
            self.col.upsert(
                ids=[c.id for c in part],
                documents=[c.text for c in part],
                metadatas=[c.metadata() for c in part],
                embeddings=vectors[i : i + _BATCH],
            )
        if chunks:
            self._touch()

    def delete(self, ids: list[str]) -> None:
        for i in range(0, len(ids), _BATCH):
            self.col.delete(ids=ids[i : i + _BATCH])
        if ids:
            self._touch()

    def _touch(self) -> None:
        """Record the write in the collection, so other processes see their BM25 is stale.
        (Chroma replaces a collection's metadata as a whole: the embedder is written again.)"""
        meta = dict(self.col.metadata or {})
        meta["updated_at"] = time.time()
        self.col.modify(metadata=meta)
