"""A conversation as Markdown: each question, its answer and the quoted sentences it cites.

Pure text from `Answer`s, so the page's "Xuất Markdown" button and any other front end share it.
Deliberately plain: no HTML, no scores; quotes are Markdown block quotes.
"""

from __future__ import annotations

import datetime

from bot.records import Answer, Citation


def conversation_markdown(answers: list[Answer], when: datetime.datetime | None = None) -> str:
    """Example: [Answer('Hỏi?', '920 [1].', ...)] -> '# Hỏi đáp ...\\n\\n## 1. Hỏi?\\n\\n920 [1].\\n...'."""
    when = when or datetime.datetime.now()
    parts = [f"# Hỏi đáp trên các bài báo — {when:%Y-%m-%d %H:%M}", ""]
    if not answers:
        parts += ["(Chưa có câu hỏi nào.)", ""]
    for i, a in enumerate(answers, 1):
        parts += [f"## {i}. {a.question}", ""]
        if a.standalone_question and a.standalone_question != a.question:
            parts += [f"*Hiểu là:* {a.standalone_question}", ""]
        parts += [a.answer, ""]
        parts += [f"> ⚠️ {w}\n" for w in a.warnings]
        if a.citations:
            parts += ["**Nguồn:**", ""]
            for c in a.citations:
                parts += [citation_markdown(c), ""]
    return "\n".join(parts)


def citation_markdown(c: Citation) -> str:
    """Example: [1] *Tiêu đề* — Báo X, 2021-12-29 (000_a.txt) then the quote as '> ...'."""
    meta = ", ".join(x for x in (c.outlet, c.date) if x)
    head = f"[{c.n}] *{c.title or c.source}*" + (f" — {meta}" if meta else "")
    quote = "\n".join(f"> {line}" for line in c.quote.splitlines() or [""])
    return f"{head} ({c.source})\n\n{quote}"
