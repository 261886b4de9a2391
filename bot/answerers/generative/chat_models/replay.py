"""`replay:FILE`: answers from replies a real model gave before (transcript.py), for measuring
a checker change on the same replies in seconds. A question the recording lacks fails like an
unreachable model would, so the answer falls back and the report counts it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cached_property
from pathlib import Path

from bot.answerers.generative.chat_models import transcript
from bot.answerers.generative.chat_models.base import RATIO_MARGIN, ChatBackend, LLMFailure
from index.errors import BadInput


class ReplayBackend(ChatBackend):
    prefix = "replay"

    def __init__(self, model: str, timeout: float, context_tokens: int):
        super().__init__(model, timeout, context_tokens)
        if not Path(model).is_file():  # said at start, not at the first question
            raise BadInput(
                f"Không có tệp ghi câu trả lời '{model}'.",
                f"Ghi bằng {transcript.ENV}=<tệp> khi chạy với mô hình thật.",
            )

    @property
    def endpoint(self) -> str:
        return self.model_name

    def build(self):
        raise NotImplementedError("a replay has no chat model")

    @cached_property
    def recorded(self) -> tuple[dict[str, str], dict[str, tuple[int, int]]]:
        return transcript.load(Path(self.model_name))

    def chars_per_token(self, sample: Callable[[], str]) -> float | None:
        """The ratio the recorded server measured on this sample (the same questions in the
        same order count the same passages first), else on the last one it counted."""
        if self._ratio is None and (counts := self.recorded[1]):
            known = counts.get(transcript.text_key(sample()))
            chars, tokens = known or list(counts.values())[-1]
            self._ratio = chars / tokens * RATIO_MARGIN
        return self._ratio

    def stream(self, prompt, inputs: dict) -> Iterator[str]:
        reply = self.recorded[0].get(transcript.key(prompt, inputs))
        if reply is None:
            raise LLMFailure(f"không có câu trả lời ghi sẵn cho câu này trong {self.endpoint}")
        yield reply

    def invoke(self, prompt, inputs: dict) -> str:
        return "".join(self.stream(prompt, inputs))
