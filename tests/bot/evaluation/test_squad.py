"""SQuAD-format sets: contexts become a corpus, questions items, EM and F1 are reported."""

import json
from pathlib import Path

import pytest

from bot.app.cli import main
from bot.evaluation.squad import exact_match, normalize, read_squad, squad_corpus, token_f1
from index.errors import BadInput

MINI = Path(__file__).resolve().parents[2] / "data" / "squad_mini.json"


def test_normalize_and_metrics():
    assert normalize("Khoảng 6,96 triệu tấn [1].") == "khoảng 6,96 triệu tấn"
    assert exact_match("Sông Hồng [1].", ["sông Hồng"]) == 1.0
    assert exact_match("Năm 1992 [1].", ["1992"]) == 0.0
    assert token_f1("Năm 1992 [1].", ["1992"]) == pytest.approx(2 / 3)
    assert token_f1("Khoảng 500 [1].", ["500 ha", "hơn 500"]) == pytest.approx(0.5)
    assert token_f1("không liên quan", ["500 ha"]) == 0.0


def test_read_squad_makes_articles_and_items(tmp_path):
    articles, items = read_squad(MINI)
    assert len(articles) == 2 and all(t.split("\n")[0] for t in articles.values())
    impossible = [i for i in items if not i["answerable"]]
    assert [i["id"] for i in impossible] == ["bb4"] and impossible[0]["must_include"] == []
    first = items[0]
    assert first["must_include"] == ["tỉnh Bắc Kạn|Bắc Kạn"] and first["sources"][0] in articles
    folder = squad_corpus(MINI, tmp_path)
    assert sorted(p.name for p in folder.iterdir()) == sorted(articles)
    assert squad_corpus(MINI, tmp_path) == folder  # written once per file content


def test_a_malformed_squad_file_is_a_clear_message(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"data": [{"title": "x", "paragraphs": [{"qas": []}]}]}), "utf-8")
    with pytest.raises(BadInput, match="SQuAD"):
        read_squad(bad)


def test_eval_reads_squad_and_reports_em_and_f1(tmp_path, capsys):
    out = tmp_path / "out.json"
    args = ["--data-dir", str(tmp_path / "home"), "eval", str(MINI), "--json", str(out)]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "exact_match" in printed and "f1" in printed
    report = json.loads(out.read_text("utf-8"))
    overall = report["summary"]["overall"]
    assert overall["n"] == 6 and overall["exact_match"] is not None and overall["f1"] > 0.2
    by_id = {r["id"]: r for r in report["results"]}
    assert by_id["bb4"]["refused"] and by_id["bb4"]["verdict"]["f1"] == 1.0
    assert "sông Hồng" in by_id["lb1"]["answer"]
