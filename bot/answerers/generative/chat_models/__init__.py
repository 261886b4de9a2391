"""Chat-model registry: 'openai:MODEL' or 'ollama:MODEL' -> a `ChatBackend`.

A new backend is one module with a `ChatBackend` subclass and one line in BACKENDS.
"""

from __future__ import annotations

import importlib

from bot.answerers.generative.chat_models.base import ChatBackend, LLMFailure
from index.errors import BadInput

BACKENDS = {
    "openai": "bot.answerers.generative.chat_models.openai:OpenAIBackend",
    "ollama": "bot.answerers.generative.chat_models.ollama:OllamaBackend",
    "replay": "bot.answerers.generative.chat_models.replay:ReplayBackend",
}


def is_llm(spec: str) -> bool:
    return spec.strip().lower() != "extractive"


def get_backend(spec: str, timeout: float, context_tokens: int) -> ChatBackend:
    """Example: get_backend('ollama:qwen2.5:7b', 60, 4096) -> OllamaBackend for 'qwen2.5:7b'."""
    prefix, _, model = spec.strip().partition(":")
    target = BACKENDS.get(prefix.lower())
    if target is None or not model.strip():
        raise BadInput(
            f"Không hiểu bộ trả lời '{spec}'.",
            "Dùng 'extractive', 'openai:<tên mô hình>' hoặc 'ollama:<tên mô hình>'.",
        )
    module, _, name = target.partition(":")
    cls = getattr(importlib.import_module(module), name)
    return cls(model.strip(), timeout, context_tokens)


__all__ = ["BACKENDS", "ChatBackend", "LLMFailure", "get_backend", "is_llm"]
