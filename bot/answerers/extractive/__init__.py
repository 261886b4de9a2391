"""The default answerer: no language model, it answers with the words of the articles.

Two questions asked as one are cut apart (multipart.py) and each is read on its own
(reading.py: the best sentence, refusal, the claims of every article about the measure), then
worded (compose.py). A follow-up's conversation matters in one way: the figures its last answer
gave are not answers again.

The answerer itself keeps nothing per call: it holds a corpus snapshot (corpus.py) and frozen
options (options.py), each replaced whole, and every call reads the ones in place when it
starts. So the web server answers several questions at once without a lock.

Deliberately not here: paraphrasing, or combining facts from different sentences into one
(except a plan number named elsewhere in the same article).
"""

from __future__ import annotations

from bot.answerers.base import Answerer
from bot.answerers.extractive.corpus import ReaderCorpus
from bot.answerers.extractive.options import ReaderOptions
from bot.answerers.extractive.reading import Reading
from bot.question.followup import said_figures
from bot.question.multipart import join_answers, split_question
from bot.records import Answer, Hit, Turn


class ExtractiveAnswerer(Answerer):
    name = "extractive"

    def __init__(self, options: ReaderOptions | None = None, corpus: ReaderCorpus | None = None):
        self.options = options or ReaderOptions()
        self.corpus = corpus or ReaderCorpus()

    def use_corpus(self, lexicon) -> None:
        """Read the whole corpus from now on: IDF weights, chunks, spelling vocabulary."""
        self.corpus = ReaderCorpus(lexicon)

    def reading(self) -> Reading:
        """The corpus and options in place now, for one question."""
        return Reading(self.corpus, self.options)

    def answer(self, question: str, hits: list[Hit], turns: list[Turn] | None = None) -> Answer:
        """`turns`: the conversation a follow-up was resolved from (None for a question that
        stands alone); the figures its last answer gave are not answers again."""
        reading = self.reading()
        said = said_figures(turns) if turns else ()
        parts = split_question(question)
        if len(parts) == 1:
            return reading.answer(question, hits, said)
        # "bao nhiêu doanh nghiệp và bao nhiêu sản phẩm?": each part answered on its own
        answers = [reading.answer(part, hits, said) for part in parts]
        if all(a.refused for a in answers):
            return answers[0]
        return join_answers(question, [a for a in answers if not a.refused], hits)


__all__ = ["ExtractiveAnswerer", "ReaderCorpus", "ReaderOptions", "Reading"]
