"""The web page: a Gradio Blocks chat over `bot.answer`, with an evidence panel, the documents
tab, Markdown export and feedback.

Thin by design: it calls the core (`bot.answer`, `bot.app.documents`, `bot.app.web.export`), formats with
`bot.app.web.render` (which escapes every text from articles, questions and answers) and shows domain
errors as messages. The chat keeps two histories: the plain-text turns the bot reads, and the
rendered messages the page shows. Gradio is imported only in `build()`.
"""

from __future__ import annotations

import datetime
import math
import os
import tempfile
import threading
import time
from pathlib import Path

import bot
from bot.app import documents
from bot.app.web import render
from bot.app.web.export import conversation_markdown
from bot.app.web.feedback import record_feedback
from bot.records import Answer
from index.errors import HoidapError

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
STREAM_STEPS = 8  # an answer appears in at most this many word groups...
STREAM_PAUSE = 0.03  # ...this many seconds apart (under 0.25 s in all)
MAX_K = 10
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

_corpus: tuple[object, render.Corpus] | None = None
_corpus_lock = threading.Lock()


def corpus() -> render.Corpus:
    """The article texts the bot answers from, rebuilt when its BM25 index is (refresh)."""
    global _corpus
    lexical = bot.get_bot().searcher.lexical
    with _corpus_lock:
        if _corpus is None or _corpus[0] is not lexical:
            _corpus = (lexical, render.Corpus.from_chunks(lexical.chunks))
        return _corpus[1]


def header() -> str:
    return (
        render.corpus_header(corpus(), bot.get_bot().store.updated_at())
        + " Hỏi bằng tiếng Việt (có hoặc không dấu) hoặc tiếng Anh; mỗi câu trả lời"
        " trích dẫn câu gốc."
    )


# -- the chat ----------------------------------------------------------------------------------


def respond(
    question: str,
    history: list[dict],
    shown: list[dict],
    show_scores: bool,
    k: int | None = None,
    answers: list[Answer] | None = None,
    llm: str | None = None,
):
    """One turn, streamed. Yields (textbox, shown messages, plain history, latest Answer,
    all answers, panel, feedback note): a chat model's text as it arrives (the extractive
    answer in word groups), then the checked answer with its panel."""
    question = question or ""
    answers = list(answers or [])
    shown = [*shown, {"role": "user", "content": render.user_message(question)}]
    empty = render.evidence_panel(None, corpus())
    result = None
    try:
        streamed = ""
        for item in bot.get_bot().stream(question, history, k=int(k) if k else None, llm=llm):
            if isinstance(item, Answer):
                result = item
                break
            streamed += item
            step = {"role": "assistant", "content": render.escape_text(streamed) + " …"}
            yield "", [*shown, step], history, None, answers, empty, ""
    except HoidapError as err:
        shown.append({"role": "assistant", "content": render.error_message(str(err))})
        yield "", shown, history, None, answers, empty, ""
        return
    if not streamed and not result.refused:
        for part in partial_answers(result.answer):
            step = {"role": "assistant", "content": render.escape_text(part) + " …"}
            yield "", [*shown, step], history, None, answers, empty, ""
            time.sleep(STREAM_PAUSE)
    shown.append({"role": "assistant", "content": render.answer_message(result)})
    history = [
        *history,
        {"role": "user", "content": result.question},
        {"role": "assistant", "content": result.answer},
    ]
    panel = render.evidence_panel(result, corpus(), show_scores)
    yield "", shown, history, result, [*answers, result], panel, ""


def partial_answers(text: str, steps: int = STREAM_STEPS) -> list[str]:
    """Growing prefixes of the answer, whole words, the last one excluded (the final render
    shows it). Example: 'a b c d' with steps=2 -> ['a b']."""
    words = text.split(" ")
    size = max(1, math.ceil(len(words) / steps))
    return [" ".join(words[:i]) for i in range(size, len(words), size)]


def new_conversation():
    return "", [], [], None, [], render.evidence_panel(None, corpus()), "", "", None


def redraw_panel(result: Answer | None, show_scores: bool) -> str:
    return render.evidence_panel(result, corpus(), show_scores)


def give_feedback(result: Answer | None, rating: str, comment: str):
    """(note, comment box) after a 👍/👎; nothing is written without an answer to rate."""
    if result is None:
        return "Chưa có câu trả lời nào để đánh giá.", comment
    record_feedback(bot.get_bot().config.data_dir, result, rating, comment)
    return "Đã ghi nhận đánh giá. Cảm ơn bạn!", ""


def export_conversation(answers: list[Answer]) -> str:
    """Write the conversation as Markdown to a fresh temporary file and return its path."""
    now = datetime.datetime.now()
    folder = Path(tempfile.mkdtemp(prefix="hoidap-export-"))
    path = folder / f"hoidap-{now:%Y%m%d-%H%M%S}.md"
    path.write_text(conversation_markdown(answers or [], now), encoding="utf-8")
    return str(path)


def ask(question: str, history: list[dict] | None = None, llm: str | None = None) -> dict:
    """API /ask: the `ask --json` contract for (question, history[, llm]), or {"error": ...}."""
    try:
        return bot.answer(question, history or [], llm=llm or None).to_json()
    except HoidapError as err:
        return {"error": str(err)}


# -- the documents tab -------------------------------------------------------------------------


def document_rows() -> list[list]:
    return [
        [r.title, r.date or "", r.outlet or "", r.id, r.chunks]
        for r in documents.list_articles(bot.get_bot())
    ]


def upload(paths: list[str] | None, progress=None) -> str:
    """Add uploaded files; the message says what was added, or why nothing was."""
    try:
        report = documents.add_files(bot.get_bot(), paths or [], progress)
    except HoidapError as err:
        return f"⚠️ {err}"
    names = ", ".join(Path(p).name for p in paths or [])
    return (
        f"✅ Đã thêm {report.articles} bài ({names}): {report.chunks_added} đoạn mới, "
        f"{report.chunks_kept} đoạn giữ nguyên, {report.chunks_removed} đoạn cũ đã xoá."
    )


def upload_api(file: dict | None) -> str:
    """API /upload: one article file sent with `gradio_client.handle_file(path)`; returns the
    message `upload()` shows on the page. Gradio has already checked that the path is in its
    own upload folder (a client cannot name a file elsewhere on the server)."""
    path = file.get("path") if isinstance(file, dict) else None
    return upload([path] if path else [])


def delete(article_id: str | None) -> str:
    try:
        removed = documents.delete_article(bot.get_bot(), article_id or "")
    except HoidapError as err:
        return f"⚠️ {err}"
    return f"✅ Đã xoá bài “{article_id}” ({removed} đoạn) khỏi chỉ mục."


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


def answerer_choices(configured: str) -> list[str]:
    """Example: 'ollama:qwen2.5' -> ['extractive', 'ollama:qwen2.5']."""
    return list(dict.fromkeys(["extractive", configured]))


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
