"""The web page: a basic Gradio chat over `bot.answer` (the full evidence UI is a later issue).

Thin by design: it formats `Answer`s and shows domain errors as messages. Article text and
answers are rendered as escaped Markdown-free text in the sources list.
"""

from __future__ import annotations

import html

import bot
from index.errors import HoidapError

EXAMPLES = [
    "Năm 2022 Hà Nội đặt mục tiêu bao nhiêu doanh nghiệp công nghiệp hỗ trợ?",
    "Kế hoạch 267/KH-UBND đặt chỉ tiêu bao nhiêu sản phẩm công nghiệp chủ lực?",
    "Thành phố hỗ trợ bao nhiêu tiền cho mỗi đơn vị tham gia hội chợ quốc tế?",
    "How many enterprises did Hanoi target for 2020?",
]


def render(result) -> str:
    parts = [html.escape(result.answer)]
    if result.citations:
        parts.append("\n\n**Nguồn**")
        for c in result.citations:
            meta = " · ".join(html.escape(x) for x in (c.title, c.outlet or "", c.date or "") if x)
            parts.append(
                f"\n\n[{c.n}] `{html.escape(c.source)}` — {meta}\n> {html.escape(c.quote)}"
            )
    elif result.refused:
        parts.append("\n\n_Gợi ý: hỏi cụ thể hơn (năm, kế hoạch, con số cần tìm)._")
    return "".join(parts)


def respond(message: str, history: list[dict]) -> str:
    try:
        return render(bot.answer(message, history))
    except HoidapError as err:
        return f"⚠️ {html.escape(str(err))}"


def build():
    import gradio as gr

    return gr.ChatInterface(
        respond,
        title="Hỏi đáp — công nghiệp hỗ trợ Hà Nội",
        description="Hỏi bằng tiếng Việt (có hoặc không dấu) hoặc tiếng Anh. Mỗi câu trả lời trích dẫn câu gốc trong bài báo.",
        examples=EXAMPLES,
        api_name="ask",
        concurrency_limit=4,
    )


def serve(host: str = "127.0.0.1", port: int = 7860) -> None:
    bot.get_bot()  # load the index before the first visitor, and fail early if it is missing
    build().queue(default_concurrency_limit=4).launch(
        server_name=host, server_port=port, show_error=False
    )
