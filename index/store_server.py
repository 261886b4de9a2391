"""The same store on a Chroma server (`chromadb.HttpClient`), for indexes several processes share.

Everything but the connection is inherited from `ChromaStore`. A server that is down, or goes
down, becomes a `StoreError` naming its URL and how to start one, never a traceback.

Deliberately not here: the BM25 index. Each process builds it from the server's documents when
it starts and rebuilds it when the collection's `updated_at` stamp moves (pipeline.py), so the
server stays the one source of truth and nothing else has to be versioned beside it.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

from index.errors import BadInput, HoidapError, StoreError
from index.store import COLLECTION, ChromaStore, _chromadb


class ChromaServerStore(ChromaStore):
    def __init__(self, url: str, data_dir: str | Path, collection: str = COLLECTION):
        super().__init__(data_dir, collection)
        self.url = url.rstrip("/")
        parsed = urlparse(self.url if "://" in self.url else f"http://{self.url}")
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise BadInput(
                f"Địa chỉ máy chủ Chroma không hợp lệ: '{url}'.", "Ví dụ: http://127.0.0.1:8000"
            )
        self.host = parsed.hostname
        self.port = parsed.port or (443 if parsed.scheme == "https" else 8000)
        self.ssl = parsed.scheme == "https"

    @property
    def where(self) -> str:
        return f"máy chủ Chroma {self.url}"

    def _connect(self):
        chromadb, settings = _chromadb()
        with self._remote():
            return chromadb.HttpClient(
                host=self.host, port=self.port, ssl=self.ssl, settings=settings
            )

    @contextmanager
    def _remote(self):
        try:
            yield
        except HoidapError:
            raise
        except Exception as err:
            raise StoreError(
                f"Không kết nối được máy chủ Chroma tại {self.url} ({type(err).__name__}).",
                "Khởi động máy chủ: chroma run --path <thư mục> --host 127.0.0.1 --port "
                f"{self.port}, hoặc sửa --chroma-url / HOIDAP_CHROMA_URL.",
            ) from None

    def updated_at(self) -> float | None:
        return self.stamp()

    def exists(self) -> bool:
        with self._remote():
            return self._listed()

    # Every call that reaches the server, guarded.
    def open(self, embedder_name: str, dim: int, create: bool = False):
        with self._remote():
            return super().open(embedder_name, dim, create)

    def stamp(self) -> float | None:
        with self._remote():
            return super().stamp()

    def count(self) -> int:
        with self._remote():
            return super().count()

    def all_chunks(self):
        with self._remote():
            return super().all_chunks()

    def _iter_get(self, include: list[str]):
        with self._remote():
            return list(super()._iter_get(include))

    def query(self, vector: list[float], n: int):
        with self._remote():
            return super().query(vector, n)

    def add(self, chunks, vectors) -> None:
        with self._remote():
            super().add(chunks, vectors)

    def delete(self, ids: list[str]) -> None:
        with self._remote():
            super().delete(ids)

    def drop(self) -> None:
        with self._remote():
            super().drop()

    def embedder_name(self) -> str | None:
        with self._remote():
            return super().embedder_name()
