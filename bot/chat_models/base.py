"""The chat-model interface: a LangChain chat model plus what the user must be told when it fails.

`ChatBackend.stream(messages)` yields the reply's text pieces and bounds every wait: the first
piece and each next one must come within the timeout, else `LLMFailure`. The model is read in
a worker thread, so a server that accepts the connection and then says nothing cannot hold the
caller past the timeout (httpx's own read timeout only fires between bytes, and a server that
trickles keep-alives never trips it).

Deliberately not here: prompts, verification, fallback (answerers/generative.py).
"""

from __future__ import annotations

import queue
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator
from functools import cached_property

MAX_REPLY_TOKENS = 768  # an answer is a few sentences; this bounds a runaway generation
_DONE = object()


class LLMFailure(Exception):
    """The chat model gave nothing usable. `reason` is a Vietnamese phrase for the user."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class ChatBackend(ABC):
    prefix: str

    def __init__(self, model: str, timeout: float, context_tokens: int):
        self.model_name = model
        self.timeout = timeout
        self.context_tokens = context_tokens

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

    def stream(self, messages: list) -> Iterator[str]:
        pieces: queue.Queue = queue.Queue()

        def read() -> None:
            try:
                for chunk in self.chat_model.stream(messages):
                    text = chunk.content if isinstance(chunk.content, str) else chunk.text
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
                raise LLMFailure(f"quá {self.timeout:g} giây không nhận được trả lời") from None
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise LLMFailure(self.explain(item)) from item
            yield item

    def invoke(self, messages: list) -> str:
        return "".join(self.stream(messages))

    def explain(self, err: BaseException) -> str:
        """What failed, in words a user can act on. The SDKs' classes are told apart by name
        and attributes so this needs neither SDK imported."""
        for e in _chain(err):
            name = type(e).__name__
            if "Timeout" in name:
                return f"quá {self.timeout:g} giây không nhận được trả lời từ {self.endpoint}"
            status = getattr(e, "status_code", None)
            if isinstance(status, int) and status >= 400:
                return f"máy chủ {self.endpoint} trả lỗi HTTP {status}{_detail(e)}"
            if "Connect" in name or isinstance(e, ConnectionError):
                return f"không kết nối được máy chủ {self.endpoint}"
        return f"lỗi khi gọi {self.endpoint}: {type(err).__name__}{_detail(err)}"


def _chain(err: BaseException) -> Iterator[BaseException]:
    seen = set()
    while err is not None and id(err) not in seen:
        seen.add(id(err))
        yield err
        err = err.__cause__ or err.__context__


def _detail(err: BaseException) -> str:
    text = " ".join(str(getattr(err, "message", "") or err).split())[:160]
    return f" ({text})" if text else ""
