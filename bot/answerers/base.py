"""The answerer interface: a question and its retrieved hits -> an `Answer`.

An answerer never retrieves; it only reads the hits it is given, so every claim it makes can be
cited to one of them. Two steps have defaults a backend may replace: `standalone` (turn a
follow-up into a question that stands alone; by rule here) and `stream` (the answer's text as
it is written, then the `Answer`; here only the `Answer`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator

from bot.question.followup import resolve
from bot.records import Answer, Hit, Turn


class Answerer(ABC):
    name: str

    @abstractmethod
    def answer(self, question: str, hits: list[Hit], turns: list[Turn] | None = None) -> Answer: ...

    def standalone(self, question: str, turns: list[Turn]) -> tuple[str, list[str]]:
        """(the question to retrieve and answer with, warnings)."""
        return resolve(question, turns), []

    def stream(
        self, question: str, hits: list[Hit], turns: list[Turn] | None = None
    ) -> Iterator[str | Answer]:
        yield self.answer(question, hits, turns)
