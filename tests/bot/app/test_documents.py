"""Adding and deleting articles on a private copy of the seeds' index, with real answers."""

import shutil
from pathlib import Path

import pytest

from bot.app import documents
from bot.config import Config
from bot.pipeline import Bot
from index.errors import BadInput

ARTICLE = Path(__file__).resolve().parents[2] / "data" / "thu_nghiem_777.txt"
Q777 = "Rau thủy canh trên mái nhà được hỗ trợ bao nhiêu?"


@pytest.fixture
def own_bot(data_dir, tmp_path):
    """A bot on a copy of the seeds' index, so adding and deleting touch no other test."""
    home = tmp_path / "home"
    shutil.copytree(data_dir, home)
    return Bot(Config(data_dir=home))


def test_list_articles_of_the_seeds(the_bot):
    rows = documents.list_articles(the_bot)
    assert len(rows) == 5 and all(r.chunks > 0 and r.title for r in rows)
    dates = [r.date for r in rows if r.date]
    assert dates == sorted(dates, reverse=True)


def test_add_ask_delete_refuse(own_bot, tmp_path):
    before = own_bot.answer(Q777)
    assert before.refused

    report = documents.add_files(own_bot, [ARTICLE])
    assert report.articles == 1 and report.chunks_added > 0 and not report.skipped
    assert (own_bot.config.data_dir / "uploads" / ARTICLE.name).exists()
    rows = {r.id: r for r in documents.list_articles(own_bot)}
    assert len(rows) == 6 and rows[ARTICLE.name].date == "2024-03-15"

    result = own_bot.answer(Q777)
    assert not result.refused and "777" in result.answer
    assert result.citations[0].source == ARTICLE.name and "777" in result.citations[0].quote

    removed = documents.delete_article(own_bot, ARTICLE.name)
    assert removed == report.chunks_added
    assert ARTICLE.name not in {r.id for r in documents.list_articles(own_bot)}
    assert not (own_bot.config.data_dir / "uploads" / ARTICLE.name).exists()
    assert own_bot.answer(Q777).refused

    # the change is on disk: a new bot on the same directory sees 5 articles again
    assert len(documents.list_articles(Bot(own_bot.config))) == 5


def test_progress_is_reported(own_bot):
    calls = []
    documents.add_files(
        own_bot, [ARTICLE], progress=lambda done, total: calls.append((done, total))
    )
    assert calls[0][0] == 0 and calls[-1][0] == calls[-1][1] > 0


def bad_file(tmp_path, name, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("bang.pdf", b"%PDF-1.4", "chỉ nhận tệp .txt hoặc .md"),
        ("anh.png", b"\x89PNG\r\n", "chỉ nhận tệp .txt hoặc .md"),
        ("latin1.txt", "Hà Nam đẹp".encode("latin-1", "replace") + b"\xe0\xe1", "UTF-8"),
        ("nhiphan.md", b"abc\x00def", "nhị phân"),
        ("rong.txt", b"   \n", "rỗng"),
        ("lon.txt", b"a" * (5 * 1024 * 1024 + 1), "lớn hơn 5 MB"),
    ],
)
def test_bad_uploads_change_nothing(own_bot, tmp_path, name, data, reason):
    bad = bad_file(tmp_path, name, data)
    with pytest.raises(BadInput) as err:
        documents.add_files(own_bot, [ARTICLE, bad])
    assert reason in err.value.message and name in err.value.message
    assert err.value.message.startswith("Không tải lên tệp nào")
    assert len(documents.list_articles(own_bot)) == 5
    assert not (own_bot.config.data_dir / "uploads").exists()


def test_delete_unknown_or_empty_is_bad_input(own_bot):
    with pytest.raises(BadInput, match="Không có bài"):
        documents.delete_article(own_bot, "khong_co.txt")
    with pytest.raises(BadInput, match="Chưa chọn"):
        documents.delete_article(own_bot, "")
    with pytest.raises(BadInput, match="Chưa chọn tệp"):
        documents.add_files(own_bot, [])
    assert len(documents.list_articles(own_bot)) == 5
