"""The same store on a Chroma server (`chromadb.HttpClient`), for indexes several processes share.

Everything but the connection is inherited from `ChromaStore`. A server that is down, or goes
down, becomes a `StoreError` naming its URL and how to start one, never a traceback. There is
no manifest here (a local file cannot be shared between machines): every stored chunk is live
and each Chroma request is atomic on its own, but an ingest killed half-way can leave a mix, and
`--rebuild` drops the collection before filling it again. Use the local store where that matters.

Deliberately not here: the BM25 index. Each process builds it from the server's documents when
it starts and rebuilds it when the collection's `updated_at` stamp moves (pipeline.py), so the
server stays the one source of truth and nothing else has to be versioned beside it.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

from index.errors import BadInput, StoreError
from index.stores.chroma import COLLECTION, ChromaStore, _chromadb


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
        with self._guarded():
            return chromadb.HttpClient(
                host=self.host, port=self.port, ssl=self.ssl, settings=settings
            )

    def _failure(self, err: Exception) -> StoreError:
        return StoreError(
            f"Không kết nối được máy chủ Chroma tại {self.url} ({type(err).__name__}).",
            "Khởi động máy chủ: chroma run --path <thư mục> --host 127.0.0.1 --port "
            f"{self.port}, hoặc sửa --chroma-url / HOIDAP_CHROMA_URL.",
        )

    def _manifest(self):
        return None

    def updated_at(self) -> float | None:
        return self.stamp()

    def exists(self) -> bool:
        return self._listed()

    def commit(self, live: set[str]) -> None:
        self.live = None  # every stored chunk is live on a server
        self._touch()

    def _create(self, name: str, embedder_name: str, dim: int):
        col = super()._create(name, embedder_name, dim)
        self.live = None
        return col

    def drop_others(self) -> None:
        pass  # a shared server may hold other people's collections: never guess which are ours

    def start_fresh(self, embedder_name: str, dim: int) -> None:
        self.drop()
        self._create(COLLECTION, embedder_name, dim)
