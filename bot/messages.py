"""User-facing texts, kept as data in `bot/data/messages.json`; a missing key fails loudly."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources


@cache
def _messages() -> dict[str, str]:
    return json.loads(resources.files("bot.data").joinpath("messages.json").read_text("utf-8"))


def message(key: str, **values: object) -> str:
    """Example: message('question_too_long', n=3000, max=2000) -> 'Câu hỏi dài 3000 ký tự; ...'."""
    return _messages()[key].format(**values)
