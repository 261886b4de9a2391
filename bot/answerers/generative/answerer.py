"""The LLM answerer: a chat model writes the answer from numbered passages; verify.py checks it.

Chain: condense the follow-up (condense.py; the rule-based resolver if the model fails) ->
[retrieval happens in the pipeline] -> the hits in the order the extractive reader ranks their
best sentences (the pipeline's `rank`) -> fit the passages to the context window (passages.py;
a whole article left unread is reported) -> the runnable `chat_prompt('answer') | chat model |
StrOutputParser()` over system prompt + history + passages + question, streamed -> check
markers, numbers and refusal (verify.py).

A failure is not an outage: an unreachable server, a timeout, an HTTP error, or a reply that is
empty, unreadable or cites nothing gives the extractive answer, with a warning saying what
failed. Tokens already streamed are superseded by that answer.

Deliberately not here: the HTTP details of each server (chat_models/).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from bot.answerers.base import Answerer
from bot.answerers.generative.chat_models import ChatBackend, LLMFailure
from bot.answerers.generative.condense import HISTORY_TURNS, TURN_CHARS, condense
from bot.answerers.generative.passages import CHARS_PER_TOKEN, estimate_tokens, fit, render
from bot.answerers.generative.prompts import chat_prompt, values
from bot.answerers.generative.verify import check_reply, says_refusal
from bot.messages import message
from bot.question.followup import Standalone, resolve, without_markers
from bot.question.understand import Question
from bot.records import Answer, Hit, ModelReply, Turn
from bot.retrieval.hybrid import answer_pool

REPLY_TOKENS = 768  # kept free in the context window for the answer itself
# Passages the model reads: the best six plus each other article's best, so a disagreeing
# article is in front of the model too. More passages mostly add noise for small models.
PASSAGES = 6
SAMPLE_TOKENS = 1500  # estimated: the leading passages the server's tokenizer is measured on


class GenerativeAnswerer(Answerer):
    def __init__(
        self,
        backend: ChatBackend,
        fallback: Callable[[Question, list[Hit]], Answer],
        rank: Callable[[Question, list[Hit]], list[Hit]] | None = None,
    ):
        self.backend = backend
        self.fallback = fallback
        self.rank = rank or (lambda _question, hits: list(hits))  # default: retrieval order
        self.name = backend.spec

    def standalone(self, question: str, turns: list[Turn]) -> tuple[Standalone, list[str]]:
        if not turns:
            return Standalone(question), []
        try:
            return Standalone(condense(self.backend, question, turns)), []
        except LLMFailure as failure:
            rules = resolve(question, turns)
            note = message("llm_condense_failed", reason=failure.reason, question=str(rules))
            return rules, [note]

    def answer(self, asked: Question, hits: list[Hit]) -> Answer:
        *_, result = self.stream(asked, hits)
        return result

    def stream(self, asked: Question, hits: list[Hit]) -> Iterator[str | Answer]:
        from langchain_core.messages import AIMessage, HumanMessage

        question = str(asked.standalone)  # a follow-up's context written out for the model
        refusal = message("refusal")
        history = []
        for t in asked.turns[-HISTORY_TURNS:]:
            content = without_markers(t.content)[:TURN_CHARS]
            history.append(HumanMessage(content) if t.role == "user" else AIMessage(content))
        prompt = chat_prompt("answer")
        empty = values(prompt, refusal=refusal, history=history, passages="", question=question)
        pool = answer_pool(self.rank(asked, hits), PASSAGES)

        def sample() -> str:  # made only until the server's tokenizer is measured
            return render(fit(pool, SAMPLE_TOKENS).passages)

        ratio = self.backend.chars_per_token(sample) or CHARS_PER_TOKEN
        overhead = sum(estimate_tokens(m.text, ratio) for m in prompt.format_messages(**empty))
        budget = self.backend.context_tokens - REPLY_TOKENS - overhead
        notes: list[str] = []
        pieces: list[str] = []
        while True:
            fitted = fit(pool, budget, ratio)
            warnings = _trim_note(fitted, self.backend.context_tokens)
            inputs = empty | {"passages": render(fitted.passages)}
            try:
                for piece in self.backend.stream(prompt, inputs):
                    pieces.append(piece)
                    yield piece
                break
            except LLMFailure as failure:
                # the server counts tokens its own way (a small English-first vocabulary
                # spends more on Vietnamese than estimated): once, fewer passages
                if failure.fits and not pieces and not notes:
                    notes.append(message("llm_refitted", reason=failure.reason))
                    room = int(self.backend.context_tokens * failure.fits * 0.9)
                    budget = room - REPLY_TOKENS - overhead
                    if budget > 0:
                        continue
                yield self._fall_back(asked, hits, failure.reason, notes)
                return
        warnings = notes + warnings
        reply = "".join(pieces)
        checked = check_reply(reply, fitted.passages, refusal, asked)
        flags = tuple(checked.warnings) + ((checked.problem,) if checked.problem else ())
        # the eval judges the model: was its reply what the reader got (a refusal put in its
        # place by a constraint check is not)
        kept = not checked.problem and not (checked.refused and not says_refusal(reply))
        written = ModelReply(reply, kept, flags)
        if checked.problem:
            result = self._fall_back(asked, hits, checked.problem, checked.warnings)
            result.model_reply = written
            yield result
            return
        yield Answer(
            question,
            checked.text,
            checked.refused,
            checked.citations,
            hits,
            warnings=warnings + checked.warnings,
            answerer=self.name,
            model_reply=written,
        )

    def _fall_back(
        self, asked: Question, hits: list[Hit], reason: str, earlier: list[str] | None = None
    ) -> Answer:
        result = self.fallback(asked, hits)
        note = message("llm_failed", model=self.name, reason=reason)
        result.warnings = [note, *(earlier or []), *result.warnings]
        return result


def _trim_note(fitted, tokens: int) -> list[str]:
    """A warning when the budget left a whole article unread: the one that disagrees may be
    among them. Leaving out lower-ranked passages of articles the model did read is how the
    budget works, not something the reader must double-check."""
    read = {p.hit.chunk.article_id for p in fitted.passages}
    unread = list(dict.fromkeys(h.chunk.article_id for h in fitted.unsent))  # in rank order
    unread = [source for source in unread if source not in read]
    if not unread:
        return []
    cut = next((p.n for p in fitted.passages if p.cut), None)
    return [
        message(
            "llm_trimmed",
            tokens=tokens,
            sent=len(fitted.passages),
            total=fitted.total,
            cut=message("llm_trimmed_cut", n=cut) if cut else "",
            unread=", ".join(unread),
        )
    ]
