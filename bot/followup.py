"""Turn a follow-up into a standalone question by rules, using the conversation so far.

"Năm 2022 Hà Nội đặt mục tiêu bao nhiêu DN?" then "Còn năm 2020 thì sao?" ->
"Năm 2020 Hà Nội đặt mục tiêu bao nhiêu DN?": the previous question with the changed year
swapped in. Other short or anaphoric follow-ups are prefixed with the previous question so
retrieval keeps the thread. A question that stands on its own is returned unchanged.

Deliberately simple: a chat model can do the rewrite when one is configured (a later backend).
"""

from __future__ import annotations

import re

from bot.records import Turn
from index.vntext import fold, syllables

YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_ELLIPTICAL_START = re.compile(
    r"^(?:còn|vậy|thế|thế còn|vậy còn|và|nó|kế hoạch đó|con số|what about|and|how about|what of)\b",
    re.I,
)
_ANAPHORA = {"do", "nay", "ay", "kia", "it", "that", "this", "they", "them"}
SHORT = 6  # syllables; shorter questions almost never stand alone


def previous_question(history: list[Turn]) -> str | None:
    for turn in reversed(history):
        if turn.role == "user" and turn.content.strip():
            return turn.content.strip()
    return None


def is_follow_up(question: str) -> bool:
    sylls = [fold(s) for s in syllables(question)]
    return (
        len(sylls) <= SHORT
        or bool(_ELLIPTICAL_START.match(question.strip()))
        or bool(_ANAPHORA.intersection(sylls[:4]))
    )


def resolve(question: str, history: list[Turn]) -> str:
    """Example: ('Còn năm 2020 thì sao?', [user: 'Năm 2022 có bao nhiêu DN?']) -> 'Năm 2020 có bao nhiêu DN?'."""
    prev = previous_question(history)
    if not prev or not is_follow_up(question):
        return question
    new_years = YEAR.findall(question)
    old_years = YEAR.findall(prev)
    if new_years and old_years:
        swapped = YEAR.sub(new_years[0], prev, count=1)
        rest = YEAR.sub("", _ELLIPTICAL_START.sub("", question.strip())).strip(" ?,.")
        rest = re.sub(r"\b(?:năm|thì sao|thế nào|sao|year)\b", "", rest, flags=re.I).strip(" ?,.")
        return f"{swapped} {rest}".strip() if rest else swapped
    return f"{prev} {question}"
