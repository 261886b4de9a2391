"""Prompts are data files in `bot/data/prompts/`, rendered strictly.

A placeholder without a value, or a value without a placeholder, raises at once: a prompt that
silently lost the passages or the question would still produce fluent, wrong answers.
"""

from __future__ import annotations

import string
from functools import cache
from importlib import resources


@cache
def template(name: str) -> str:
    return resources.files("bot.data").joinpath(f"prompts/{name}.txt").read_text("utf-8").strip()


def render(name: str, **values: str) -> str:
    """Example: render('answer_user', passages='<doan so="1">…</doan>', question='…') -> the text."""
    text = template(name)
    fields = {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
    if fields != set(values):
        raise ValueError(f"prompt {name}: needs {sorted(fields)}, got {sorted(values)}")
    return text.format(**values)
