"""Generative answering through the real LangChain clients against a scripted LLM server on
loopback (tests/llm_server.py): the request, the checks on the reply, the fallbacks, streaming
to the CLI and the page. The retrieval under it is the real one over the seeds' index."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))  # tests/: llm_server
from llm_server import LLMServer, Reply  # noqa: E402

from bot.app.web import handlers, render  # noqa: E402
from bot.config import Config  # noqa: E402
from bot.devtools.serving import free_port  # noqa: E402
from bot.messages import message  # noqa: E402
from bot.pipeline import Bot  # noqa: E402

Q920 = "Năm 2022 Hà Nội đặt mục tiêu bao nhiêu doanh nghiệp công nghiệp hỗ trợ?"
REFUSAL = message("refusal")
HISTORY = [
    {"role": "user", "content": Q920},
    {"role": "assistant", "content": "Khoảng 920 doanh nghiệp [1][2]."},
]


@pytest.fixture(scope="module")
def server():
    srv = LLMServer().start()
    patch = pytest.MonkeyPatch()
    patch.setenv("OPENAI_BASE_URL", srv.url + "/v1")
    patch.setenv("OLLAMA_HOST", srv.url)
    patch.delenv("OPENAI_API_KEY", raising=False)
    yield srv
    patch.undo()
    srv.shutdown()


@pytest.fixture(scope="module")
def llm_bot(data_dir, server):
    return Bot(Config(data_dir=data_dir, llm="openai:test-model", llm_timeout=2))


@pytest.fixture(autouse=True)
def fresh(server, llm_bot):
    server.script = []
    server.requests.clear()
    server.chars_per_token = None
    server.counted.clear()
    for answerer in llm_bot._answerers.values():  # each test starts with the server trusted
        if hasattr(answerer, "backend"):
            answerer.backend.down = None


def sent(server, i=-1) -> list[dict]:
    """The messages of the i-th recorded request."""
    return server.requests[i][1]["messages"]


def passages_sent(server, i=-1) -> str:
    return sent(server, i)[-1]["content"]


def quotes_match_articles(bot, result) -> bool:
    texts = render.Corpus.from_chunks(bot.searcher.lexical.chunks).texts
    return all(texts[c.source][c.start : c.end] == c.quote for c in result.citations)


# -- the request ---------------------------------------------------------------------------


def test_request_carries_system_prompt_passages_and_history(llm_bot, server):
    server.script = [Reply(Q920), Reply("Khoảng 920 doanh nghiệp [1].")]
    result = llm_bot.answer("Con số đó là bao nhiêu?", HISTORY)
    condense, answer = server.requests
    assert condense[0] == answer[0] == "/v1/chat/completions"
    assert answer[1]["stream"] is True and answer[1]["model"] == "test-model"
    assert not condense[1].get("stream")  # a plain request: nobody watches it being written
    assert "Khoảng 920 doanh nghiệp" in condense[1]["messages"][-1]["content"]
    roles = [m["role"] for m in answer[1]["messages"]]
    assert roles == ["system", "user", "assistant", "user"]
    system = answer[1]["messages"][0]["content"]
    assert "DỮ LIỆU" in system and REFUSAL in system and "[1]" in system
    # history without the old answer's markers: they named passages the model cannot see now
    assert answer[1]["messages"][2]["content"] == "Khoảng 920 doanh nghiệp."
    user = answer[1]["messages"][-1]["content"]
    assert '<doan so="1"' in user and "</doan>" in user and f"Câu hỏi: {Q920}" in user
    assert "920" in user
    assert result.answer == "Khoảng 920 doanh nghiệp [1]." and not result.refused
    assert result.answerer == "openai:test-model" and result.warnings == []
    assert result.citations[0].n == 1 and "920" in result.citations[0].quote
    assert quotes_match_articles(llm_bot, result)


def test_passages_are_fitted_to_the_context_window_and_the_trim_is_reported(data_dir, server):
    small = Bot(Config(data_dir=data_dir, llm="openai:test-model", llm_context_tokens=1024))
    server.script = [Reply("Khoảng 920 doanh nghiệp [1].")]
    result = small.answer(Q920)
    shown = passages_sent(server).count("<doan so=")
    assert 1 <= shown < 6
    assert any("1024 token" in w and f"{shown}/" in w for w in result.warnings)
    server.script = [Reply("Khoảng 920 doanh nghiệp [1].")]
    roomy = Bot(Config(data_dir=data_dir, llm="openai:test-model", llm_context_tokens=32000))
    assert roomy.answer(Q920).warnings == []
    assert passages_sent(server).count("<doan so=") > shown


def test_the_model_reads_first_the_passage_the_reader_found_best(llm_bot, server):
    question = "Cơ quan nào chủ trì thực hiện kế hoạch công nghiệp hỗ trợ năm 2022?"
    asked, _ = llm_bot.understand(question, [])
    hits, _ = llm_bot.evidence(asked, llm_bot.config.k)
    assert "giao chủ trì" not in hits[0].chunk.text  # retrieval ranks another chunk first
    server.script = [Reply("Sở Công Thương Hà Nội [1].")]
    llm_bot.answer(question)
    first = passages_sent(server).split("</doan>")[0]
    assert '<doan so="1"' in first and "giao chủ trì" in first


def test_the_budget_is_spent_in_the_servers_own_tokens_when_it_counts_them(data_dir, server):
    def sent_at(ratio: float | None) -> tuple[int, str]:
        """(characters of passages sent, the whole prompt)"""
        server.chars_per_token = ratio
        server.counted.clear()
        bot = Bot(Config(data_dir=data_dir, llm="openai:test-model", llm_context_tokens=1536))
        for _ in range(2):
            server.script = [Reply("Khoảng 920 doanh nghiệp [1].")]
            bot.answer(Q920)
        assert len(server.counted) == (0 if ratio is None else 1)  # measured once per server
        messages = sent(server)
        return len(passages_sent(server)), "".join(m["content"] for m in messages)

    estimated, _ = sent_at(None)  # OpenAI's API has no /tokenize: 2.5 characters per token
    roomy, prompt = sent_at(4.0)  # a tokenizer that reads Vietnamese in longer pieces
    assert roomy > estimated
    assert len(prompt) / 4.0 <= 1536 - 768  # what it counts still leaves room for the reply
    tight, _ = sent_at(1.8)  # an English-first vocabulary: more tokens than estimated
    assert tight < estimated


# -- checking the reply ----------------------------------------------------------------------


def test_a_marker_naming_no_passage_is_removed_with_a_warning(llm_bot, server):
    server.script = [Reply("Khoảng 920 doanh nghiệp [1][42].")]
    result = llm_bot.answer(Q920)
    assert result.answer == "Khoảng 920 doanh nghiệp [1]."
    assert [c.n for c in result.citations] == [1]
    assert any("[42]" in w for w in result.warnings)


def test_a_number_missing_from_its_cited_passage_is_flagged(llm_bot, server):
    server.script = [Reply("Khoảng 920 doanh nghiệp [1], trong đó 777 doanh nghiệp mới [1].")]
    result = llm_bot.answer(Q920)
    flagged = [w for w in result.warnings if "Con số" in w]
    assert len(flagged) == 1 and "“777”" in flagged[0] and "[1]" in flagged[0]
    assert "777" in result.answer  # flagged, not censored: the reader decides


def test_a_refusal_reply_is_marked_refused(llm_bot, server):
    server.script = [Reply(REFUSAL)]
    result = llm_bot.answer("TP.HCM có bao nhiêu doanh nghiệp công nghiệp hỗ trợ?")
    assert result.refused and result.answer == REFUSAL and result.citations == []
    assert result.answerer == "openai:test-model"


def test_the_condensed_question_is_what_retrieval_searches(llm_bot, server):
    asked = "Thành phố hỗ trợ bao nhiêu tiền cho mỗi đơn vị tham gia hội chợ quốc tế?"
    server.script = [Reply(asked), Reply("150 triệu đồng cho mỗi đơn vị [1].")]
    result = llm_bot.answer("Còn cái kia thì sao?", HISTORY)
    assert result.standalone_question == asked
    assert f"Câu hỏi: {asked}" in passages_sent(server)
    assert "150 triệu" in passages_sent(
        server
    )  # found by the condensed question, not the vague one
    assert "150 triệu" in result.citations[0].quote and result.warnings == []


def test_a_failed_condense_falls_back_to_the_rules(llm_bot, server):
    server.script = [Reply(status=500), Reply("Khoảng 900 doanh nghiệp [1].")]
    result = llm_bot.answer("Còn năm 2020 thì sao?", HISTORY)
    assert "2020" in result.standalone_question and "doanh nghiệp" in result.standalone_question
    assert any("HTTP 500" in w and "bộ quy tắc" in w for w in result.warnings)
    assert result.answerer == "openai:test-model"


# -- failure is not an outage ----------------------------------------------------------------


def test_server_down_gives_the_extractive_answer_with_a_warning(llm_bot, the_bot, monkeypatch):
    url = f"http://127.0.0.1:{free_port()}/v1"
    monkeypatch.setenv("OPENAI_BASE_URL", url)
    result = llm_bot.answer(Q920, llm="openai:down")
    assert result.answer == the_bot.answer(Q920).answer and result.answerer == "extractive"
    assert "không kết nối được" in result.warnings[0] and url in result.warnings[0]
    again = llm_bot.answer(Q920, llm="openai:down")  # not asked again for a while
    assert "không kết nối được" in again.warnings[0] and "thử lại sau" in again.warnings[0]


def test_a_silent_server_costs_a_follow_up_one_timeout_not_two(llm_bot, server):
    server.script = [Reply("x", delay=6), Reply("x", delay=6)]
    start = time.monotonic()
    result = llm_bot.answer("Còn năm 2020 thì sao?", HISTORY)
    assert time.monotonic() - start < 4
    assert len(server.requests) == 1 and result.answerer == "extractive"
    assert "bộ quy tắc" in result.warnings[0] and "quá 2 giây" in result.warnings[1]
    assert "900" in result.answer  # the rules' standalone question, answered extractively


@pytest.mark.parametrize(
    ("reply", "said"),
    [
        (Reply("x", delay=6), "quá 2 giây"),
        (Reply(pieces=["Khoảng ", "920 ", "doanh nghiệp [1]."], gap=6), "quá 2 giây"),
        (Reply(status=503), "HTTP 503"),
        (Reply(""), message("llm_empty")),
        (Reply(raw=b"<html>proxy error</html>"), "lỗi khi gọi"),
        (Reply("Có khoảng 9999 doanh nghiệp."), message("llm_uncited")),
        (Reply("[2]"), message("llm_markers_only", markers="[2]")),
    ],
    ids=["silent", "stalls", "http-error", "empty", "garbled", "uncited", "markers-only"],
)
def test_failures_fall_back_within_the_timeout(llm_bot, the_bot, server, reply, said):
    server.script = [reply]
    start = time.monotonic()
    result = llm_bot.answer(Q920)
    assert time.monotonic() - start < 4  # timeout 2 s, plus retrieval and the fallback
    assert result.answer == the_bot.answer(Q920).answer and not result.refused
    assert result.answerer == "extractive"
    assert said in result.warnings[0] and "openai:test-model" in result.warnings[0]
    # a reply the checker turned down is kept for the eval report; a failed call left none
    answered = reply.status == 200 and not (reply.raw or reply.delay or reply.gap)
    checked_out = reply.text if answered else None
    kept = result.model_reply
    assert (kept.text if kept else None) == checked_out
    assert kept is None or (not kept.accepted and said in kept.flags)
    assert result.to_json().get("model_reply", {}).get("text") == checked_out


def test_a_prompt_too_long_for_the_server_is_sent_again_with_fewer_passages(llm_bot, server):
    too_long = json.dumps(
        {"message": "the request exceeds the available context size, try increasing it",
         "type": "exceed_context_size_error", "n_prompt_tokens": 5600, "n_ctx": 4096}
    )  # fmt: skip
    server.script = [Reply(too_long, status=400), Reply("Khoảng 920 doanh nghiệp [1].")]
    result = llm_bot.answer(Q920)
    first, second = (passages_sent(server, i) for i in (0, 1))
    assert len(second) < len(first) * 0.8 and second.count("<doan ") >= 1
    assert result.answerer == "openai:test-model" and result.answer.startswith("Khoảng 920")
    assert result.warnings[0].startswith("Máy chủ mô hình báo câu hỏi dài quá ngữ cảnh")
    server.script = [Reply(too_long, status=400), Reply(too_long, status=400)]
    again = llm_bot.answer(Q920)  # once only: then the extractive answer
    assert len(server.requests) == 4 and again.answerer == "extractive"
    assert "HTTP 400" in again.warnings[0] and "dài quá ngữ cảnh" in again.warnings[1]


# -- recorded replies ------------------------------------------------------------------------


def test_a_recorded_reply_is_replayed_and_an_unrecorded_question_falls_back(
    llm_bot, the_bot, server, tmp_path, monkeypatch
):
    recording = tmp_path / "replies.jsonl"
    monkeypatch.setenv("HOIDAP_LLM_RECORD", str(recording))
    server.script = [Reply(pieces=["Khoảng ", "920 ", "doanh nghiệp [1], có 777 [1]."])]
    live = llm_bot.answer(Q920)
    monkeypatch.delenv("HOIDAP_LLM_RECORD")
    assert len(recording.read_text("utf-8").splitlines()) == 1  # the streamed reply, whole
    replayed = llm_bot.answer(Q920, llm=f"replay:{recording}")
    assert len(server.requests) == 1  # the replay did not call the server
    assert replayed.answer == live.answer and replayed.warnings == live.warnings
    assert replayed.answerer == f"replay:{recording}"
    other = "Năm 2020 Hà Nội có bao nhiêu doanh nghiệp công nghiệp hỗ trợ?"
    missed = llm_bot.answer(other, llm=f"replay:{recording}")
    assert missed.answerer == "extractive" and missed.answer == the_bot.answer(other).answer
    assert "không có câu trả lời ghi sẵn" in missed.warnings[0]


def test_a_replay_fits_the_passages_a_counting_server_was_sent(
    data_dir, server, tmp_path, monkeypatch
):
    recording = tmp_path / "replies.jsonl"
    monkeypatch.setenv("HOIDAP_LLM_RECORD", str(recording))
    server.chars_per_token = 4.0
    server.script = [Reply("Khoảng 920 doanh nghiệp [1].")]
    live = Bot(Config(data_dir=data_dir, llm="openai:test-model", llm_context_tokens=1536))
    assert live.answer(Q920).answerer == "openai:test-model"
    monkeypatch.delenv("HOIDAP_LLM_RECORD")
    assert '"tokens"' in recording.read_text("utf-8").splitlines()[0]  # the count is kept
    replay = Bot(Config(data_dir=data_dir, llm=f"replay:{recording}", llm_context_tokens=1536))
    assert replay.answer(Q920).answerer == f"replay:{recording}"  # the same prompt, found


def test_replaying_a_missing_recording_is_a_clear_error(data_dir, tmp_path, capsys):
    from bot.app.cli import main

    argv = ["--data-dir", str(data_dir), "ask", "--llm", f"replay:{tmp_path}/none.jsonl", Q920]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "none.jsonl" in err and "HOIDAP_LLM_RECORD" in err and "Traceback" not in err


# -- Ollama ----------------------------------------------------------------------------------


def test_ollama_chat_api(llm_bot, server):
    server.script = [Reply("Khoảng 920 doanh nghiệp [1].")]
    result = llm_bot.answer(Q920, llm="ollama:qwen2.5")
    path, body = server.requests[-1]
    assert path == "/api/chat" and body["model"] == "qwen2.5"
    assert body["options"]["num_ctx"] == 4096
    assert (
        body["messages"][0]["role"] == "system"
        and '<doan so="1"' in body["messages"][-1]["content"]
    )
    assert result.answer == "Khoảng 920 doanh nghiệp [1]." and result.answerer == "ollama:qwen2.5"


# -- front ends ----------------------------------------------------------------------------


class Clock:
    """A stdout that remembers when each piece was written."""

    def __init__(self):
        self.writes: list[tuple[float, str]] = []

    def write(self, text: str) -> int:
        self.writes.append((time.monotonic(), text))
        return len(text)

    def flush(self) -> None:
        pass

    @property
    def text(self) -> str:
        return "".join(t for _, t in self.writes)


def test_streaming_reaches_the_cli(data_dir, server, monkeypatch):
    from bot.app.cli import main

    server.script = [
        Reply(pieces=["Khoảng ", "920 ", "doanh nghiệp ", "[1][42]."], gap=0.4),
    ]
    out = Clock()
    monkeypatch.setattr(sys, "stdout", out)
    argv = ["--data-dir", str(data_dir), "ask", "--llm", "openai:test-model", Q920]
    assert main(argv) == 0
    first = next(t for t, s in out.writes if "Khoảng" in s)
    last = next(t for t, s in out.writes if "[1][42]" in s)
    assert last - first > 1.0  # printed as it arrived, not all at the end
    text = out.text
    assert "— sau khi kiểm tra:\nKhoảng 920 doanh nghiệp [1]." in text  # the checked answer
    assert "  [1] " in text and "⚠ Cảnh báo: Đã bỏ trích dẫn [42]" in text


def test_ask_json_carries_warnings_and_the_answerer(data_dir, server, capsys):
    from bot.app.cli import main

    server.script = [Reply("Khoảng 9999 doanh nghiệp [1].")]
    argv = ["--data-dir", str(data_dir), "ask", "--json", "--llm", "openai:test-model", Q920]
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["answerer"] == "openai:test-model"
    assert any("9999" in w for w in data["warnings"])


def test_a_bad_llm_spec_is_one_line_exit_2(data_dir, capsys):
    from bot.app.cli import main

    assert main(["--data-dir", str(data_dir), "ask", "--llm", "gpt4", "Câu hỏi?"]) == 2
    err = capsys.readouterr().err
    assert "gpt4" in err and "ollama:" in err and "Traceback" not in err
    assert main(["--data-dir", str(data_dir), "ask", "--llm-timeout", "0", "Câu hỏi?"]) == 2


def test_the_page_streams_the_model_text_then_shows_checked_answer(llm_bot, server):
    import bot

    bot.set_bot(llm_bot)
    try:
        server.script = [Reply("Khoảng 920 doanh nghiệp [1], có 777 [1].")]
        steps = list(handlers.respond(Q920, [], [], False, 5, [], "openai:test-model"))
        shown = [s[1][-1]["content"] for s in steps]
        assert shown[0].endswith(" …") and "Khoảng" in shown[0]
        final = shown[-1]
        assert 'href="#src-1"' in final and 'class="warnings"' in final and "777" in final
        assert steps[-1][3].answerer == "openai:test-model"
        # the settings list offers the configured model next to the extractive answerer
        assert handlers.answerer_choices(llm_bot.config.llm) == ["extractive", "openai:test-model"]
        api = handlers.ask(Q920, [], "extractive")
        assert api["answerer"] == "extractive" and api["warnings"] == []
    finally:
        bot.set_bot(None)


def test_eval_runs_through_the_llm_and_counts_its_warnings(llm_bot, server):
    from bot.evaluation.runner import format_table, run_eval

    items = [
        {"id": "a", "question": Q920, "must_include": ["920"], "sources": [], "answerable": True,
         "category": "number"},
        {"id": "b", "question": Q920, "must_include": ["920"], "sources": [], "answerable": True,
         "category": "number"},
    ]  # fmt: skip
    server.script = [Reply("Khoảng 920 doanh nghiệp [1]."), Reply(status=500)]
    report = run_eval(llm_bot, items)
    overall = report["summary"]["overall"]
    assert overall["accuracy"] == 1.0  # the fallback answered too
    assert overall["warned"] == 0.5 and overall["fallback"] == 0.5
    assert [r["answerer"] for r in report["results"]] == ["openai:test-model", "extractive"]
    assert "fallback to extractive 0.50" in format_table(report["summary"])


def test_a_slow_model_does_not_hold_up_other_questions(llm_bot, server):
    import threading

    server.script = [Reply(pieces=["Khoảng ", "920 ", "doanh nghiệp ", "[1]."], gap=1.2)]
    slow: list = []
    writer = threading.Thread(target=lambda: slow.append(llm_bot.answer(Q920)))
    writer.start()
    time.sleep(0.5)  # the model is writing now
    start = time.monotonic()
    quick = llm_bot.answer(Q920, llm="extractive")
    waited = time.monotonic() - start
    writer.join()
    assert waited < 1.0 and "920" in quick.answer and quick.answerer == "extractive"
    assert slow[0].answer == "Khoảng 920 doanh nghiệp [1]." and slow[0].warnings == []
