"""Answerer registry: a name -> an `Answerer`. A new backend is one module and one line here.

'extractive' needs nothing; 'openai:MODEL' and 'ollama:MODEL' are the generative answerer over
that chat model (bot/answerers/generative/chat_models/), which falls back to `fallback` when the model fails.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.answerers.base import Answerer
from bot.question.understand import Question
from bot.records import Answer, Hit


def get_answerer(
    spec: str = "extractive",
    *,
    timeout: float = 60.0,
    context_tokens: int = 4096,
    fallback: Callable[[Question, list[Hit]], Answer] | None = None,
    rank: Callable[[Question, list[Hit]], list[Hit]] | None = None,
) -> Answerer:
    from bot.answerers.generative.chat_models import get_backend, is_llm

    if not is_llm(spec):
        from bot.answerers.extractive import ExtractiveAnswerer

        return ExtractiveAnswerer()
    from bot.answerers.generative import GenerativeAnswerer

    backend = get_backend(spec, timeout, context_tokens)  # a bad spec fails before fallback use
    if fallback is None:
        raise ValueError("a generative answerer needs an extractive fallback")
    return GenerativeAnswerer(backend, fallback, rank)


__all__ = ["Answerer", "get_answerer"]
