"""sentence-transformers backend, for a local model folder or a model already in the HF cache.

Spec: `sentence-transformers:<path-or-name>`. Hub downloads are never attempted (there is no
network here and a hanging download is worse than a clear error): a name must already be cached.
Query/passage prompts configured in the model (e.g. e5, bge) are used through
`encode_query` / `encode_document`.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from index.embedders.base import Embedder
from index.errors import EmbedderUnavailable

_MODELS: dict[str, object] = {}
_LOCK = threading.Lock()


def _load(model: str):
    with _LOCK:
        if model not in _MODELS:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError as err:
                raise EmbedderUnavailable(
                    f"Không nạp được sentence-transformers ({err}).",
                    "Cài: pip install sentence-transformers",
                ) from None
            try:
                _MODELS[model] = SentenceTransformer(model, device="cpu", local_files_only=True)
            except Exception as err:  # many loader errors; all mean "not usable here"
                where = "thư mục" if Path(model).exists() else "mô hình (không có trong bộ nhớ đệm)"
                raise EmbedderUnavailable(
                    f"Không nạp được {where} sentence-transformers '{model}': {type(err).__name__}.",
                    "Dùng đường dẫn tới một thư mục mô hình có sẵn trên máy; không tải từ mạng.",
                ) from None
        return _MODELS[model]


class SentenceTransformerEmbeddings(Embedder):
    """Any sentence-transformers model on this machine. Example: model='/models/minilm'."""

    def __init__(self, model: str):
        self.model = model
        self.name = f"sentence-transformers:{model}"
        self._dim: int | None = None

    @property
    def dim(self) -> int:  # type: ignore[override]
        if self._dim is None:
            m = _load(self.model)
            self._dim = int(m.get_embedding_dimension())
        return self._dim

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        vecs = _load(self.model).encode_document(list(texts), normalize_embeddings=True)
        return vecs.tolist()

    def embed_query(self, text: str) -> list[float]:
        return _load(self.model).encode_query(text, normalize_embeddings=True).tolist()
