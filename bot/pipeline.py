"""The answer path: resolve follow-up -> hybrid retrieval -> answerer, with timings.

`Bot` holds the heavy things (embedder, store, BM25) and is built once per process; front ends
share it. `Bot.chain()` exposes the same path as a LangChain runnable for people who compose.
"""

from __future__ import annotations

import threading
import time

from bot.answerers import get_answerer
from bot.answerers.extractive import ExtractiveAnswerer
from bot.config import Config
from bot.followup import resolve
from bot.lexical import LexicalIndex
from bot.messages import message
from bot.records import Answer, Hit, Turn
from bot.retriever import HybridRetriever, HybridSearcher, document_to_hit
from index.embedders import get_embedder
from index.errors import BadInput
from index.store import ChromaStore
from index.vntext import nfc

ANSWER_POOL = 12
WIDE_POOL = 30


def answer_pool(hits: list[Hit], n: int) -> list[Hit]:
    """The first n hits plus each other article's best hit further down.

    An article that repeats itself (overlapping chunks, a 2021 and a 2022 paragraph with the
    same words) can fill the top ranks; the one article that disagrees must still be read.
    """
    pool = hits[:n]
    seen = {h.chunk.article_id for h in pool}
    for h in hits[n:]:
        if h.chunk.article_id not in seen:
            pool.append(h)
            seen.add(h.chunk.article_id)
    return pool


class Bot:
    def __init__(self, config: Config | None = None):
        self.config = config or Config.load()
        self.embedder = get_embedder(self.config.embedder)
        self.store = ChromaStore(self.config.data_dir)
        self.searcher = HybridSearcher(self.store, self.embedder)
        self.retriever = HybridRetriever(searcher=self.searcher, k=self.config.k)
        answerer = get_answerer(self.config.answerer)
        if isinstance(answerer, ExtractiveAnswerer):
            answerer.use_corpus(self.searcher.lexical)  # IDF, plan years, names, spelling
        self.answerer = answerer
        self._lock = threading.Lock()  # timings live on the searcher; one answer at a time

    def refresh(self) -> None:
        """Rebuild what is derived from the store (BM25, spelling vocabulary, the answerer's
        corpus) after articles were added or deleted, so they are answerable or gone at once.

        The new index is built outside the lock and swapped in under it: answers in flight
        finish on the old one.
        """
        lexical = LexicalIndex(self.store.all_chunks())
        vocabulary = lexical.folded_vocabulary()
        with self._lock:
            self.searcher.lexical = lexical
            self.searcher.vocabulary = vocabulary
            if hasattr(self.answerer, "use_corpus"):
                self.answerer.use_corpus(lexical)

    def answer(
        self, question: str, history: list[Turn] | list[dict] | None = None, k: int | None = None
    ) -> Answer:
        question = self.check(question)
        turns = to_turns(history or [])
        with self._lock:
            t0 = time.perf_counter()
            standalone = resolve(question, turns)
            k = k or self.config.k
            # The answerer reads a few more chunks than are shown, so a second article stating
            # the same figure (or a different one) is found even when it ranks sixth.
            docs = self.retriever.invoke(standalone, k=max(k, WIDE_POOL))
            hits = answer_pool([document_to_hit(d) for d in docs], max(k, ANSWER_POOL))
            t1 = time.perf_counter()
            result = self.answerer.answer(standalone, hits)
            result.hits = hits[:k]
            t2 = time.perf_counter()
            timings = dict(self.searcher.timings)
        result.question = question
        result.standalone_question = standalone
        result.timings_ms = {
            "retrieve": (t1 - t0) * 1000,
            "answer": (t2 - t1) * 1000,
            "total": (t2 - t0) * 1000,
        } | {f"retrieve_{k}": v for k, v in timings.items()}
        return result

    def check(self, question: object) -> str:
        if not isinstance(question, str) or not question.strip():
            raise BadInput(message("empty_question"))
        question = nfc(question).strip()
        if len(question) > self.config.max_question_chars:
            raise BadInput(
                message("question_too_long", n=len(question), max=self.config.max_question_chars)
            )
        return question

    def chain(self):
        """The same path as a LangChain runnable: {'question', 'history'} -> Answer."""
        from langchain_core.runnables import RunnableLambda

        return RunnableLambda(lambda x: self.answer(x["question"], x.get("history")))


def to_turns(history: list[Turn] | list[dict]) -> list[Turn]:
    """Accepts Turns or OpenAI-style dicts (what Gradio and eval files give)."""
    turns = []
    for item in history:
        if isinstance(item, Turn):
            turns.append(item)
        elif isinstance(item, dict) and isinstance(item.get("content"), str):
            turns.append(Turn(str(item.get("role", "user")), item["content"]))
    return turns
