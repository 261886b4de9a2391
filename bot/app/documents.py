"""The documents behind the bot: list the indexed articles, add uploaded files, delete one.

Core only (no Gradio): the web page's "Tài liệu" tab and any other front end call these. Every
change goes through the bot's own store and embedder, then `Bot.refresh()`, so a new article is
answerable and a deleted one gone at the next question. Uploads are checked before anything
changes (type, size, UTF-8 text: the loader's own rules and reasons), then copied into
`<data_dir>/uploads/` so they outlive the temporary upload. Deliberately not here: URLs, PDFs,
editing an article in place (upload the corrected file under the same name instead).
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from bot.messages import message
from bot.pipeline import Bot
from index.errors import BadInput
from index.ingest import ingest, remove_articles
from index.loader import MAX_BYTES, SUFFIXES, decode
from index.records import IngestReport

UPLOADS = "uploads"
Progress = Callable[[int, int], None]
_WRITE_LOCK = threading.Lock()  # one change to the index at a time, whoever asks


@dataclass(frozen=True)
class ArticleRow:
    """One indexed article as the documents table shows it."""

    id: str
    title: str
    date: str | None
    outlet: str | None
    chunks: int


def list_articles(bot: Bot) -> list[ArticleRow]:
    """The articles the bot answers from, newest first (undated last), then by id."""
    rows: dict[str, ArticleRow] = {}
    counts: dict[str, int] = {}
    for c in bot.searcher.lexical.chunks:
        counts[c.article_id] = counts.get(c.article_id, 0) + 1
        if c.article_id not in rows or c.ordinal == 0:
            rows[c.article_id] = ArticleRow(c.article_id, c.title, c.date, c.outlet, 0)
    out = [ArticleRow(r.id, r.title or r.id, r.date, r.outlet, counts[r.id]) for r in rows.values()]
    out.sort(key=lambda r: r.id)
    out.sort(key=lambda r: r.date or "", reverse=True)
    return out


def check_upload(path: str | Path, name: str | None = None) -> None:
    """Raise BadInput with the reason when a file may not be added.

    Example: check_upload("/tmp/x/a.pdf") -> BadInput("a.pdf: chỉ nhận tệp .txt hoặc .md.").
    """
    path = Path(path)
    name = name or path.name
    if Path(name).suffix.lower() not in SUFFIXES:
        raise BadInput(message("upload_type", name=name))
    if name.startswith("."):
        raise BadInput(message("upload_hidden", name=name))
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise BadInput(f"{name}: tệp lớn hơn {MAX_BYTES // (1024 * 1024)} MB")
        decode(path.read_bytes(), name)
    except OSError:
        raise BadInput(message("upload_missing", name=name)) from None


def add_files(
    bot: Bot, paths: Iterable[str | Path], progress: Progress | None = None
) -> IngestReport:
    """Check every file, copy them into <data_dir>/uploads/, ingest them, refresh the bot.

    One unusable file rejects the whole upload with every reason, and nothing changes.
    A file named like an indexed article replaces that article (ingest is idempotent).
    """
    paths = [Path(p) for p in paths]
    if not paths:
        raise BadInput(message("upload_none"))
    reasons = []
    for p in paths:
        try:
            check_upload(p)
        except BadInput as err:
            reasons.append(err.message)
    if reasons:
        raise BadInput(message("upload_rejected", reasons=" ".join(reasons)))
    folder = bot.config.data_dir / UPLOADS
    with _WRITE_LOCK:
        folder.mkdir(parents=True, exist_ok=True)
        copies = []
        for p in paths:
            dest = folder / Path(p.name).name  # only a name: '../../x.txt' lands in uploads/
            if p.resolve() != dest.resolve():
                _copy_atomic(p, dest)
            copies.append(dest)
        report = ingest(copies, bot.store, bot.embedder, progress=progress)
        bot.refresh()
    return report


def delete_article(bot: Bot, article_id: str) -> int:
    """Remove an article's chunks (and its uploaded copy, if any); returns chunks removed."""
    if not article_id:
        raise BadInput(message("article_none"))
    with _WRITE_LOCK:
        paths = bot.store.paths_by_article()
        if article_id not in paths:
            raise BadInput(message("article_unknown", id=article_id))
        removed = remove_articles(bot.store, bot.embedder, [article_id])
        upload = _uploaded_copy(bot, paths[article_id])
        if upload is not None:
            upload.unlink(missing_ok=True)
        bot.refresh()
    return removed


def _uploaded_copy(bot: Bot, path: str) -> Path | None:
    """The file's path when it lives in <data_dir>/uploads/ (only those are ours to delete)."""
    if not path:
        return None
    folder = (bot.config.data_dir / UPLOADS).resolve()
    p = Path(path).resolve()
    return p if p.is_relative_to(folder) else None


def _copy_atomic(src: Path, dest: Path) -> None:
    """Copy beside the destination, then rename over it: a crash mid-copy leaves the previous
    upload of that name whole (and a stray temporary file, not a truncated article)."""
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.part")
    try:
        shutil.copyfile(src, tmp)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
