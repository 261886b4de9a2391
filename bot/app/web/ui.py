"""The web page: a Gradio Blocks chat over `bot.answer`, with an evidence panel, the documents
tab, Markdown export and feedback. This module is the layout and the wiring; what each event
does is in handlers.py, testable without a browser. Gradio is imported only in `build()`.
"""

from __future__ import annotations

import os

import bot
from bot.app.web import render
from bot.app.web.handlers import (
    MAX_K,
    answerer_choices,
    ask,
    corpus,
    delete,
    document_rows,
    export_conversation,
    give_feedback,
    header,
    new_conversation,
    redraw_panel,
    respond,
    upload,
    upload_api,
)

EXAMPLES = [
    "Năm 2022 Hà Nội đặt mục tiêu bao nhiêu doanh nghiệp công nghiệp hỗ trợ?",
    "Kế hoạch 267/KH-UBND đặt chỉ tiêu bao nhiêu sản phẩm công nghiệp chủ lực?",
    "Thành phố hỗ trợ bao nhiêu tiền cho mỗi đơn vị tham gia hội chợ quốc tế?",
    "How many enterprises did Hanoi target for 2020?",
]
# Questions answered at once (answering takes no lock). Twice the cores: a slot also waits on a
# chat model's stream, which computes elsewhere. `make load` on 2 cores, 16 clients: 2, 4 and 8
# slots gave 10.7, 11.2 and 10.3 questions/s; past the cores it is CPU, not the queue, that waits.
CONCURRENCY = 2 * (os.cpu_count() or 1)
TABLE_HEADERS = ["Tiêu đề", "Ngày", "Nguồn", "Mã bài", "Số đoạn"]

CSS = """
#main-row { flex-wrap: wrap; }
#evidence-col { min-width: 300px; }
.evidence .source { border-left: 3px solid #2b6cb0; padding: 4px 10px; margin: 0 0 14px; }
.evidence .source:target { background: #fffbe6; }
.evidence .source-title { font-weight: 600; }
.evidence .source-meta, .evidence .scores { font-size: 0.85em; opacity: 0.75; }
.evidence mark { background: #ffe58a; color: inherit; padding: 0 2px; }
.evidence table { font-size: 0.85em; }
.evidence .article-view summary { cursor: pointer; color: #2b6cb0; font-size: 0.9em; }
.evidence .article-text { max-height: 320px; overflow-y: auto; padding: 6px 8px;
  border: 1px solid #e2e8f0; border-radius: 4px; font-size: 0.92em; line-height: 1.5; }
.refusal { border-left: 3px solid #d97706; padding-left: 8px; color: #92400e; }
.warnings { margin: 6px 0 0; padding-left: 18px; font-size: 0.88em; color: #92400e; }
.gradio-container, .evidence, .message { overflow-wrap: anywhere; }
@media (max-width: 640px) {
  #main-row { flex-direction: column; }
  #main-row > div { min-width: 0 !important; width: 100%; }
  .gradio-container { padding: 0 6px !important; }
}
"""
# Opening "Xem bài" scrolls the cited sentence into view (toggle does not bubble: capture it).
PANEL_JS = """
element.addEventListener('toggle', (event) => {
  const view = event.target;
  if (!view.classList || !view.classList.contains('article-view') || !view.open) return;
  const mark = view.querySelector('mark.cited');
  if (mark) mark.scrollIntoView({block: 'center'});
}, true);
"""


def build():
    import gradio as gr

    def documents_view(message: str = ""):
        """(message, table, delete choices, header) after any change to the articles."""
        rows = document_rows()
        ids = [r[3] for r in rows]
        return message, rows, gr.update(choices=ids, value=None), header()

    tracker = gr.Progress()

    def on_upload(paths, progress=tracker):
        def step(done: int, total: int) -> None:
            progress((done, total), desc="Đang nhúng các đoạn", unit="đoạn")

        return documents_view(upload(paths, step)) + (None,)

    with gr.Blocks(title="Hỏi đáp — bài báo tiếng Việt") as demo:
        gr.Markdown("## Hỏi đáp trên các bài báo")
        head = gr.Markdown(header(), elem_id="corpus-header")
        history = gr.State([])
        latest = gr.State(None)
        answers = gr.State([])
        with gr.Tabs():
            with gr.Tab("Hỏi đáp", id="chat-tab", elem_id="chat-tab"):
                chat_parts = _chat_tab(gr)
            with gr.Tab("Tài liệu", id="docs-tab", elem_id="docs-tab"):
                docs = _documents_tab(gr)
        box, send, chat, new, examples, comment, up, down, note = chat_parts[:9]
        panel, scores, k, export, export_file, llm = chat_parts[9:]

        turn = dict(
            fn=respond,
            inputs=[box, history, chat, scores, k, answers, llm],
            outputs=[box, chat, history, latest, answers, panel, note],
            api_visibility="private",
        )
        box.submit(**turn)
        send.click(**turn)
        examples.load_input_event.then(**turn)  # clicking an example sends it
        reset = [box, chat, history, latest, answers, panel, note, comment, export_file]
        new.click(new_conversation, outputs=reset, api_visibility="private")
        chat.clear(new_conversation, outputs=reset, api_visibility="private")  # its 🗑 icon
        scores.change(redraw_panel, [latest, scores], panel, api_visibility="private")
        export.click(
            lambda answers: gr.File(value=export_conversation(answers), visible=True),
            answers,
            export_file,
            api_visibility="private",
        )
        for button, rating in ((up, "up"), (down, "down")):
            button.click(
                lambda result, text, rating=rating: give_feedback(result, rating, text),
                [latest, comment],
                [note, comment],
                api_visibility="private",
            )

        files, table, choice, remove, doc_note = docs
        view = [doc_note, table, choice, head]
        files.upload(
            on_upload, files, [*view, files], show_progress_on=files, api_visibility="private"
        )
        remove.click(
            lambda aid: documents_view(delete(aid)),
            choice,
            view,
            show_progress_on=doc_note,
            api_visibility="private",
        )
        demo.load(documents_view, outputs=view, show_progress="hidden", api_visibility="private")
        gr.api(ask, api_name="ask")
        # Public on purpose: the page's "Tài liệu" tab already lets anyone who reaches it upload,
        # so this adds no power, and a script (bot/devtools/loadtest.py) can upload the way a user does.
        # Typed as gradio's FileData so the API docs and clients see a file ("filepath").
        upload_api.__annotations__["file"] = gr.FileData | None
        gr.api(upload_api, api_name="upload")
    return demo


def _chat_tab(gr):
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
                send = gr.Button("Gửi", variant="primary", scale=1, min_width=70, elem_id="send")
            with gr.Row():
                new = gr.Button("Cuộc trò chuyện mới", size="sm", elem_id="new-chat")
                export = gr.Button("Xuất Markdown", size="sm", elem_id="export")
            export_file = gr.File(  # shown once there is something to download
                label="Tệp Markdown", interactive=False, elem_id="export-file", visible=False
            )
            examples = gr.Examples(
                EXAMPLES, inputs=box, label="Câu hỏi mẫu (nhấn để hỏi)", elem_id="examples"
            )
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
            with gr.Accordion("Cài đặt", open=False, elem_id="settings"):
                k = gr.Slider(
                    1,
                    MAX_K,
                    value=min(bot.get_bot().config.k, MAX_K),
                    step=1,
                    label="Số đoạn văn lấy về (k)",
                    elem_id="k",
                )
                scores = gr.Checkbox(label="Hiện điểm", value=False, elem_id="show-scores")
                configured = bot.get_bot().config.llm
                llm = gr.Dropdown(
                    answerer_choices(configured),
                    value=configured,
                    label="Bộ trả lời",
                    info="extractive: trích nguyên câu từ bài báo. openai:<mô hình> hoặc "
                    "ollama:<mô hình>: mô hình ngôn ngữ viết câu trả lời, được kiểm tra trích "
                    "dẫn và con số; lỗi thì dùng extractive.",
                    allow_custom_value=True,
                    elem_id="answerer",
                )
            gr.Markdown("### Nguồn trích dẫn")
            panel = gr.HTML(
                render.evidence_panel(None, corpus()), elem_id="evidence", js_on_load=PANEL_JS
            )
    return (
        box,
        send,
        chat,
        new,
        examples,
        comment,
        up,
        down,
        note,
        panel,
        scores,
        k,
        export,
        export_file,
        llm,
    )


def _documents_tab(gr):
    gr.Markdown(
        "Các bài báo trong chỉ mục. Tải lên tệp .txt hoặc .md (UTF-8, tối đa 5 MB mỗi tệp): "
        "bài mới trả lời được ngay; tệp trùng tên thay bài cũ."
    )
    table = gr.Dataframe(
        headers=TABLE_HEADERS,
        value=document_rows(),
        interactive=False,
        wrap=True,
        elem_id="doc-table",
    )
    files = gr.File(
        label="Tải lên bài báo (.txt, .md)", file_count="multiple", elem_id="upload", height=110
    )
    with gr.Row():
        choice = gr.Dropdown(
            [r[3] for r in document_rows()],
            value=None,
            label="Bài cần xoá (mã bài)",
            elem_id="delete-id",
            scale=4,
        )
        remove = gr.Button("Xoá", variant="stop", elem_id="delete", scale=1, min_width=70)
    doc_note = gr.Markdown("", elem_id="doc-message")
    return files, table, choice, remove, doc_note


def serve(host: str = "127.0.0.1", port: int = 7860) -> None:
    bot.get_bot()  # load the index before the first visitor, and fail early if it is missing
    build().queue(default_concurrency_limit=CONCURRENCY).launch(
        server_name=host, server_port=port, show_error=False, css=CSS
    )
