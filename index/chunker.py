"""Cut an article into chunks of whole sentences, with offsets into the cleaned text.

A chunk is a few consecutive sentences (up to `max_chars`, at most `max_sentences`), and
consecutive chunks share `overlap` sentences so a fact that straddles a boundary is still whole
in one chunk. Because chunks are contiguous spans of `Article.text`, a citation can quote any
sentence by offsets and find it again: `article.text[start:end] == quote`.

Deliberately not done: token counting (e5's 512-token window is far above our chunk size) and
semantic chunking.
"""

from __future__ import annotations

import hashlib

from index.records import Article, Chunk
from index.vntext import Span, split_sentences

MAX_CHARS = 700
MAX_SENTENCES = 4
OVERLAP = 1


def chunk_article(
    article: Article,
    max_chars: int = MAX_CHARS,
    max_sentences: int = MAX_SENTENCES,
    overlap: int = OVERLAP,
) -> list[Chunk]:
    """Example: a 10-sentence article -> about 4 chunks, each sharing one sentence with the next."""
    sentences = [p for s in split_sentences(article.text) for p in split_long(s, max_chars)]
    groups = group_sentences(sentences, max_chars, max_sentences, overlap)
    seen: dict[str, int] = {}
    chunks = []
    for ordinal, group in enumerate(groups):
        start, end = group[0].start, group[-1].end
        text = article.text[start:end]
        chunks.append(
            Chunk(
                id=chunk_id(article.id, text, seen),
                article_id=article.id,
                text=text,
                start=start,
                end=end,
                ordinal=ordinal,
                title=article.title,
                date=article.date,
                outlet=article.outlet,
                path=article.path,
            )
        )
    return chunks


def split_long(span: Span, max_chars: int) -> list[Span]:
    """A sentence longer than max_chars, cut at spaces (inside a word only when one word is
    longer). Text pasted without punctuation or line breaks is one "sentence"; as one chunk it
    would cost the embedder minutes and make a quote of the whole article.

    Example: ('aa bb cc', 5) -> 'aa bb', 'cc'.
    """
    pieces: list[Span] = []
    text, pos = span.text, 0
    while len(text) - pos > max_chars:
        cut = text.rfind(" ", pos + 1, pos + max_chars + 1)
        cut = cut if cut > pos else pos + max_chars
        pieces.append(Span(span.start + pos, span.start + cut, text[pos:cut]))
        pos = cut + (text[cut] == " ")
    pieces.append(Span(span.start + pos, span.end, text[pos:]))
    return pieces


def group_sentences(
    sentences: list[Span], max_chars: int, max_sentences: int, overlap: int
) -> list[list[Span]]:
    """Greedy windows of sentences; each new window starts `overlap` sentences back."""
    groups: list[list[Span]] = []
    i = 0
    while i < len(sentences):
        group = [sentences[i]]
        j = i + 1
        while j < len(sentences) and len(group) < max_sentences:
            if sentences[j].end - group[0].start > max_chars:
                break
            group.append(sentences[j])
            j += 1
        groups.append(group)
        if j >= len(sentences):
            break
        # Step back for overlap, but always move forward by at least one sentence.
        i = max(j - overlap, i + 1)
    return groups


def chunk_id(article_id: str, text: str, seen: dict[str, int]) -> str:
    """Stable id from article id + content (+ repeat count): unchanged text keeps its id.

    Example: ('a.txt', 'Một câu.', {}) -> 'a.txt:3f2c...' (same every run).
    """
    n = seen.get(text, 0)
    seen[text] = n + 1
    digest = hashlib.sha1(f"{article_id}\0{text}\0{n}".encode()).hexdigest()[:16]
    return f"{article_id}:{digest}"


MIN_SENTENCE = 20  # characters; shorter "sentences" are captions, bylines and list stubs


def chunk_sentences(chunk: Chunk) -> list[Span]:
    """The sentences of a chunk that can be evidence, with offsets into the article: what the
    reader scores and what ingest embeds one by one.

    Example: chunk 'Ảnh: TL. Hà Nội có 920 doanh nghiệp.' -> [Span(.., 'Hà Nội có 920 ...')].
    """
    return [s for s in split_sentences(chunk.text, chunk.start) if len(s.text) >= MIN_SENTENCE]


def article_texts(chunks: list[Chunk]) -> dict[str, str]:
    """Each article's cleaned text rebuilt from its chunks (offsets match; gaps become spaces).

    Example: chunks "Ab. " at 0 and "Cd." at 4 of article a -> {"a": "Ab. Cd."}.
    """
    by_article: dict[str, list[Chunk]] = {}
    for c in chunks:
        by_article.setdefault(c.article_id, []).append(c)
    out = {}
    for aid, parts in by_article.items():
        buf = [" "] * max(c.start + len(c.text) for c in parts)
        for c in parts:
            buf[c.start : c.start + len(c.text)] = c.text
        out[aid] = "".join(buf)
    return out
