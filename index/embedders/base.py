"""The embedder interface: LangChain's `Embeddings` plus a name and a dimension.

The name is recorded in the index so a query with a different model is caught, not answered
with vectors from another space. Backends load their model lazily, on first use.
"""

from __future__ import annotations

from abc import abstractmethod

from langchain_core.embeddings import Embeddings


class Embedder(Embeddings):
    """Asymmetric retrieval embedder: passages and queries may be prefixed differently."""

    name: str
    dim: int

    @abstractmethod
    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...

    @abstractmethod
    def embed_query(self, text: str) -> list[float]: ...
