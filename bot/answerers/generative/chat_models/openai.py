"""OpenAI-compatible servers (OpenAI, vLLM, llama.cpp's server, LM Studio...) via ChatOpenAI.

The base URL and key come from the standard OPENAI_BASE_URL / OPENAI_API_KEY. Local servers
ignore the key, so a placeholder is sent when none is set rather than refusing to start.
"""

from __future__ import annotations

import os

from bot.answerers.generative.chat_models.base import MAX_REPLY_TOKENS, ChatBackend


class OpenAIBackend(ChatBackend):
    prefix = "openai"

    @property
    def endpoint(self) -> str:
        return os.environ.get("OPENAI_BASE_URL") or "https://api.openai.com/v1"

    def build(self):
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            model=self.model_name,
            base_url=self.endpoint,
            api_key=os.environ.get("OPENAI_API_KEY") or "not-needed",
            timeout=self.timeout,
            max_retries=0,  # a retry would double the wait the user was promised
            temperature=0,
            max_tokens=MAX_REPLY_TOKENS,
        )
