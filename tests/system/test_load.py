"""The load test's small form (4 clients x 5 questions) end to end: a real `hoidap serve`
process over a private copy of the seeds' index, real HTTP through /ask and /upload, and
`hoidap ingest seeds` run as its own process meanwhile (`make load` is the full 16 x 25)."""

import pytest

from bot.devtools import loadtest, serving
from bot.evaluation.runner import load_items


@pytest.fixture(scope="module")
def server(home, tmp_path_factory):
    """(url, log) of `hoidap serve` over `home`; the log is where its tracebacks would go."""
    log = tmp_path_factory.mktemp("load-log") / "serve.log"
    with serving.served(home, log) as served:
        yield served.url, log


def test_small_load_has_no_errors(server, home, seeds_dir):
    url, log = server
    items = load_items(loadtest.QUESTIONS)
    result = loadtest.run_load(url, home, items, clients=4, questions=5, seeds=seeds_dir)
    result.errors += loadtest.log_errors(log)
    print("\n" + loadtest.format(result))
    assert result.errors == []
    assert result.answered == 20 and len(result.latencies_ms) == 20
    assert result.upload.startswith("✅") and "57" in result.new_answer
    assert result.reingest == "ok" or loadtest.INGEST_BUSY in result.reingest
    # The point is the mix: the re-ingest ran while questions were being answered.
    assert result.during_reingest > 0
    assert (home / "uploads" / loadtest.NEW_ARTICLE).exists()


def test_upload_api_refuses_a_server_path(server, home, tmp_path):
    """/upload is public, so a caller must not make the server ingest one of its own files:
    a raw request naming a path outside Gradio's upload folder fails and nothing is added."""
    import httpx

    url, _ = server
    secret = tmp_path / "bi_mat.txt"
    secret.write_text("Bài bí mật\n\nKho có 4242 thùng hàng.\n", "utf-8")
    file = {"path": str(secret), "meta": {"_type": "gradio.FileData"}}
    call = httpx.post(url + "gradio_api/call/upload", json={"data": [file]}, timeout=30)
    reply = httpx.get(url + "gradio_api/call/upload/" + call.json()["event_id"], timeout=30)
    assert "event: error" in reply.text
    assert not (home / "uploads" / secret.name).exists()


def test_check_answer_finds_malformed_replies():
    """The checker the load test trusts must reject what a broken server could send."""
    good = {
        "question": "q",
        "answer": "a",
        "refused": False,
        "citations": [{"quote": "x", "start": 1, "end": 5}],
        "retrieved": [],
    }
    assert loadtest.check_answer(good) == []
    assert loadtest.check_answer({"error": "Câu hỏi trống."}) == ["error: Câu hỏi trống."]
    assert loadtest.check_answer(good | {"refused": "no"}) == ["refused is not bool"]
    bad = [{"quote": "x", "start": 5, "end": 5}, {"quote": 1, "start": 0, "end": 2}, "c"]
    assert len(loadtest.check_answer(good | {"citations": bad})) == 3
    assert loadtest.check_answer(good | {"start": True}) == []  # extra keys are allowed
    assert loadtest.check_answer([good]) == ["not a dict: list"]


def test_log_errors_reads_tracebacks(tmp_path):
    log = tmp_path / "serve.log"
    log.write_text(
        "* Running on local URL\nTraceback (most recent call last):\n"
        '  File "x.py", line 1, in f\n    g()\nValueError: boom\nmore output\n',
        "utf-8",
    )
    assert loadtest.log_errors(log) == ["server: ValueError: boom"]
    assert loadtest.log_errors(tmp_path / "missing.log") == []
