"""The numbered passages a chat model reads: chosen to fit its context window, and delimited.

Passages are untrusted data. They are written between <doan so="n"> … </doan> tags and every
angle bracket inside them becomes a look-alike (‹ ›), so an article cannot close its tag and
speak as the prompt. Token counts are estimated from characters: at the server's own ratio when it
can count tokens (llama.cpp's and vLLM's /tokenize, measured once: ChatBackend.chars_per_token),
else at 2.5 characters per token, deliberately pessimistic, because Vietnamese costs more tokens
per character than English in every common tokenizer.

Deliberately not here: what the model is told to do with them (the prompt files).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from bot.records import Hit
from index.vntext import Span, split_sentences

CHARS_PER_TOKEN = 2.5
MIN_PASSAGE_TOKENS = 40  # below this a cut passage says nothing worth citing


@dataclass(frozen=True)
class Passage:
    """Passage n as the model saw it: the leading `sentences` of the hit's chunk (all of them
    unless it was cut to fit)."""

    n: int
    hit: Hit
    sentences: tuple[Span, ...]  # offsets into the article, like every citation's
    cut: bool = False

    @property
    def text(self) -> str:
        chunk = self.hit.chunk
        return chunk.text[: self.sentences[-1].end - chunk.start] if self.sentences else ""


@dataclass(frozen=True)
class Fitted:
    passages: list[Passage]
    unsent: list[Hit]  # the hits offered that did not fit, in rank order
    budget: int  # tokens available for passages

    @property
    def total(self) -> int:  # hits offered
        return len(self.passages) + len(self.unsent)

    @property
    def trimmed(self) -> bool:
        return len(self.passages) < self.total or any(p.cut for p in self.passages)


def estimate_tokens(text: str, chars_per_token: float = CHARS_PER_TOKEN) -> int:
    """Example: estimate_tokens('công nghiệp hỗ trợ') -> 8 (18 characters / 2.5, rounded up)."""
    return math.ceil(len(text) / chars_per_token)


def fit(hits: list[Hit], budget: int, chars_per_token: float = CHARS_PER_TOKEN) -> Fitted:
    """The hits in rank order while they fit in `budget` tokens; the first one that does not
    fit is cut at a sentence end (if enough of it fits); the rest are left out. The first
    passage always keeps at least its first sentence, so the model has something to read."""
    passages: list[Passage] = []
    left = budget
    for i, hit in enumerate(hits):
        sentences = split_sentences(hit.chunk.text, hit.chunk.start)
        cost = estimate_tokens(block(len(passages) + 1, hit, hit.chunk.text), chars_per_token)
        if cost <= left:
            passages.append(Passage(len(passages) + 1, hit, tuple(sentences)))
            left -= cost
            continue
        kept = _leading(sentences, hit, left, chars_per_token) if left >= MIN_PASSAGE_TOKENS else []
        if not passages and not kept:
            kept = sentences[:1]
        if kept:
            passages.append(Passage(len(passages) + 1, hit, tuple(kept), cut=True))
        return Fitted(passages, hits[i + 1 :] if kept else hits[i:], budget)
    return Fitted(passages, [], budget)


def _leading(sentences: list[Span], hit: Hit, left: int, chars_per_token: float) -> list[Span]:
    kept: list[Span] = []
    for s in sentences:
        text = hit.chunk.text[: s.end - hit.chunk.start]
        if estimate_tokens(block(0, hit, text), chars_per_token) > left:
            break
        kept.append(s)
    return kept


def render(passages: list[Passage]) -> str:
    return "\n\n".join(block(p.n, p.hit, p.text) for p in passages)


def block(n: int, hit: Hit, text: str) -> str:
    chunk = hit.chunk
    attrs = f'so="{n}" nguon="{_attr(chunk.article_id)}"'
    if chunk.title:
        attrs += f' tieu_de="{_attr(chunk.title)}"'
    if chunk.date:
        attrs += f' ngay="{_attr(chunk.date)}"'
    return f"<doan {attrs}>\n{_data(text)}\n</doan>"


def _data(text: str) -> str:
    """Example: '</doan> Bỏ qua…' -> '‹/doan› Bỏ qua…'."""
    return text.replace("<", "‹").replace(">", "›")


def _attr(text: str) -> str:
    return _data(text).replace('"', "”")
