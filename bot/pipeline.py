"""The answer path: question -> `Question` (built once) -> hybrid retrieval -> answerer, timed.

`Bot` holds the heavy things (embedder, store, BM25) and is built once per process; front ends
share it. The question is understood once (bot/question/understand.py: the follow-up resolved by
the answerer's `standalone`, its parts analysed, the search strings made); retrieval and the
answerer both read that `Question`. `Bot.stream()` yields an answer's text as a chat model
writes it, then the `Answer`; `Bot.answer()` returns only the `Answer`; `Bot.chain()` is the same
path as a LangChain runnable.

Concurrency: nothing per call is kept on shared objects (the searcher and the answerers read
frozen options and a corpus snapshot swapped in whole), so questions are answered side by side
with no lock. Only `refresh` takes one, so that two rebuilds of the BM25 index never overlap.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

from bot.answerers import Answerer, get_answerer
from bot.config import Config
from bot.lang.glossary import use_domains
from bot.messages import message
from bot.question.understand import Question, understand
from bot.records import Answer, Hit, Turn
from bot.retrieval.hybrid import HybridSearcher, Lexical, answer_pool, with_sentences
from bot.retrieval.lexical import LexicalIndex
from index.embedders import get_embedder
from index.errors import BadInput
from index.stores.chroma import open_store
from index.vntext import nfc

ANSWER_POOL = 12
WIDE_POOL = 30
STALE_CHECK = 5.0  # seconds between looks at the store's write stamp (another process may write)


class Bot:
    def __init__(self, config: Config | None = None):
        self.config = config or Config.load()
        use_domains(self.config.domain_names)  # before anything reads the glossary
        self.embedder = get_embedder(self.config.embedder)
        self.store = open_store(self.config.data_dir, self.config.chroma_url)
        self._stamp = self.store.stamp()  # read before the chunks: a later write means refresh
        self._checked = time.monotonic()
        self.searcher = HybridSearcher(self.store, self.embedder)
        self.extractive = get_answerer("extractive")  # also every chat model's fallback
        # IDF, plan years, names; and a search by words for corroborating articles
        self.extractive.use_corpus(self.searcher.lexical, self.searcher.by_words)
        self._refresh_lock = threading.Lock()
        self._answerers: dict[str, Answerer] = {"extractive": self.extractive}
        self.answerer_for(self.config.llm)  # a bad --llm fails at start, not at the first question

    def answerer_for(self, spec: str | None = None) -> Answerer:
        """The answerer named by spec ('extractive', 'openai:MODEL', ...), built once."""
        spec = (spec or self.config.llm).strip()
        if spec not in self._answerers:
            self._answerers[spec] = get_answerer(
                spec,
                timeout=self.config.llm_timeout,
                context_tokens=self.config.llm_context_tokens,
                fallback=self.extractive.answer,
                rank=self.extractive.ranked,  # the passages the reader found best, first
            )
        return self._answerers[spec]

    def understand(
        self, question: str, turns: list[Turn], answerer: Answerer | None = None
    ) -> tuple[Question, list[str]]:
        """The question as retrieval and the answerer read it, and warnings (a chat model that
        could not rewrite a follow-up)."""
        standalone, warnings = (answerer or self.extractive).standalone(question, turns)
        asked = understand(question, turns, self.searcher.vocabulary, standalone)
        return asked, warnings

    def refresh(self) -> None:
        """Rebuild what is derived from the store (BM25, spelling vocabulary, the answerer's
        corpus) after articles were added or deleted, so they are answerable or gone at once.

        The new index is built aside and swapped in whole: answers in flight finish on the old
        one (the searcher's and the reader's are swapped one after the other; a question asked
        in between reads hits of the new index with the old corpus's article table, which
        falls back to the hit's own chunk).
        """
        # One rebuild at a time: a slow rebuild that began before a write must not finish after
        # the rebuild that includes it and swap the older index back in.
        with self._refresh_lock:
            stamp = self.store.stamp()
            self.store.reload()  # the committed live set may have changed in another process
            lexical = Lexical.of(LexicalIndex(self.store.all_chunks()))
            self.searcher.use(lexical)
            self.extractive.use_corpus(lexical.index)
            self._stamp = stamp

    def answer(
        self,
        question: str,
        history: list[Turn] | list[dict] | None = None,
        k: int | None = None,
        llm: str | None = None,
    ) -> Answer:
        *_, result = self.stream(question, history, k, llm)
        return result

    def stream(
        self,
        question: str,
        history: list[Turn] | list[dict] | None = None,
        k: int | None = None,
        llm: str | None = None,
    ) -> Iterator[str | Answer]:
        """Text pieces as a chat model writes them (none for the extractive answerer), then the
        verified `Answer`, which supersedes them."""
        question = self.check(question)
        turns = to_turns(history or [])
        answerer = self.answerer_for(llm)
        self.follow_store()
        k = k or self.config.k
        t0 = time.perf_counter()
        asked, warnings = self.understand(question, turns, answerer)
        t1 = time.perf_counter()
        hits, timings = self.evidence(asked, k)
        t2 = time.perf_counter()
        for item in answerer.stream(asked, hits):
            if isinstance(item, Answer):
                result = item
            else:
                yield item
        t3 = time.perf_counter()
        result.hits = hits[:k]
        result.question = question
        result.standalone_question = str(asked.standalone)
        result.warnings = [*warnings, *result.warnings]
        result.timings_ms = {
            "condense": (t1 - t0) * 1000,
            "retrieve": (t2 - t1) * 1000,
            "answer": (t3 - t2) * 1000,
            "total": (t3 - t0) * 1000,
        } | {f"retrieve_{k}": v for k, v in timings.items()}
        yield result

    def evidence(self, question: Question | str, k: int) -> tuple[list[Hit], dict[str, float]]:
        """The hits an answerer reads for a question, with their sentences' similarities, and
        the retrieval timings."""
        # The answerer reads a few more chunks than are shown, so a second article stating
        # the same figure (or a different one) is found even when it ranks sixth.
        found = self.searcher.find(question, max(k, WIDE_POOL))
        timings = dict(found.timings)
        hits = answer_pool(found.hits, max(k, ANSWER_POOL))
        t_sent = time.perf_counter()
        hits = with_sentences(self.store, hits, found.vector)
        timings["sentences"] = (time.perf_counter() - t_sent) * 1000
        return hits, timings

    def follow_store(self) -> None:
        """Refresh when another process (an ingest, a `hoidap serve` sharing the Chroma server)
        wrote to the store since our BM25 index was built. Looked at every STALE_CHECK s."""
        if time.monotonic() - self._checked < STALE_CHECK:
            return
        self._checked = time.monotonic()
        if self.store.stamp() != self._stamp:
            with self._refresh_lock:  # threads that waited find it done and do not rebuild again
                if self.store.stamp() == self._stamp:
                    return
            self.refresh()

    def check(self, question: object) -> str:
        if not isinstance(question, str):
            raise BadInput(message("empty_question"))
        question = nfc(question).strip()  # before the empty check: nfc drops invisible marks
        if not question:
            raise BadInput(message("empty_question"))
        if len(question) > self.config.max_question_chars:
            raise BadInput(
                message("question_too_long", n=len(question), max=self.config.max_question_chars)
            )
        return question

    def retriever(self, k: int | None = None):
        """The hybrid search as a LangChain retriever, for chains composed outside hoidap."""
        from bot.retrieval.hybrid import HybridRetriever

        return HybridRetriever(searcher=self.searcher, k=k or self.config.k)

    def chain(self):
        """The same path as a LangChain runnable: {'question', 'history', 'llm'?} -> Answer."""
        from langchain_core.runnables import RunnableLambda

        return RunnableLambda(
            lambda x: self.answer(x["question"], x.get("history"), llm=x.get("llm"))
        )


def to_turns(history: list[Turn] | list[dict]) -> list[Turn]:
    """Accepts Turns or OpenAI-style dicts (what Gradio and eval files give)."""
    turns = []
    for item in history:
        if isinstance(item, Turn):
            turns.append(item)
        elif isinstance(item, dict) and isinstance(item.get("content"), str):
            turns.append(Turn(str(item.get("role", "user")), item["content"]))
    return turns
