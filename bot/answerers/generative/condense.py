"""Condense: a chat model rewrites a follow-up into a question that stands alone.

The reply is accepted only if it looks like one question (a single line, not much longer than
the conversation warrants, with words in it); otherwise the caller uses the rule-based
resolver (followup.py). Assistant turns are sent without their [n] markers: those numbered
passages of an earlier answer, not anything the model can see now.

Deliberately not here: retrieval with the result (pipeline.py).
"""

from __future__ import annotations

import re

from bot.answerers.generative.chat_models import ChatBackend, LLMFailure
from bot.answerers.generative.prompts import chat_prompt, values
from bot.messages import message
from bot.question.followup import without_markers
from bot.records import Turn

HISTORY_TURNS = 6
TURN_CHARS = 600
MAX_CHARS = 400
_PREFIX = re.compile(r"^\s*(?:câu hỏi độc lập|câu hỏi|standalone question|question)\s*:\s*", re.I)


def condense(backend: ChatBackend, question: str, turns: list[Turn]) -> str:
    """Raises LLMFailure when the model fails or its reply is not a usable question."""
    prompt = chat_prompt("condense", history=False)
    reply = backend.invoke(prompt, values(prompt, history=history_text(turns), question=question))
    standalone = clean(reply)
    too_long = len(standalone) > max(MAX_CHARS, 3 * len(question))
    if not standalone or too_long or re.search(r"\[\d{1,3}\]", standalone):  # an answer
        raise LLMFailure(message("llm_garbled"))
    return standalone


def history_text(turns: list[Turn]) -> str:
    lines = []
    for t in turns[-HISTORY_TURNS:]:
        who = "Người dùng" if t.role == "user" else "Trợ lý"
        lines.append(f"{who}: {without_markers(t.content)[:TURN_CHARS]}")
    return "\n".join(lines)


def clean(reply: str) -> str:
    """The first non-empty line without a 'Câu hỏi độc lập:' prefix or wrapping quotes."""
    reply = re.sub(r"<think>.*?(?:</think>|$)", "", reply, flags=re.S | re.I)
    line = next((ln for ln in reply.splitlines() if ln.strip()), "")
    line = _PREFIX.sub("", line).strip().strip("\"'“”«»`*").strip()
    return line if sum(ch.isalpha() for ch in line) >= 2 else ""
