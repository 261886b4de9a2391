"""The question as the whole answer path reads it, built once: `understand(...) -> Question`.

The follow-up resolved from the conversation (followup.py, or a chat model's rewrite), cut
into parts when two questions were asked as one (multipart.py), each part analysed
(analysis.py), and the two strings retrieval searches with: chat shorthand spelled out, typos
repaired, abbreviations expanded, English key terms translated, the articles' wording added.
Retrieval reads `Question.dense` and `.lexical`; answerers read `.parts`, `.standalone` and
`.turns`. Nobody repairs or analyses the question again.

Deliberately not here: any evidence (the vocabulary only says which words the articles use).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from bot.lang.english import is_english, translate_terms
from bot.lang.glossary import add_synonyms, expand_abbreviations
from bot.lang.spelling import repair
from bot.question.analysis import Query, analyze
from bot.question.followup import Standalone, resolve, said_figures
from bot.question.multipart import split_question
from bot.records import Turn


@dataclass(frozen=True)
class Question:
    text: str  # as typed (NFC, stripped)
    standalone: Standalone  # the same question standing alone (a follow-up resolved)
    parts: tuple[Query, ...]  # one per question asked ("bao nhiêu DN và bao nhiêu sản phẩm")
    dense: str  # what the embedder reads
    lexical: str  # what BM25 reads
    turns: tuple[Turn, ...] = ()  # the conversation before it

    @property
    def resolved(self) -> bool:
        """Was it read as a follow-up of the conversation?"""
        return str(self.standalone) != self.text


def understand(
    text: str,
    turns: Sequence[Turn] = (),
    vocabulary: Mapping[str, int] | None = None,
    standalone: Standalone | None = None,
) -> Question:
    """`standalone`: the answerer's own rewrite of a follow-up (a chat model's); by default the
    rules resolve it. Example: understand('Còn năm 2020 thì sao?', [user: 'Năm 2022 có bao
    nhiêu DN?']).standalone.asked == 'Năm 2020 có bao nhiêu DN?'."""
    standalone = standalone or resolve(text, list(turns))
    # a resolved follow-up asks for another figure than the one the last answer gave; one
    # offering a figure of its own ("chỗ khác lại thấy ghi 10%?") sets it against that one
    said = said_figures(list(turns)) if turns and str(standalone) != text else ()
    parts = tuple(
        replace(q, said=() if q.figures else said)
        for q in (analyze(part, vocabulary) for part in split_question(standalone))
    )
    dense, lexical = queries_for(str(standalone), vocabulary)
    return Question(text, standalone, parts, dense, lexical, tuple(turns))


def queries_for(question: str, vocabulary: Mapping[str, int] | None = None) -> tuple[str, str]:
    """The dense and the lexical query: chat shorthand spelled out, typos repaired,
    abbreviations expanded, English key terms translated, the articles' wording added.
    Example: 'bn DN CNHT?' -> 'bao nhiêu DN CNHT? (doanh nghiệp; công nghiệp hỗ trợ)' for both."""
    text = repair(question, vocabulary)
    if is_english(text):
        expanded = expand_abbreviations(text)
        return expanded, f"{expanded} {' '.join(translate_terms(text))}"
    expanded = expand_abbreviations(add_synonyms(text, vocabulary))
    return expanded, expanded


__all__ = ["Query", "Question", "Standalone", "understand", "queries_for"]
