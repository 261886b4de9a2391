"""The answerer interface: a `Question` and its retrieved hits -> an `Answer`.

An answerer never retrieves; it only reads the hits it is given, so every claim it makes can be
cited to one of them. It reads the question as the pipeline built it once (bot/question/
understand.py): its parts analysed, the standalone form, the conversation. Two steps have
defaults a backend may replace: `standalone` (turn a follow-up into a question that stands
alone; by rule here, a chat model may rewrite it) and `stream` (the answer's text as it is
written, then the `Answer`; here only the `Answer`).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator

from bot.question.followup import Standalone, resolve
from bot.question.understand import Question
from bot.records import Answer, Hit, Turn


class Answerer(ABC):
    name: str

    @abstractmethod
    def answer(self, question: Question, hits: list[Hit]) -> Answer: ...

    def standalone(self, question: str, turns: list[Turn]) -> tuple[Standalone, list[str]]:
        """(the question to retrieve and answer with, warnings)."""
        return resolve(question, turns), []

    def stream(self, question: Question, hits: list[Hit]) -> Iterator[str | Answer]:
        yield self.answer(question, hits)
