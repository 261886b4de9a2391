"""The hybrid retriever: LangChain's standard retriever tests plus what Vietnamese needs."""

import pytest
from langchain_tests.integration_tests import RetrieversIntegrationTests

from bot.retrieval.hybrid import HybridRetriever, fuse
from index.records import Chunk


@pytest.fixture(scope="module")
def searcher(the_bot):
    return the_bot.searcher


class TestHybridRetrieverStandard(RetrieversIntegrationTests):
    @pytest.fixture(autouse=True)
    def _searcher(self, searcher):
        type(self)._s = searcher

    @property
    def retriever_constructor(self):
        return HybridRetriever

    @property
    def retriever_constructor_params(self) -> dict:
        return {"searcher": self._s, "k": 2}

    @property
    def retriever_query_example(self) -> str:
        return "mục tiêu doanh nghiệp công nghiệp hỗ trợ năm 2022"


def test_no_diacritics_and_abbreviations_find_the_fact(searcher):
    for q in (
        "ha noi dat muc tieu bao nhieu doanh nghiep cnht nam 2022",
        "Bao nhiêu DN CNHT năm 2022?",
    ):
        hits = searcher.search(q, 3)
        assert any("920" in h.chunk.text for h in hits), q


def test_bm25_alone_matches_folded_text(searcher):
    ranked = searcher.lexical.search("tieu chuan quoc te nam 2020", 3)
    assert ranked and "2020" in searcher.lexical.chunks[ranked[0][0]].text


def test_rrf_rewards_agreement():
    a, b, c = (Chunk(i, "s", "t", 0, 1, 0) for i in "abc")
    hits = fuse([(a, 0.9), (b, 0.8)], [(b, 5.0), (c, 4.0)], 3)
    assert [h.chunk.id for h in hits] == ["b", "a", "c"]
    assert hits[0].dense == 0.8 and hits[0].lexical == 5.0
