"""The answerer interface: a question and its retrieved hits -> an `Answer`.

An answerer never retrieves; it only reads the hits it is given, so every claim it makes can be
cited to one of them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from bot.records import Answer, Hit


class Answerer(ABC):
    name: str

    @abstractmethod
    def answer(self, question: str, hits: list[Hit]) -> Answer: ...
