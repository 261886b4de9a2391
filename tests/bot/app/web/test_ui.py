"""The web page's rendering and feedback, without a browser: real answers from the seeds' index."""

import html
import json

import pytest

import bot
from bot.app.web import export, handlers, render
from bot.app.web.feedback import record_feedback
from bot.records import Answer, Citation
from index.records import Chunk

Q920 = "Năm 2022 Hà Nội đặt mục tiêu bao nhiêu doanh nghiệp công nghiệp hỗ trợ?"
REFUSED = "TP.HCM có bao nhiêu doanh nghiệp công nghiệp hỗ trợ?"


@pytest.fixture(scope="module")
def corpus(the_bot):
    return render.Corpus.from_chunks(the_bot.searcher.lexical.chunks)


@pytest.fixture
def page_bot(the_bot):
    """The UI functions read the process-wide bot; point it at the seeds' index."""
    bot.set_bot(the_bot)
    yield the_bot
    bot.set_bot(None)


def chunk(aid, text, start, date=None, n=0):
    return Chunk(f"{aid}-{n}", aid, text, start, start + len(text), n, f"T {aid}", date, "Báo X")


@pytest.mark.parametrize(
    "text",
    ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\"a\" & 'b' *c* _d_ [1](x)"],
)
def test_escape_leaves_no_tag_and_no_markdown(text):
    out = render.user_message(text)
    assert "<" not in out and ">" not in out and "*" not in out and "[" not in out
    assert html.unescape(out) == text


def test_markers_link_to_panel_and_the_rest_is_escaped():
    result = Answer("q", "Khoảng <b>920</b> doanh nghiệp [1][2].", False)
    out = render.answer_message(result)
    assert '<a href="#src-1" class="cite">&#91;1&#93;</a>' in out
    assert '<a href="#src-2" class="cite">' in out
    assert "<b>" not in out and "&#60;b&#62;920&#60;/b&#62;" in out


def test_refusal_has_its_own_style_and_hint(the_bot):
    result = the_bot.answer(REFUSED)
    assert result.refused
    out = render.answer_message(result)
    assert out.startswith('<div class="refusal">⚠️') and "Hãy thử hỏi lại" in out
    assert 'href="#src-' not in out


def test_highlight_is_inside_its_paragraph():
    text = "Tiêu đề.\nCâu một. Câu <hai> 920. Câu ba.\nĐoạn sau."
    start = text.index("Câu <hai>")
    end = text.index(" Câu ba")
    out = render.highlighted_paragraph(text, start, end)
    assert out == "Câu một. <mark>Câu &lt;hai&gt; 920.</mark> Câu ba."


def test_long_paragraph_is_cut_around_the_quote():
    text = "x" * 1000 + "QUOTE" + "y" * 1000
    out = render.highlighted_paragraph(text, 1000, 1005)
    assert out.startswith("…") and out.endswith("…") and "<mark>QUOTE</mark>" in out
    assert len(out) < 2 * render.CONTEXT_CHARS + 40


def test_article_text_rebuilt_from_chunks_matches_citation_offsets(the_bot, corpus):
    result = the_bot.answer(Q920)
    assert not result.refused and result.citations
    for c in result.citations:
        assert corpus.texts[c.source][c.start : c.end] == c.quote


def test_evidence_panel_entries_anchors_marks_and_scores(the_bot, corpus):
    result = the_bot.answer(Q920)
    panel = render.evidence_panel(result, corpus, show_scores=False)
    for c in result.citations:
        assert f'id="src-{c.n}"' in panel
    assert panel.count("<mark>") == len(result.citations) and "920" in panel
    assert "Điểm:" not in panel
    with_scores = render.evidence_panel(result, corpus, show_scores=True)
    assert "Điểm:" in with_scores and "RRF" in with_scores and "<table>" in with_scores


def test_evidence_panel_escapes_article_text():
    chunks = [chunk("a.txt", "Mở đầu.\nCó <script>x()</script> 5 cụm.\nHết.", 0, "2021-01-02")]
    corpus = render.Corpus.from_chunks(chunks)
    quote = "Có <script>x()</script> 5 cụm."
    start = chunks[0].text.index(quote)
    cite = Citation(1, "a.txt", "<i>T</i>", "2021-01-02", quote, start, start + len(quote), "B")
    panel = render.evidence_panel(Answer("q", "5 cụm [1].", False, [cite]), corpus)
    assert "<script>" not in panel and "<i>" not in panel
    assert "<mark>Có &lt;script&gt;x()&lt;/script&gt; 5 cụm.</mark>" in panel


def test_header_counts_articles_and_date_range():
    chunks = [
        chunk("a", "Một.", 0, "2021-12-29"),
        chunk("a", "Hai.", 5, "2021-12-29", 1),
        chunk("b", "Ba.", 0, "2024-04-26"),
        chunk("c", "Bốn.", 0, None),
    ]
    header = render.corpus_header(render.Corpus.from_chunks(chunks))
    assert header == "3 bài báo, đăng từ 2021-12-29 đến 2024-04-26; 1 bài chưa rõ ngày."
    assert "chưa rõ ngày đăng" in render.corpus_header(render.Corpus.from_chunks(chunks[3:]))
    assert "hoidap ingest" in render.corpus_header(render.Corpus.from_chunks([]))
    stamped = render.corpus_header(render.Corpus.from_chunks(chunks), 1_700_000_000.0)
    assert "chỉ mục cập nhật lúc 2023-11-1" in stamped and stamped.endswith(".")


def test_header_of_the_seeds(corpus):
    assert render.corpus_header(corpus).startswith("5 bài báo, đăng từ ")


def test_feedback_line_has_every_field(tmp_path, the_bot):
    result = the_bot.answer(Q920)
    record_feedback(tmp_path, result, "down", "  sai năm  ")
    record_feedback(tmp_path, result, "up")
    lines = (tmp_path / "feedback.jsonl").read_text("utf-8").splitlines()
    first = json.loads(lines[0])
    assert first["question"] == Q920 and "920" in first["answer"]
    assert first["rating"] == "down" and first["comment"] == "sai năm"
    assert first["citations"] and {"source", "quote"} == set(first["citations"][0])
    assert first["time"].startswith("20") and "T" in first["time"]
    assert json.loads(lines[1])["rating"] == "up"
    with pytest.raises(ValueError):
        record_feedback(tmp_path, result, "meh")


def test_respond_streams_then_keeps_plain_history_and_renders_escaped(page_bot):
    steps = list(handlers.respond(Q920, [], [], False))
    assert len(steps) > 1 and all(s[3] is None for s in steps[:-1])  # word groups first
    assert steps[0][1][-1]["content"].endswith(" …") and "<a" not in steps[0][1][-1]["content"]
    box, shown, history, latest, answers, panel, note = steps[-1]
    assert box == "" and "920" in shown[-1]["content"] and "#src-1" in shown[-1]["content"]
    assert history[-1]["content"] == latest.answer and "<a" not in history[-1]["content"]
    assert "<mark>" in panel and "Xem bài" in panel and answers == [latest]
    *_, out = handlers.respond("Còn năm 2020 thì sao?", history, shown, False, 3, answers)
    assert "900" in out[1][-1]["content"] and len(out[2]) == 4 and len(out[4]) == 2
    assert len(out[3].hits) == 3  # k from the settings slider


def test_partial_answers_grow_by_whole_words():
    assert handlers.partial_answers("a b c d", steps=2) == ["a b"]
    parts = handlers.partial_answers(" ".join(str(i) for i in range(40)))
    assert len(parts) < handlers.STREAM_STEPS and all(
        q.startswith(p) for p, q in zip(parts, parts[1:])
    )
    assert handlers.partial_answers("một") == []


def test_respond_turns_errors_into_messages(page_bot):
    [(_, shown, history, latest, answers, _, _)] = handlers.respond("   ", [], [], False)
    assert shown[-1]["content"].startswith('<div class="refusal">⚠️') and latest is None
    assert history == [] and answers == []


def test_article_view_is_whole_escaped_with_the_quote_marked():
    text = "Tiêu đề <b>.\nCâu một. Câu <hai> 920.\nĐoạn & hết."
    quote = "Câu <hai> 920."
    start = text.index(quote)
    cite = Citation(2, "a.txt", "T", None, quote, start, start + len(quote), None)
    view = render.article_view(cite, text)
    assert view.startswith('<details class="article-view"') and "<summary>Xem bài</summary>" in view
    assert '<mark id="view-2" class="cited">Câu &lt;hai&gt; 920.</mark>' in view
    assert "Tiêu đề &lt;b&gt;.<br>" in view and "Đoạn &amp; hết." in view and "<b>" not in view
    assert render.article_view(cite, "khác hẳn") == ""


def test_export_markdown_has_questions_answers_and_quotes(the_bot, tmp_path):
    first = the_bot.answer(Q920)
    history = [{"role": "user", "content": Q920}, {"role": "assistant", "content": first.answer}]
    second = the_bot.answer("Còn năm 2020 thì sao?", history)
    md = export.conversation_markdown([first, the_bot.answer(REFUSED)])
    assert md.startswith("# Hỏi đáp") and f"## 1. {Q920}" in md and "## 2. " in md
    assert first.answer in md and f"> {first.citations[0].quote}" in md
    assert first.citations[0].source in md and "Không tìm thấy" in md
    assert second.standalone_question != second.question
    assert f"*Hiểu là:* {second.standalone_question}" in export.conversation_markdown([second])
    assert "Chưa có câu hỏi" in export.conversation_markdown([])


def test_api_ask_returns_the_json_contract_or_an_error(page_bot):
    data = handlers.ask(Q920, [])
    assert "920" in data["answer"] and data["citations"] and "retrieved" in data
    assert set(handlers.ask("")) == {"error"}


def test_feedback_without_answer_writes_nothing(page_bot, tmp_path):
    note, comment = handlers.give_feedback(None, "up", "x")
    assert "Chưa có" in note and comment == "x"
