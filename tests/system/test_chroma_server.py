"""Server mode against a real `chroma run` from the venv: ingest, ask and eval through it, two
bots sharing it (the second sees what the first wrote), and a server that is down."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from bot.app.cli import main
from bot.config import Config
from bot.devtools.serving import free_port
from bot.pipeline import Bot

Q920 = "Năm 2022 Hà Nội đặt mục tiêu bao nhiêu doanh nghiệp công nghiệp hỗ trợ?"
CHROMA = Path(sys.executable).parent / "chroma"


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    cmd = [str(CHROMA), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail("chroma run did not start")
            time.sleep(0.2)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def served(chroma_url, seeds_dir, tmp_path_factory):
    """The seeds ingested into the server through the CLI; returns a data dir with no index."""
    home = tmp_path_factory.mktemp("home-without-index")
    assert (
        main(["--data-dir", str(home), "--chroma-url", chroma_url, "ingest", str(seeds_dir)]) == 0
    )
    assert not (home / "chroma").exists()  # the index is on the server, not here
    return home


def test_ask_and_eval_through_the_server(served, chroma_url, capsys, tmp_path):
    capsys.readouterr()
    argv = ["--data-dir", str(served), "--chroma-url", chroma_url, "ask", "--json", Q920]
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert "920" in data["answer"] and data["citations"]
    items = tmp_path / "set.jsonl"
    item = {"id": "a", "question": Q920, "must_include": ["920"], "sources": [],
            "answerable": True, "category": "number"}  # fmt: skip
    items.write_text(json.dumps(item, ensure_ascii=False) + "\n", "utf-8")
    out = tmp_path / "out.json"
    argv = ["--data-dir", str(served), "--chroma-url", chroma_url, "eval", str(items)]
    assert main([*argv, "--json", str(out)]) == 0
    assert json.loads(out.read_text("utf-8"))["summary"]["overall"]["accuracy"] == 1.0


def test_a_second_process_sees_what_another_wrote(served, chroma_url, tmp_path, monkeypatch):
    from bot.app import documents

    reader = Bot(Config(data_dir=served, chroma_url=chroma_url))
    writer = Bot(Config(data_dir=tmp_path / "writer", chroma_url=chroma_url))
    question = "Lễ hội thả diều Phù Lưu Chanh năm nay có bao nhiêu con diều tham gia?"
    assert reader.answer(question).refused
    article = tmp_path / "le_hoi_dieu.txt"
    article.write_text(
        "Lễ hội thả diều Phù Lưu Chanh\n\n"
        "Lễ hội thả diều Phù Lưu Chanh năm nay có 57 con diều tham gia, theo ban tổ chức.\n",
        "utf-8",
    )
    documents.add_files(writer, [str(article)])
    monkeypatch.setattr("bot.pipeline.STALE_CHECK", 0.0)

    def in_bm25() -> bool:
        return any(c.article_id == "le_hoi_dieu.txt" for c in reader.searcher.lexical.chunks)

    answer = reader.answer(question)
    assert in_bm25()  # rebuilt from the server's documents when its stamp moved
    assert "57" in answer.answer and answer.citations[0].source == "le_hoi_dieu.txt"
    documents.delete_article(writer, "le_hoi_dieu.txt")
    assert reader.answer(question).refused and not in_bm25()  # gone for the reader too


def test_a_server_that_is_down_is_one_clear_line(tmp_path, capsys):
    url = f"http://127.0.0.1:{free_port()}"
    assert main(["--data-dir", str(tmp_path), "--chroma-url", url, "ask", Q920]) == 1
    err = capsys.readouterr().err
    assert url in err and "chroma run" in err and "Traceback" not in err
    assert main(["--data-dir", str(tmp_path), "--chroma-url", "ftp://x", "ask", Q920]) == 2
