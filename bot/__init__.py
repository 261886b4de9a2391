"""hoidap: answers questions about Vietnamese news articles, citing the sentences it rests on.

`bot.answer(question, history=[]) -> Answer` is the product; the CLI, the web UI and the eval
runner call it and only format the result. Importing `bot` loads no model: the first call does.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.pipeline import Bot
    from bot.records import Answer

_BOT: Bot | None = None
_LOCK = threading.Lock()


def get_bot() -> Bot:
    """The process-wide bot, built on first use from the environment's config."""
    global _BOT
    with _LOCK:
        if _BOT is None:
            from bot.pipeline import Bot

            _BOT = Bot()
        return _BOT


def set_bot(instance: Bot | None) -> None:
    """Use a bot built with explicit config (CLI flags, tests)."""
    global _BOT
    with _LOCK:
        _BOT = instance


def answer(
    question: str, history: list | None = None, k: int | None = None, llm: str | None = None
) -> Answer:
    """llm: 'extractive', 'openai:MODEL' or 'ollama:MODEL'; None uses the configured one."""
    return get_bot().answer(question, history or [], k=k, llm=llm)
