"""What each event of the web page does, without Gradio: answer (streamed in word groups),
redraw the evidence panel, export, feedback, the documents tab's list, upload and delete, and
the `/ask` and `/upload` API.

Thin by design: it calls the core (`bot.answer`, `bot.app.documents`, `bot.app.web.export`),
formats with `bot.app.web.render` (which escapes every text from articles, questions and
answers) and shows domain errors as messages. The chat keeps two histories: the plain-text
turns the bot reads, and the rendered messages the page shows.

Deliberately not here: the layout (ui.py).
"""

from __future__ import annotations

import datetime
import math
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

STREAM_STEPS = 8  # an answer appears in at most this many word groups...


STREAM_PAUSE = 0.03  # ...this many seconds apart (under 0.25 s in all)


MAX_K = 10


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


def answerer_choices(configured: str) -> list[str]:
    """Example: 'ollama:qwen2.5' -> ['extractive', 'ollama:qwen2.5']."""
    return list(dict.fromkeys(["extractive", configured]))
