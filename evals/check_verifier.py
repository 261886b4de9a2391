"""Measures the LLM answer checker (bot/answerers/generative/verify.py) without an LLM.

Answers known to be right (the extractive answers the eval judges correct) are checked as if a
model had written them, citing the chunks their quotes come from: every warning is a false
alarm. Then the first number of each is changed (+7): a missed warning is a wrong figure let
through. Usage: python evals/check_verifier.py evals/cnht_vi.jsonl [more.jsonl ...]
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from bot.answerers.generative.passages import Passage
from bot.answerers.generative.verify import check_reply
from bot.evaluation.runner import judge, load_items
from bot.messages import message
from bot.pipeline import Bot
from bot.question.understand import understand
from bot.records import Hit
from index.vntext import split_sentences

FIRST_NUMBER = re.compile(r"(?<![\w\[])\d+(?![\d\]])")


def passages_of(answer, chunks) -> list[Passage]:
    out = []
    for c in answer.citations:
        chunk = next(x for x in chunks if x.article_id == c.source and x.start <= c.start < x.end)
        sentences = tuple(split_sentences(chunk.text, chunk.start))
        out.append(Passage(c.n, Hit(chunk, 1.0, c.n), sentences))
    return out


def main(files: list[str]) -> None:
    bot = Bot()
    chunks = bot.searcher.lexical.chunks
    refusal = message("refusal")
    right = alarms = altered = caught = 0
    for f in files:
        for item in load_items(Path(f)):
            answer = bot.answer(item["question"], item.get("history", []))
            if answer.refused or not judge(item, answer.to_json())["correct"]:
                continue
            given = passages_of(answer, chunks)
            right += 1
            asked = understand(answer.standalone_question or item["question"])
            checked = check_reply(answer.answer, given, refusal, asked)
            alarms += bool(checked.problem or checked.warnings)
            m = FIRST_NUMBER.search(answer.answer)
            if m:
                wrong = (
                    answer.answer[: m.start()] + str(int(m.group()) + 7) + answer.answer[m.end() :]
                )
                altered += 1
                caught += any("“" in w for w in check_reply(wrong, given, refusal, asked).warnings)
    print(f"right answers: {right}, false alarms: {alarms} ({alarms / max(right, 1):.1%})")
    print(
        f"answers with a number changed: {altered}, flagged: {caught} ({caught / max(altered, 1):.1%})"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
