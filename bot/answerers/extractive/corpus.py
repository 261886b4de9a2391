"""What the reader knows of the whole corpus, beyond the hits of one question.

IDF weights, each article's text rebuilt from its chunks (its plan
year, title, date, outlet) and the people the articles name. One `ReaderCorpus` is built per
index and never changed: a rebuilt index gets a new one, swapped in whole, so questions being
answered meanwhile read one consistent corpus.

Deliberately not here: searching. The reader never searches; it asks the pipeline for more
evidence through the function it was given (`Reading.search`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from bot.lang.spans import person_names
from bot.lang.temporal import article_year
from bot.records import Hit
from index.chunker import article_texts
from index.records import Chunk
from index.vntext import Span, split_sentences


@dataclass(frozen=True)
class ArticleInfo:
    text: str  # rebuilt from its chunks: offsets match the article's own
    plan_year: str | None
    title: str
    date: str | None
    outlet: str | None


class ReaderCorpus:
    """The corpus as the reader sees it. Example: ReaderCorpus(lexicon).info(hit).plan_year.

    Built without a lexicon (a bare answerer over the hits alone) every word weighs 1 and the
    people known are those the hits name.
    """

    def __init__(self, lexicon=None):
        # a LexicalIndex: its IDF weights and chunks (never its search). The spelling
        # vocabulary is the question's business, built once beside the searcher's index.
        self.weight = lexicon.term_weight if lexicon is not None else (lambda _t: 1.0)
        self.chunks: list[Chunk] = lexicon.chunks if lexicon is not None else []

    # cached_property on an object nobody changes: two threads may both compute it once
    @cached_property
    def articles(self) -> dict[str, ArticleInfo]:
        return _articles(self.chunks)

    @cached_property
    def known_people(self) -> set[str]:
        return set().union(*(person_names(c.text) for c in self.chunks)) if self.chunks else set()

    def info(self, hit: Hit) -> ArticleInfo:
        found = self.articles.get(hit.chunk.article_id)
        if found:
            return found
        c = hit.chunk
        return ArticleInfo(c.text, article_year(c.title, c.text, c.date), c.title, c.date, c.outlet)

    def hit_at(self, article_id: str, offset: int) -> Hit | None:
        """A hit on the chunk of an article holding a character offset."""
        for c in self.chunks:
            if c.article_id == article_id and c.start <= offset < c.end:
                return Hit(c, 0.0, 99)
        return None


def sentence_at(text: str, offset: int) -> Span:
    """The sentence of an article holding a character offset."""
    for span in split_sentences(text):
        if span.start <= offset < span.end:
            return span
    return Span(offset, offset, "")


def _articles(chunks: list[Chunk]) -> dict[str, ArticleInfo]:
    first = {}
    for c in chunks:
        first.setdefault(c.article_id, c)
    return {
        aid: ArticleInfo(
            text,
            article_year(first[aid].title, text, first[aid].date),
            first[aid].title,
            first[aid].date,
            first[aid].outlet,
        )
        for aid, text in article_texts(chunks).items()
    }
