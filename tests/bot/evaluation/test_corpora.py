"""A set in a folder with articles/ is asked of those articles, from a private index."""

import json
import shutil

from bot.app.cli import main
from bot.evaluation.corpora import corpus_of, group_by_corpus


def test_a_set_names_its_corpus_by_its_folder(tmp_path):
    (tmp_path / "topic" / "articles").mkdir(parents=True)
    inside = tmp_path / "topic" / "set.jsonl"
    outside = tmp_path / "set.jsonl"
    assert corpus_of(inside) == tmp_path / "topic" / "articles"
    assert corpus_of(outside) is None
    groups = group_by_corpus([str(inside), str(outside)])
    assert groups == {tmp_path / "topic" / "articles": [str(inside)], None: [str(outside)]}


def test_eval_builds_and_reuses_the_corpus_index(tmp_path, seeds_dir, capsys):
    corpus = tmp_path / "mini" / "articles"
    corpus.mkdir(parents=True)
    shutil.copy(seeds_dir / "002_b3eb9330f266bca6.txt", corpus)
    item = {
        "id": "m-1",
        "question": "Kế hoạch 267 muốn bao nhiêu sản phẩm được công nhận sản phẩm công nghiệp chủ lực?",
        "must_include": ["30-35"],
        "sources": ["002_b3eb9330f266bca6.txt"],
        "answerable": True,
        "category": "number",
    }
    sets = tmp_path / "mini" / "set.jsonl"
    sets.write_text(json.dumps(item, ensure_ascii=False) + "\n", "utf-8")
    home = tmp_path / "home"  # holds no index of its own: the set needs none
    out = tmp_path / "out.json"
    args = ["--data-dir", str(home), "eval", str(sets), "--json", str(out)]
    assert main(args) == 0
    report = json.loads(out.read_text("utf-8"))
    assert report["summary"]["overall"]["accuracy"] == 1.0
    assert [r["source"] for r in report["results"][0]["retrieved"]][:1] == [
        "002_b3eb9330f266bca6.txt"
    ]
    built = list((home / "eval-corpora").iterdir())
    assert len(built) == 1 and not (home / "chroma").exists()
    assert main(args) == 0  # the second run reuses it
    assert list((home / "eval-corpora").iterdir()) == built
