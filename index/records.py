"""Typed records that cross module boundaries on the indexing side."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    """One cleaned news article. `text` is NFC, boilerplate removed; offsets point into it."""

    id: str  # the file name: a source's id in every citation
    title: str
    text: str
    path: str = ""
    date: str | None = None  # ISO yyyy-mm-dd when the text states one
    outlet: str | None = None


@dataclass(frozen=True)
class Chunk:
    """A run of whole sentences of one article, located by offsets into `Article.text`."""

    id: str
    article_id: str
    text: str
    start: int
    end: int
    ordinal: int
    title: str = ""
    date: str | None = None
    outlet: str | None = None
    path: str = ""

    def metadata(self) -> dict[str, str | int]:
        """What the store keeps beside the text (Chroma metadata values cannot be None)."""
        return {
            "source": self.article_id,
            "start": self.start,
            "end": self.end,
            "ordinal": self.ordinal,
            "title": self.title,
            "date": self.date or "",
            "outlet": self.outlet or "",
            "path": self.path,
        }

    @classmethod
    def from_metadata(cls, chunk_id: str, text: str, meta: dict) -> Chunk:
        return cls(
            id=chunk_id,
            article_id=str(meta["source"]),
            text=text,
            start=int(meta["start"]),
            end=int(meta["end"]),
            ordinal=int(meta.get("ordinal", 0)),
            title=str(meta.get("title", "")),
            date=str(meta.get("date") or "") or None,
            outlet=str(meta.get("outlet") or "") or None,
            path=str(meta.get("path", "")),
        )


@dataclass
class Skipped:
    """A file ingest could not use, and why (shown to the user, never raised)."""

    path: str
    reason: str


@dataclass
class IngestReport:
    articles: int = 0
    chunks_added: int = 0
    chunks_kept: int = 0
    chunks_removed: int = 0
    articles_removed: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0
