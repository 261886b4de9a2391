"""Typed records of the answering side. Every front end reads these, never LangChain or Chroma objects."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from index.records import Chunk


@dataclass(frozen=True)
class Turn:
    role: str  # "user" | "assistant"
    content: str


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its fused score and the scores behind it (None: not in that list)."""

    chunk: Chunk
    score: float
    rank: int
    dense: float | None = None
    lexical: float | None = None
    # cosine similarity to the question of the sentences of this hit's article that were read
    # for it (by start offset: the chunk's own and those of the other hits of its article);
    # empty when the index has no sentence vectors or the hit was found by words alone
    sentences: dict[int, float] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Citation:
    """One quoted sentence. `article_text[start:end] == quote` for the cleaned article."""

    n: int
    source: str
    title: str
    date: str | None
    quote: str
    start: int
    end: int
    outlet: str | None = None


@dataclass(frozen=True)
class ModelReply:
    """What a chat model wrote, before the checker: kept so the eval can judge the model and
    the checker apart (was a wrong reply flagged? was a right one?)."""

    text: str
    accepted: bool  # False: the checker turned it down and the extractive answer stood in
    flags: tuple[str, ...] = ()  # the checker's warnings about it (unsupported figures, ...)


@dataclass
class Answer:
    question: str
    answer: str
    refused: bool
    citations: list[Citation] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)
    standalone_question: str = ""
    timings_ms: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # what the reader should double-check
    answerer: str = "extractive"  # who wrote it: 'extractive' or the chat model's spec
    reason: str | None = None  # why it was refused, in the reader's terms (for eval reports)
    model_reply: ModelReply | None = None  # a chat model's raw reply, accepted or not

    def to_json(self) -> dict:
        """The `ask --json` contract every later tool reads."""
        return {
            "question": self.question,
            "standalone_question": self.standalone_question or self.question,
            "answer": self.answer,
            "refused": self.refused,
            "reason": self.reason,
            "answerer": self.answerer,
            "warnings": list(self.warnings),
            "citations": [
                {k: v for k, v in asdict(c).items() if k != "outlet"} | {"outlet": c.outlet}
                for c in self.citations
            ],
            "retrieved": [
                {
                    "source": h.chunk.article_id,
                    "chunk_id": h.chunk.id,
                    "score": round(h.score, 6),
                    "dense": None if h.dense is None else round(h.dense, 6),
                    "lexical": None if h.lexical is None else round(h.lexical, 6),
                }
                for h in self.hits
            ],
            "timings_ms": {k: round(v, 2) for k, v in self.timings_ms.items()},
        } | ({"model_reply": asdict(self.model_reply)} if self.model_reply else {})
