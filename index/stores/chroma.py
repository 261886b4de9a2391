"""Chunk storage in Chroma: vectors, texts and metadata, plus the embedder that made them.

The collection records its embedder's name and dimension, so a query with another embedder is
refused with a clear error instead of returning nonsense neighbours, and the time of its last
write (`updated_at`), so a process whose BM25 index was built from an older state can tell.
Locally, a manifest (manifest.py) names the live collection and chunks, so an ingest that dies
half-way changes nothing readers see. Chroma results and clients stay inside this package;
callers get `Chunk`s and similarities. `open_store` picks the local store or the Chroma server
one (chroma_server.py). Reading chunks back is reads.py's, sentence vectors sentences.py's. Any
failure inside Chroma becomes a `StoreError` saying what to do.

Deliberately not here: BM25 (built in memory from `all_chunks()`), chunking, embedding, the
order of an ingest's steps (ingest.py).
"""

from __future__ import annotations

import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

from index import manifest
from index.errors import EmbedderMismatch, HoidapError, IndexMissing, StoreError
from index.records import Chunk
from index.stores.reads import ChunkReads
from index.stores.sentences import BATCH, SENTENCES, SentenceStore

COLLECTION = "hoidap"
# each chunk collection has a sibling holding its sentences' vectors (sentences.py)
_REBUILD = "--rebuild"


def _chromadb():
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    import chromadb
    from chromadb.config import Settings

    return chromadb, Settings(anonymized_telemetry=False, allow_reset=False)


def open_store(data_dir: str | Path, url: str | None = None) -> ChromaStore:
    """The local store under data_dir, or the Chroma server at url (data_dir then only holds
    feedback and uploads). Example: open_store('.hoidap', 'http://127.0.0.1:8000')."""
    if url:
        from index.stores.chroma_server import ChromaServerStore

        return ChromaServerStore(url, data_dir)
    return ChromaStore(data_dir)


class ChromaStore(ChunkReads, SentenceStore):
    """A Chroma collection on local disk (`PersistentClient`) under `<data_dir>/chroma`."""

    def __init__(self, data_dir: str | Path, collection: str = COLLECTION):
        self.data_dir = Path(data_dir)
        self.collection_name = collection
        self._client = None
        self._collection = None
        self._sentences = None
        self.live: frozenset[str] | None = None  # None: every stored chunk is live

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
        with self._guarded():
            if path.exists() and not path.is_dir():
                raise StoreError(f"{path} không phải thư mục chỉ mục.", self._way_out())
            path.mkdir(parents=True, exist_ok=True)
            return chromadb.PersistentClient(path=str(path), settings=settings)

    @contextmanager
    def _guarded(self):
        """Chroma's own errors (a corrupted or foreign database, a full disk) as one message."""
        try:
            yield
        except HoidapError:
            raise
        except Exception as err:
            raise self._failure(err) from None

    def _failure(self, err: Exception) -> StoreError:
        detail = " ".join(str(err).split())[:160]
        return StoreError(
            f"Không đọc/ghi được chỉ mục trong {self.where} ({type(err).__name__}: {detail}).",
            self._way_out(),
        )

    def _way_out(self) -> str:
        return f"Nếu chỉ mục bị hỏng, xây lại nó: hoidap ingest {_REBUILD} seeds/"

    def _manifest(self) -> manifest.Manifest | None:
        return manifest.read(self.data_dir)

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
        with self._guarded():
            col = self.client.get_collection(self.collection_name, embedding_function=None)
        value = (col.metadata or {}).get("updated_at")
        return float(value) if value is not None else None

    def exists(self) -> bool:
        if not (self.data_dir / "chroma").exists():
            return False
        committed = self._manifest()
        if committed is not None:
            self.collection_name = committed.collection
        return self._listed()

    def _listed(self, name: str | None = None) -> bool:
        with self._guarded():
            names = {c.name for c in self.client.list_collections()}
        return (name or self.collection_name) in names

    def open(self, embedder_name: str, dim: int, create: bool = False):
        """Open the live collection, checking its embedder; create it when asked and missing."""
        if self._collection is not None:
            return self._collection
        if not self.exists():
            if not create:
                raise IndexMissing(
                    f"Chưa có chỉ mục (index) trong {self.where}.",
                    "Tạo chỉ mục: hoidap ingest seeds/",
                )
            return self._create(self.collection_name, embedder_name, dim)
        with self._guarded():
            col = self.client.get_collection(self.collection_name, embedding_function=None)
        meta = col.metadata or {}
        if meta.get("embedder") != embedder_name or int(meta.get("dim", dim)) != dim:
            raise EmbedderMismatch(
                f"Chỉ mục được tạo bằng embedder '{meta.get('embedder')}' "
                f"({meta.get('dim')} chiều), nhưng đang dùng '{embedder_name}' ({dim} chiều).",
                f"Dùng --embedder {meta.get('embedder')}, hoặc xây lại chỉ mục: "
                f"hoidap ingest {_REBUILD} --embedder {embedder_name}",
            )
        committed = self._manifest()
        self.live = committed.chunks if committed else None
        self._collection = col
        return col

    def reload(self) -> None:
        """Read the manifest again: another process may have committed (or rebuilt) since."""
        committed = self._manifest()
        if committed is None:
            return
        if committed.collection != self.collection_name:
            self.collection_name = committed.collection
            self._sentences = None
            with self._guarded():
                self._collection = self.client.get_collection(
                    committed.collection, embedding_function=None
                )
        self.live = committed.chunks

    def _create(self, name: str, embedder_name: str, dim: int):
        with self._guarded():
            self._collection = self.client.create_collection(
                name,
                metadata={"embedder": embedder_name, "dim": dim},
                configuration={"hnsw": {"space": "cosine"}},
                embedding_function=None,
            )
        self.collection_name = name
        self._sentences = None
        self.live = frozenset()
        return self._collection

    def start_fresh(self, embedder_name: str, dim: int) -> None:
        """For a rebuild: a new, empty collection beside the live one, which stays live (and
        answering) until `commit`. A database Chroma cannot open is moved aside first."""
        try:
            self._listed()
        except StoreError:
            broken = self.data_dir / f"chroma.broken-{int(time.time())}"
            shutil.move(self.data_dir / "chroma", broken)
            (self.data_dir / manifest.FILE).unlink(missing_ok=True)
            from chromadb.api.shared_system_client import SharedSystemClient

            SharedSystemClient.clear_system_cache()  # Chroma keeps the broken one per path
            self._client = None
        self._collection = None
        self._create(f"{COLLECTION}-{int(time.time() * 1000)}", embedder_name, dim)

    def commit(self, live: set[str]) -> None:
        """Make exactly these chunks of the working collection the index readers see."""
        manifest.write(self.data_dir, manifest.Manifest(self.collection_name, frozenset(live)))
        self.live = frozenset(live)
        self._touch()

    def drop_others(self) -> None:
        """Delete collections left by rebuilds that were replaced or died before committing."""
        with self._guarded():
            for c in self.client.list_collections():
                mine = (self.collection_name, self.collection_name + SENTENCES)
                if c.name.startswith(COLLECTION) and c.name not in mine:
                    self.client.delete_collection(c.name)

    def embedder_name(self) -> str | None:
        """The embedder recorded in an existing index, or None when there is none."""
        if not self.exists():
            return None
        with self._guarded():
            col = self.client.get_collection(self.collection_name, embedding_function=None)
        return (col.metadata or {}).get("embedder")

    def drop(self) -> None:
        if self.exists():
            with self._guarded():
                self.client.delete_collection(self.collection_name)
                if self._listed(self.collection_name + SENTENCES):
                    self.client.delete_collection(self.collection_name + SENTENCES)
        self._collection = None
        self._sentences = None

    # -- reads ------------------------------------------------------------------------------

    @property
    def col(self):
        if self._collection is None:
            raise IndexMissing("Chỉ mục chưa được mở.", "Gọi open() trước.")
        return self._collection

    # -- writes -----------------------------------------------------------------------------

    def add(self, chunks: list[Chunk], vectors: list[list[float]]) -> None:
        """Store chunks; they are live only once committed (always, without a manifest)."""
        with self._guarded():
            for i in range(0, len(chunks), BATCH):
                part = chunks[i : i + BATCH]
                self.col.upsert(
                    ids=[c.id for c in part],
                    documents=[c.text for c in part],
                    metadatas=[c.metadata() for c in part],
                    embeddings=vectors[i : i + BATCH],
                )
        if chunks:
            self._touch()

    def delete(self, ids: list[str]) -> None:
        with self._guarded():
            for i in range(0, len(ids), BATCH):
                self.col.delete(ids=ids[i : i + BATCH])
                self.sentence_col.delete(where={"chunk": {"$in": ids[i : i + BATCH]}})
        if ids:
            self._touch()

    def _touch(self) -> None:
        """Record the write in the collection, so other processes see their BM25 is stale.
        (Chroma replaces a collection's metadata as a whole: the embedder is written again.)"""
        with self._guarded():
            meta = dict(self.col.metadata or {})
            meta["updated_at"] = time.time()
            self.col.modify(metadata=meta)
