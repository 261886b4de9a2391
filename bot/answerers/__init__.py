"""Answerer registry: a name -> an `Answerer`. A new backend is one module and one line here."""

from __future__ import annotations

from bot.answerers.base import Answerer
from index.errors import BadInput


def get_answerer(name: str = "extractive") -> Answerer:
    if name == "extractive":
        from bot.answerers.extractive import ExtractiveAnswerer

        return ExtractiveAnswerer()
    raise BadInput(f"Không biết bộ trả lời '{name}'.", "Dùng 'extractive'.")


__all__ = ["Answerer", "get_answerer"]
