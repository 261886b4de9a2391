import pytest

from index.chunker import chunk_article
from index.errors import BadInput
from index.ingest import load_articles
from index.loader import decode, load_file
from index.vntext import fold, lexical_tokens, split_sentences


def test_chunk_offsets_round_trip(seeds_dir):
    for path in sorted(seeds_dir.glob("*.txt")):
        article = load_file(path)
        chunks = chunk_article(article)
        assert chunks
        for c in chunks:
            assert article.text[c.start : c.end] == c.text
            for s in split_sentences(c.text, c.start):
                assert article.text[s.start : s.end] == s.text
        # consecutive chunks overlap or touch: no sentence is lost between them
        for a, b in zip(chunks, chunks[1:]):
            assert b.start <= a.end + 1


def test_chunk_ids_are_stable_and_unique(seeds_dir):
    article = load_file(seeds_dir / "001_dc1a14975fbb5d28.txt")
    ids1 = [c.id for c in chunk_article(article)]
    ids2 = [c.id for c in chunk_article(article)]
    assert ids1 == ids2 and len(set(ids1)) == len(ids1)


def test_sentence_split_keeps_decimals_and_abbreviations():
    spans = split_sentences("Tăng 9,78 - 10,79% năm. TP.HCM cũng vậy. Ông A nói.")
    assert [s.text for s in spans] == ["Tăng 9,78 - 10,79% năm.", "TP.HCM cũng vậy.", "Ông A nói."]


def test_folded_tokens_match_unaccented_text():
    assert fold("Đàm Tiến Thắng") == "Dam Tien Thang"
    assert set(lexical_tokens("ha noi")) & set(lexical_tokens("Hà Nội")) == {
        "~ha",
        "~noi",
        "~ha_noi",
    }


def test_unreadable_files_are_skipped_with_reason(tmp_path):
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "latin.txt").write_bytes("caf\xe9".encode("latin-1"))
    (tmp_path / "empty.md").write_text("   ")
    (tmp_path / "ok.md").write_text("Tiêu đề\nMột câu.")
    (tmp_path / "u16.txt").write_bytes("Tiêu đề UTF-16\nNội dung.".encode("utf-16"))
    articles, skipped = load_articles([tmp_path, tmp_path / "nope.txt"])
    assert sorted(a.id for a in articles) == ["ok.md", "u16.txt"]
    reasons = {s.path.rsplit("/", 1)[-1]: s.reason for s in skipped}
    assert "nhị phân" in reasons["bin.txt"]
    assert "UTF-8" in reasons["latin.txt"]
    assert "rỗng" in reasons["empty.md"]
    assert "không tồn tại" in reasons["nope.txt"]


def test_decode_rejects_binary():
    with pytest.raises(BadInput):
        decode(b"abc\x00def")
