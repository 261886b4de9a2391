"""The default answerer: no language model, it answers with the words of the articles.

Each part of the question (two asked as one were cut apart when it was understood) is read on
its own (reading.py: the best sentence, refusal, the claims of every article about the
measure), then worded (compose.py); several parts' answers are joined.

The answerer itself keeps nothing per call: it holds a corpus snapshot (corpus.py) and frozen
options (options.py), each replaced whole, and every call reads the ones in place when it
starts. So the web server answers several questions at once without a lock.

Deliberately not here: paraphrasing, or combining facts from different sentences into one
(except a plan number named elsewhere in the same article).
"""

from __future__ import annotations

from collections.abc import Callable

from bot.answerers.base import Answerer
from bot.answerers.extractive.corpus import ReaderCorpus
from bot.answerers.extractive.options import ReaderOptions
from bot.answerers.extractive.reading import Reading
from bot.question.multipart import join_answers
from bot.question.understand import Question
from bot.records import Answer, Hit
from index.records import Chunk


class ExtractiveAnswerer(Answerer):
    name = "extractive"

    def __init__(self, options: ReaderOptions | None = None, corpus: ReaderCorpus | None = None):
        self.options = options or ReaderOptions()
        self.corpus = corpus or ReaderCorpus()
        self.search: Callable[[str, int], list[Chunk]] | None = None

    def use_corpus(self, lexicon, search: Callable[[str, int], list[Chunk]] | None = None) -> None:
        """Read the whole corpus from now on (IDF weights, chunks, articles, people), and
        ask `search` (the pipeline's, by words) for other articles stating a measure."""
        self.corpus = ReaderCorpus(lexicon)
        self.search = search or self.search

    def reading(self) -> Reading:
        """The corpus and options in place now, for one question."""
        return Reading(self.corpus, self.options, self.search)

    def ranked(self, question: Question, hits: list[Hit]) -> list[Hit]:
        """The hits in the order of the best sentence each holds for the question (for a
        question of several parts, for any part); ties and unread hits keep retrieval order.
        A chat model reads the passages the reader found best first."""
        reading = self.reading()
        best: dict[str, float] = {}
        for part in question.parts:
            for cid, score in reading.hit_scores(part, hits).items():
                best[cid] = max(score, best.get(cid, score))
        order = {h.chunk.id: i for i, h in enumerate(hits)}
        return sorted(hits, key=lambda h: (-best.get(h.chunk.id, -1.0), order[h.chunk.id]))

    def answer(self, question: Question, hits: list[Hit]) -> Answer:
        reading = self.reading()
        if len(question.parts) == 1:
            return reading.answer(question.parts[0], hits)
        # "bao nhiêu doanh nghiệp và bao nhiêu sản phẩm?": each part answered on its own
        answers = [reading.answer(part, hits) for part in question.parts]
        if all(a.refused for a in answers):
            return answers[0]
        text = str(question.standalone)
        return join_answers(text, [a for a in answers if not a.refused], hits)


__all__ = ["ExtractiveAnswerer", "ReaderCorpus", "ReaderOptions", "Reading"]
