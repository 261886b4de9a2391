"""HTML for the web page: the corpus header, chat messages and the evidence panel.

Pure functions from records to strings, so they are tested without a browser. Every piece of
text that comes from an article, a question or an answer is HTML-escaped first; the only tags
in the output are the ones written here (<mark>, <a>, <div>...). Deliberately not here: any
Gradio import or streaming (the page cuts `answer_message` into steps itself).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime

from bot.messages import message
from bot.records import Answer, Citation, Hit
from index.chunker import article_texts
from index.records import Chunk

CONTEXT_CHARS = 300  # how much of a long paragraph is shown on each side of the quote
# HTML's special characters and those Markdown reads as syntax: as entities they show literally.
SPECIAL_CHARS = re.compile(r"[&<>\"'\\`*_{}\[\]()#+\-.!|~$]")


@dataclass(frozen=True)
class Corpus:
    """What the page shows about the indexed articles: their texts and metadata."""

    texts: dict[str, str]  # article id -> cleaned text rebuilt from its chunks
    chunks: dict[str, Chunk]  # chunk id -> chunk
    dates: dict[str, str | None]  # article id -> ISO date when known

    @classmethod
    def from_chunks(cls, chunks: list[Chunk]) -> Corpus:
        return cls(
            article_texts(chunks),
            {c.id: c for c in chunks},
            {c.article_id: c.date for c in sorted(chunks, key=lambda c: c.date is None)},
        )


def corpus_header(corpus: Corpus, indexed_at: float | None = None) -> str:
    """Example: 5 articles dated 2020-01-02..2022-03-04 -> '5 bài báo, đăng từ 2020-01-02 đến
    2022-03-04.', then when the index last changed if known."""
    line = _articles_line(corpus)
    if indexed_at is not None:
        when = datetime.fromtimestamp(indexed_at).strftime("%Y-%m-%d %H:%M")
        line = f"{line[:-1]}; chỉ mục cập nhật lúc {when}."
    return line


def _articles_line(corpus: Corpus) -> str:
    n = len(corpus.texts)
    if not n:
        return "Chưa có bài báo nào trong chỉ mục (chạy `hoidap ingest`)."
    dates = sorted(d for d in corpus.dates.values() if d)
    if not dates:
        return f"{n} bài báo (chưa rõ ngày đăng)."
    span = dates[0] if dates[0] == dates[-1] else f"từ {dates[0]} đến {dates[-1]}"
    unknown = n - len(dates)
    extra = f"; {unknown} bài chưa rõ ngày" if unknown else ""
    return f"{n} bài báo, đăng {span}{extra}."


def escape_text(text: str) -> str:
    """HTML-escape, then neutralize Markdown so the chat shows the text literally.

    Example: "<b>*x*" -> "&#60;b&#62;&#42;x&#42;".
    """
    return SPECIAL_CHARS.sub(lambda m: f"&#{ord(m.group())};", text)


def link_markers(escaped: str) -> str:
    """Turn the escaped markers &#91;n&#93; into links to the evidence panel's entry n."""
    return re.sub(
        r"&#91;(\d{1,3})&#93;",
        lambda m: f'<a href="#src-{m.group(1)}" class="cite">&#91;{m.group(1)}&#93;</a>',
        escaped,
    )


def user_message(question: str) -> str:
    return escape_text(question)


def answer_message(result: Answer) -> str:
    """The chat bubble: the answer with linked markers, or a refusal that looks like one."""
    if result.refused:
        body = (
            f'<div class="refusal">⚠️ {escape_text(result.answer)}<br>'
            f"<em>{escape_text(message('refusal_hint'))}</em></div>"
        )
    else:
        body = link_markers(escape_text(result.answer))
    return body + warnings_block(result.warnings)


def warnings_block(warnings: list[str]) -> str:
    """What the reader should double-check (an LLM's unsupported number, a fallback), escaped."""
    if not warnings:
        return ""
    items = "".join(f"<li>{escape_text(w)}</li>" for w in warnings)
    return f'<ul class="warnings">{items}</ul>'


def error_message(text: str) -> str:
    return f'<div class="refusal">⚠️ {escape_text(text)}</div>'


def highlighted_paragraph(text: str, start: int, end: int) -> str:
    """The paragraph around text[start:end], escaped, with the quote in <mark>.

    Example: ("A.\\nB c. D.\\nE.", 3, 7) -> "B c. D." shown with "B c." marked.
    """
    begin = text.rfind("\n", 0, start) + 1
    stop = text.find("\n", end)
    stop = len(text) if stop < 0 else stop
    lead, tail = "", ""
    if start - begin > CONTEXT_CHARS:
        begin, lead = start - CONTEXT_CHARS, "…"
    if stop - end > CONTEXT_CHARS:
        stop, tail = end + CONTEXT_CHARS, "…"
    return (
        lead
        + html.escape(text[begin:start])
        + f"<mark>{html.escape(text[start:end])}</mark>"
        + html.escape(text[end:stop])
        + tail
    )


def citation_hit(c: Citation, hits: list[Hit]) -> Hit | None:
    """The retrieved chunk that holds this quote, if it was among the hits shown."""
    for h in hits:
        ch = h.chunk
        if ch.article_id == c.source and ch.start <= c.start and c.end <= ch.end:
            return h
    return None


def score_line(h: Hit | None) -> str:
    if h is None:
        return '<div class="scores">Điểm: câu này nằm ngoài các đoạn xếp đầu.</div>'
    parts = [f"hạng {h.rank + 1}", f"RRF {h.score:.4f}"]
    parts += [f"dense {h.dense:.3f}"] if h.dense is not None else []
    parts += [f"BM25 {h.lexical:.2f}"] if h.lexical is not None else []
    return f'<div class="scores">Điểm: {" · ".join(parts)}</div>'


def citation_entry(c: Citation, corpus: Corpus, hits: list[Hit], show_scores: bool) -> str:
    meta = " · ".join(html.escape(x) for x in (c.outlet or "", c.date or "", c.source) if x)
    text = corpus.texts.get(c.source, "")
    if text[c.start : c.end] == c.quote:
        body = highlighted_paragraph(text, c.start, c.end)
    else:  # an index rebuilt since the answer: show the quote on its own
        body = f"<mark>{html.escape(c.quote)}</mark>"
    scores = score_line(citation_hit(c, hits)) if show_scores else ""
    return (
        f'<div class="source" id="src-{c.n}"><div class="source-title">[{c.n}] '
        f"{html.escape(c.title or c.source)}</div>"
        f'<div class="source-meta">{meta}</div><p class="para">{body}</p>{scores}'
        f"{article_view(c, text)}</div>"
    )


def article_view(c: Citation, text: str) -> str:
    """ "Xem bài": the whole cleaned article, escaped, with the cited sentence marked.

    A <details> closed by default; the page scrolls `#view-n` into view when it opens.
    Example: ("Ab. Cd.", quote "Cd.") -> '<details ...>...Ab. <mark id="view-1" ...>Cd.</mark>...'.
    """
    if text[c.start : c.end] != c.quote:
        return ""  # the article is no longer indexed as it was when answered
    body = (
        html.escape(text[: c.start])
        + f'<mark id="view-{c.n}" class="cited">{html.escape(c.quote)}</mark>'
        + html.escape(text[c.end :])
    ).replace("\n", "<br>")
    return (
        f'<details class="article-view" data-n="{c.n}"><summary>Xem bài</summary>'
        f'<div class="article-text">{body}</div></details>'
    )


def retrieved_table(hits: list[Hit]) -> str:
    rows = "".join(
        f"<tr><td>{h.rank + 1}</td><td>{html.escape(h.chunk.article_id)}</td>"
        f"<td>{h.score:.4f}</td><td>{'' if h.dense is None else f'{h.dense:.3f}'}</td>"
        f"<td>{'' if h.lexical is None else f'{h.lexical:.2f}'}</td></tr>"
        for h in hits
    )
    head = "<tr><th>#</th><th>bài</th><th>RRF</th><th>dense</th><th>BM25</th></tr>"
    return f'<details class="retrieved"><summary>Các đoạn đã truy xuất</summary><table>{head}{rows}</table></details>'


def evidence_panel(result: Answer | None, corpus: Corpus, show_scores: bool = False) -> str:
    """The side panel for the latest answer: one entry per citation, anchored as #src-n."""
    if result is None:
        return '<div class="evidence empty">Nguồn trích dẫn của câu trả lời sẽ hiện ở đây.</div>'
    if not result.citations:
        note = "Không có trích dẫn: " + ("câu hỏi bị từ chối." if result.refused else "—")
        body = f"<p>{html.escape(note)}</p>"
    else:
        body = "".join(
            citation_entry(c, corpus, result.hits, show_scores) for c in result.citations
        )
    if show_scores and result.hits:
        body += retrieved_table(result.hits)
    return f'<div class="evidence">{body}</div>'
