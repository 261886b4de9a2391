"""OpenAI-compatible servers (OpenAI, vLLM, llama.cpp's server, LM Studio...) via ChatOpenAI.

The base URL and key come from the standard OPENAI_BASE_URL / OPENAI_API_KEY. Local servers
ignore the key, so a placeholder is sent when none is set rather than refusing to start.

Tokens are counted where the server can: llama.cpp's and vLLM's `POST /tokenize` beside `/v1`
(not part of the OpenAI API, which answers 404, so the estimate stands there).
"""

from __future__ import annotations

import json
import os
import re
import urllib.request

from bot.answerers.generative.chat_models.base import MAX_REPLY_TOKENS, ChatBackend

COUNT_TIMEOUT = 5.0  # seconds: counting is cheap; a server slow at it is not waited for


class OpenAIBackend(ChatBackend):
    prefix = "openai"

    @property
    def endpoint(self) -> str:
        return os.environ.get("OPENAI_BASE_URL") or "https://api.openai.com/v1"

    @property
    def api_key(self) -> str:
        return os.environ.get("OPENAI_API_KEY") or "not-needed"

    def count_tokens(self, text: str) -> int | None:
        root = re.sub(r"/v1/?$", "", self.endpoint.rstrip("/"))
        # llama.cpp reads "content", vLLM "prompt" (and "model"); each ignores the other's keys
        body = {"content": text, "prompt": text, "model": self.model_name}
        request = urllib.request.Request(
            root + "/tokenize",
            data=json.dumps(body).encode(),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.api_key}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=min(COUNT_TIMEOUT, self.timeout)) as r:
                reply = json.load(r)
        except (OSError, ValueError):  # no such endpoint, no server, not JSON: estimate instead
            return None
        count = reply.get("count") if isinstance(reply, dict) else None
        tokens = reply.get("tokens") if isinstance(reply, dict) else None
        if isinstance(count, int):
            return count
        return len(tokens) if isinstance(tokens, list) else None

    def build(self):
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            model=self.model_name,
            base_url=self.endpoint,
            api_key=self.api_key,
            timeout=self.timeout,
            max_retries=0,  # a retry would double the wait the user was promised
            temperature=0,
            max_tokens=MAX_REPLY_TOKENS,
        )
