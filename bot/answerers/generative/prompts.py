"""Prompts are data files in `bot/data/prompts/`, made into LangChain chat prompt templates.

`chat_prompt('answer')` is system (`answer_system.txt`) + the conversation so far + human
(`answer_user.txt`). `values(prompt, ...)` is strict: a placeholder without a value, or a value
without a placeholder, raises at once, because a prompt that silently lost the passages or the
question would still produce fluent, wrong answers.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def template(name: str) -> str:
    return resources.files("bot.data").joinpath(f"prompts/{name}.txt").read_text("utf-8").strip()


@cache
def chat_prompt(name: str, history: bool = True):
    """Example: chat_prompt('condense', history=False).input_variables -> ['history', 'question']
    (there `history` is the conversation as text inside the human message)."""
    from langchain_core.prompts import ChatPromptTemplate, MessagesPlaceholder

    parts: list = [("system", template(f"{name}_system"))]
    if history:
        parts.append(MessagesPlaceholder("history"))
    parts.append(("human", template(f"{name}_user")))
    return ChatPromptTemplate.from_messages(parts)


def values(prompt, **given: object) -> dict:
    """The prompt's inputs, checked both ways. Example: values(p, question='…') when p needs
    'passages' too -> ValueError naming both lists."""
    needed = set(prompt.input_variables)
    if needed != set(given):
        raise ValueError(f"prompt needs {sorted(needed)}, got {sorted(given)}")
    return given
