"""Ollama servers via ChatOllama. The host comes from OLLAMA_HOST (default localhost:11434).

The context window is sent as `num_ctx`: Ollama otherwise uses its own default and silently
drops the start of a prompt that does not fit.
"""

from __future__ import annotations

import os

from bot.answerers.generative.chat_models.base import MAX_REPLY_TOKENS, ChatBackend


class OllamaBackend(ChatBackend):
    prefix = "ollama"

    @property
    def endpoint(self) -> str:
        host = os.environ.get("OLLAMA_HOST") or "127.0.0.1:11434"
        return host if "://" in host else f"http://{host}"

    def build(self):
        from langchain_ollama import ChatOllama

        return ChatOllama(
            model=self.model_name,
            base_url=self.endpoint,
            temperature=0,
            num_ctx=self.context_tokens,
            num_predict=MAX_REPLY_TOKENS,
            client_kwargs={"timeout": self.timeout},
        )
