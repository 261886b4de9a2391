"""Two questions asked as one: cut them apart, answer each, join the answers.

"Kế hoạch 267 thu hút bao nhiêu doanh nghiệp và bao nhiêu sản phẩm?" is cut where both sides
ask something ("bao nhiêu ... và bao nhiêu ..."), never inside "Hà Nội và TP.HCM". Later parts
carry the first part's topic as context, so they are read as follow-ups. Answers are joined in
order; citations are renumbered and shared.

Deliberately not here: answering (the answerer calls back for each part).
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.question.followup import Standalone, with_context
from bot.records import Answer, Citation, Hit
from index.vntext import fold

_SEPARATOR = re.compile(r"\s*[,;?]\s*(?:và\s+|and\s+)?|\s+(?:và|and)\s+", re.I)
_ASKING = re.compile(
    r"\b(?:bao nhiêu|bao nhieu|bn|mấy|gì|nào|ai|khi nào|kể|liệt kê|cho biết|đâu|how many|how much"
    r"|what|which|who|when|where|list|name)\b",
    re.I,
)
# typed without any diacritics ("bao nhieu diem, hoc truong nao"); only then, since folded
# "may" is also "máy" and "nao" "não"
_ASKING_FOLDED = re.compile(
    r"\b(?:bao nhieu|bn|may|gi|nao|ai|khi nao|o dau|how many|how much|what|which|who|when"
    r"|where|list|name)\b",
    re.I,
)


def split_question(question: Standalone) -> list[Standalone]:
    """Two questions asked as one, cut where both sides ask something; later parts keep the
    first part's topic as context.

    Example: 'Kế hoạch thu hút bao nhiêu DN và bao nhiêu sản phẩm?' -> ['Kế hoạch thu hút
    bao nhiêu DN?', 'bao nhiêu sản phẩm?' with context 'Kế hoạch thu hút DN'];
    'Hà Nội và TP.HCM có bao nhiêu DN?' stays whole.
    """
    asked, context = question.asked, question.context
    asking = _ASKING_FOLDED if fold(asked) == asked else _ASKING
    pieces, start = [], 0
    cuts = list(_SEPARATOR.finditer(asked))
    for i, m in enumerate(cuts):
        # the words up to the next separator must ask something themselves
        stop = cuts[i + 1].start() if i + 1 < len(cuts) else len(asked)
        left, right = asked[start : m.start()], asked[m.end() : stop]
        if asking.search(left) and asking.search(right) and len(right.split()) >= 2:
            pieces.append(left)
            start = m.end()
    pieces.append(asked[start:])
    pieces = [p.strip(" ,;?") for p in pieces if p.strip(" ,;?")]
    if len(pieces) < 2:
        return [question]
    # later parts carry the first part's topic, and a resolved follow-up's context goes to all
    first = Standalone(pieces[0] + "?", context)
    rest = [with_context(p + "?", f"{pieces[0]} {context}".strip()) for p in pieces[1:]]
    return [first, *rest]


def join_answers(question: str, answers: list[Answer], hits: list[Hit]) -> Answer:
    """One answer from several: texts in order, citations renumbered and shared."""
    citations: list[Citation] = []
    texts = []
    for a in answers:
        renumber = {}
        for c in a.citations:
            same = next((k for k in citations if (k.source, k.start) == (c.source, c.start)), None)
            if same is None:
                same = replace(c, n=len(citations) + 1)
                citations.append(same)
            renumber[c.n] = same.n
        text = _renumbered(a.answer, renumber).rstrip(".")
        if texts and re.match(r"(?:Khoảng|Trên|Dưới|Gần|Hơn|Tối đa|Từ|Đạt)\b", text):
            text = text[0].lower() + text[1:]
        texts.append(text)
    return Answer(question, "; ".join(texts) + ".", refused=False, citations=citations, hits=hits)


def _renumbered(text: str, renumber: dict[int, int]) -> str:
    """Example: ('A [1][2]', {1: 3, 2: 1}) -> 'A [3][1]'."""
    return re.sub(r"\[(\d+)\]", lambda m: f"[{renumber.get(int(m.group(1)), m.group(1))}]", text)
