"""The web page: a Gradio Blocks chat over `bot.answer`, with an evidence panel and feedback.

Thin by design: it calls the core, formats `Answer`s with `bot.render` (which escapes every text
from articles, questions and answers) and shows domain errors as messages. The chat keeps two
histories: the plain-text turns the bot reads, and the rendered messages the page shows.
Not here yet: streaming, export, the documents tab, a full-article viewer.
"""

from __future__ import annotations

import threading

import bot
from bot import render
from bot.feedback import record_feedback
from bot.records import Answer
from index.errors import HoidapError

EXAMPLES = [
    "Năm 2022 Hà Nội đặt mục tiêu bao nhiêu doanh nghiệp công nghiệp hỗ trợ?",
    "Kế hoạch 267/KH-UBND đặt chỉ tiêu bao nhiêu sản phẩm công nghiệp chủ lực?",
    "Thành phố hỗ trợ bao nhiêu tiền cho mỗi đơn vị tham gia hội chợ quốc tế?",
    "How many enterprises did Hanoi target for 2020?",
]
CONCURRENCY = 4

CSS = """
#main-row { flex-wrap: wrap; }
#evidence-col { min-width: 300px; }
.evidence .source { border-left: 3px solid #2b6cb0; padding: 4px 10px; margin: 0 0 14px; }
.evidence .source:target { background: #fffbe6; }
.evidence .source-title { font-weight: 600; }
.evidence .source-meta, .evidence .scores { font-size: 0.85em; opacity: 0.75; }
.evidence mark { background: #ffe58a; color: inherit; padding: 0 2px; }
.evidence table { font-size: 0.85em; }
.refusal { border-left: 3px solid #d97706; padding-left: 8px; color: #92400e; }
.gradio-container, .evidence, .message { overflow-wrap: anywhere; }
@media (max-width: 640px) {
  #main-row { flex-direction: column; }
  #main-row > div { min-width: 0 !important; width: 100%; }
  .gradio-container { padding: 0 6px !important; }
}
"""

_corpus: tuple[object, render.Corpus] | None = None
_corpus_lock = threading.Lock()


def corpus() -> render.Corpus:
    """The article texts of the process-wide bot, rebuilt once per bot instance."""
    global _corpus
    instance = bot.get_bot()
    with _corpus_lock:
        if _corpus is None or _corpus[0] is not instance:
            _corpus = (instance, render.Corpus.from_chunks(instance.searcher.lexical.chunks))
        return _corpus[1]


def respond(question: str, history: list[dict], shown: list[dict], show_scores: bool):
    """One turn: (textbox, shown messages, plain history, latest Answer, panel, feedback note)."""
    question = question or ""
    shown = [*shown, {"role": "user", "content": render.user_message(question)}]
    try:
        result = bot.answer(question, history)
    except HoidapError as err:
        shown.append({"role": "assistant", "content": render.error_message(str(err))})
        return "", shown, history, None, render.evidence_panel(None, corpus()), ""
    shown.append({"role": "assistant", "content": render.answer_message(result)})
    history = [
        *history,
        {"role": "user", "content": result.question},
        {"role": "assistant", "content": result.answer},
    ]
    return "", shown, history, result, render.evidence_panel(result, corpus(), show_scores), ""


def new_conversation():
    return "", [], [], None, render.evidence_panel(None, corpus()), "", ""


def redraw_panel(result: Answer | None, show_scores: bool) -> str:
    return render.evidence_panel(result, corpus(), show_scores)


def give_feedback(result: Answer | None, rating: str, comment: str):
    """(note, comment box) after a 👍/👎; nothing is written without an answer to rate."""
    if result is None:
        return "Chưa có câu trả lời nào để đánh giá.", comment
    record_feedback(bot.get_bot().config.data_dir, result, rating, comment)
    return "Đã ghi nhận đánh giá. Cảm ơn bạn!", ""


def ask(question: str, history: list[dict] | None = None) -> dict:
    """API /ask: the `ask --json` contract for (question, history), or {"error": message}."""
    try:
        return bot.answer(question, history or []).to_json()
    except HoidapError as err:
        return {"error": str(err)}


def build():
    import gradio as gr

    with gr.Blocks(title="Hỏi đáp — bài báo tiếng Việt") as demo:
        gr.Markdown("## Hỏi đáp trên các bài báo")
        gr.Markdown(
            render.corpus_header(corpus())
            + " Hỏi bằng tiếng Việt (có hoặc không dấu) hoặc tiếng Anh; mỗi câu trả lời"
            " trích dẫn câu gốc.",
            elem_id="corpus-header",
        )
        history = gr.State([])
        latest = gr.State(None)
        with gr.Row(equal_height=False, elem_id="main-row"):
            with gr.Column(scale=3, min_width=300):
                chat = gr.Chatbot(
                    label="Cuộc trò chuyện",
                    elem_id="chat",
                    height=460,
                    latex_delimiters=[],
                    feedback_options=None,
                    buttons=["copy"],
                )
                with gr.Row():
                    box = gr.Textbox(
                        placeholder="Nhập câu hỏi rồi nhấn Enter…",
                        show_label=False,
                        scale=5,
                        min_width=160,
                        elem_id="question",
                    )
                    send = gr.Button(
                        "Gửi", variant="primary", scale=1, min_width=70, elem_id="send"
                    )
                new = gr.Button("Cuộc trò chuyện mới", size="sm", elem_id="new-chat")
                gr.Examples(EXAMPLES, inputs=box, label="Câu hỏi mẫu")
                with gr.Group():
                    comment = gr.Textbox(
                        label="Góp ý cho câu trả lời gần nhất (không bắt buộc)",
                        lines=1,
                        elem_id="comment",
                    )
                    with gr.Row():
                        up = gr.Button("👍 Đúng", size="sm", elem_id="thumbs-up")
                        down = gr.Button("👎 Sai", size="sm", elem_id="thumbs-down")
                note = gr.Markdown("", elem_id="feedback-note")
            with gr.Column(scale=2, min_width=300, elem_id="evidence-col"):
                gr.Markdown("### Nguồn trích dẫn")
                scores = gr.Checkbox(label="Hiện điểm", value=False, elem_id="show-scores")
                panel = gr.HTML(render.evidence_panel(None, corpus()), elem_id="evidence")

        turn = dict(
            fn=respond,
            inputs=[box, history, chat, scores],
            outputs=[box, chat, history, latest, panel, note],
            api_visibility="private",
        )
        box.submit(**turn)
        send.click(**turn)
        reset = [box, chat, history, latest, panel, note, comment]
        new.click(new_conversation, outputs=reset, api_visibility="private")
        chat.clear(new_conversation, outputs=reset, api_visibility="private")  # its 🗑 icon
        scores.change(redraw_panel, [latest, scores], panel, api_visibility="private")
        for button, rating in ((up, "up"), (down, "down")):
            button.click(
                lambda result, text, rating=rating: give_feedback(result, rating, text),
                [latest, comment],
                [note, comment],
                api_visibility="private",
            )
        gr.api(ask, api_name="ask")
    return demo


def serve(host: str = "127.0.0.1", port: int = 7860) -> None:
    bot.get_bot()  # load the index before the first visitor, and fail early if it is missing
    build().queue(default_concurrency_limit=CONCURRENCY).launch(
        server_name=host, server_port=port, show_error=False, css=CSS
    )
