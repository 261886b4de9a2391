"""The chat-model interface: a LangChain chat model plus what the user must be told when it fails.

`ChatBackend.stream(prompt, inputs)` runs the runnable `prompt | chat model | StrOutputParser()`
and yields the reply's text pieces (`invoke` returns it whole), bounding every wait: the first
piece and each next one must come within the timeout, else `LLMFailure`. The model is read in
a worker thread, so a server that accepts the connection and then says nothing cannot hold the
caller past the timeout (httpx's own read timeout only fires between bytes, and a server that
trickles keep-alives never trips it).

`chars_per_token(sample)` is the server's tokenizer measured once, on the first passages sent,
when the server can count tokens (`count_tokens`; llama.cpp's and vLLM's /tokenize): so a
context budget is spent in the server's tokens, not in a guess that is 40% off either way.

A server that could not be reached or did not answer in time is not asked again for COOLDOWN
seconds: the questions in between fail at once (and fall back), instead of each waiting out the
timeout, and a follow-up's two requests (condense, answer) cost one timeout, not two.

Deliberately not here: prompts, verification, fallback (answerers/generative.py).
"""

from __future__ import annotations

import queue
import re
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from functools import cached_property

from bot.answerers.generative.chat_models import transcript

MAX_REPLY_TOKENS = 768  # an answer is a few sentences; this bounds a runaway generation
COOLDOWN = 30.0  # seconds a server that timed out or refused the connection is left alone
# the ratio measured on one sample is spent a little short: another passage may hold more
# numbers, names or English words, which cost more tokens per character
RATIO_MARGIN = 0.93
MIN_SAMPLE = 400  # characters: a shorter sample says little about the next passages
_DONE = object()


class LLMFailure(Exception):
    """The chat model gave nothing usable. `reason` is a Vietnamese phrase for the user;
    `fits`: when the server said the prompt is longer than its context, the share of it
    that would fit (its own token counts when it gives them, else a half)."""

    def __init__(self, reason: str, fits: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.fits = fits


class ChatBackend(ABC):
    prefix: str

    def __init__(self, model: str, timeout: float, context_tokens: int):
        self.model_name = model
        self.timeout = timeout
        self.context_tokens = context_tokens
        self.down: tuple[float, str] | None = None  # (when, why) it last timed out or refused
        self._ratio: float | None = None  # characters per token, once measured
        self._counted = False  # asked the server to count already (it may not know how)

    @property
    def spec(self) -> str:
        return f"{self.prefix}:{self.model_name}"

    @property
    @abstractmethod
    def endpoint(self) -> str:
        """Where the server is, as the user configured it (shown in failure messages)."""

    @abstractmethod
    def build(self):
        """The LangChain chat model (imported here, so `hoidap --help` stays fast)."""

    @cached_property
    def chat_model(self):
        return self.build()

    def count_tokens(self, text: str) -> int | None:
        """The server's own count of `text`'s tokens; None when it offers none (OpenAI's API,
        Ollama) or the request failed. A backend that can count overrides this."""
        return None

    def chars_per_token(self, sample: Callable[[], str]) -> float | None:
        """Characters per token of this server's tokenizer, counted on the text `sample()`
        makes the first time it is long enough (asked for only until then); None when the
        server cannot count (the caller estimates)."""
        if not self._counted and len(text := sample()) >= MIN_SAMPLE:
            self._counted = True
            tokens = self.count_tokens(text)
            if tokens:
                self._ratio = len(text) / tokens * RATIO_MARGIN
                transcript.record_count(text, tokens)
        return self._ratio

    def stream(self, prompt, inputs: dict) -> Iterator[str]:
        """The reply to `prompt` filled with `inputs`, piece by piece as the server sends it."""
        pieces = []
        for piece in self._bounded(lambda chain: chain.stream(inputs), prompt):
            pieces.append(piece)
            yield piece
        transcript.record(prompt, inputs, "".join(pieces))

    def invoke(self, prompt, inputs: dict) -> str:
        """The whole reply in one request (no streaming: nobody reads it as it is written)."""
        reply = "".join(self._bounded(lambda chain: [chain.invoke(inputs)], prompt))
        transcript.record(prompt, inputs, reply)
        return reply

    def _bounded(self, run, prompt) -> Iterator[str]:
        from langchain_core.output_parsers import StrOutputParser

        if self.down and (ago := time.monotonic() - self.down[0]) < COOLDOWN:
            later = f"; thử lại sau {COOLDOWN - ago:.0f} giây"
            raise LLMFailure(f"{self.down[1]} ({ago:.0f} giây trước{later})")
        chain = prompt | self.chat_model | StrOutputParser()
        pieces: queue.Queue = queue.Queue()

        def read() -> None:
            try:
                for text in run(chain):
                    if text:
                        pieces.put(text)
                pieces.put(_DONE)
            except BaseException as err:  # handed to the caller, who explains it
                pieces.put(err)

        threading.Thread(target=read, daemon=True, name=f"llm-{self.prefix}").start()
        while True:
            try:
                item = pieces.get(timeout=self.timeout)
            except queue.Empty:
                reason = f"quá {self.timeout:g} giây không nhận được trả lời từ {self.endpoint}"
                self.down = (time.monotonic(), reason)
                raise LLMFailure(reason) from None
            if item is _DONE:
                self.down = None
                return
            if isinstance(item, BaseException):
                reason, unreachable = self.explain(item)
                if unreachable:
                    self.down = (time.monotonic(), reason)
                raise LLMFailure(reason, fits=_fits(item)) from item
            yield item

    def explain(self, err: BaseException) -> tuple[str, bool]:
        """(what failed, in words a user can act on; whether the server is unreachable). The
        SDKs' classes are told apart by name and attributes, so neither SDK is imported here."""
        for e in _chain(err):
            name = type(e).__name__
            if "Timeout" in name:
                return f"quá {self.timeout:g} giây không nhận được trả lời từ {self.endpoint}", True
            status = getattr(e, "status_code", None)
            if isinstance(status, int) and status >= 400:
                return f"máy chủ {self.endpoint} trả lỗi HTTP {status}{_detail(e)}", False
            if "Connect" in name or isinstance(e, ConnectionError):
                return f"không kết nối được máy chủ {self.endpoint}", True
        return f"lỗi khi gọi {self.endpoint}: {type(err).__name__}{_detail(err)}", False


# llama.cpp: "the request exceeds the available context size"; vLLM and OpenAI: "maximum
# context length"; Ollama truncates on its own
_TOO_LONG = re.compile(r"context (?:size|length|window)|too many tokens|n_ctx", re.I)


def _fits(err: BaseException) -> float | None:
    """The share of the prompt the server's context holds, when an HTTP 400 says it is too
    long. Example: llama.cpp's {"n_prompt_tokens": 4226, "n_ctx": 4096} -> 0.97."""
    for e in _chain(err):
        if getattr(e, "status_code", None) != 400 or not _TOO_LONG.search(_detail(e) + str(e)):
            continue
        body = getattr(e, "body", None)
        body = body.get("error", body) if isinstance(body, dict) else {}
        sent, room = body.get("n_prompt_tokens"), body.get("n_ctx")
        if isinstance(sent, int) and isinstance(room, int) and sent > room > 0:
            return room / sent
        return 0.5
    return None


def _chain(err: BaseException) -> Iterator[BaseException]:
    seen = set()
    while err is not None and id(err) not in seen:
        seen.add(id(err))
        yield err
        err = err.__cause__ or err.__context__


def _detail(err: BaseException) -> str:
    text = " ".join(str(getattr(err, "message", "") or err).split())[:160]
    return f" ({text})" if text else ""
